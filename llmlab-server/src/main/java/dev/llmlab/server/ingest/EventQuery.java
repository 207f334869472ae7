package dev.llmlab.server.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import dev.llmlab.server.http.QueryParameters;
import dev.llmlab.spi.ServiceTier;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The query of {@code GET /api/events}, read from the raw query string by {@link QueryParameters}
 * and checked strictly: an unknown, repeated or malformed parameter is a 400 naming it. An empty
 * value is the same as leaving the parameter out (a form that sends every field).
 *
 * <ul>
 *   <li>{@code limit}: events per page, 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT});
 *   <li>{@code before}: the {@code next_before} of the previous page (opaque);
 *   <li>{@code provider}, {@code model}: exactly as stored (as the client sent them);
 *   <li>{@code service_tier}: events billed at that tier, one of {@code standard}, {@code batch},
 *       {@code flex}, {@code priority} (an event that named none is {@code standard});
 *   <li>{@code tag.<key>=<value>}: events carrying that tag value; several are all required;
 *   <li>{@code from} (inclusive), {@code to} (exclusive): when the call was made, as an ISO-8601
 *       instant with offset ({@code 2025-07-01T09:30:00Z}) or a date ({@code 2025-07-01}, its start
 *       in UTC).
 * </ul>
 *
 * @param limit events per page
 * @param before the position after which the page starts, or null for the newest
 * @param provider only this provider, or null
 * @param model only this model, or null
 * @param serviceTier only events billed at this service tier, or null for any
 * @param tags tags every listed event must carry (empty for any)
 * @param from earliest {@code occurred_at}, inclusive, or null
 * @param to latest {@code occurred_at}, exclusive, or null
 */
public record EventQuery(int limit, Cursor before, String provider, String model, ServiceTier serviceTier,
        Map<String, String> tags, Instant from, Instant to) {
    /** Events per page unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 50;
    /** Most events per page. */
    public static final int MAX_LIMIT = 200;
    private static final String TAG_PREFIX = "tag.";
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");
    private static final Set<String> NAMES = Set.of("limit", "before", "provider", "model", UsageRecords.SERVICE_TIER,
            "from", "to");

    /** Keeps an immutable copy of the tags. */
    public EventQuery {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * Where a page ends: the last listed event's time and id. Opaque to clients; encoded as
     * URL-safe base64 so that it travels in a query unescaped.
     *
     * @param occurredMicros the event's {@code occurred_at} in microseconds since the epoch
     * @param id the event's id
     */
    public record Cursor(long occurredMicros, UUID id) {
        /** @return the cursor as the API shows it ({@code next_before}) */
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("e1:" + occurredMicros + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        /**
         * @param text a {@code next_before} value
         * @return the cursor
         * @throws ApiException 400 naming {@code before} when it is not one
         */
        static Cursor decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
                String[] parts = s.split(":", -1);
                UUID id = parts.length == 3 && parts[0].equals("e1") ? PathIds.canonical(parts[2]) : null;
                if (id != null) {
                    return new Cursor(Long.parseLong(parts[1]), id);
                }
            } catch (IllegalArgumentException e) {
                // answered below with what was expected
            }
            throw ApiException.invalid("before", "before must be the next_before of a previous page of"
                    + " /api/events, unchanged; was '" + QueryParameters.shown(text) + "'");
        }
    }

    /**
     * Reads and checks the query.
     *
     * <pre>{@code
     * EventQuery q = EventQuery.parse("limit=20&model=gpt-4o&tag.project=search");
     * }</pre>
     *
     * @param rawQuery the query string as sent, still percent-encoded; null or empty for none
     * @return the query
     * @throws ApiException 400 naming the parameter at fault
     */
    public static EventQuery parse(String rawQuery) {
        Map<String, String> q = QueryParameters.decode(rawQuery,
                name -> NAMES.contains(name) || name.startsWith(TAG_PREFIX), true);
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (!e.getKey().startsWith(TAG_PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(TAG_PREFIX.length());
            if (key.isEmpty() || key.length() > UsageRecords.MAX_TAG_KEY_LENGTH) {
                throw ApiException.invalid(e.getKey(), "a tag filter is tag.<key>=<value> with a key of 1 to "
                        + UsageRecords.MAX_TAG_KEY_LENGTH + " characters (e.g. tag.project=search), was '"
                        + QueryParameters.shown(e.getKey()) + "'");
            }
            if (tags.size() == UsageRecords.MAX_TAGS) {
                throw ApiException.invalid(e.getKey(), "at most " + UsageRecords.MAX_TAGS
                        + " tag filters may be given (an event has at most that many tags)");
            }
            tags.put(key, e.getValue());
        }
        Instant from = instant(blank(q.get("from")), "from");
        Instant to = instant(blank(q.get("to")), "to");
        if (from != null && to != null && !to.isAfter(from)) {
            throw ApiException.invalid("to", "to must be after from (from is inclusive, to exclusive), was " + to
                    + " with from " + from);
        }
        String before = blank(q.get("before"));
        return new EventQuery(limit(blank(q.get("limit"))), before == null ? null : Cursor.decode(before),
                text(blank(q.get("provider")), "provider", UsageRecords.MAX_PROVIDER_LENGTH),
                text(blank(q.get("model")), "model", UsageRecords.MAX_MODEL_LENGTH),
                serviceTier(blank(q.get(UsageRecords.SERVICE_TIER))), tags, from, to);
    }

    /** @return the tag filter as a JSON object, for {@code tags @> …}; null when there is none */
    String tagsJson() {
        if (tags.isEmpty()) {
            return null;
        }
        ObjectNode o = JsonBodies.object();
        tags.forEach(o::put);
        return o.toString();
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int limit(String s) {
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below with what was expected
        }
        throw ApiException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '"
                + QueryParameters.shown(s) + "'");
    }

    private static ServiceTier serviceTier(String s) {
        if (s == null) {
            return null;
        }
        // exactly the stored names: a filter that matched "Batch" here but not in a script's own
        // comparison would only confuse
        for (ServiceTier t : ServiceTier.values()) {
            if (t.wireName().equals(s)) {
                return t;
            }
        }
        throw ApiException.invalid(UsageRecords.SERVICE_TIER, "service_tier must be one of standard, batch, flex,"
                + " priority, was '" + QueryParameters.shown(s) + "'");
    }

    private static String text(String s, String field, int max) {
        if (s != null && s.length() > max) {
            throw ApiException.invalid(field, field + " must be at most " + max + " characters, was " + s.length()
                    + " long");
        }
        return s;
    }

    private static Instant instant(String s, String field) {
        if (s == null) {
            return null;
        }
        try {
            Instant at = s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(s).toInstant();
            if (!at.isBefore(EARLIEST) && at.isBefore(LATEST)) {
                return at;
            }
        } catch (DateTimeException e) {
            // answered below with what was expected
        }
        throw ApiException.invalid(field, field + " must be an ISO-8601 instant with offset (2025-07-01T09:30:00Z,"
                + " 2025-07-01T11:30:00%2B02:00) or a date (2025-07-01, from midnight UTC) of the years 1 to 9999,"
                + " was '" + QueryParameters.shown(s) + "'" + (s.indexOf(' ') >= 0
                        ? " (a '+' in a URL query stands for a space: send it as %2B)" : ""));
    }
}
