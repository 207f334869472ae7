package dev.llmlab.server.recommend;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One way an account could spend less, with the numbers it rests on.
 *
 * @param id stable across requests and periods for the same kind and subject (provider and model,
 *     or budget), so a dashboard can key on it
 * @param kind what to do
 * @param title one line for people
 * @param detail what was seen, what it would save and what the estimate assumes
 * @param monthlySavingUsd the estimated saving per month, 6 decimals; null when it cannot be known
 *     (unpriced calls)
 * @param evidence the figures behind it, in the order shown; money as exact decimal strings
 */
public record Recommendation(String id, Kind kind, String title, String detail, BigDecimal monthlySavingUsd,
        Map<String, Object> evidence) {
    /** Checks the parts and keeps an immutable copy of the evidence, in its order. */
    public Recommendation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** What a recommendation proposes; {@link #wireName()} is its {@code kind} in JSON. */
    public enum Kind {
        /** A smaller model of the same family for short, simple calls. */
        CHEAPER_MODEL,
        /** Prompt caching where large prompts are rarely read from the cache. */
        PROMPT_CACHING,
        /** The provider's batch API for non-interactive traffic. */
        BATCH_PRICING,
        /** A budget whose forecast for the month overruns its limit. */
        BUDGET_FORECAST,
        /** Calls whose cost is unknown because their model has no price. */
        UNPRICED_MODEL;

        /** @return the name in JSON, e.g. {@code cheaper_model} */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param kind the kind
     * @param subject what it is about: {@code provider/model} or a budget id
     * @return the first 16 hex digits of SHA-256 of kind and subject
     */
    static String stableId(Kind kind, String subject) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((kind.wireName() + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
