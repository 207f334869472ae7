package dev.llmlab.server.recommend;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.summary.Period;
import dev.llmlab.server.summary.SummaryRequest;
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
 * {@code GET /api/recommendations?period=day|week|month&tz=…&at=…}: where the caller could spend
 * less, from its events in the period (the parameters and their checks are the summary's), ranked by
 * estimated monthly saving; worked out by {@link RecommendationService}.
 */
@Controller("/api/recommendations")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RecommendationController {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final RecommendationService recommendations;

    /** @param recommendations finds the recommendations */
    public RecommendationController(RecommendationService recommendations) {
        this.recommendations = recommendations;
    }

    /**
     * @param request the request, whose raw query {@link SummaryRequest} reads
     * @param caller the account ({@code read})
     * @return 200 {@code {"period", "period_from", "period_to", "time_zone", "recommendations": […]}}
     * @throws dev.llmlab.server.http.ApiException 401 without valid credentials, 403 without
     *     {@code read}, 400 naming the query parameter at fault
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> recommendations(HttpRequest<?> request, @Authenticated(Scope.READ) Caller caller) {
        Instant now = Instant.now();
        Period period = SummaryRequest.parse(request.getUri().getRawQuery(), now).period();
        return JsonBodies.respond(HttpStatus.OK, render(recommendations.recommend(caller.userId(), period, now)));
    }

    private static ObjectNode render(Recommendations r) {
        ObjectNode out = JsonBodies.object();
        out.put("period", r.period().name());
        out.put("period_from", ISO.format(r.period().from()));
        out.put("period_to", ISO.format(r.period().to()));
        out.put("time_zone", r.period().zone().getId());
        ArrayNode list = out.putArray("recommendations");
        for (Recommendation rec : r.items()) {
            ObjectNode o = list.addObject()
                    .put("id", rec.id())
                    .put("kind", rec.kind().wireName())
                    .put("title", rec.title())
                    .put("detail", rec.detail());
            if (rec.monthlySavingUsd() == null) {
                o.putNull("estimated_monthly_savings_usd"); // unknown, not $0
            } else {
                o.put("estimated_monthly_savings_usd", rec.monthlySavingUsd().toPlainString());
            }
            o.set("evidence", JsonBodies.MAPPER.valueToTree(rec.evidence()));
        }
        return out;
    }
}
