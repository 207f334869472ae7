package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
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
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.List;

/**
 * Budgets of the caller: {@code POST /api/budgets}, {@code GET /api/budgets},
 * {@code GET /api/budgets/{id}}, {@code DELETE /api/budgets/{id}}. Another account's budget is 404.
 */
@Controller("/api/budgets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BudgetController {
    private final BudgetRepository budgets;

    /** @param budgets budget store */
    public BudgetController(BudgetRepository budgets) {
        this.budgets = budgets;
    }

    /**
     * @param caller the account ({@code manage})
     * @param body {@code {"monthly_limit_usd":"100.00","alert_channel":"slack","alert_at_50_percent":true,…}}
     * @return 201 with the budget
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        BudgetRequest request = BudgetRequest.from(JsonBodies.parseObject(body));
        Budget b = request.toBudget(caller.userId(), Instant.now());
        budgets.save(b);
        return JsonBodies.respond(HttpStatus.CREATED, render(b));
    }

    /**
     * @param caller the account ({@code read})
     * @return 200 {@code {"budgets":[…]}}
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        List<Budget> found = budgets.findByUserIdOrderByCreatedAt(caller.userId());
        return JsonBodies.respond(HttpStatus.OK, JsonBodies.list("budgets", found, BudgetController::render));
    }

    /**
     * @param caller the account ({@code read})
     * @param id the budget's id
     * @return 200 with the budget; 404 when it is not the caller's
     */
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(@Authenticated(Scope.READ) Caller caller, @PathVariable String id) {
        Budget b = budgets.findByIdAndUserId(PathIds.parse(id, "budget"), caller.userId())
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        return JsonBodies.respond(HttpStatus.OK, render(b));
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the budget's id
     * @return 204; 404 when it is not the caller's
     */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        if (budgets.deleteByIdAndUserId(PathIds.parse(id, "budget"), caller.userId()) == 0) {
            throw ApiException.notFound("budget " + id);
        }
        return HttpResponse.noContent();
    }

    private static ObjectNode render(Budget b) {
        ObjectNode o = JsonBodies.object();
        o.put("id", b.id().toString());
        o.put("monthly_limit_usd", Amounts.plain(b.monthlyLimitUsd()));
        o.put("alert_channel", b.alertChannel());
        o.put("alert_at_50_percent", b.alertAt50Percent());
        o.put("alert_at_80_percent", b.alertAt80Percent());
        o.put("created_at", b.createdAt().toString());
        return o;
    }
}
