package dev.llmlab.core.usage;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.core.internal.json.JsonException;
import dev.llmlab.core.usage.JsonObjectView.Kind;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The JSON usage record, read and written in one place: what {@code llmlab cost} reads, what the
 * server's {@code POST /api/events/track} takes as an event, what the tracker writes as JSON lines
 * and posts to the server. One set of field names (the constants below), one validation and one
 * set of error messages, whoever parsed the JSON.
 *
 * <pre>{@code
 * UsageRecord r = UsageRecords.parse(
 *         "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1200,\"output_tokens\":300}",
 *         Instant.now());
 * CostResult cost = calculator.price(r.usage(), r.timestamp());
 * }</pre>
 *
 * <h2>The record</h2>
 * <table>
 *   <caption>Fields; any other field is ignored</caption>
 *   <tr><th>field</th><th>rule</th></tr>
 *   <tr><td>{@code provider}, {@code model}</td><td>required strings, not blank (surrounding white
 *       space is dropped), at most 100 / 200 characters</td></tr>
 *   <tr><td>{@code input_tokens} … {@code web_search_requests} ({@link #COUNTS})</td><td>a JSON
 *       number with a whole value from 0 to 10^12: {@code 1200}, {@code 1200.0} and {@code 1.2e3}
 *       are all 1200; {@code 1200.5}, {@code -1}, {@code 1e400} are errors. Missing or null: 0, and
 *       {@code reasoning_tokens} unknown. Subsets must fit their wholes (cache reads + writes
 *       &lt;= input, reasoning &lt;= output…)</td></tr>
 *   <tr><td>{@code service_tier}</td><td>{@code standard}, {@code batch}, {@code flex} or
 *       {@code priority} (any case); missing or null: standard. Any other value is an error naming
 *       the field: a record is priced at the tier it was billed, never silently at standard</td></tr>
 *   <tr><td>{@code inference_geo}</td><td>1 to 32 letters, digits, {@code -} or {@code _}, kept in
 *       lower case ({@code us}); optional</td></tr>
 *   <tr><td>{@code timestamp}</td><td>ISO-8601 with an offset ({@code 2025-07-01T12:00:00Z}), from
 *       2000-01-01 to at most a day after {@code now}; missing: {@code now}</td></tr>
 *   <tr><td>{@code id}</td><td>a canonical UUID (8-4-4-4-12 hex digits, either case); optional</td></tr>
 *   <tr><td>{@code duration_ms}</td><td>a number of milliseconds &gt;= 0; optional</td></tr>
 *   <tr><td>{@code tags}</td><td>an object of at most 32 string values, keys of 1 to 64 characters,
 *       values of at most 256; optional</td></tr>
 * </table>
 * A refused record is a {@link UsageRecordException} whose message starts with the field's name
 * (as the caller prefixed it), e.g. {@code "events[3].input_tokens must be a whole number between 0
 * and 1000000000000, was 1200.5"}, except the subset rules, whose message is {@link Usage}'s own.
 * Messages quote at most 60 characters of a value.
 *
 * <p>Thread-safe: the class has no state.
 */
public final class UsageRecords {
    /** {@value}: the provider's name. */
    public static final String PROVIDER = "provider";
    /** {@value}: the model's name. */
    public static final String MODEL = "model";
    /** {@value}: all prompt tokens, cache reads and writes included. */
    public static final String INPUT_TOKENS = "input_tokens";
    /** {@value}: prompt tokens read from the cache. */
    public static final String CACHE_READ_TOKENS = "cache_read_tokens";
    /** {@value}: prompt tokens written to the cache, all lifetimes. */
    public static final String CACHE_WRITE_TOKENS = "cache_write_tokens";
    /** {@value}: the part of the cache writes with a one-hour lifetime. */
    public static final String CACHE_WRITE_1H_TOKENS = "cache_write_1h_tokens";
    /** {@value}: all generated tokens, reasoning included. */
    public static final String OUTPUT_TOKENS = "output_tokens";
    /** {@value}: the reasoning part of the output; null or missing when unknown. */
    public static final String REASONING_TOKENS = "reasoning_tokens";
    /** {@value}: the audio part of the uncached input. */
    public static final String INPUT_AUDIO_TOKENS = "input_audio_tokens";
    /** {@value}: the audio part of the output. */
    public static final String OUTPUT_AUDIO_TOKENS = "output_audio_tokens";
    /** {@value}: web searches billed per request. */
    public static final String WEB_SEARCH_REQUESTS = "web_search_requests";
    /**
     * {@value}: the service tier the call was billed at, {@code standard}, {@code batch},
     * {@code flex} or {@code priority}; missing or null: standard.
     */
    public static final String SERVICE_TIER = "service_tier";
    /** {@value}: where the provider ran the inference (Anthropic's {@code "us"}); missing or null: not reported. */
    public static final String INFERENCE_GEO = "inference_geo";
    /** {@value}: when the call was made; selects the price in force. */
    public static final String TIMESTAMP = "timestamp";
    /** {@value}: the client's event id, which makes re-sends idempotent. */
    public static final String ID = "id";
    /** {@value}: the call's duration in milliseconds. */
    public static final String DURATION_MS = "duration_ms";
    /** {@value}: string tags (project, feature, user…). */
    public static final String TAGS = "tags";
    /** The count fields, in the order every output writes them. */
    public static final List<String> COUNTS = List.of(INPUT_TOKENS, CACHE_READ_TOKENS, CACHE_WRITE_TOKENS,
            CACHE_WRITE_1H_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, INPUT_AUDIO_TOKENS, OUTPUT_AUDIO_TOKENS,
            WEB_SEARCH_REQUESTS);

    /**
     * Most tokens (or requests) one count may hold: orders of magnitude beyond what one call can
     * carry (context windows hold a few million tokens at most), and small enough that no sum of
     * one record's counts can overflow a long.
     */
    public static final long MAX_COUNT = 1_000_000_000_000L;
    /** Longest {@code provider}, in characters. */
    public static final int MAX_PROVIDER_LENGTH = 100;
    /** Longest {@code model}, in characters. */
    public static final int MAX_MODEL_LENGTH = 200;
    /** Most tags on one record. */
    public static final int MAX_TAGS = 32;
    /** Longest tag key, in characters. */
    public static final int MAX_TAG_KEY_LENGTH = 64;
    /** Longest tag value, in characters. */
    public static final int MAX_TAG_VALUE_LENGTH = 256;
    /** How far after {@code now} a timestamp may be (clocks drift; beyond this it is a bug). */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);
    /** The earliest timestamp taken. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final BigDecimal MAX_COUNT_DECIMAL = BigDecimal.valueOf(MAX_COUNT);
    private static final String COUNT_RANGE = "a whole number between 0 and " + MAX_COUNT;
    private static final String TIMESTAMP_EXAMPLE = "2025-07-01T12:00:00Z";
    private static final String ID_EXAMPLE = "123e4567-e89b-12d3-a456-426614174000";
    private static final String[] COUNT_NAMES = COUNTS.toArray(new String[0]);

    private UsageRecords() {
    }

    /**
     * Reads one record from JSON text, such as a line of a JSON-lines file the tracker wrote or
     * {@code llmlab cost} reads. Fields other than the record's (the tracker's {@code status},
     * {@code cost_usd}…) are ignored.
     *
     * @param json one JSON document holding an object; not null
     * @param now the time of reading: the timestamp of a record without one, and the limit of how
     *     far in the future a timestamp may be; not null
     * @return the record
     * @throws UsageRecordException when the text is not a JSON object ({@code field()} null, the
     *     message starts with {@code malformed JSON:} and says where) or a field is invalid
     */
    public static UsageRecord parse(String json, Instant now) {
        Objects.requireNonNull(json, "json");
        Object value;
        try {
            value = Json.parse(json);
        } catch (JsonException e) {
            throw new UsageRecordException(null, "malformed JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map)) {
            throw new UsageRecordException(null, "a usage record must be a JSON object, was "
                    + JsonMapView.kindOf(value).describe(), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return read(new JsonMapView(map), "", now);
    }

    /**
     * Reads and validates one record from an object parsed elsewhere.
     *
     * @param record the object; not null
     * @param prefix put before every field name in {@link UsageRecordException#field()} and in
     *     messages, e.g. {@code "events[3]."}; {@code ""} for none; not null
     * @param now the time of reading: the timestamp of a record without one, and the limit of how
     *     far in the future a timestamp may be; not null
     * @return the record
     * @throws UsageRecordException naming the first invalid field, in the order id, provider,
     *     model, the counts, service tier, inference geography, timestamp, duration, tags
     */
    public static UsageRecord read(JsonObjectView record, String prefix, Instant now) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(now, "now");
        UUID id = id(record, prefix);
        String provider = text(record, PROVIDER, prefix, MAX_PROVIDER_LENGTH);
        String model = text(record, MODEL, prefix, MAX_MODEL_LENGTH);
        long[] c = new long[COUNT_NAMES.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = count(record, COUNT_NAMES[i], prefix);
        }
        Usage usage;
        try {
            Usage.Builder b = Usage.builder(provider, model).inputTokens(known(c[0])).cacheReadTokens(known(c[1]))
                    .cacheWriteTokens(known(c[2])).cacheWrite1hTokens(known(c[3])).outputTokens(known(c[4]))
                    .inputAudioTokens(known(c[6])).outputAudioTokens(known(c[7])).webSearchRequests(known(c[8]));
            if (c[5] >= 0) {
                b.reasoningTokens(c[5]);
            }
            b.serviceTier(serviceTier(record, prefix));
            b.inferenceGeo(inferenceGeo(record, prefix));
            usage = b.build();
        } catch (InvalidUsageException e) {
            throw new UsageRecordException(e.field() == null ? null : prefix + e.field(), e.getMessage(), e);
        }
        Instant at = timestamp(record, prefix, now);
        double duration = duration(record, prefix);
        Map<String, String> tags = tags(record, prefix);
        return new UsageRecord(id, usage, at, duration, tags);
    }

    /**
     * Writes a usage's provider, model and counts (see {@link #writeCounts}).
     *
     * @param usage the usage; not null
     * @param out where to write; not null
     * @param unknownReasoningAsNull whether an unknown {@code reasoning_tokens} is written as null
     *     (true) or left out (false)
     */
    public static void writeUsage(Usage usage, JsonObjectWriter out, boolean unknownReasoningAsNull) {
        out.string(PROVIDER, usage.provider());
        out.string(MODEL, usage.model());
        writeCounts(usage, out, unknownReasoningAsNull);
    }

    /**
     * Writes a usage's counts, in the order of {@link #COUNTS}: the five token counts always, then
     * {@code reasoning_tokens} when known (else null, or nothing), then the audio counts and
     * {@code web_search_requests} only when above zero, then {@code service_tier} when it is not
     * standard and {@code inference_geo} when reported.
     *
     * @param usage the usage; not null
     * @param out where to write; not null
     * @param unknownReasoningAsNull whether an unknown {@code reasoning_tokens} is written as null
     *     (true) or left out (false)
     */
    public static void writeCounts(Usage usage, JsonObjectWriter out, boolean unknownReasoningAsNull) {
        out.number(INPUT_TOKENS, usage.inputTokens());
        out.number(CACHE_READ_TOKENS, usage.cacheReadTokens());
        out.number(CACHE_WRITE_TOKENS, usage.cacheWriteTokens());
        out.number(CACHE_WRITE_1H_TOKENS, usage.cacheWrite1hTokens());
        out.number(OUTPUT_TOKENS, usage.outputTokens());
        OptionalLong reasoning = usage.reasoningTokens();
        if (reasoning.isPresent()) {
            out.number(REASONING_TOKENS, reasoning.getAsLong());
        } else if (unknownReasoningAsNull) {
            out.nullValue(REASONING_TOKENS);
        }
        if (usage.inputAudioTokens() > 0) {
            out.number(INPUT_AUDIO_TOKENS, usage.inputAudioTokens());
        }
        if (usage.outputAudioTokens() > 0) {
            out.number(OUTPUT_AUDIO_TOKENS, usage.outputAudioTokens());
        }
        if (usage.webSearchRequests() > 0) {
            out.number(WEB_SEARCH_REQUESTS, usage.webSearchRequests());
        }
        if (usage.serviceTier() != ServiceTier.STANDARD) {
            out.string(SERVICE_TIER, usage.serviceTier().wireName());
        }
        if (usage.inferenceGeo() != null) {
            out.string(INFERENCE_GEO, usage.inferenceGeo());
        }
    }

    /**
     * The one form of id a record takes. {@link UUID#fromString} is lenient and lossy — it reads
     * {@code 1-1-1-1-1}, and {@code 1234567890-1234-1234-1234-1234567890} silently truncated to
     * another UUID — so two different texts could name the same event.
     *
     * @param text a text, or null
     * @return the UUID when {@code text} is exactly 36 characters of 8-4-4-4-12 hex digits (either
     *     case), else empty
     */
    public static Optional<UUID> canonicalId(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char ch = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (ch != '-') {
                    return Optional.empty();
                }
                continue;
            }
            int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (v < 0) {
                return Optional.empty();
            }
            if (digits++ < 16) {
                msb = msb << 4 | v;
            } else {
                lsb = lsb << 4 | v;
            }
        }
        return Optional.of(new UUID(msb, lsb));
    }

    private static long known(long count) {
        return Math.max(count, 0);
    }

    private static UsageRecordException invalid(String prefix, String field, String problem) {
        String name = prefix + field;
        return new UsageRecordException(name, name + " " + problem, null);
    }

    private static UUID id(JsonObjectView r, String prefix) {
        Kind kind = r.kind(ID);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return null;
        }
        if (kind != Kind.STRING) {
            throw invalid(prefix, ID, "must be a UUID string, was " + kind.describe());
        }
        String text = r.string(ID);
        Optional<UUID> id = canonicalId(text);
        if (id.isEmpty()) {
            throw invalid(prefix, ID, "must be a UUID like " + ID_EXAMPLE + " (8-4-4-4-12 hex digits), was '"
                    + clip(text) + "'");
        }
        return id.get();
    }

    private static String text(JsonObjectView r, String field, String prefix, int max) {
        Kind kind = r.kind(field);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            throw invalid(prefix, field, "is required");
        }
        if (kind != Kind.STRING) {
            throw invalid(prefix, field, "must be a string, was " + kind.describe());
        }
        String s = r.string(field).strip();
        if (s.isEmpty()) {
            throw invalid(prefix, field, "must not be blank");
        }
        if (s.length() > max) {
            throw invalid(prefix, field, "must be at most " + max + " characters, was " + s.length());
        }
        return s;
    }

    /**
     * @return the count, or -1 when missing or null. Every check before {@code longValueExact}
     *     looks only at sign, scale and precision, so {@code 1e1000000000} is refused at once
     *     instead of being expanded.
     */
    private static long count(JsonObjectView r, String field, String prefix) {
        switch (r.kind(field)) {
            case MISSING:
            case NULL:
                return -1;
            case INTEGER: {
                long n = r.integer(field);
                if (n >= 0 && n <= MAX_COUNT) {
                    return n;
                }
                throw invalid(prefix, field, "must be " + COUNT_RANGE + ", was " + n);
            }
            case NUMBER: {
                BigDecimal d = r.decimal(field);
                if (d.signum() < 0 || d.precision() - d.scale() > 13 || d.compareTo(MAX_COUNT_DECIMAL) > 0) {
                    throw invalid(prefix, field, "must be " + COUNT_RANGE + ", was " + clip(d.toString()));
                }
                BigDecimal whole = d.stripTrailingZeros();
                if (whole.scale() > 0) {
                    throw invalid(prefix, field, "must be " + COUNT_RANGE + ", was " + clip(d.toString()));
                }
                return whole.longValueExact();
            }
            case STRING:
                throw invalid(prefix, field, "must be " + COUNT_RANGE + ", was a string '" + clip(r.string(field))
                        + "'");
            default:
                throw invalid(prefix, field, "must be " + COUNT_RANGE + ", was " + r.kind(field).describe());
        }
    }

    private static ServiceTier serviceTier(JsonObjectView r, String prefix) {
        Kind kind = r.kind(SERVICE_TIER);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return null;
        }
        if (kind != Kind.STRING) {
            throw invalid(prefix, SERVICE_TIER, "must be one of standard, batch, flex, priority, was " + kind.describe());
        }
        String text = r.string(SERVICE_TIER);
        ServiceTier tier = ServiceTier.fromWireName(text);
        if (tier == null) {
            throw invalid(prefix, SERVICE_TIER, "must be one of standard, batch, flex, priority, was '" + clip(text)
                    + "'");
        }
        return tier;
    }

    private static String inferenceGeo(JsonObjectView r, String prefix) {
        Kind kind = r.kind(INFERENCE_GEO);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return null;
        }
        if (kind != Kind.STRING) {
            throw invalid(prefix, INFERENCE_GEO, "must be a string such as 'us', was " + kind.describe());
        }
        return r.string(INFERENCE_GEO); // checked by Usage.Builder, whose message names the field
    }

    private static Instant timestamp(JsonObjectView r, String prefix, Instant now) {
        Kind kind = r.kind(TIMESTAMP);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return now;
        }
        if (kind != Kind.STRING) {
            throw invalid(prefix, TIMESTAMP, "must be an ISO-8601 string like " + TIMESTAMP_EXAMPLE + ", was "
                    + kind.describe());
        }
        String text = r.string(TIMESTAMP);
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(prefix, TIMESTAMP, "must be ISO-8601 with an offset, like " + TIMESTAMP_EXAMPLE + ", was '"
                    + clip(text) + "'");
        }
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw invalid(prefix, TIMESTAMP, "is more than a day in the future: " + at);
        }
        if (at.isBefore(EARLIEST)) {
            throw invalid(prefix, TIMESTAMP, "is before 2000-01-01: " + at);
        }
        return at;
    }

    /** @return the duration in milliseconds, or NaN when missing or null */
    private static double duration(JsonObjectView r, String prefix) {
        Kind kind = r.kind(DURATION_MS);
        double d;
        String text;
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return Double.NaN;
        } else if (kind == Kind.INTEGER) {
            long n = r.integer(DURATION_MS);
            d = n;
            text = Long.toString(n);
        } else if (kind == Kind.NUMBER) {
            BigDecimal v = r.decimal(DURATION_MS);
            d = v.doubleValue(); // a duration is not money: a double is precise enough
            text = v.toString();
        } else {
            throw invalid(prefix, DURATION_MS, "must be a number of milliseconds >= 0, was " + kind.describe());
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw invalid(prefix, DURATION_MS, "must be >= 0, was " + clip(text));
        }
        return d;
    }

    private static Map<String, String> tags(JsonObjectView r, String prefix) {
        Kind kind = r.kind(TAGS);
        if (kind == Kind.MISSING || kind == Kind.NULL) {
            return Map.of();
        }
        if (kind != Kind.OBJECT) {
            throw invalid(prefix, TAGS, "must be an object of string values, was " + kind.describe());
        }
        JsonObjectView tags = r.object(TAGS);
        int size = tags.size();
        if (size > MAX_TAGS) {
            throw invalid(prefix, TAGS, "may hold at most " + MAX_TAGS + " tags, had " + size);
        }
        if (size == 0) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>(size * 2);
        for (String key : tags.names()) {
            if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
                throw invalid(prefix, TAGS, "keys must have 1 to " + MAX_TAG_KEY_LENGTH + " characters, was '"
                        + clip(key) + "'");
            }
            Kind valueKind = tags.kind(key);
            if (valueKind != Kind.STRING) {
                throw invalid(prefix, TAGS + "." + key, "must be a string, was " + valueKind.describe());
            }
            String value = tags.string(key);
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
                throw invalid(prefix, TAGS + "." + key, "must be at most " + MAX_TAG_VALUE_LENGTH
                        + " characters, was " + value.length());
            }
            out.put(key, value);
        }
        return Collections.unmodifiableMap(out);
    }

    private static String clip(String s) {
        if (s.length() <= 60) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(59)) ? 59 : 60; // never split a pair
        return s.substring(0, end) + "…";
    }
}
