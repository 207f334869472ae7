package dev.llmlab.server.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
import dev.llmlab.server.auth.Authenticator;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
    private final Authenticator auth;
    private final SummaryQueries queries;
    private final BudgetRepository budgets;

    /**
     * @param auth authentication
     * @param queries the aggregate queries
     * @param budgets budgets
     */
    public SummaryController(Authenticator auth, SummaryQueries queries, BudgetRepository budgets) {
        this.auth = auth;
        this.queries = queries;
        this.budgets = budgets;
    }

    /**
     * @return 200 with the summary of CONTRACT.md (plus {@code by_tag} when grouped by a tag)
     */
    @Get(value = "/summary", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> summary(@Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue("period") String period, @Nullable @QueryValue("tz") String tz,
            @Nullable @QueryValue("group_by") String groupBy, @Nullable @QueryValue("at") String at) {
        Caller caller = auth.authenticate(authorization, dev.llmlab.server.auth.Scope.READ);
        ZoneId zone = zone(tz);
        Instant now = Instant.now();
        LocalDate day = day(at, zone, now);
        Period p = Period.containing(period == null || period.isBlank() ? "month" : period, zone, day);
        String tagKey = tagKey(groupBy);

        List<SummaryQueries.ModelTotal> models = queries.byModel(caller.userId(), p.from().toInstant(), p.to().toInstant());
        BigDecimal total = BigDecimal.ZERO;
        long events = 0;
        long unpriced = 0;
        Map<String, long[]> providerCounts = new LinkedHashMap<>();
        Map<String, BigDecimal> providerCost = new LinkedHashMap<>();
        ArrayNode byModel = JsonBodies.MAPPER.createArrayNode();
        for (SummaryQueries.ModelTotal m : models) {
            total = total.add(m.cost());
            events += m.events();
            unpriced += m.unpricedEvents();
            long[] pc = providerCounts.computeIfAbsent(m.provider(), k -> new long[2]);
            pc[0] += m.events();
            pc[1] += m.unpricedEvents();
            providerCost.merge(m.provider(), m.cost(), BigDecimal::add);
            ObjectNode o = byModel.addObject();
            o.put("provider", m.provider());
            o.put("model", m.model());
            putCost(o, m.cost(), m.events() - m.unpricedEvents());
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
                    long[] pc = providerCounts.get(e.getKey());
                    ObjectNode o = byProvider.addObject();
                    o.put("provider", e.getKey());
                    putCost(o, e.getValue(), pc[0] - pc[1]);
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
        for (SummaryQueries.DayTotal d : queries.daily(caller.userId(), p.from().toInstant(), p.to().toInstant(),
                p.zone())) {
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

    private ArrayNode byTag(Caller caller, Period p, String key, BigDecimal total, long events, long unpriced) {
        ArrayNode arr = JsonBodies.MAPPER.createArrayNode();
        BigDecimal taggedCost = BigDecimal.ZERO;
        long taggedEvents = 0;
        long taggedUnpriced = 0;
        for (SummaryQueries.TagTotal t : queries.byTag(caller.userId(), key, p.from().toInstant(), p.to().toInstant())) {
            ObjectNode o = arr.addObject();
            o.put("tag", key);
            o.put("value", t.value());
            putCost(o, t.cost(), t.events() - t.unpricedEvents());
            o.put("events", t.events());
            o.put("unpriced_events", t.unpricedEvents());
            taggedCost = taggedCost.add(t.cost());
            taggedEvents += t.events();
            taggedUnpriced += t.unpricedEvents();
        }
        if (events > taggedEvents) {
            ObjectNode o = arr.addObject(); // the events without this tag
            o.put("tag", key);
            o.putNull("value");
            putCost(o, total.subtract(taggedCost), (events - taggedEvents) - (unpriced - taggedUnpriced));
            o.put("events", events - taggedEvents);
            o.put("unpriced_events", unpriced - taggedUnpriced);
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

    private static void putCost(ObjectNode o, BigDecimal cost, long pricedEvents) {
        if (pricedEvents <= 0) {
            o.putNull("cost_usd"); // only unpriced events: unknown, not $0
        } else {
            o.put("cost_usd", Amounts.plain(cost));
        }
    }

    private static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(tz.strip());
        } catch (DateTimeException e) {
            throw ApiException.invalid("tz", "tz must be an IANA time zone like Europe/Paris or UTC, was '" + tz + "'");
        }
    }

    private static LocalDate day(String at, ZoneId zone, Instant now) {
        if (at == null || at.isBlank()) {
            return now.atZone(zone).toLocalDate();
        }
        try {
            if (at.length() == 10) {
                return LocalDate.parse(at);
            }
            return OffsetDateTime.parse(at).toInstant().atZone(zone).toLocalDate();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "at must be a date (2025-07-01) or an ISO-8601 instant, was '" + at + "'");
        }
    }

    private static String tagKey(String groupBy) {
        if (groupBy == null || groupBy.isBlank() || groupBy.equals("provider") || groupBy.equals("model")) {
            return null; // by_provider and by_model are always there
        }
        if (!groupBy.startsWith("tag:") || groupBy.length() == 4 || groupBy.length() > 68) {
            throw ApiException.invalid("group_by", "group_by must be tag:<key> (e.g. tag:project), provider or model,"
                    + " was '" + groupBy + "'");
        }
        return groupBy.substring(4);
    }
}
