package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.core.internal.json.JsonException;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads LLMlab's price-file format: the built-in price list of each provider jar and users'
 * override files share it.
 *
 * <pre>{@code
 * {
 *   "provider": "openai",
 *   "models": [
 *     {"model": "gpt-4o", "aliases": ["chatgpt-4o-latest"],
 *      "prices": [
 *        {"effective_from": "2024-08-06", "input": "2.50", "cache_read": "1.25", "output": "10.00",
 *         "source": "https://openai.com/api/pricing/"}
 *      ]}
 *   ]
 * }
 * }</pre>
 *
 * Rates are US dollars per million tokens (web search: per thousand requests), written as JSON
 * strings or numbers and read exactly. Unknown keys are errors, so a misspelt rate is caught.
 *
 * <p>A model LLMlab knows but cannot price from tokens has {@code unpriced_reason} (and a
 * {@code source}) instead of {@code prices}, so its usage is unpriced with that reason rather
 * than "unknown model":
 *
 * <pre>{@code
 * {"model": "dall-e-3", "unpriced_reason": "billed per image generated; LLMlab prices tokens only",
 *  "source": "https://platform.openai.com/docs/pricing"}
 * }</pre>
 *
 * <p>A model that can be fine-tuned carries the rates its fine-tuned versions bill at in
 * {@code fine_tuned}, periods like its own; a model answers also to the names its {@code match}
 * patterns (a string or an array of strings; {@code *} is the only wildcard) match:
 *
 * <pre>{@code
 * {"model": "gpt-4o-mini", "prices": [...],
 *  "fine_tuned": {"prices": [{"effective_from": "2024-07-18", "input": "0.30", "cache_read": "0.15",
 *                             "output": "1.20", "source": "https://openai.com/api/pricing/"}]}}
 * {"model": "acme-support", "match": "ft:gpt-4o-mini-2024-07-18:acme:*", "prices": [...]}
 * }</pre>
 *
 * <p>A period's rates at other service tiers and inference geographies are complete rate sets in
 * {@code service_tiers} (see {@link ServiceTierRates}); a tier a model does not offer is simply
 * absent, and usage at it is unpriced:
 *
 * <pre>{@code
 * {"effective_from": "2025-08-07", "input": "1.25", "cache_read": "0.125", "output": "10.00",
 *  "service_tiers": [
 *    {"service_tier": "batch", "input": "0.625", "cache_read": "0.0625", "output": "5.00", "source": "…"},
 *    {"service_tier": "priority", "input": "2.50", "cache_read": "0.25", "output": "20.00", "source": "…"}]}
 * }</pre>
 */
final class PriceFiles {
    private static final Set<String> FILE_KEYS = Set.of("format", "provider", "models", "note", "fallback_provider");
    private static final Set<String> MODEL_KEYS = Set.of("provider", "model", "aliases", "match", "prices", "note",
            "unpriced_reason", "source", "fine_tuned");
    private static final Set<String> FINE_TUNED_KEYS = Set.of("prices", "note");
    private static final Set<String> RATE_KEYS = Set.of("input", "cache_read", "cache_write", "cache_write_1h",
            "output", "input_audio", "output_audio", "web_search_per_1k");
    private static final Set<String> PERIOD_KEYS = union(RATE_KEYS,
            Set.of("effective_from", "tiers", "service_tiers", "source", "note"));
    private static final Set<String> TIER_KEYS = union(RATE_KEYS, Set.of("above_input_tokens"));
    private static final Set<String> SERVICE_TIER_KEYS = union(RATE_KEYS,
            Set.of("service_tier", "inference_geo", "tiers", "source", "note"));

    private PriceFiles() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /**
     * @param json the file's text
     * @param origin the file's name, for messages and {@link ModelPrice#origin()}
     * @return the models in the file
     * @throws PriceFileException naming the origin and the line or field at fault
     */
    static List<ModelPrice> parse(String json, String origin) {
        HostList list = parseList(json, origin);
        if (list.fallbackProvider() != null) {
            throw new PriceFileException(origin + ": fallback_provider: only a host price list built into a provider"
                    + " jar names one; an override file lists its models");
        }
        return list.models();
    }

    /**
     * A price list and, for a host's list, the provider whose prices its unlisted models bill at.
     *
     * @param models the models in the file
     * @param fallbackProvider the file's {@code fallback_provider}, or null
     */
    record HostList(List<ModelPrice> models, String fallbackProvider) {
    }

