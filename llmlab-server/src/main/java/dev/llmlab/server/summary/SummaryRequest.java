package dev.llmlab.server.summary;

import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.QueryParameters;
import dev.llmlab.server.ingest.EventParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /api/costs/summary}, read from the raw query string and checked
 * strictly by {@link QueryParameters}: every mistake is a 400 naming the parameter. Each of
 * {@code period}, {@code tz}, {@code at}, {@code group_by} may appear once; other parameter names
 * are ignored.
 *
 * @param period the period to sum
 * @param tagKey the tag key of {@code group_by=tag:<key>}, or null
 * @param byServiceTier whether {@code group_by=service_tier} asked for the totals by service tier
 */
public record SummaryRequest(Period period, String tagKey, boolean byServiceTier) {
    /** The {@code group_by} value that groups by service tier. */
    static final String SERVICE_TIER = "service_tier";

    /** Longest value of any parameter, in characters. */
    static final int MAX_LENGTH = QueryParameters.MAX_LENGTH;
    private static final Set<String> NAMES = Set.of("period", "tz", "at", "group_by");
    private static final String PLUS_HINT = " (a '+' in a URL query stands for a space: send it as %2B)";

    /**
     * Reads and checks a summary query.
     *
     * <pre>{@code
     * SummaryRequest r = SummaryRequest.parse("period=day&tz=%2B05:00&at=2025-07-02", Instant.now());
     * }</pre>
     *
     * @param rawQuery the query string as sent, still percent-encoded; null or empty for none
     * @param now the current instant (the default {@code at}); not null
     * @return the request
     * @throws ApiException 400 naming the parameter at fault
     */
    public static SummaryRequest parse(String rawQuery, Instant now) {
        Map<String, String> q = decode(rawQuery);
        ZoneId zone = zone(q.get("tz"));
        String period = q.get("period");
        LocalDate day = day(q.get("at"), zone, now);
        Period p = Period.containing(period == null || period.isEmpty() ? "month" : period, zone, day);
        String groupBy = q.get("group_by");
        if (SERVICE_TIER.equals(groupBy)) {
            return new SummaryRequest(p, null, true);
        }
        return new SummaryRequest(p, tagKey(groupBy), false);
    }

    /** @return the known parameters, decoded; a repeated one, or one that is not text, is refused */
    static Map<String, String> decode(String rawQuery) {
        return QueryParameters.decode(rawQuery, NAMES::contains, false);
    }

    static ZoneId zone(String tz) {
        if (tz == null || tz.isEmpty()) {
            return ZoneId.of("UTC");
        }
        try {
            if (tz.indexOf(' ') < 0) {
                return ZoneId.of(tz);
            }
        } catch (DateTimeException e) {
            // refused below with the forms we take
        }
        throw ApiException.invalid("tz", "tz must be an IANA time zone (Europe/Paris, Asia/Kolkata, UTC) or a fixed"
                + " offset from UTC (+05:00, -03:30, UTC+5, GMT-3), was '" + shown(tz) + "'"
                + (tz.indexOf(' ') >= 0 ? PLUS_HINT : ""));
    }

    static LocalDate day(String at, ZoneId zone, Instant now) {
        if (at == null || at.isEmpty()) {
            return now.atZone(zone).toLocalDate();
        }
        try {
            if (at.length() == 10) {
                return LocalDate.parse(at);
            }
            return OffsetDateTime.parse(at).atZoneSameInstant(zone).toLocalDate();
        } catch (DateTimeException e) {
            throw ApiException.invalid("at", "at must be a date (2025-07-01) or an ISO-8601 instant with offset"
                    + " (2025-07-01T09:30:00Z, 2025-07-01T11:30:00%2B02:00) from year " + Period.MIN_DATE.getYear()
                    + " to " + Period.MAX_DATE.getYear() + ", was '" + shown(at) + "'"
                    + (at.indexOf(' ') >= 0 ? PLUS_HINT : ""));
        }
    }

    private static String tagKey(String groupBy) {
        if (groupBy == null || groupBy.isEmpty() || groupBy.equals("provider") || groupBy.equals("model")) {
            return null; // by_provider and by_model are always there
        }
        if (!groupBy.startsWith("tag:") || groupBy.length() == 4
                || groupBy.length() > 4 + EventParser.MAX_TAG_KEY) {
            throw ApiException.invalid("group_by", "group_by must be tag:<key> with a key of 1 to "
                    + EventParser.MAX_TAG_KEY + " characters (e.g. tag:project), service_tier, provider or model, was '"
                    + shown(groupBy) + "'");
        }
        return groupBy.substring(4);
    }

    /** @return a value as an error message shows it: at most 64 characters */
    static String shown(String value) {
        return QueryParameters.shown(value);
    }
}
