package dev.llmlab.provider.json.support;

import dev.llmlab.spi.UsageParseException;

/**
 * Token counts as a reader collects them, before normalization: a count the body did not send
 * (or sent as {@code null}) is {@link #ABSENT}, so that "not sent" and zero stay apart.
 */
public final class Counts {
    /** Marks a count the body did not send; real counts are never negative. */
    public static final long ABSENT = -1;

    private Counts() {
    }

    /**
     * @param count a count, or {@link #ABSENT}
     * @return the count, or 0 when absent
     */
    public static long orZero(long count) {
        return count == ABSENT ? 0 : count;
    }

    /**
     * @param count a count, or {@link #ABSENT}
     * @param path where the usage object sits, e.g. {@code "usage"}
     * @param field the count's name after the path, e.g. {@code ".input_tokens"}
     * @return the count
     * @throws UsageParseException naming {@code path + field} when the count is absent
     */
    public static long required(long count, String path, String field) {
        if (count == ABSENT) {
            throw new UsageParseException(path + field + ": missing; expected a non-negative integer");
        }
        return count;
    }
}