    /**
     * Reads a price list that may name a {@code fallback_provider}: a host's list built into a
     * provider jar (docs/prices.md, "Hosts").
     *
     * @param json the file's text
     * @param origin the file's name, for messages
     * @return the models and the fallback provider, if any
     * @throws PriceFileException naming the origin and the line or field at fault
     */
    static HostList parseList(String json, String origin) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new PriceFileException(origin + ": not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Object> file = object(root, "(top level)", origin);
        checkKeys(file, FILE_KEYS, "(top level)", origin);
        Object format = file.get("format");
        if (format != null && !(format instanceof BigDecimal && ((BigDecimal) format).compareTo(BigDecimal.ONE) == 0)) {
            throw new PriceFileException(origin + ": format: expected 1, got " + describe(format));
        }
        String defaultProvider = optionalString(file, "provider", "provider", origin);
        String fallback = optionalString(file, "fallback_provider", "fallback_provider", origin);
        if (fallback != null && fallback.isBlank()) {
            throw new PriceFileException(origin + ": fallback_provider: must not be blank");
        }
        List<Object> models = list(required(file, "models", "models", origin), "models", origin);
        List<ModelPrice> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String path = "models[" + i + "]";
            Map<String, Object> m = object(models.get(i), path, origin);
            checkKeys(m, MODEL_KEYS, path, origin);
            String provider = optionalString(m, "provider", path + ".provider", origin);
            if (provider == null) {
                provider = defaultProvider;
            }
            if (provider == null || provider.isBlank()) {
                throw new PriceFileException(origin + ": " + path + ".provider: required (here or at the top level)");
            }
            String model = string(required(m, "model", path + ".model", origin), path + ".model", origin);
            if (model.isBlank()) {
                throw new PriceFileException(origin + ": " + path + ".model: must not be blank");
            }
            List<String> aliases = new ArrayList<>();
            if (m.containsKey("aliases")) {
                List<Object> a = list(m.get("aliases"), path + ".aliases", origin);
                for (int k = 0; k < a.size(); k++) {
                    aliases.add(string(a.get(k), path + ".aliases[" + k + "]", origin));
                }
            }
            List<String> patterns = patterns(m, path, origin);
            List<PricePeriod> fineTuned = fineTuned(m, path, origin);
            String unpricedReason = optionalString(m, "unpriced_reason", path + ".unpriced_reason", origin);
            String source = optionalString(m, "source", path + ".source", origin);
            if (unpricedReason != null) {
                if (m.containsKey("prices")) {
                    throw new PriceFileException(origin + ": " + path + ": has both \"prices\" and"
                            + " \"unpriced_reason\"; a model is either priced by tokens or unpriced with a reason");
                }
                if (unpricedReason.isBlank()) {
                    throw new PriceFileException(origin + ": " + path + ".unpriced_reason: must not be blank; say"
                            + " why the model is not priced (e.g. \"billed per image generated\")");
                }
                if (source == null || source.isBlank()) {
                    throw new PriceFileException(origin + ": " + path + ".source: required with unpriced_reason,"
                            + " the page that says how the model is billed");
                }
                out.add(extend(ModelPrice.unpriced(provider, model, aliases, unpricedReason, origin), patterns, fineTuned,
                        path, origin));
                continue;
            }
            if (source != null) {
                throw new PriceFileException(origin + ": " + path + ".source: only an unpriced model has a"
                        + " model-level source; a priced model's sources go on its price periods");
            }
            List<Object> prices = list(required(m, "prices", path + ".prices", origin), path + ".prices", origin);
            if (prices.isEmpty()) {
                throw new PriceFileException(origin + ": " + path + ".prices: at least one price period expected");
            }
            List<PricePeriod> periods = new ArrayList<>();
            for (int k = 0; k < prices.size(); k++) {
                periods.add(period(prices.get(k), path + ".prices[" + k + "]", origin));
            }
            ModelPrice price;
            try {
                price = ModelPrice.of(provider, model, aliases, periods, origin);
            } catch (IllegalArgumentException e) {
                throw new PriceFileException(origin + ": " + path + ": " + e.getMessage(), e);
            }
            out.add(extend(price, patterns, fineTuned, path, origin));
        }
        return new HostList(out, fallback == null ? null : fallback.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private static ModelPrice extend(ModelPrice price, List<String> patterns, List<PricePeriod> fineTuned, String path,
            String origin) {
        ModelPrice out = patterns.isEmpty() ? price : price.withPatterns(patterns); // each checked by patterns()
        if (fineTuned == null) {
            return out;
        }
        try {
            return out.withFineTuned(fineTuned);
        } catch (IllegalArgumentException e) {
            throw new PriceFileException(origin + ": " + path + ".fine_tuned: " + e.getMessage(), e);
        }
    }

    /** The model's "match": one pattern or an array of them, each checked where it is written. */
    private static List<String> patterns(Map<String, Object> m, String path, String origin) {
        Object v = m.get("match");
        if (v == null || v == Json.NULL) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String) {
            out.add(pattern(v, path + ".match", origin));
            return out;
        }
        if (!(v instanceof List)) {
            throw new PriceFileException(origin + ": " + path + ".match: expected a pattern (a string such as"
                    + " \"ft:gpt-4o-mini-2024-07-18:acme:*\") or an array of them, got " + describe(v));
        }
        List<Object> list = list(v, path + ".match", origin);
        if (list.isEmpty()) {
            throw new PriceFileException(origin + ": " + path + ".match: an empty array; give at least one pattern or"
                    + " leave \"match\" out");
        }
        for (int k = 0; k < list.size(); k++) {
            out.add(pattern(list.get(k), path + ".match[" + k + "]", origin));
        }
        return out;
    }

