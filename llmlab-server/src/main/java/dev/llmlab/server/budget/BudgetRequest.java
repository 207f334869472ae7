package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.summary.Period;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a budget is, as {@code POST /api/budgets} and {@code PATCH /api/budgets/{id}} take it:
 * {@code {"name","limit_usd","period","time_zone","thresholds","scope","channels","mode"}}, every
 * field but {@code limit_usd} optional (defaults: name {@code budget}, period month, time zone UTC,
 * thresholds 50, 80, 100, the whole account, no channels, mode alert). The seed's shape
 * {@code {"monthly_limit_usd","alert_channel","alert_at_50_percent","alert_at_80_percent"}} is still
 * taken: a monthly budget in UTC over the whole account whose thresholds are 50 and 80 (as the
 * flags say) and 100. A body is one shape or the other; no other field is taken.
 *
 * @param name a label, 1–100 characters
 * @param limitUsd the limit per period, exact, trailing zeros dropped
 * @param period day, week (ISO, from Monday) or month
 * @param timeZone the zone the period's calendar is read in
 * @param thresholds percents of the limit that alert, ascending, distinct, 1–1000
 * @param scope the events counted
 * @param channels where alerts go
 * @param mode {@code alert}, or {@code hard} (refuse calls over the limit, checked by the tracker)
 * @param alertChannel the seed shape's {@code alert_channel} (a channel type without a target), or null
 */
