package dev.llmlab.server.http;

import java.util.UUID;

/**
 * UUIDs as the API takes them: in URL paths and in request bodies (an event's {@code id}), only in
 * the canonical 8-4-4-4-12 hex form. {@link UUID#fromString} is lenient and lossy — it reads
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
        if (s == null || s.length() != 36) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) {
                return null;
            }
            if (digits++ < 16) {
                msb = msb << 4 | v;
            } else {
                lsb = lsb << 4 | v;
            }
        }
        return new UUID(msb, lsb);
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
