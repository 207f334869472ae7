package dev.llmlab.provider.anthropic;

import static dev.llmlab.provider.json.support.Counts.ABSENT;
import static dev.llmlab.provider.json.support.Counts.orZero;
import static dev.llmlab.provider.json.support.Counts.required;

import dev.llmlab.provider.json.support.Counts;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;

/**
 * The counts of one Anthropic {@code usage} object as sent, before normalization. A count the
 * body did not carry, or carried as {@code null}, is {@link Counts#ABSENT}; the overlay of a streamed
 * {@code message_delta} needs to tell "not sent" from zero. Mutable, confined to one parse.
 */
final class UsageCounts {
    long inputTokens = ABSENT;
    long cacheCreationInputTokens = ABSENT;
    long cacheReadInputTokens = ABSENT;
    long outputTokens = ABSENT;
    long ephemeral5mInputTokens = ABSENT;
    long ephemeral1hInputTokens = ABSENT;
    /** True when {@code usage.cache_creation} was an object (the per-TTL breakdown). */
    boolean cacheCreationBreakdown;
    long webSearchRequests = ABSENT;
    /** {@code usage.service_tier} as sent: standard, priority, batch; null when absent. */
    String serviceTier;
    /** {@code usage.inference_geo} as sent: global, us, not_available; null when absent. */
    String inferenceGeo;

    /**
     * Overlays the non-null counts of a later usage object onto this one. Used for streams: the
     * last {@code message_delta} carries the cumulative output count and, since mid-2025, may
     * repeat or correct the input and cache counts of {@code message_start}.
     */
    void overlay(UsageCounts later) {
        inputTokens = pick(later.inputTokens, inputTokens);
        cacheCreationInputTokens = pick(later.cacheCreationInputTokens, cacheCreationInputTokens);
        cacheReadInputTokens = pick(later.cacheReadInputTokens, cacheReadInputTokens);
        outputTokens = pick(later.outputTokens, outputTokens);
        if (later.cacheCreationBreakdown) {
            cacheCreationBreakdown = true;
            ephemeral5mInputTokens = pick(later.ephemeral5mInputTokens, ephemeral5mInputTokens);
            ephemeral1hInputTokens = pick(later.ephemeral1hInputTokens, ephemeral1hInputTokens);
        } else if (cacheCreationBreakdown && later.cacheCreationInputTokens != ABSENT) {
            // message_delta sends the total without a breakdown. When the total moved on from
            // message_start's breakdown, the start's 1-hour part still stands and the rest was
            // written with the default 5-minute lifetime.
            long oneHour = orZero(ephemeral1hInputTokens);
            long total = later.cacheCreationInputTokens;
            if (orZero(ephemeral5mInputTokens) + oneHour != total) {
                if (oneHour <= total) {
                    ephemeral5mInputTokens = total - oneHour;
                } else {
                    ephemeral1hInputTokens = total;
                    ephemeral5mInputTokens = 0;
                }
            }
        }
        webSearchRequests = pick(later.webSearchRequests, webSearchRequests);
        serviceTier = later.serviceTier != null ? later.serviceTier : serviceTier;
        inferenceGeo = later.inferenceGeo != null ? later.inferenceGeo : inferenceGeo;
    }

    /**
     * The tier Anthropic reports having billed: {@code standard}, {@code priority} (Priority Tier
     * capacity was used) or {@code batch} (Message Batches). Another value is read as not reported.
     */
    static ServiceTier serviceTier(String reported) {
        if (reported == null) {
            return null;
        }
        switch (reported) {
            case "standard":
                return ServiceTier.STANDARD;
            case "priority":
                return ServiceTier.PRIORITY;
            case "batch":
                return ServiceTier.BATCH;
            default:
                return null;
        }
    }

    /**
     * Where Anthropic ran the inference, when it can change the rates: {@code us} (US-only
     * inference, a premium on the models that offer it) or {@code global}. {@code not_available}
     * (models without the choice) and anything that is not a plain name are not reported.
     */
    static String inferenceGeo(String reported) {
        if (reported == null || reported.equals("not_available") || !reported.matches("[A-Za-z0-9_-]{1,32}")) {
            return null;
        }
        return reported;
    }

    private static long pick(long later, long earlier) {
        return later == ABSENT ? earlier : later;
    }

    /**
     * Maps the counts onto LLMlab's vocabulary.
     *
     * @param provider the provider name to record
     * @param model the model the response named, or null
     * @param path where the usage object sits, for messages, e.g. {@code "usage"}
     * @throws UsageParseException when a required count is missing or the counts are impossible
     */
    Usage toUsage(String provider, String model, String path) {
        long uncached = required(inputTokens, path, ".input_tokens");
        long output = required(outputTokens, path, ".output_tokens");
        // The API sends null for the cache counts of a request that used no caching: zero.
        long read = orZero(cacheReadInputTokens);
        long write = orZero(cacheCreationInputTokens);
        long write1h = 0;
        if (cacheCreationBreakdown) {
            long fiveMinutes = orZero(ephemeral5mInputTokens);
            write1h = orZero(ephemeral1hInputTokens);
            long breakdown = add(fiveMinutes, write1h, path, ".cache_creation");
            // The per-TTL breakdown is what Anthropic bills (5-minute and 1-hour writes have
            // different rates), so where it disagrees with the total we trust the breakdown:
            // otherwise the 1-hour part could exceed the writes, or writes would be billed at a
            // lifetime nobody can name.
            write = breakdown;
        }
        // Anthropic's input_tokens counts only the tokens after the last cache breakpoint;
        // LLMlab's input_tokens includes cache reads and writes.
        long input = add(add(uncached, write, path, ""), read, path, "");
        try {
            return Usage.builder(provider, model)
                    .inputTokens(input)
                    .cacheReadTokens(read)
                    .cacheWriteTokens(write)
                    .cacheWrite1hTokens(write1h)
                    .outputTokens(output) // includes extended thinking; not reported apart
                    .webSearchRequests(orZero(webSearchRequests))
                    .serviceTier(serviceTier(serviceTier))
                    .inferenceGeo(inferenceGeo(inferenceGeo))
                    .build();
        } catch (InvalidUsageException e) {
            throw new UsageParseException(path + ": impossible counts: " + e.getMessage(), e);
        }
    }

    private static long add(long a, long b, String path, String field) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new UsageParseException(path + field + ": token counts overflow a long: " + a + " + " + b);
        }
    }
}
