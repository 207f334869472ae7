package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
import dev.llmlab.server.auth.Authenticator;
import dev.llmlab.server.auth.Caller;
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
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Budgets of the caller: {@code POST /api/budgets}, {@code GET /api/budgets},
 * {@code GET /api/budgets/{id}}, {@code DELETE /api/budgets/{id}}. Another account's budget is 404.
 */
@Controller("/api/budgets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BudgetController {
    private static final Set<String> CHANNELS = Set.of("slack", "discord", "email", "webhook");
    private final Authenticator auth;
    private final BudgetRepository budgets;

    /**
     * @param auth authentication
     * @param budgets budget store
     */
    public BudgetController(Authenticator auth, BudgetRepository budgets) {
        this.auth = auth;
        this.budgets = budgets;
    }

    /**
     * @param body {@code {"monthly_limit_usd":"100.00","alert_channel":"slack","alert_at_50_percent":true,…}}
     * @return 201 with the budget
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Nullable @Header("Authorization") String authorization,
            @Nullable @Body byte[] body) {
        Caller caller = auth.authenticate(authorization, true);
        ObjectNode in = JsonBodies.parseObject(body);
        JsonNode limit = in.get("monthly_limit_usd");
        BigDecimal amount;
        if (limit == null || limit.isNull()) {
            throw ApiException.invalid("monthly_limit_usd", "monthly_limit_usd is required");
        }
        try {
            amount = limit.isTextual() ? new BigDecimal(limit.textValue().strip())
                    : limit.isNumber() ? limit.decimalValue() : null;
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null || amount.signum() <= 0) {
            throw ApiException.invalid("monthly_limit_usd", "monthly_limit_usd must be a positive decimal like \"100.00\","
                    + " was " + limit);
        }
        String channel = null;
        if (in.hasNonNull("alert_channel")) {
            channel = JsonBodies.requiredString(in, "alert_channel", 20);
            if (!CHANNELS.contains(channel)) {
                throw ApiException.invalid("alert_channel", "alert_channel must be one of " + CHANNELS + ", was '"
                        + channel + "'");
            }
        }
        Budget b = new Budget(UUID.randomUUID(), caller.userId(), amount, channel, flag(in, "alert_at_50_percent"),
                flag(in, "alert_at_80_percent"), Instant.now());
        budgets.save(b);
        return JsonBodies.respond(HttpStatus.CREATED, render(b));
    }

    /** @return 200 {@code {"budgets":[…]}} */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Nullable @Header("Authorization") String authorization) {
        Caller caller = auth.authenticate(authorization, true);
        ObjectNode out = JsonBodies.object();
        ArrayNode arr = out.putArray("budgets");
        budgets.findByUserIdOrderByCreatedAt(caller.userId()).forEach(b -> arr.add(render(b)));
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    /** @return 200 with the budget; 404 when it is not the caller's */
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(@Nullable @Header("Authorization") String authorization, @PathVariable String id) {
        Caller caller = auth.authenticate(authorization, true);
        Budget b = budgets.findByIdAndUserId(PathIds.parse(id, "budget"), caller.userId())
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        return JsonBodies.respond(HttpStatus.OK, render(b));
    }

    /** @return 204; 404 when it is not the caller's */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Nullable @Header("Authorization") String authorization, @PathVariable String id) {
        Caller caller = auth.authenticate(authorization, true);
        if (budgets.deleteByIdAndUserId(PathIds.parse(id, "budget"), caller.userId()) == 0) {
            throw ApiException.notFound("budget " + id);
        }
        return HttpResponse.noContent();
    }

    private static boolean flag(ObjectNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return true;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false, was " + JsonBodies.kind(v));
        }
        return v.booleanValue();
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
