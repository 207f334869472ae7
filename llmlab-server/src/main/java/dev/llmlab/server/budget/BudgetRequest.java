package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The body of {@code POST /api/budgets}: {@code {"monthly_limit_usd":"100.00","alert_channel":"slack",
 * "alert_at_50_percent":true,"alert_at_80_percent":true}}; only the limit is required, and no other
 * field is taken.
 *
 * @param monthlyLimitUsd the limit, exact, trailing zeros dropped
 * @param alertChannel slack, discord, email or webhook; or null
 * @param alertAt50Percent alert at half the limit (true when not sent)
 * @param alertAt80Percent alert at 80 % of the limit (true when not sent)
 */
public record BudgetRequest(BigDecimal monthlyLimitUsd, String alertChannel, boolean alertAt50Percent,
        boolean alertAt80Percent) {
    /** Largest monthly limit accepted: one trillion USD. */
    public static final BigDecimal MAX_LIMIT_USD = new BigDecimal("1000000000000");
    /** Most decimal places of a monthly limit (micro-dollars, as summaries show money). */
    public static final int MAX_LIMIT_DECIMALS = 6;
    // "1000000000000.000000" is 20 characters; longer text is refused before it is parsed.
    private static final int MAX_LIMIT_TEXT = 40;
    private static final Set<String> CHANNELS = Set.of("slack", "discord", "email", "webhook");
    private static final Set<String> FIELDS = Set.of("monthly_limit_usd", "alert_channel", "alert_at_50_percent",
            "alert_at_80_percent");

    /** Checks the parts. */
    public BudgetRequest {
        Objects.requireNonNull(monthlyLimitUsd, "monthlyLimitUsd");
    }

    /**
     * @param in the body, read by {@link JsonBodies#parseObject}
     * @return the request
     * @throws ApiException 400 naming the unknown field, {@code monthly_limit_usd},
     *     {@code alert_channel} or the flag at fault
     */
    public static BudgetRequest from(ObjectNode in) {
        Fields.onlyKnown(in, FIELDS);
        BigDecimal limit = limit(in.get("monthly_limit_usd"));
        String channel = Fields.optionalText(in, "alert_channel", 20);
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ApiException.invalid("alert_channel", "alert_channel must be one of " + new TreeSet<>(CHANNELS)
                    + ", was '" + channel + "'");
        }
        return new BudgetRequest(limit, channel, Fields.flag(in, "alert_at_50_percent", true),
                Fields.flag(in, "alert_at_80_percent", true));
    }

    /**
     * @param userId the owner
     * @param createdAt when it is set
     * @return the budget this request asks for, with a new id
     */
    public Budget toBudget(UUID userId, Instant createdAt) {
        return new Budget(UUID.randomUUID(), userId, monthlyLimitUsd, alertChannel, alertAt50Percent,
                alertAt80Percent, createdAt);
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
}
