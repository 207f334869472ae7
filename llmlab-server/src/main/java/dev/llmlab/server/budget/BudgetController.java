package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
import dev.llmlab.server.account.Fields;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Budgets of the caller: {@code POST /api/budgets}, {@code GET /api/budgets},
 * {@code GET /api/budgets/{id}}, {@code DELETE /api/budgets/{id}}. Another account's budget is 404.
 */
@Controller("/api/budgets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BudgetController {
    /** Largest monthly limit accepted: one trillion USD. */
    public static final BigDecimal MAX_LIMIT_USD = new BigDecimal("1000000000000");
    /** Most decimal places of a monthly limit (micro-dollars, as summaries show money). */
    public static final int MAX_LIMIT_DECIMALS = 6;
    // "1000000000000.000000" is 20 characters; longer text is refused before it is parsed.
    private static final int MAX_LIMIT_TEXT = 40;
    private static final Set<String> CHANNELS = Set.of("slack", "discord", "email", "webhook");
    private static final Set<String> FIELDS = Set.of("monthly_limit_usd", "alert_channel", "alert_at_50_percent",
            "alert_at_80_percent");
    private final BudgetRepository budgets;

    /**
     * @param budgets budget store
     */
    public BudgetController(BudgetRepository budgets) {
        this.budgets = budgets;
    }

    /**
     * @param body {@code {"monthly_limit_usd":"100.00","alert_channel":"slack","alert_at_50_percent":true,…}}
     * @return 201 with the budget
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        ObjectNode in = JsonBodies.parseObject(body);
        Fields.onlyKnown(in, FIELDS);
        BigDecimal amount = limit(in.get("monthly_limit_usd"));
        String channel = null;
        if (in.hasNonNull("alert_channel")) {
            channel = Fields.text(in, "alert_channel", 20);
            if (!CHANNELS.contains(channel)) {
                throw ApiException.invalid("alert_channel", "alert_channel must be one of " + new TreeSet<>(CHANNELS)
                        + ", was '" + channel + "'");
            }
        }
        Budget b = new Budget(UUID.randomUUID(), caller.userId(), amount, channel, flag(in, "alert_at_50_percent"),
                flag(in, "alert_at_80_percent"), Instant.now());
        budgets.save(b);
        return JsonBodies.respond(HttpStatus.CREATED, render(b));
    }

    /** @return 200 {@code {"budgets":[…]}} */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        ObjectNode out = JsonBodies.object();
        ArrayNode arr = out.putArray("budgets");
        budgets.findByUserIdOrderByCreatedAt(caller.userId()).forEach(b -> arr.add(render(b)));
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    /** @return 200 with the budget; 404 when it is not the caller's */
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(@Authenticated(Scope.READ) Caller caller, @PathVariable String id) {
        Budget b = budgets.findByIdAndUserId(PathIds.parse(id, "budget"), caller.userId())
                .orElseThrow(() -> ApiException.notFound("budget " + id));
        return JsonBodies.respond(HttpStatus.OK, render(b));
    }

    /** @return 204; 404 when it is not the caller's */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        if (budgets.deleteByIdAndUserId(PathIds.parse(id, "budget"), caller.userId()) == 0) {
            throw ApiException.notFound("budget " + id);
        }
        return HttpResponse.noContent();
    }

    /**
     * Reads the limit: a decimal string or a JSON number (read exactly by {@link JsonBodies}) above 0
     * and at most {@link #MAX_LIMIT_USD}, with at most {@link #MAX_LIMIT_DECIMALS} decimal places.
     */
    static BigDecimal limit(JsonNode limit) {
        if (limit == null || limit.isNull()) {
            throw ApiException.invalid("monthly_limit_usd", "monthly_limit_usd is required");
        }
        String was;
        BigDecimal amount = null;
        if (limit.isTextual()) {
            String text = limit.textValue().strip();
            was = "\"" + Fields.shorten(text) + "\"";
            if (text.length() <= MAX_LIMIT_TEXT) {
                try {
                    amount = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    amount = null;
                }
            }
        } else if (limit.isNumber()) {
            // JsonBodies reads every JSON number exactly (a fraction as a BigDecimal, never a double).
            was = Fields.shorten(limit.asText());
            amount = limit.decimalValue();
        } else {
            was = JsonBodies.kind(limit);
        }
        // compareTo and stripTrailingZeros look at precision and scale, never at the digits an
        // exponent like 1e999999999 stands for, so hostile values cost nothing here.
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_LIMIT_USD) > 0
                || amount.stripTrailingZeros().scale() > MAX_LIMIT_DECIMALS) {
            throw ApiException.invalid("monthly_limit_usd", "monthly_limit_usd must be a decimal above 0 and at most "
                    + MAX_LIMIT_USD.toPlainString() + " with at most " + MAX_LIMIT_DECIMALS + " decimal places, like"
                    + " \"100.00\", was " + was);
        }
        BigDecimal exact = amount.stripTrailingZeros();
        return exact.scale() < 0 ? exact.setScale(0) : exact;
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
