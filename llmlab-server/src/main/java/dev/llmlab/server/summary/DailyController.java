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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /api/costs/daily?tz=…&at=…&group_by=provider|model}: the caller's cost on each of the
 * last {@value DailyRequest#DAYS} local days, split by provider (default) or model — the dashboard's
 * stacked chart.
 *
 * <pre>{@code
 * {"time_zone":"UTC","from":"…","to":"…","group_by":"provider","dates":["2025-06-02",…],
 *  "series":[{"provider":"openai","model":null,"total_usd":"1.20","cost_usd":["0","0.40",…]}…]}
 * }</pre>
 */
@Controller("/api/costs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DailyController {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final DailySeries series;

    /** @param series the daily split */
    public DailyController(DailySeries series) {
        this.series = series;
    }

    /**
     * @param request the request, whose raw query {@link DailyRequest} reads
     * @param caller the account ({@code read})
     * @return 200 with the series; 400 naming the query parameter at fault; 401
     */
    @Get(value = "/daily", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> daily(HttpRequest<?> request, @Authenticated(Scope.READ) Caller caller) {
        DailyRequest query = DailyRequest.parse(request.getUri().getRawQuery(), Instant.now());
        Period span = query.span();
        ObjectNode out = JsonBodies.object();
        out.put("time_zone", span.zone().getId());
        out.put("from", ISO.format(span.from()));
        out.put("to", ISO.format(span.to()));
        out.put("group_by", query.byModel() ? "model" : "provider");
        ArrayNode dates = out.putArray("dates");
        span.days().forEach(d -> dates.add(d.toString()));
        ArrayNode list = out.putArray("series");
        for (DailySeries.Series s : series.read(caller.userId(), query)) {
            ObjectNode o = list.addObject().put("provider", s.provider()).put("model", s.model())
                    .put("total_usd", Amounts.plain(s.total()));
            ArrayNode costs = o.putArray("cost_usd");
            for (BigDecimal c : s.costs()) {
                costs.add(Amounts.plain(c));
            }
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }
}
