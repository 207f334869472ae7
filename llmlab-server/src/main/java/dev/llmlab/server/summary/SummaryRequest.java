package dev.llmlab.server.summary;

import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.ingest.EventParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /api/costs/summary}, read from the raw query string and checked
 * strictly: every mistake is a 400 naming the parameter. The framework's own decoding is not used
 * because it is lenient where the summary must not be: it turns invalid UTF-8 (e.g. the encoded
 * lone surrogate {@code %ED%A0%80}) into U+FFFD and joins a repeated parameter with commas.
 *
 * <p>Rules: {@code +} is a space and {@code %XX} a byte, as in every form-encoded query; the bytes
 * must be UTF-8 text without control characters and at most {@value #MAX_LENGTH} characters; each
 * of {@code period}, {@code tz}, {@code at}, {@code group_by} may appear once; other parameter
 * names are ignored.
 *
 * @param period the period to sum
 * @param tagKey the tag key of {@code group_by=tag:<key>}, or null
 * @param byServiceTier whether {@code group_by=service_tier} asked for the totals by service tier
 */
public record SummaryRequest(Period period, String tagKey, boolean byServiceTier) {
    /** The {@code group_by} value that groups by service tier. */
    static final String SERVICE_TIER = "service_tier";

    /** Longest value of any parameter, in characters. */
    static final int MAX_LENGTH = 256;
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
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = lenientName(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null || !NAMES.contains(name)) {
                continue; // not ours: ignored, like any other unknown parameter
            }
            String value = component(eq < 0 ? "" : pair.substring(eq + 1), name);
            if (out.putIfAbsent(name, value) != null) {
                throw ApiException.invalid(name, name + " is given more than once; give it once");
            }
        }
        return out;
    }

    /** @return a parameter name decoded, or null when it is not text (then it is no name of ours) */
    private static String lenientName(String raw) {
        try {
            return text(bytes(raw, null));
        } catch (ApiException | CharacterCodingException e) {
            return null;
        }
    }

    private static String component(String raw, String field) {
        String v;
        try {
            v = text(bytes(raw, field));
        } catch (CharacterCodingException e) {
            throw ApiException.invalid(field, field + " is not UTF-8 text: its percent-encoded bytes must spell"
                    + " characters (an encoded surrogate such as %ED%A0%80 or a stray byte such as %FF does not)");
        }
        if (v.length() > MAX_LENGTH) {
            throw ApiException.invalid(field, field + " must be at most " + MAX_LENGTH + " characters, was "
                    + v.length() + " long");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw ApiException.invalid(field, field + " must not contain control characters, had U+"
                        + String.format("%04X", (int) v.charAt(i)) + " at position " + i);
            }
        }
        return v;
    }

    /**
     * @return the bytes a raw component stands for. The request line reaches us one char per byte,
     *     so a char up to U+00FF is that byte; a wider one (only if a proxy decoded the line) is
     *     taken as UTF-8
     */
    private static byte[] bytes(String raw, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw ApiException.invalid(field, field + " has a '%' that is not followed by two hex digits"
                            + " (send a literal % as %25)");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
    }

    private static String text(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ZoneId zone(String tz) {
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

    private static LocalDate day(String at, ZoneId zone, Instant now) {
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
        if (value.length() <= 64) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(63)) ? 63 : 64; // never half a character
        return value.substring(0, end) + "… (" + value.length() + " characters)";
    }
}
