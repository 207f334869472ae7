package dev.llmlab.server.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /api/costs/summary?period=day|week|month&tz=Europe/Paris&group_by=tag:project&at=…}
 * ({@code group_by=service_tier} adds {@code by_service_tier}):
 * the caller's totals for the period containing {@code at} (default now) in time zone {@code tz}
 * (default UTC), added up by {@link SummaryService} from the 15-minute period totals, never from the
 * events.
 */
@Controller("/api/costs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SummaryController {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final SummaryService summaries;
    private final SummaryCache cache;

    /**
     * @param summaries adds the costs up
     * @param cache keeps answers for a moment when Redis is configured
     */
    public SummaryController(SummaryService summaries, SummaryCache cache) {
        this.summaries = summaries;
        this.cache = cache;
    }

    /**
     * @param request the request, whose raw query {@link SummaryRequest} reads
     * @param caller the account ({@code read})
     * @return 200 with the summary of docs/api.md (plus {@code by_tag} when grouped by a tag)
     * @throws dev.llmlab.server.http.ApiException 401 without valid credentials, 400 naming the
     *     query parameter at fault
     */
    @Get(value = "/summary", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> summary(HttpRequest<?> request, @Authenticated(Scope.READ) Caller caller) {
        Instant now = Instant.now();
        SummaryRequest query = SummaryRequest.parse(request.getUri().getRawQuery(), now);
        byte[] body = cache.get(caller.userId(), query, () -> JsonBodies.bytes(
                render(summaries.summarize(caller.userId(), query, now))));
        return HttpResponse.<byte[]>status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    private static ObjectNode render(Summary s) {
        Period p = s.period();
        ObjectNode out = JsonBodies.object();
        out.put("period", p.name());
        out.put("from", ISO.format(p.from()));
        out.put("to", ISO.format(p.to()));
        out.put("time_zone", p.zone().getId());
        out.put("total_usd", Amounts.plain(s.total().cost()));
        out.put("events", s.total().events());
        out.put("unpriced_events", s.total().unpricedEvents());
        ArrayNode byProvider = out.putArray("by_provider");
        for (Summary.ProviderTotal t : s.byProvider()) {
            putTotals(byProvider.addObject().put("provider", t.provider()), t.totals());
        }
        ArrayNode byModel = out.putArray("by_model");
        for (SummaryQueries.ModelTotal t : s.byModel()) {
            putTotals(byModel.addObject().put("provider", t.provider()).put("model", t.model()), t.totals());
        }
        ArrayNode daily = out.putArray("daily");
        for (SummaryQueries.DayTotal d : s.daily()) {
            daily.addObject().put("date", d.day().toString()).put("cost_usd", Amounts.plain(d.cost()));
        }
        if (s.tagKey() != null) {
            out.put("group_by", "tag:" + s.tagKey());
            ArrayNode byTag = out.putArray("by_tag");
            for (SummaryQueries.TagTotal t : s.byTag()) {
                putTotals(byTag.addObject().put("tag", s.tagKey()).put("value", t.value()), t.totals());
            }
        }
        if (s.byServiceTier() != null) {
            out.put("group_by", SummaryRequest.SERVICE_TIER);
            ArrayNode byTier = out.putArray("by_service_tier");
            for (SummaryQueries.TierTotal t : s.byServiceTier()) {
                putTotals(byTier.addObject().put("service_tier", t.serviceTier()), t.totals());
            }
        }
        Summary.BudgetStatus b = s.budget();
        if (b == null) {
            out.putNull("budget");
        } else {
            out.putObject("budget")
                    .put("id", b.budget().id().toString())
                    .put("monthly_limit_usd", Amounts.plain(b.budget().monthlyLimitUsd()))
                    .put("month_from", ISO.format(b.month().from()))
                    .put("spent_usd", Amounts.plain(b.spent()))
                    .put("remaining_usd", Amounts.plain(b.remaining()))
                    .put("percent_used", b.percentUsed().toPlainString())
                    .put("exceeded", b.exceeded());
        }
        return out;
    }

    private static void putTotals(ObjectNode o, Totals t) {
        if (t.priced()) {
            o.put("cost_usd", Amounts.plain(t.cost()));
        } else {
            o.putNull("cost_usd"); // only unpriced events: unknown, not $0
        }
        o.put("events", t.events());
        o.put("unpriced_events", t.unpricedEvents());
    }
}
