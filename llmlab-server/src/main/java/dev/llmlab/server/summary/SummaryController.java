package dev.llmlab.server.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/costs/summary?period=day|week|month&tz=Europe/Paris&group_by=tag:project&at=…}:
 * the caller's totals for the period containing {@code at} (default now) in time zone {@code tz}
 * (default UTC), read from the 15-minute period totals, never from the events.
 */
@Controller("/api/costs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SummaryController {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final SummaryQueries queries;
    private final BudgetRepository budgets;

    /**
     * @param queries the aggregate queries
     * @param budgets budgets
     */
    public SummaryController(SummaryQueries queries, BudgetRepository budgets) {
        this.queries = queries;
        this.budgets = budgets;
    }

    /**
     * @param request the request, whose raw query {@link SummaryRequest} reads
     * @param caller the account ({@code read})
     * @return 200 with the summary of CONTRACT.md (plus {@code by_tag} when grouped by a tag)
     * @throws dev.llmlab.server.http.ApiException 401 without valid credentials, 400 naming the
     *     query parameter at fault
     */
    @Get(value = "/summary", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> summary(HttpRequest<?> request,
            @Authenticated(Scope.READ) Caller caller) {
        Instant now = Instant.now();
        SummaryRequest r = SummaryRequest.parse(request.getUri().getRawQuery(), now);
        Period p = r.period();
        ZoneId zone = p.zone();
        String tagKey = r.tagKey();

        List<SummaryQueries.ModelTotal> models = queries.byModel(caller.userId(), p.from().toInstant(), p.to().toInstant());
        BigDecimal total = BigDecimal.ZERO;
        BigInteger events = BigInteger.ZERO;
        BigInteger unpriced = BigInteger.ZERO;
        Map<String, BigInteger[]> providerCounts = new LinkedHashMap<>();
        Map<String, BigDecimal> providerCost = new LinkedHashMap<>();
        ArrayNode byModel = JsonBodies.MAPPER.createArrayNode();
        for (SummaryQueries.ModelTotal m : models) {
            total = total.add(m.cost());
            events = events.add(m.events());
            unpriced = unpriced.add(m.unpricedEvents());
            BigInteger[] pc = providerCounts.computeIfAbsent(m.provider(),
                    k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            pc[0] = pc[0].add(m.events());
            pc[1] = pc[1].add(m.unpricedEvents());
            providerCost.merge(m.provider(), m.cost(), BigDecimal::add);
            ObjectNode o = byModel.addObject();
            o.put("provider", m.provider());
            o.put("model", m.model());
            putCost(o, m.cost(), m.events().subtract(m.unpricedEvents()));
            o.put("events", m.events());
            o.put("unpriced_events", m.unpricedEvents());
        }
        ArrayNode byProvider = JsonBodies.MAPPER.createArrayNode();
        providerCost.entrySet().stream()
                .sorted((a, b) -> {
                    int c = b.getValue().compareTo(a.getValue());
                    return c != 0 ? c : a.getKey().compareTo(b.getKey());
                })
                .forEach(e -> {
                    BigInteger[] pc = providerCounts.get(e.getKey());
                    ObjectNode o = byProvider.addObject();
                    o.put("provider", e.getKey());
                    putCost(o, e.getValue(), pc[0].subtract(pc[1]));
                    o.put("events", pc[0]);
                    o.put("unpriced_events", pc[1]);
                });

        ObjectNode out = JsonBodies.object();
        out.put("period", p.name());
        out.put("from", ISO.format(p.from()));
        out.put("to", ISO.format(p.to()));
        out.put("time_zone", zone.getId());
        out.put("total_usd", Amounts.plain(total));
        out.put("events", events);
        out.put("unpriced_events", unpriced);
        out.set("by_provider", byProvider);
        out.set("by_model", byModel);
        out.set("daily", daily(caller, p, now));
        if (tagKey != null) {
            out.put("group_by", "tag:" + tagKey);
            out.set("by_tag", byTag(caller, p, tagKey, total, events, unpriced));
        }
        out.set("budget", budget(caller, p, zone, now, total));
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    private ArrayNode daily(Caller caller, Period p, Instant now) {
        Map<LocalDate, BigDecimal> days = new LinkedHashMap<>();
        for (SummaryQueries.DayTotal d : queries.daily(caller.userId(), p)) {
            days.put(d.day(), d.cost());
        }
        ArrayNode daily = JsonBodies.MAPPER.createArrayNode();
        LocalDate last = p.to().toLocalDate().minusDays(1);
        LocalDate today = now.atZone(p.zone()).toLocalDate();
        if (today.isBefore(last) && !today.isBefore(p.from().toLocalDate())) {
            last = today; // the current period: no rows for days still to come
        }
        for (LocalDate d = p.from().toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            ObjectNode o = daily.addObject();
            o.put("date", d.toString());
            o.put("cost_usd", Amounts.plain(days.getOrDefault(d, BigDecimal.ZERO)));
        }
        for (Map.Entry<LocalDate, BigDecimal> e : days.entrySet()) {
            if (e.getKey().isAfter(last)) { // events stamped in the future (clock skew) still show
                ObjectNode o = daily.addObject();
                o.put("date", e.getKey().toString());
                o.put("cost_usd", Amounts.plain(e.getValue()));
            }
        }
        return daily;
    }

    private ArrayNode byTag(Caller caller, Period p, String key, BigDecimal total, BigInteger events,
            BigInteger unpriced) {
        ArrayNode arr = JsonBodies.MAPPER.createArrayNode();
        BigDecimal taggedCost = BigDecimal.ZERO;
        BigInteger taggedEvents = BigInteger.ZERO;
        BigInteger taggedUnpriced = BigInteger.ZERO;
        for (SummaryQueries.TagTotal t : queries.byTag(caller.userId(), key, p.from().toInstant(), p.to().toInstant())) {
            ObjectNode o = arr.addObject();
            o.put("tag", key);
            o.put("value", t.value());
            putCost(o, t.cost(), t.events().subtract(t.unpricedEvents()));
            o.put("events", t.events());
            o.put("unpriced_events", t.unpricedEvents());
            taggedCost = taggedCost.add(t.cost());
            taggedEvents = taggedEvents.add(t.events());
            taggedUnpriced = taggedUnpriced.add(t.unpricedEvents());
        }
        if (events.compareTo(taggedEvents) > 0) {
            ObjectNode o = arr.addObject(); // the events without this tag
            o.put("tag", key);
            o.putNull("value");
            putCost(o, total.subtract(taggedCost),
                    events.subtract(taggedEvents).subtract(unpriced.subtract(taggedUnpriced)));
            o.put("events", events.subtract(taggedEvents));
            o.put("unpriced_events", unpriced.subtract(taggedUnpriced));
        }
        return arr;
    }

    private com.fasterxml.jackson.databind.JsonNode budget(Caller caller, Period p, ZoneId zone, Instant now,
            BigDecimal periodTotal) {
        List<Budget> list = budgets.findByUserIdOrderByCreatedAt(caller.userId());
        if (list.isEmpty()) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        Budget b = list.get(0);
        Period month = p.name().equals("month") ? p : Period.containing("month", zone, p.from().toLocalDate());
        BigDecimal spent = month == p ? periodTotal
                : queries.byModel(caller.userId(), month.from().toInstant(), month.to().toInstant()).stream()
                        .map(SummaryQueries.ModelTotal::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        ObjectNode o = JsonBodies.object();
        o.put("id", b.id().toString());
        o.put("monthly_limit_usd", Amounts.plain(b.monthlyLimitUsd()));
        o.put("month_from", ISO.format(month.from()));
        o.put("spent_usd", Amounts.plain(spent));
        o.put("remaining_usd", Amounts.plain(b.monthlyLimitUsd().subtract(spent)));
        // A percentage for people, rounded here and only here.
        o.put("percent_used", spent.multiply(BigDecimal.valueOf(100))
                .divide(b.monthlyLimitUsd(), 2, RoundingMode.HALF_UP).toPlainString());
        o.put("exceeded", spent.compareTo(b.monthlyLimitUsd()) > 0);
        return o;
    }

    private static void putCost(ObjectNode o, BigDecimal cost, BigInteger pricedEvents) {
        if (pricedEvents.signum() <= 0) {
            o.putNull("cost_usd"); // only unpriced events: unknown, not $0
        } else {
            o.put("cost_usd", Amounts.plain(cost));
        }
    }
}
