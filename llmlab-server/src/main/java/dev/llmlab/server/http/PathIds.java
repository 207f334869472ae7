package dev.llmlab.server.http;

import dev.llmlab.core.usage.UsageRecords;
import java.util.UUID;

/**
 * UUIDs as the API takes them: in URL paths and in request bodies (an event's {@code id}, read by
 * {@link UsageRecords}), only in the canonical 8-4-4-4-12 hex form, by the one rule of
 * {@link UsageRecords#canonicalId}. {@link UUID#fromString} is lenient and lossy — it reads
 * {@code 1-1-1-1-1}, and {@code 1234567890-1234-1234-1234-1234567890} silently truncated to another
 * UUID — so two different texts could name the same event or key.
 */
public final class PathIds {
    /** What a UUID looks like, for messages. */
    public static final String EXAMPLE = "123e4567-e89b-12d3-a456-426614174000";

    private PathIds() {
    }

    /**
     * @param id the path segment
     * @param what what the id names, for the message
     * @return the UUID
     * @throws ApiException 400 naming {@code id} when it is not a canonical UUID
     */
    public static UUID parse(String id, String what) {
        UUID uuid = canonical(id);
        if (uuid == null) {
            throw ApiException.invalid("id", "the " + what + " id must be a UUID like " + EXAMPLE + " (8-4-4-4-12 hex"
                    + " digits), was '" + clip(id) + "'");
        }
        return uuid;
    }

    /**
     * @param s a text, or null
     * @return the UUID when {@code s} is exactly 36 characters of 8-4-4-4-12 hex digits (either
     *     case), else null
     */
    public static UUID canonical(String s) {
        return UsageRecords.canonicalId(s).orElse(null);
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
