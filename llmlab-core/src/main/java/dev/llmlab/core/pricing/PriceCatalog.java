package dev.llmlab.core.pricing;

import dev.llmlab.core.providers.ProviderRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The prices LLMlab knows: every model of every provider, with effective dates and tiers.
 * Immutable and thread-safe; lookups of names already seen are a hash lookup.
 *
 * <p>Model names resolve robustly, in this order (docs/prices.md, "Names"):
 * <ol>
 * <li>a name or alias the catalog lists, case and surrounding blanks ignored, also once
 * {@code models/}, {@code provider/} and Bedrock-style {@code anthropic.} prefixes are dropped;
 * <li>a name pattern of a model ({@link ModelPrice#patterns()}, e.g.
 * {@code ft:gpt-4o-mini-2024-07-18:acme:*}), the most specific first;
 * <li>a fine-tuned model's name ({@code ft:<base>:<org>:<suffix>:<id>[:ckpt-step-N]}, the legacy
 * {@code <base>:ft-<org>-<date>} and Azure's {@code <base>.ft-<id>}) resolves to its base model's
 * fine-tuned rates ({@link ModelPrice#fineTuned()}): unpriced with the reason when the base has
 * none, unknown naming the base when the catalog does not know the base;
 * <li>dated snapshots ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929},
 * {@code ...@20250929}, {@code gemini-2.0-flash-001}) and {@code -latest} resolve to their model.
 * </ol>
 * An unknown name is an explicit unpriced outcome listing the closest known names; a model the
 * catalog knows but does not price from tokens (billed per image, per second, per character)
 * resolves like any other and is unpriced with its own reason ({@link ModelPrice#unpricedReason()}).
 * Each name is resolved once and remembered, so the rules cost nothing on later calls.
 *
 * <p>A <em>host</em> (Amazon Bedrock, Google Vertex AI, Azure: {@code ProviderAdapter#hosts()}) is a
 * provider of its own here, with the models its price lists carry. Its names resolve like any
 * provider's, and an endpoint qualifier read from the name ({@code global.} and the geographic
 * {@code us.}/{@code eu.}/... inference-profile prefixes of Bedrock ids, the {@code locations/…/}
 * of a Vertex AI resource name) picks the host's {@code global.<model>} or {@code regional.<model>}
 * entry when it lists one, else its plain entry. A model a host's list does not carry is unknown
 * on that host, unless the list names a {@code fallback_provider} whose prices the host bills
 * unlisted models at (Gemini on Vertex AI). A lookup without a provider never answers a host.
 *
 * <pre>{@code
 * PriceCatalog catalog = PriceCatalog.loadDefault()
 *         .withOverrides(PriceCatalog.fromFile(Path.of("my-prices.json")));
 * }</pre>
 */
public final class PriceCatalog {
    private static final int CACHE_LIMIT = 10_000;
    private static final Pattern[] SUFFIXES = {
        Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$"), // gpt-4o-2024-08-06
        Pattern.compile("[-@]\\d{8}$"), // claude-sonnet-4-5-20250929, vertex @20250929
        Pattern.compile("-v\\d+(:\\d+)?$"), // bedrock -v1:0
        Pattern.compile("-\\d{2}-\\d{4}$"), // cohere command-r-08-2024
        Pattern.compile("-\\d{2}-\\d{2}$"), // gemini previews -05-20
        Pattern.compile("-\\d{3,4}$"), // gemini-2.0-flash-001, gpt-4-0613
        Pattern.compile("-latest$"),
    };
    private static final Pattern REGION_PREFIX = Pattern.compile("^(?:[a-z]{2,6}|us-gov)\\.");
    /** The endpoint qualifiers a host's list may price apart: {@code global.<model>}, {@code regional.<model>}. */
    private static final String GLOBAL = "global";
    private static final String REGIONAL = "regional";

    private final Map<String, Map<String, ModelPrice>> byName; // provider -> name or alias -> price
    private final Map<String, List<Bound>> patterns; // provider -> patterns, most specific first
    private final Map<String, String> providerAliases; // any name -> canonical provider
    private final Map<String, List<String>> fallbacks; // host -> providers its unlisted models bill at
    private final Set<String> hosts; // providers that are hosts: not searched when no provider is named
    private final List<ModelPrice> models;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Lookup>> cache = new ConcurrentHashMap<>();

    private PriceCatalog(List<ModelPrice> models, Map<String, String> providerAliases) {
        this(models, providerAliases, Map.of(), Set.of());
    }

    private PriceCatalog(List<ModelPrice> models, Map<String, String> providerAliases,
            Map<String, List<String>> fallbacks, Set<String> hosts) {
        Map<String, Map<String, ModelPrice>> names = new HashMap<>();
        Map<String, Map<String, ModelPrice>> patternOwners = new HashMap<>();
        Map<String, List<Bound>> bound = new HashMap<>();
        for (ModelPrice m : models) {
            Map<String, ModelPrice> p = names.computeIfAbsent(m.provider(), k -> new HashMap<>());
            claim(p, m.model(), m);
            for (String alias : m.aliases()) {
                claim(p, alias, m);
            }
            for (NamePattern pattern : m.namePatterns()) {
                ModelPrice other = patternOwners.computeIfAbsent(m.provider(), k -> new HashMap<>())
                        .put(pattern.text(), m);
                if (other != null && other != m) {
                    throw new PriceFileException("the pattern '" + pattern.text() + "' is claimed by both " + other.id()
                            + " (" + other.origin() + ") and " + m.id() + " (" + m.origin() + ")");
                }
                if (other == null) {
                    bound.computeIfAbsent(m.provider(), k -> new ArrayList<>()).add(new Bound(pattern, m));
                }
            }
        }
        this.byName = names;
        Map<String, List<Bound>> sortedPatterns = new HashMap<>();
        bound.forEach((provider, list) -> {
            list.sort(Comparator.comparing(Bound::pattern, NamePattern.PRECEDENCE));
            sortedPatterns.put(provider, List.copyOf(list));
        });
        this.patterns = sortedPatterns;
        Map<String, String> aliases = new HashMap<>(providerAliases);
        for (String provider : names.keySet()) {
            aliases.put(provider, provider);
        }
        this.fallbacks = Map.copyOf(fallbacks);
        this.hosts = Set.copyOf(hosts);
        for (String host : fallbacks.keySet()) {
            aliases.put(host, host);
        }
        this.providerAliases = Map.copyOf(aliases);
        List<ModelPrice> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(ModelPrice::provider).thenComparing(ModelPrice::model));
        this.models = List.copyOf(sorted);
    }

    /** A name pattern and the model it belongs to. */
    private record Bound(NamePattern pattern, ModelPrice price) {
    }

    private static void claim(Map<String, ModelPrice> names, String name, ModelPrice m) {
        ModelPrice other = names.put(name, m);
        if (other != null && other != m) {
            throw new PriceFileException("the name '" + name + "' is claimed by both " + other.id() + " ("
                    + other.origin() + ") and " + m.id() + " (" + m.origin() + ")");
        }
    }

    /**
     * Builds a catalog from the price lists of every provider adapter on the class path.
     *
     * @return the catalog
     * @throws PriceFileException when a built-in price list is malformed
     */
    public static PriceCatalog loadDefault() {
        return fromProviders(ProviderRegistry.loadDefault());
    }

    /**
     * Builds a catalog from the price lists of the given adapters, with their provider aliases.
     *
     * @param registry the adapters; not null
     * @return the catalog
     * @throws PriceFileException when a price list is malformed
     */
    public static PriceCatalog fromProviders(ProviderRegistry registry) {
        List<ModelPrice> all = new ArrayList<>();
        registry.forEachPriceList((name, json) -> all.addAll(PriceFiles.parse(json, name + " price list")));
        Map<String, List<String>> fallbacks = new HashMap<>();
        registry.forEachHostPriceList((host, provider, json) -> {
            String origin = provider + " price list for " + host;
            PriceFiles.HostList list = PriceFiles.parseList(json, origin);
            for (ModelPrice m : list.models()) {
                if (!m.provider().equals(host)) {
                    throw new PriceFileException(origin + ": model " + m.id() + " names provider '" + m.provider()
                            + "'; a host's price list prices the host's models only (provider \"" + host + "\")");
                }
            }
            all.addAll(list.models());
            if (list.fallbackProvider() != null) {
                String fallback = registry.providerAliases().getOrDefault(list.fallbackProvider(), list.fallbackProvider());
                if (!registry.providers().contains(fallback)) {
                    throw new PriceFileException(origin + ": fallback_provider: '" + list.fallbackProvider()
                            + "' is not a loaded provider; loaded: " + String.join(", ", registry.providers()));
                }
                List<String> f = fallbacks.computeIfAbsent(host, k -> new ArrayList<>());
                if (!f.contains(fallback)) {
                    f.add(fallback);
                }
            }
        });
        Map<String, List<String>> frozen = new HashMap<>();
        fallbacks.forEach((host, list) -> frozen.put(host, List.copyOf(list)));
        return new PriceCatalog(all, registry.providerAliases(), frozen, Set.copyOf(registry.hosts()));
    }

    /**
     * @param models the model prices; not null
     * @return a catalog of exactly these models
     * @throws PriceFileException when two models claim one name
     */
    public static PriceCatalog of(Collection<ModelPrice> models) {
        return new PriceCatalog(List.copyOf(models), Map.of());
    }

    /**
     * Reads a price file in LLMlab's format (see README, "Price files").
     *
     * @param file the JSON file; not null
     * @return a catalog of the file's models
     * @throws PriceFileException when the file cannot be read or is malformed; the message names
     *     the file and the line or field at fault
     */
    public static PriceCatalog fromFile(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PriceFileException(file + ": cannot read price file: " + e.getMessage(), e);
        }
        return of(PriceFiles.parse(json, file.toString()));
    }

    /**
     * Returns this catalog with the override's models added; a model of the same provider and
     * name as one of this catalog replaces it entirely (all its periods, aliases, patterns and
     * fine-tuned rates). A name or pattern an override model claims is taken from the model of
     * this catalog that had it.
     *
     * @param overrides the models to add or replace; not null
     * @return the combined catalog
     */
    public PriceCatalog withOverrides(PriceCatalog overrides) {
        List<ModelPrice> added = new ArrayList<>();
        Set<String> claimed = new HashSet<>(); // provider/name taken by an override
        Set<String> claimedPatterns = new HashSet<>(); // provider/pattern taken by an override
        for (ModelPrice m : overrides.models) {
            String provider = canonicalProvider(m.provider());
            ModelPrice c = provider.equals(m.provider()) ? m : m.renamed(provider, m.aliases(), m.namePatterns());
            added.add(c);
            claimed.add(c.id());
            c.aliases().forEach(a -> claimed.add(provider + "/" + a));
            c.patterns().forEach(p -> claimedPatterns.add(provider + "/" + p));
        }
        List<ModelPrice> result = new ArrayList<>();
        for (ModelPrice m : models) {
            if (claimed.contains(m.id())) {
                continue; // replaced
            }
            List<String> keep = m.aliases().stream().filter(a -> !claimed.contains(m.provider() + "/" + a)).toList();
            List<NamePattern> keepPatterns = m.namePatterns().stream()
                    .filter(p -> !claimedPatterns.contains(m.provider() + "/" + p.text())).toList();
            boolean unchanged = keep.size() == m.aliases().size() && keepPatterns.size() == m.namePatterns().size();
            result.add(unchanged ? m : m.renamed(m.provider(), keep, keepPatterns));
        }
        result.addAll(added);
        return new PriceCatalog(result, providerAliases, fallbacks, hosts);
    }

    /** @return every model, sorted by provider then name */
    public List<ModelPrice> models() {
        return models;
    }

    /** @return the canonical provider names, hosts included */
    public List<String> providers() {
        TreeSet<String> all = new TreeSet<>(byName.keySet());
        all.addAll(fallbacks.keySet());
        return List.copyOf(all);
    }

    /** @return the canonical names of the providers that are hosts (docs/prices.md, "Hosts"), sorted */
    public List<String> hosts() {
        return List.copyOf(new TreeSet<>(hosts));
    }

    /**
     * @param host a host's canonical name
     * @return the providers whose prices the host bills the models its list does not carry at;
     *     empty when it bills only what its list carries (an unlisted model is unknown there)
     */
    public List<String> fallbackProviders(String host) {
        return fallbacks.getOrDefault(host, List.of());
    }

    /**
     * @param provider a provider name or alias, any case
     * @return the canonical name, or the lower-cased input when unknown
     */
    public String canonicalProvider(String provider) {
        String p = provider.trim().toLowerCase(Locale.ROOT);
        return providerAliases.getOrDefault(p, p);
    }

    /**
     * Finds the price of a model by any of its names.
     *
     * @param provider the provider name or alias, or null to search every provider
     * @param model the model name as a response or request gave it; not null
     * @return the model's prices, or empty when unknown
     */
    public java.util.Optional<ModelPrice> find(String provider, String model) {
        return java.util.Optional.ofNullable(lookup(provider, model).price);
    }

    /**
     * Models whose names match a query: every model when the query is null or blank, else those
     * whose provider, name, alias, name pattern or fine-tuned entry ({@code ft:<model>}, when the
     * model has fine-tuned rates) contains it (case-insensitive).
     *
     * @param query the text to look for, or null
     * @return matching models, sorted by provider then name
     */
    public List<ModelPrice> search(String query) {
        if (query == null || query.isBlank()) {
            return models;
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<ModelPrice> out = new ArrayList<>();
        for (ModelPrice m : models) {
            if (m.id().contains(q) || m.aliases().stream().anyMatch(a -> a.contains(q))
                    || m.patterns().stream().anyMatch(p -> p.contains(q))
                    || m.fineTuned().filter(ModelPrice::isPriced).filter(f -> f.model().contains(q)).isPresent()) {
                out.add(m);
            }
        }
        return out;
    }

    /** The outcome of resolving a name: a price, or the reason and suggestions. */
    static final class Lookup {
        final ModelPrice price;
        final String reason;
        final List<String> suggestions;

        Lookup(ModelPrice price, String reason, List<String> suggestions) {
            this.price = price;
            this.reason = reason;
            this.suggestions = suggestions;
        }
    }

    Lookup lookup(String provider, String model) {
        String providerKey = provider == null ? "" : provider;
        if (model == null) {
            return new Lookup(null, "no model name: the response does not name its model; supply the model "
                    + "the request named", List.of());
        }
        ConcurrentHashMap<String, Lookup> perProvider = cache.get(providerKey);
        if (perProvider == null) {
            perProvider = cache.computeIfAbsent(providerKey, k -> new ConcurrentHashMap<>());
        }
        Lookup found = perProvider.get(model);
        if (found == null) {
            found = resolve(provider, model);
            if (perProvider.size() < CACHE_LIMIT) {
                perProvider.put(model, found);
            }
        }
        return found;
    }

    private Lookup resolve(String provider, String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        if (provider == null || provider.isBlank()) {
            List<ModelPrice> hits = new ArrayList<>();
            for (String p : byName.keySet()) {
                if (hosts.contains(p)) {
                    continue; // a host's price is asked for by naming the host
                }
                ModelPrice m = resolveIn(p, name);
                if (m != null) {
                    hits.add(m);
                }
            }
            if (hits.size() == 1) {
                return new Lookup(hits.get(0), null, List.of());
            }
            if (hits.size() > 1) {
                hits.sort(Comparator.comparing(ModelPrice::id));
                List<String> ids = hits.stream().map(ModelPrice::id).toList();
                return new Lookup(null, "model '" + model + "' is known for several providers (" + String.join(", ", ids)
                        + "); name the provider", ids);
            }
            return unknown(model, null, name);
        }
        String p = canonicalProvider(provider);
        if (!byName.containsKey(p) && !fallbacks.containsKey(p)) {
            return new Lookup(null, "unknown provider '" + provider + "'; known providers: "
                    + String.join(", ", providers()), List.of());
        }
        ModelPrice m = resolveIn(p, name);
        for (int i = 0; m == null && i < fallbackProviders(p).size(); i++) {
            m = resolveIn(fallbackProviders(p).get(i), name);
        }
        if (m != null) {
            return new Lookup(m, null, List.of());
        }
        return unknown(model, p, name);
    }

    /** Nothing resolves the name: the reason, naming the base model when the name is a fine-tuned one. */
    private Lookup unknown(String model, String provider, String name) {
        String base = fineTunedBase(provider != null ? stripPrefixes(provider, name)
                : name.startsWith("models/") ? name.substring("models/".length()) : name);
        if (base == null) {
            List<String> close = closest(provider, name);
            return new Lookup(null, unknownModel(model, provider, close), close);
        }
        String s = "unknown model '" + model + "'" + (provider == null ? "" : " for provider '" + provider + "'");
        if (base.isEmpty()) {
            return new Lookup(null, s + ": a fine-tuned model's name without its base model", List.of());
        }
        List<String> close = closest(provider, undated(base));
        s += ": a fine-tuned model of '" + base + "', which the catalog does not know";
        return new Lookup(null, close.isEmpty() ? s : s + "; closest known: " + String.join(", ", close), close);
    }

    private static String unknownModel(String model, String provider, List<String> close) {
        String s = "unknown model '" + model + "'" + (provider == null ? "" : " for provider '" + provider + "'");
        return close.isEmpty() ? s : s + "; closest known: " + String.join(", ", close);
    }

    private ModelPrice resolveIn(String provider, String name) {
        Map<String, ModelPrice> names = byName.getOrDefault(provider, Map.of());
        ModelPrice m = names.get(name);
        if (m != null) {
            return m;
        }
        String n = stripPrefixes(provider, name);
        String qualifier = endpointQualifier(name.startsWith(provider + "/") ? name.substring(provider.length() + 1)
                : name);
        if (qualifier != null) {
            m = withoutSnapshot(names, qualifier + "." + n);
            if (m != null) {
                return m;
            }
        }
        m = names.get(n);
        if (m != null) {
            return m;
        }
        for (Bound b : patterns.getOrDefault(provider, List.of())) {
            if (b.pattern().matches(n)) {
                return b.price();
            }
        }
        String base = fineTunedBase(n);
        if (base != null) {
            ModelPrice b = base.isEmpty() ? null : withoutSnapshot(names, base);
            // a fine-tuned model of a fine-tuned-rates entry (ft:ft:...) does not exist
            return b == null ? null : b.fineTuned().orElse(null);
        }
        return withoutSnapshot(names, n);
    }

    /**
     * The base model a fine-tuned model's name was trained from, or null when the name is not a
     * fine-tuned one: {@code ft:gpt-4o-mini-2024-07-18:acme:support:AbC123} (also with an empty
     * suffix, {@code acme::AbC123}, and as a checkpoint, {@code ...:AbC123:ckpt-step-100}), the
     * legacy {@code davinci:ft-acme-2023-01-01-00-00-00} and Azure's
     * {@code gpt-4o-mini-2024-07-18.ft-0123abcd}. Empty when the name has no base.
     */
    static String fineTunedBase(String n) {
        if (n.startsWith(ModelPrice.FINE_TUNED_PREFIX)) {
            int end = n.indexOf(':', ModelPrice.FINE_TUNED_PREFIX.length());
            return n.substring(ModelPrice.FINE_TUNED_PREFIX.length(), end < 0 ? n.length() : end);
        }
        int legacy = n.indexOf(":ft-");
        int azure = n.indexOf(".ft-");
        if (legacy < 0 && azure < 0) {
            return null;
        }
        return n.substring(0, legacy < 0 ? azure : azure < 0 ? legacy : Math.min(legacy, azure));
    }

    /** The name without its snapshot suffixes ({@code gpt-9-2030-01-01} to {@code gpt-9}), for suggestions. */
    private static String undated(String name) {
        String n = name;
        for (int round = 0; round < 4; round++) {
            String stripped = withoutOneSuffix(n);
            if (stripped.equals(n) || stripped.isEmpty()) {
                break;
            }
            n = stripped;
        }
        return n;
    }

    /** The model a name or its dated snapshot names ({@code gpt-4o-2024-08-06}), or null. */
    private static ModelPrice withoutSnapshot(Map<String, ModelPrice> names, String name) {
        String n = name;
        for (int round = 0; round < 4; round++) {
            ModelPrice m = names.get(n);
            if (m != null) {
                return m;
            }
            String stripped = withoutOneSuffix(n);
            if (stripped.equals(n) || stripped.isEmpty()) {
                return null;
            }
            n = stripped;
        }
        return names.get(n);
    }

    /** The name without its last snapshot suffix ({@code -2024-08-06}, {@code -latest}), or itself. */
    private static String withoutOneSuffix(String n) {
        for (Pattern suffix : SUFFIXES) {
            String stripped = suffix.matcher(n).replaceFirst("");
            if (!stripped.equals(n)) {
                return stripped;
            }
        }
        return n;
    }

    private String stripPrefixes(String provider, String name) {
        String n = withoutPath(name);
        if (n.startsWith(provider + "/")) {
            n = n.substring(provider.length() + 1);
        }
        // Bedrock ids: [profile.]maker.model-vN:M, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0; the
        // maker is this provider, or, on a host, the provider whose model it serves
        String regionless = REGION_PREFIX.matcher(n).replaceFirst("");
        for (String candidate : new String[] {regionless, n}) {
            int dot = candidate.indexOf('.');
            if (dot > 0) {
                String maker = candidate.substring(0, dot);
                if (maker.equals(provider) || byName.containsKey(maker) && !hosts.contains(maker)) {
                    return candidate.substring(dot + 1);
                }
            }
        }
        return n;
    }

    /**
     * The model part of a name written as a path: an ARN's resource
     * ({@code arn:aws:bedrock:us-east-1:123:inference-profile/global.anthropic.claude-…}), a Vertex AI
     * resource name ({@code projects/p/locations/us-east5/publishers/anthropic/models/claude-…}),
     * {@code publishers/…/models/…} or {@code models/…}.
     */
    private static String withoutPath(String name) {
        String n = name;
        if (n.startsWith("arn:")) {
            int slash = n.lastIndexOf('/');
            n = slash < 0 ? n : n.substring(slash + 1);
        }
        if (n.startsWith("publishers/") || n.startsWith("projects/")) {
            int models = n.indexOf("/models/");
            if (models > 0) {
                n = n.substring(models + "/models/".length());
            }
        }
        if (n.startsWith("models/")) {
            n = n.substring("models/".length());
        }
        return n;
    }

    /**
     * The endpoint a name says served the call: {@code global} for Bedrock's {@code global.}
     * inference profile and Vertex AI's {@code locations/global}, {@code regional} for a
     * geographic profile ({@code us.}, {@code eu.}, {@code apac.}, …) and any other Vertex AI
     * location; null when the name does not say.
     */
    private static String endpointQualifier(String name) {
        String n = name;
        int locations = n.indexOf("/locations/");
        if (n.startsWith("projects/") && locations > 0) {
            String rest = n.substring(locations + "/locations/".length());
            int slash = rest.indexOf('/');
            String location = slash < 0 ? rest : rest.substring(0, slash);
            return location.equals(GLOBAL) ? GLOBAL : REGIONAL;
        }
        if (n.startsWith("arn:")) {
            int slash = n.lastIndexOf('/');
            n = slash < 0 ? n : n.substring(slash + 1);
        }
        java.util.regex.Matcher m = REGION_PREFIX.matcher(n);
        if (!m.find()) {
            return null;
        }
        String prefix = n.substring(0, m.end() - 1);
        // a profile prefix is followed by the maker and the model: "us.anthropic.claude-…", not "gpt-4.1"
        if (n.indexOf('.', m.end()) < 0) {
            return null;
        }
        return prefix.equals(GLOBAL) ? GLOBAL : REGIONAL;
    }

    private List<String> closest(String provider, String name) {
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (ModelPrice m : models) {
            if (provider == null || m.provider().equals(provider)) {
                scored.add(new Scored(m.model(), distance(name, m.model())));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        int limit = Math.max(3, name.length() / 2);
        List<String> out = new ArrayList<>();
        for (Scored s : scored) {
            if (out.size() == 3 || s.distance > limit) {
                break;
            }
            out.add(s.name);
        }
        return out;
    }

    /** Levenshtein distance between two names. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        return "PriceCatalog{" + models.size() + " models of " + providers() + '}';
    }

}
