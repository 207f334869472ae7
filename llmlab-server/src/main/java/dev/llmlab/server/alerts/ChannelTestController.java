package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/**
 * {@code POST /api/budgets/{id}/channels/{index}/test}: sends a sample alert through one channel of a
 * budget now and answers what happened.
 */
@Controller("/api/budgets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChannelTestController {
    private final TestAlerts tests;

    /** @param tests the test sender */
    public ChannelTestController(TestAlerts tests) {
        this.tests = tests;
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the budget's id
     * @param index the channel's position in the budget's {@code channels}, from 0
     * @return 200 {@code {"channel","status":"delivered|failed","http_status","error"}}; 404 when
     *     the budget is not the caller's or has no such channel; 400 naming {@code id} or {@code index}
     */
    @Post(value = "/{id}/channels/{index}/test", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> test(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id,
            @PathVariable String index) {
        UUID budgetId = PathIds.parse(id, "budget");
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("index", "the channel index must be a whole number from 0 (the first of the"
                    + " budget's channels), was '" + WebhookPost.oneLine(index) + "'");
        }
        TestAlerts.Result r = tests.send(caller.userId(), budgetId, i)
                .orElseThrow(() -> ApiException.notFound("channel " + index + " of budget " + id));
        ObjectNode out = JsonBodies.object();
        out.put("channel", r.channel());
        if (r.outcome() instanceof Delivery.Failed f) {
            out.put("status", "failed");
            out.put("http_status", f.httpStatus());
            out.put("error", f.error());
        } else {
            out.put("status", "delivered");
            out.put("http_status", r.outcome().httpStatus());
            out.putNull("error");
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }
}