    private static String pattern(Object v, String path, String origin) {
        String s = string(v, path, origin);
        try {
            NamePattern.of(s);
        } catch (IllegalArgumentException e) {
            throw new PriceFileException(origin + ": " + path + ": " + e.getMessage(), e);
        }
        return s;
    }

    /** The model's "fine_tuned" periods, or null when it has none. */
    private static List<PricePeriod> fineTuned(Map<String, Object> m, String path, String origin) {
        Object v = m.get("fine_tuned");
        if (v == null || v == Json.NULL) {
            return null;
        }
        String fp = path + ".fine_tuned";
        Map<String, Object> block = object(v, fp, origin);
        checkKeys(block, FINE_TUNED_KEYS, fp, origin);
        optionalString(block, "note", fp + ".note", origin);
        List<Object> prices = list(required(block, "prices", fp + ".prices", origin), fp + ".prices", origin);
        if (prices.isEmpty()) {
            throw new PriceFileException(origin + ": " + fp + ".prices: at least one price period expected");
        }
        List<PricePeriod> periods = new ArrayList<>();
        for (int k = 0; k < prices.size(); k++) {
            periods.add(period(prices.get(k), fp + ".prices[" + k + "]", origin));
        }
        return periods;
    }

    private static PricePeriod period(Object value, String path, String origin) {
        Map<String, Object> p = object(value, path, origin);
        checkKeys(p, PERIOD_KEYS, path, origin);
        Instant from = instant(required(p, "effective_from", path + ".effective_from", origin),
                path + ".effective_from", origin);
        Rates rates = rates(p, path, origin);
        List<PriceTier> tiers = tiers(p, path, origin);
        List<ServiceTierRates> serviceTiers = new ArrayList<>();
        if (p.containsKey("service_tiers")) {
            List<Object> st = list(p.get("service_tiers"), path + ".service_tiers", origin);
            for (int i = 0; i < st.size(); i++) {
                serviceTiers.add(serviceTier(st.get(i), path + ".service_tiers[" + i + "]", origin));
            }
        }
        try {
            return PricePeriod.of(from, rates, tiers, serviceTiers, optionalString(p, "source", path + ".source", origin),
                    optionalString(p, "note", path + ".note", origin));
        } catch (IllegalArgumentException e) {
            throw new PriceFileException(origin + ": " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * One entry of a period's "service_tiers": the tier's (and geography's) complete rates, read
     * like the period's own.
     */
    private static ServiceTierRates serviceTier(Object value, String path, String origin) {
        Map<String, Object> m = object(value, path, origin);
        checkKeys(m, SERVICE_TIER_KEYS, path, origin);
        String name = string(required(m, "service_tier", path + ".service_tier", origin), path + ".service_tier",
                origin);
        ServiceTier tier = ServiceTier.fromWireName(name);
        if (tier == null) {
            throw new PriceFileException(origin + ": " + path + ".service_tier: expected one of batch, flex, priority"
                    + " or standard, got \"" + name + "\"");
        }
        String geo = optionalString(m, "inference_geo", path + ".inference_geo", origin);
        if (geo != null) {
            try {
                geo = Usage.builder("x", null).inferenceGeo(geo).build().inferenceGeo();
            } catch (dev.llmlab.spi.InvalidUsageException e) {
                throw new PriceFileException(origin + ": " + path + ".inference_geo: " + e.getMessage(), e);
            }
        }
        if (tier == ServiceTier.STANDARD && geo == null) {
            throw new PriceFileException(origin + ": " + path + ".service_tier: \"standard\" without an inference_geo"
                    + " repeats the period's own rates; give an inference_geo (e.g. \"us\") or another tier");
        }
        try {
            return ServiceTierRates.of(tier, geo, rates(m, path, origin), tiers(m, path, origin),
                    optionalString(m, "source", path + ".source", origin), optionalString(m, "note", path + ".note",
                            origin));
        } catch (IllegalArgumentException e) {
            throw new PriceFileException(origin + ": " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<PriceTier> tiers(Map<String, Object> p, String path, String origin) {
        List<PriceTier> tiers = new ArrayList<>();
        if (p.containsKey("tiers")) {
            List<Object> t = list(p.get("tiers"), path + ".tiers", origin);
            for (int i = 0; i < t.size(); i++) {
                String tp = path + ".tiers[" + i + "]";
                Map<String, Object> tier = object(t.get(i), tp, origin);
                checkKeys(tier, TIER_KEYS, tp, origin);
                BigDecimal above = number(required(tier, "above_input_tokens", tp + ".above_input_tokens", origin),
                        tp + ".above_input_tokens", origin);
                long threshold;
                try {
                    threshold = above.longValueExact();
                } catch (ArithmeticException e) {
                    throw new PriceFileException(origin + ": " + tp + ".above_input_tokens: expected a whole number, got "
                            + above.toPlainString());
                }
                if (threshold < 0) {
                    throw new PriceFileException(origin + ": " + tp + ".above_input_tokens: must be >= 0, was " + threshold);
                }
                tiers.add(PriceTier.of(threshold, rates(tier, tp, origin)));
            }
        }
        return tiers;
    }

    private static Rates rates(Map<String, Object> p, String path, String origin) {
        Rates.Builder b = Rates.builder();
        b.input(rate(p, "input", path, origin, true));
        b.cacheRead(rate(p, "cache_read", path, origin, false));
        b.cacheWrite(rate(p, "cache_write", path, origin, false));
        b.cacheWrite1h(rate(p, "cache_write_1h", path, origin, false));
        b.output(rate(p, "output", path, origin, false));
        b.inputAudio(rate(p, "input_audio", path, origin, false));
        b.outputAudio(rate(p, "output_audio", path, origin, false));
        b.webSearchPer1k(rate(p, "web_search_per_1k", path, origin, false));
        return b.build();
    }

    private static BigDecimal rate(Map<String, Object> p, String key, String path, String origin, boolean required) {
        Object v = p.get(key);
        if (v == null || v == Json.NULL) {
            if (required) {
                throw new PriceFileException(origin + ": " + path + "." + key + ": required, a rate in USD per million"
                        + " tokens");
            }
            return null;
        }
        BigDecimal d = number(v, path + "." + key, origin);
        if (d.signum() < 0) {
            throw new PriceFileException(origin + ": " + path + "." + key + ": must be >= 0, was " + d.toPlainString());
        }
        return d;
    }

    private static BigDecimal number(Object v, String path, String origin) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof String) {
            try {
                return new BigDecimal(((String) v).trim());
            } catch (NumberFormatException e) {
                throw new PriceFileException(origin + ": " + path + ": expected a decimal number, got \"" + v + "\"");
            }
        }
        throw new PriceFileException(origin + ": " + path + ": expected a decimal number (string or number), got "
                + describe(v));
    }

    private static Instant instant(Object v, String path, String origin) {
        String s = string(v, path, origin).trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new PriceFileException(origin + ": " + path + ": expected a date (2025-06-10) or an instant "
                    + "(2025-06-10T00:00:00Z), got \"" + s + "\"");
        }
    }

    private static Object required(Map<String, Object> m, String key, String path, String origin) {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new PriceFileException(origin + ": " + path + ": required");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String path, String origin) {
        if (!(v instanceof Map)) {
            throw new PriceFileException(origin + ": " + path + ": expected an object, got " + describe(v));
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String path, String origin) {
        if (!(v instanceof List)) {
            throw new PriceFileException(origin + ": " + path + ": expected an array, got " + describe(v));
        }
        return (List<Object>) v;
    }

    private static String string(Object v, String path, String origin) {
        if (!(v instanceof String)) {
            throw new PriceFileException(origin + ": " + path + ": expected a string, got " + describe(v));
        }
        return (String) v;
    }

    private static String optionalString(Map<String, Object> m, String key, String path, String origin) {
        Object v = m.get(key);
        return v == null || v == Json.NULL ? null : string(v, path, origin);
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String path, String origin) {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw new PriceFileException(origin + ": " + path + ": unknown key \"" + key + "\"; expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String describe(Object v) {
        if (v == null || v == Json.NULL) {
            return "null";
        }
        if (v instanceof String) {
            return "the string \"" + v + "\"";
        }
        if (v instanceof BigDecimal) {
            return "the number " + ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map) {
            return "an object";
        }
        return "an array";
    }
}
