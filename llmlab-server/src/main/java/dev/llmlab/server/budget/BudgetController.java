package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.alerts.WebhookTargets;
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
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import dev.llmlab.server.summary.Period;
import java.util.UUID;

/**
 * Budgets of the caller: {@code POST /api/budgets}, {@code GET /api/budgets},
 * {@code GET /api/budgets/{id}}, {@code PATCH /api/budgets/{id}}, {@code DELETE /api/budgets/{id}}.
 * Each answer carries the budget's state in its current period. Another account's budget is 404.
 * A channel URL is checked against the webhook target rules when saved (POST and PATCH): a URL the
 * alert sender would refuse is a 400 naming {@code channels[i].url}, and nothing is stored.
 */
@Controller("/api/budgets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BudgetController {
    private final Budgets budgets;
    private final WebhookTargets targets;

    /**
     * @param budgets budget store
     * @param config the webhook target rules ({@code LLMLAB_ALLOW_PRIVATE_WEBHOOKS})
     */
    @Inject
    public BudgetController(Budgets budgets, ServerConfig config) {
        this.budgets = budgets;
        this.targets = WebhookTargets.of(config.alerts());
    }

    /**
     * @param caller the account ({@code manage})
     * @param body the budget, in the rich or the seed shape (see {@link BudgetRequest})
     * @return 201 with the budget
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        BudgetRequest request = checkTargets(BudgetRequest.from(JsonBodies.parseObject(body)));
        StoredBudget b = budgets.create(caller.userId(), request, Instant.now());
        return JsonBodies.respond(HttpStatus.CREATED, render(b));
    }

    /**
     * @param caller the account ({@code read})
     * @return 200 {@code {"budgets":[…]}}
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        return JsonBodies.respond(HttpStatus.OK, JsonBodies.list("budgets", budgets.list(caller.userId()), this::render));
    }

    /**
     * @param caller the account ({@code read})
     * @param id the budget's id
     * @return 200 with the budget and its state; 404 when it is not the caller's
     */
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(@Authenticated(Scope.READ) Caller caller, @PathVariable String id) {
        StoredBudget b = budgets.find(caller.userId(), PathIds.parse(id, "budget"))
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        return JsonBodies.respond(HttpStatus.OK, render(b));
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the budget's id
     * @param body the fields to change, in the rich shape; a field sent as null returns to its default
     * @return 200 with the edited budget; 404 when it is not the caller's
     */
    @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> patch(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id,
            @Nullable @Body byte[] body) {
        UUID budgetId = PathIds.parse(id, "budget");
        StoredBudget b = budgets.find(caller.userId(), budgetId)
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        BudgetRequest edited = checkTargets(b.settings().patchedWith(JsonBodies.parseObject(body)));
        StoredBudget saved = budgets.update(caller.userId(), budgetId, edited, Instant.now())
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        return JsonBodies.respond(HttpStatus.OK, render(saved));
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the budget's id
     * @return 204; 404 when it is not the caller's
     */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        if (!budgets.delete(caller.userId(), PathIds.parse(id, "budget"))) {
            throw ApiException.notFound("budget " + id);
        }
        return HttpResponse.noContent();
    }

    /**
     * Refuses a channel URL the alert sender would refuse (see {@link WebhookTargets}): the budget is
     * not saved, and the 400 names the channel's field and what is expected.
     */
    private BudgetRequest checkTargets(BudgetRequest request) {
        for (int i = 0; i < request.channels().size(); i++) {
            Channel c = request.channels().get(i);
            if (c.url() == null) {
                continue;
            }
            String field = "channels[" + i + "].url";
            try {
                targets.checkWhenSaved(URI.create(c.url()));
            } catch (WebhookTargets.Refused e) {
                throw ApiException.invalid(field, field + ": " + e.getMessage());
            }
        }
        return request;
    }

    private ObjectNode render(StoredBudget b) {
        BudgetRequest s = b.settings();
        Instant now = Instant.now();
        Period period = s.periodAt(now);
        BudgetState state = BudgetState.of(s, period, budgets.spent(b.id(), period.from().toInstant()), now);
        ObjectNode o = JsonBodies.object();
        o.put("id", b.id().toString());
        o.put("name", s.name());
        o.put("limit_usd", Amounts.plain(s.limitUsd()));
        o.put("period", s.period());
        o.put("time_zone", s.timeZone().getId());
        s.thresholds().forEach(o.putArray("thresholds")::add);
        o.set("scope", s.scope().toJson());
        ArrayNode channels = o.putArray("channels");
        s.channels().forEach(c -> channels.add(c.masked()));
        o.put("mode", s.mode());
        ObjectNode st = o.putObject("state");
        st.put("period_from", period.from().toInstant().toString());
        st.put("period_to", period.to().toInstant().toString());
        st.put("spent_usd", Amounts.plain(state.spentUsd()));
        st.put("remaining_usd", Amounts.plain(state.remainingUsd()));
        st.put("percent_used", state.percentUsed().toPlainString());
        state.crossed().forEach(st.putArray("crossed")::add);
        st.put("forecast_usd", Amounts.plain(state.forecastUsd()));
        st.put("forecast_exceeds", state.forecastExceeds());
        // The seed's fields, kept while its shape is taken: the limit is monthly only for a monthly budget.
        if ("month".equals(s.period())) {
            o.put("monthly_limit_usd", Amounts.plain(s.limitUsd()));
        } else {
            o.putNull("monthly_limit_usd");
        }
        o.put("alert_channel", s.alertChannel());
        o.put("alert_at_50_percent", s.thresholds().contains(50));
        o.put("alert_at_80_percent", s.thresholds().contains(80));
        o.put("created_at", b.createdAt().toString());
        o.put("updated_at", b.updatedAt() == null ? null : b.updatedAt().toString());
        return o;
    }
}
