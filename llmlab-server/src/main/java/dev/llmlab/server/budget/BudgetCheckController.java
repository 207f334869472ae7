package dev.llmlab.server.budget;

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

/**
 * {@code GET /api/budgets/check?estimated_cost_usd=0.042&provider=openai&model=gpt-4o&tag.project=search}:
 * whether a call may go ahead under the account's hard budgets ({@link BudgetCheck} has the rule).
 * Asked before each LLM call by programs, so it takes an API key with {@code ingest} (the key a
 * tracker sends its events with) or {@code read}, or a login token; a verified key is reused for up
 * to {@link dev.llmlab.server.auth.Authenticator#KEY_CACHE_TTL} (a key revoked on another instance is
 * refused within that time). Its server time is in the
 * {@code Server-Timing} header ({@link dev.llmlab.server.http.ServerTiming}).
 */
@Controller("/api/budgets/check")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BudgetCheckController {
    private final BudgetCheck check;

    /** @param check the budget check */
    public BudgetCheckController(BudgetCheck check) {
        this.check = check;
    }

    /**
     * @param caller the account ({@code ingest} or {@code read})
     * @param request the request, for its query (see {@link BudgetCheckRequest})
     * @return 200 {@code {"allowed","estimated_cost_usd","budgets":[…],"reason"}}, also when not allowed
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> check(
            @Authenticated(value = Scope.READ, orScopes = Scope.INGEST, cachedKeys = true) Caller caller,
            HttpRequest<?> request) {
        BudgetCheckRequest call = BudgetCheckRequest.from(request.getParameters().asMap());
        BudgetCheck.Answer answer = check.check(caller.userId(), caller.apiKeyId(), call, Instant.now());
        return JsonBodies.respond(HttpStatus.OK, answer.toJson());
    }
}