public record BudgetRequest(String name, BigDecimal limitUsd, String period, ZoneId timeZone, List<Integer> thresholds,
        BudgetScope scope, List<Channel> channels, String mode, String alertChannel) {
    /** Largest limit accepted: one trillion USD. */
    public static final BigDecimal MAX_LIMIT_USD = new BigDecimal("1000000000000");
    /** Most decimal places of a limit (micro-dollars, as summaries show money). */
    public static final int MAX_LIMIT_DECIMALS = 6;
    /** The thresholds when none are sent. */
    public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);
    /** Most thresholds on one budget. */
    public static final int MAX_THRESHOLDS = 10;
    /** Highest threshold: ten times the limit. */
    public static final int MAX_THRESHOLD = 1000;
    // "1000000000000.000000" is 20 characters; longer text is refused before it is parsed.
    private static final int MAX_LIMIT_TEXT = 40;
    private static final Set<String> SEED_CHANNELS = Set.of("slack", "discord", "email", "webhook");
    private static final Set<String> SEED_FIELDS = Set.of("monthly_limit_usd", "alert_channel", "alert_at_50_percent",
            "alert_at_80_percent");
    private static final Set<String> FIELDS = Set.of("name", "limit_usd", "period", "time_zone", "thresholds", "scope",
            "channels", "mode");
    private static final Set<String> PERIODS = Set.of("day", "week", "month");
    private static final Set<String> MODES = Set.of("alert", "hard");

    /** Checks the parts and keeps immutable copies. */
    public BudgetRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limitUsd, "limitUsd");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(timeZone, "timeZone");
        thresholds = List.copyOf(thresholds);
        Objects.requireNonNull(scope, "scope");
        channels = List.copyOf(channels);
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * @param in the body of {@code POST /api/budgets}, read by {@link JsonBodies#parseObject}
     * @return the request, in either shape
     * @throws ApiException 400 naming the unknown field or the field at fault
     */
    public static BudgetRequest from(ObjectNode in) {
        if (in.has("monthly_limit_usd")) {
            return fromSeed(in);
        }
        Fields.onlyKnown(in, FIELDS);
        return fromRich(in);
    }

    /**
     * Applies a {@code PATCH}: the fields sent replace the budget's (a field sent as null returns to
     * its default), the others are kept, and the result is checked as a whole, as a POST would be.
     *
     * @param patch the body of {@code PATCH /api/budgets/{id}} (the rich shape's fields)
     * @return the edited request
     * @throws ApiException 400 naming the unknown field or the field at fault
     */
    public BudgetRequest patchedWith(ObjectNode patch) {
        Fields.onlyKnown(patch, FIELDS);
        ObjectNode merged = toStored();
        patch.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        BudgetRequest edited = fromRich(merged);
        return new BudgetRequest(edited.name, edited.limitUsd, edited.period, edited.timeZone, edited.thresholds,
                edited.scope, edited.channels, edited.mode, alertChannel);
    }

    private static BudgetRequest fromSeed(ObjectNode in) {
        Fields.onlyKnown(in, SEED_FIELDS);
        BigDecimal limit = limit(in.get("monthly_limit_usd"), "monthly_limit_usd");
        String channel = Fields.optionalText(in, "alert_channel", 20);
        if (channel != null && !SEED_CHANNELS.contains(channel)) {
            throw ApiException.invalid("alert_channel", "alert_channel must be one of " + new TreeSet<>(SEED_CHANNELS)
                    + ", was '" + channel + "'");
        }
        List<Integer> thresholds = new ArrayList<>();
        if (Fields.flag(in, "alert_at_50_percent", true)) {
            thresholds.add(50);
        }
        if (Fields.flag(in, "alert_at_80_percent", true)) {
            thresholds.add(80);
        }
        thresholds.add(100);
        return new BudgetRequest("budget", limit, "month", ZoneId.of("UTC"), thresholds, BudgetScope.ACCOUNT, List.of(),
                "alert", channel);
    }

    private static BudgetRequest fromRich(ObjectNode in) {
        String name = in.hasNonNull("name") ? Fields.text(in, "name", 100) : "budget";
        BigDecimal limit = limit(in.get("limit_usd"), "limit_usd");
        String period = oneOf(in, "period", PERIODS, "month");
        ZoneId zone = zone(in, period);
        List<Integer> thresholds = thresholds(in.get("thresholds"));
        BudgetScope scope = BudgetScope.from(in.get("scope"));
        List<Channel> channels = channels(in.get("channels"));
        String mode = oneOf(in, "mode", MODES, "alert");
        return new BudgetRequest(name, limit, period, zone, thresholds, scope, channels, mode, null);
    }

    private static String oneOf(ObjectNode in, String field, Set<String> allowed, String absent) {
        String v = Fields.optionalText(in, field, 20);
        if (v == null) {
            return absent;
        }
        if (!allowed.contains(v)) {
            throw ApiException.invalid(field, field + " must be one of " + new TreeSet<>(allowed) + ", was '"
                    + Fields.shorten(v) + "'");
        }
        return v;
    }

    private static ZoneId zone(ObjectNode in, String period) {
        String text = Fields.optionalText(in, "time_zone", 64);
        if (text == null) {
            return ZoneId.of("UTC");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(text);
        } catch (DateTimeException e) {
            throw ApiException.invalid("time_zone", "time_zone must be an IANA zone like Europe/Berlin or an offset"
                    + " like +05:30, was '" + Fields.shorten(text) + "'");
        }
        try {
            // Spend is read back from the 15-minute totals: the zone's days must start on a quarter hour.
            Period.containing(period, zone, Instant.now());
        } catch (ApiException e) {
            throw ApiException.invalid("time_zone", e.getMessage().replaceFirst("^tz", "time_zone"));
        }
        return zone;
    }

    private static List<Integer> thresholds(JsonNode in) {
        if (in == null || in.isNull()) {
            return DEFAULT_THRESHOLDS;
        }
        String expected = "thresholds must be an array of 1 to " + MAX_THRESHOLDS + " distinct whole percents from 1 to "
                + MAX_THRESHOLD + ", like [50, 80, 100]";
        if (!in.isArray() || in.isEmpty() || in.size() > MAX_THRESHOLDS) {
            throw ApiException.invalid("thresholds", expected + ", was " + (in.isArray() ? in.size() + " elements"
                    : JsonBodies.kind(in)));
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (JsonNode t : in) {
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 1 || t.intValue() > MAX_THRESHOLD
                    || !sorted.add(t.intValue())) {
                throw ApiException.invalid("thresholds", expected + ", had " + Fields.shorten(t.toString()));
            }
        }
        return List.copyOf(sorted);
    }

    private static List<Channel> channels(JsonNode in) {
        if (in == null || in.isNull()) {
            return List.of();
        }
        if (!in.isArray() || in.size() > Channel.MAX_CHANNELS) {
            throw ApiException.invalid("channels", "channels must be an array of at most " + Channel.MAX_CHANNELS
                    + " channels, was " + (in.isArray() ? in.size() + " elements" : JsonBodies.kind(in)));
        }
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(Channel.from(in.get(i), i));
        }
        return out;
    }

    /**
     * Reads a field with the checks of {@link Fields}, naming it under a prefix in errors
     * ({@code channels[0].url}, {@code scope.provider}).
     */
    static <T> T under(String prefix, Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            throw ApiException.invalid(prefix + e.field(), prefix + e.getMessage());
        }
    }

    /** @return the budget in the rich shape, channels with their secrets: for storing, never for answers */
    ObjectNode toStored() {
        ObjectNode o = JsonBodies.object();
        o.put("name", name);
        o.put("limit_usd", limitUsd.toPlainString());
        o.put("period", period);
        o.put("time_zone", timeZone.getId());
        ArrayNode t = o.putArray("thresholds");
        thresholds.forEach(t::add);
        o.set("scope", scope.toJson());
        o.set("channels", storedChannels());
        o.put("mode", mode);
        return o;
    }

    /** @return the channels as stored, secrets included */
    ArrayNode storedChannels() {
        ArrayNode a = JsonBodies.MAPPER.createArrayNode();
        channels.forEach(c -> a.add(c.toStored()));
        return a;
    }

    /** @return the period containing an instant, in the budget's zone */
    public Period periodAt(Instant at) {
        return Period.containing(period, timeZone, at);
    }

    /**
     * Reads the limit: a decimal string or a JSON number (read exactly by {@link JsonBodies}) above 0
     * and at most {@link #MAX_LIMIT_USD}, with at most {@link #MAX_LIMIT_DECIMALS} decimal places.
     */
    static BigDecimal limit(JsonNode limit, String field) {
        if (limit == null || limit.isNull()) {
            throw ApiException.invalid(field, field + " is required");
        }
        String was;
        BigDecimal amount = null;
        if (limit.isTextual()) {
            String text = limit.textValue().strip();
            was = "\"" + Fields.shorten(text) + "\"";
            if (text.length() <= MAX_LIMIT_TEXT) {
                try {
                    amount = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    amount = null;
                }
            }
        } else if (limit.isNumber()) {
            // JsonBodies reads every JSON number exactly (a fraction as a BigDecimal, never a double).
            was = Fields.shorten(limit.asText());
            amount = limit.decimalValue();
        } else {
            was = JsonBodies.kind(limit);
        }
        // compareTo and stripTrailingZeros look at precision and scale, never at the digits an
        // exponent like 1e999999999 stands for, so hostile values cost nothing here.
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_LIMIT_USD) > 0
                || amount.stripTrailingZeros().scale() > MAX_LIMIT_DECIMALS) {
            throw ApiException.invalid(field, field + " must be a decimal above 0 and at most "
                    + MAX_LIMIT_USD.toPlainString() + " with at most " + MAX_LIMIT_DECIMALS + " decimal places, like"
                    + " \"100.00\", was " + was);
        }
        BigDecimal exact = amount.stripTrailingZeros();
        return exact.scale() < 0 ? exact.setScale(0) : exact;
    }
}
