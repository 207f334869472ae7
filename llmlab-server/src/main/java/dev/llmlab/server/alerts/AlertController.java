package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/alerts}: the caller's alerts, newest first, each with its deliveries, so a
 * delivery that failed for good is seen rather than lost. {@code ?limit=} 1–100 (default 50);
 * {@code ?before=<alert id>} continues after that alert (the previous page's {@code next_before}).
 */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertController {
    /** Alerts per page unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 50;
    /** Most alerts per page. */
    static final int MAX_LIMIT = 100;
    private final AlertLog log;

    /** @param log the alert store */
    public AlertController(AlertLog log) {
        this.log = log;
    }

    /**
     * @param caller the account ({@code read})
     * @param limit alerts per page, 1–100
     * @param before the id of the last alert of the previous page, or absent
     * @return 200 {@code {"alerts":[…],"next_before"}}; 400 naming {@code limit} or {@code before}
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller, @Nullable @QueryValue String limit,
            @Nullable @QueryValue String before) {
        int n = limit(limit);
        UUID cursor = before == null ? null : cursor(before);
        List<AlertLog.Entry> entries = log.list(caller.userId(), n, cursor).orElseThrow(() -> ApiException.invalid(
                "before", "before must be the id of one of your alerts (the next_before of the previous page);"
                        + " no alert " + cursor + " of this account"));
        ObjectNode out = JsonBodies.list("alerts", entries, AlertController::render);
        if (entries.size() == n) {
            out.put("next_before", entries.get(n - 1).alert().id().toString());
        } else {
            out.putNull("next_before");
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    private static int limit(String s) {
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below with what was expected
        }
        throw ApiException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", was \""
                + WebhookPost.oneLine(s) + "\"");
    }

    private static UUID cursor(String s) {
        UUID id = PathIds.canonical(s);
        if (id == null) {
            throw ApiException.invalid("before", "before must be an alert id like " + PathIds.EXAMPLE + ", was \""
                    + WebhookPost.oneLine(s) + "\"");
        }
        return id;
    }

    private static ObjectNode render(AlertLog.Entry e) {
        Alert a = e.alert();
        ObjectNode o = JsonBodies.object();
        o.put("id", a.id().toString());
        o.put("type", a.type());
        o.put("budget_id", a.budgetId().toString());
        o.put("budget_name", a.budgetName());
        if (a.thresholdPercent() == null) {
            o.putNull("threshold_percent");
        } else {
            o.put("threshold_percent", a.thresholdPercent());
        }
        o.put("period_from", a.periodStart().toString());
        o.put("period_to", a.periodEnd().toString());
        o.put("spent_usd", AlertLog.plain(a.spentUsd()));
        o.put("limit_usd", AlertLog.plain(a.limitUsd()));
        o.put("forecast_usd", AlertLog.plain(a.forecastUsd()));
        o.put("created_at", a.createdAt().toString());
        ArrayNode deliveries = o.putArray("deliveries");
        for (AlertLog.DeliveryState d : e.deliveries()) {
            ObjectNode x = deliveries.addObject();
            x.put("channel", d.channel());
            x.put("channel_index", d.channelIndex());
            x.put("status", d.status());
            x.put("attempts", d.attempts());
            x.put("last_error", d.lastError());
            x.put("delivered_at", time(d.deliveredAt()));
            x.put("next_attempt_at", "pending".equals(d.status()) ? time(d.nextAttemptAt()) : null);
        }
        return o;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
