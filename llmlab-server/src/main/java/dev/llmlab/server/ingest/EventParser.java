package dev.llmlab.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Validates one event of {@code POST /api/events/track} and turns it into an {@link IncomingEvent}.
 * Every refusal is a 400 naming the field (prefixed with {@code events[i].} inside a batch), the
 * value and what was expected. Fields a client may add (its own {@code cost_usd}…) are ignored:
 * the server prices every event itself.
 */
public final class EventParser {
    /** Most tags on one event. */
    public static final int MAX_TAGS = 32;
    /** Longest tag key. */
    public static final int MAX_TAG_KEY = 64;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE = 256;
    /**
     * Most tokens (or requests) one count may hold: orders of magnitude beyond what one call can
     * carry (context windows hold a few million tokens at most), and small enough that no sum of
     * one event's counts can overflow a long.
     */
    public static final long MAX_COUNT = 1_000_000_000_000L;
    private static final BigDecimal MAX_COUNT_DECIMAL = BigDecimal.valueOf(MAX_COUNT);
    private static final String COUNT_RANGE = "a whole number between 0 and " + MAX_COUNT;
    /** How far in the future a timestamp may be (client clocks drift; beyond this it is a bug). */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);
    private static final String[] COUNTS = {"input_tokens", "cache_read_tokens", "cache_write_tokens",
        "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "input_audio_tokens", "output_audio_tokens",
        "web_search_requests"};

    private EventParser() {
    }

    /**
     * @param node the event's JSON
     * @param prefix the field prefix for messages ({@code ""} or {@code "events[3]."})
     * @param now the server's time, for the default timestamp
     * @return the validated event
     * @throws ApiException 400 naming the field
     */
    public static IncomingEvent parse(JsonNode node, String prefix, Instant now) {
        if (node == null || !node.isObject()) {
            String where = prefix.isEmpty() ? "the event" : prefix.substring(0, prefix.length() - 1);
            throw ApiException.invalid(prefix.isEmpty() ? null : where, where + " must be a JSON object, was "
                    + JsonBodies.kind(node));
        }
        UUID id = id(node, prefix);
        String provider = string(node, "provider", prefix, 100);
        String model = string(node, "model", prefix, 200);
        long[] c = new long[COUNTS.length];
        boolean reasoningKnown = false;
        for (int i = 0; i < COUNTS.length; i++) {
            JsonNode v = node.get(COUNTS[i]);
            if (v != null && !v.isNull()) {
                c[i] = count(v, prefix + COUNTS[i]);
                if (i == 5) {
                    reasoningKnown = true;
                }
            }
        }
        Usage usage;
        try {
            Usage.Builder b = Usage.builder(provider, model).inputTokens(c[0]).cacheReadTokens(c[1])
                    .cacheWriteTokens(c[2]).cacheWrite1hTokens(c[3]).outputTokens(c[4]).inputAudioTokens(c[6])
                    .outputAudioTokens(c[7]).webSearchRequests(c[8]);
            if (reasoningKnown) {
                b.reasoningTokens(c[5]);
            }
            usage = b.build();
        } catch (InvalidUsageException e) {
            String msg = e.getMessage();
            int space = msg.indexOf(' ');
            String field = space > 0 ? msg.substring(0, space) : null;
            throw ApiException.invalid(field == null ? null : prefix + field, msg);
        }
        Instant at = timestamp(node, prefix, now);
        Double duration = duration(node, prefix);
        Map<String, String> tags = new LinkedHashMap<>();
        String tagsJson = tags(node, prefix, tags);
        return new IncomingEvent(id, usage, at, duration, tags, tagsJson);
    }

    private static UUID id(JsonNode node, String prefix) {
        JsonNode v = node.get("id");
        if (v == null || v.isNull()) {
            return UUID.randomUUID(); // no id: accepted, but a retry of it cannot be recognised
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(prefix + "id", prefix + "id must be a UUID string, was " + JsonBodies.kind(v));
        }
        UUID id = PathIds.canonical(v.textValue());
        if (id == null) {
            throw ApiException.invalid(prefix + "id", prefix + "id must be a UUID like " + PathIds.EXAMPLE
                    + " (8-4-4-4-12 hex digits), was '" + clip(v.textValue()) + "'");
        }
        return id;
    }

    private static String string(JsonNode node, String field, String prefix, int max) {
        JsonNode v = node.get(field);
        String name = prefix + field;
        if (v == null || v.isNull()) {
            throw ApiException.invalid(name, name + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name, name + " must be a string, was " + JsonBodies.kind(v));
        }
        String s = v.textValue().strip();
        if (s.isEmpty()) {
            throw ApiException.invalid(name, name + " must not be blank");
        }
        if (s.length() > max) {
            throw ApiException.invalid(name, name + " must be at most " + max + " characters, was " + s.length());
        }
        return s;
    }

    /**
     * A count is a JSON number with a whole value: {@code 1200}, {@code 1200.0} and {@code 1.2e3} are
     * all 1200. Every check before {@code longValueExact} looks only at sign, scale and precision, so
     * {@code 1e1000000000} is refused at once instead of being expanded.
     */
    private static long count(JsonNode v, String name) {
        if (!v.isNumber()) {
            throw ApiException.invalid(name, name + " must be " + COUNT_RANGE + ", was " + JsonBodies.kind(v)
                    + (v.isTextual() ? " '" + clip(v.textValue()) + "'" : ""));
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            long n = v.longValue();
            if (n >= 0 && n <= MAX_COUNT) {
                return n;
            }
            throw ApiException.invalid(name, name + " must be " + COUNT_RANGE + ", was " + n);
        }
        if (v.isDouble() || v.isFloat()) {
            // Not made by JsonBodies, which reads fractions as BigDecimal; a double may be infinite.
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw ApiException.invalid(name, name + " must be " + COUNT_RANGE + ", was " + d);
            }
        }
        BigDecimal d = v.decimalValue();
        if (d.signum() < 0 || d.precision() - d.scale() > 13 || d.compareTo(MAX_COUNT_DECIMAL) > 0) {
            throw ApiException.invalid(name, name + " must be " + COUNT_RANGE + ", was " + clip(d.toString()));
        }
        BigDecimal whole = d.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw ApiException.invalid(name, name + " must be " + COUNT_RANGE + ", was " + clip(d.toString()));
        }
        return whole.longValueExact();
    }

    private static Instant timestamp(JsonNode node, String prefix, Instant now) {
        JsonNode v = node.get("timestamp");
        String name = prefix + "timestamp";
        if (v == null || v.isNull()) {
            return now;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name, name + " must be an ISO-8601 string like 2025-07-01T12:00:00Z, was "
                    + JsonBodies.kind(v));
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, name + " must be ISO-8601 with an offset, like 2025-07-01T12:00:00Z, was '"
                    + clip(v.textValue()) + "'");
        }
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw ApiException.invalid(name, name + " is more than a day in the future: " + at);
        }
        if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            throw ApiException.invalid(name, name + " is before 2000-01-01: " + at);
        }
        return at;
    }

    private static Double duration(JsonNode node, String prefix) {
        JsonNode v = node.get("duration_ms");
        String name = prefix + "duration_ms";
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(name, name + " must be a number of milliseconds >= 0, was " + JsonBodies.kind(v));
        }
        double d = v.doubleValue();
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw ApiException.invalid(name, name + " must be >= 0, was " + v.asText());
        }
        return d;
    }

    private static String tags(JsonNode node, String prefix, Map<String, String> out) {
        JsonNode v = node.get("tags");
        String name = prefix + "tags";
        if (v == null || v.isNull()) {
            return "{}";
        }
        if (!v.isObject()) {
            throw ApiException.invalid(name, name + " must be an object of string values, was " + JsonBodies.kind(v));
        }
        if (v.size() > MAX_TAGS) {
            throw ApiException.invalid(name, name + " may hold at most " + MAX_TAGS + " tags, had " + v.size());
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String field = name + "." + key;
            if (key.isEmpty() || key.length() > MAX_TAG_KEY) {
                throw ApiException.invalid(name, name + " keys must have 1 to " + MAX_TAG_KEY + " characters, was '"
                        + clip(key) + "'");
            }
            if (!e.getValue().isTextual()) {
                throw ApiException.invalid(field, field + " must be a string, was " + JsonBodies.kind(e.getValue()));
            }
            String value = e.getValue().textValue();
            if (value.length() > MAX_TAG_VALUE) {
                throw ApiException.invalid(field, field + " must be at most " + MAX_TAG_VALUE + " characters, was "
                        + value.length());
            }
            out.put(key, value);
        }
        // Written by hand: the tag map is small and this runs for every event of every batch.
        StringBuilder sb = new StringBuilder(16 + out.size() * 32).append('{');
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey()).append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    private static String clip(String s) {
        if (s.length() <= 60) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(59)) ? 59 : 60; // never split a pair
        return s.substring(0, end) + "…";
    }
}
