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
 * <p>Model names resolve robustly: case and surrounding blanks are ignored; {@code models/},
 * {@code provider/} and Bedrock-style {@code anthropic.} prefixes are dropped; dated snapshots
 * ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929}, {@code ...@20250929},
 * {@code gemini-2.0-flash-001}) and {@code -latest} resolve to their model unless the catalog
 * lists the snapshot itself. An unknown name is an explicit unpriced outcome listing the closest
 * known names; a model the catalog knows but does not price from tokens (billed per image, per
 * second, per character) resolves like any other and is unpriced with its own reason
 * ({@link ModelPrice#unpricedReason()}).
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
    private static final Pattern REGION_PREFIX = Pattern.compile("^[a-z]{2,6}\\.");

    private final Map<String, Map<String, ModelPrice>> byName; // provider -> name or alias -> price
    private final Map<String, String> providerAliases; // any name -> canonical provider
    private final List<ModelPrice> models;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Lookup>> cache = new ConcurrentHashMap<>();

    private PriceCatalog(List<ModelPrice> models, Map<String, String> providerAliases) {
        Map<String, Map<String, ModelPrice>> names = new HashMap<>();
        for (ModelPrice m : models) {
            Map<String, ModelPrice> p = names.computeIfAbsent(m.provider(), k -> new HashMap<>());
            claim(p, m.model(), m);
            for (String alias : m.aliases()) {
                claim(p, alias, m);
            }
        }
        this.byName = names;
        Map<String, String> aliases = new HashMap<>(providerAliases);
        for (String provider : names.keySet()) {
            aliases.put(provider, provider);
        }
        this.providerAliases = Map.copyOf(aliases);
        List<ModelPrice> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(ModelPrice::provider).thenComparing(ModelPrice::model));
        this.models = List.copyOf(sorted);
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
        return new PriceCatalog(all, registry.providerAliases());
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
     * name as one of this catalog replaces it entirely (all its periods and aliases).
     *
     * @param overrides the models to add or replace; not null
     * @return the combined catalog
     */
    public PriceCatalog withOverrides(PriceCatalog overrides) {
        List<ModelPrice> added = new ArrayList<>();
        Set<String> claimed = new HashSet<>(); // provider/name taken by an override
        for (ModelPrice m : overrides.models) {
            String provider = canonicalProvider(m.provider());
            ModelPrice c = provider.equals(m.provider()) ? m : m.renamed(provider, m.aliases());
            added.add(c);
            claimed.add(c.id());
            c.aliases().forEach(a -> claimed.add(provider + "/" + a));
        }
        List<ModelPrice> result = new ArrayList<>();
        for (ModelPrice m : models) {
            if (claimed.contains(m.id())) {
                continue; // replaced
            }
            List<String> keep = m.aliases().stream().filter(a -> !claimed.contains(m.provider() + "/" + a)).toList();
            result.add(keep.size() == m.aliases().size() ? m : m.renamed(m.provider(), keep));
        }
        result.addAll(added);
        return new PriceCatalog(result, providerAliases);
    }

    /** @return every model, sorted by provider then name */
    public List<ModelPrice> models() {
        return models;
    }

    /** @return the canonical provider names */
    public List<String> providers() {
        return List.copyOf(new TreeSet<>(byName.keySet()));
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
     * whose provider, name or alias contains it (case-insensitive).
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
            if (m.id().contains(q) || m.aliases().stream().anyMatch(a -> a.contains(q))) {
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
            List<String> close = closest(null, name);
            return new Lookup(null, unknownModel(model, null, close), close);
        }
        String p = canonicalProvider(provider);
        if (!byName.containsKey(p)) {
            return new Lookup(null, "unknown provider '" + provider + "'; known providers: "
                    + String.join(", ", providers()), List.of());
        }
        ModelPrice m = resolveIn(p, name);
        if (m != null) {
            return new Lookup(m, null, List.of());
        }
        List<String> close = closest(p, name);
        return new Lookup(null, unknownModel(model, p, close), close);
    }

    private static String unknownModel(String model, String provider, List<String> close) {
        String s = "unknown model '" + model + "'" + (provider == null ? "" : " for provider '" + provider + "'");
        return close.isEmpty() ? s : s + "; closest known: " + String.join(", ", close);
    }

    private ModelPrice resolveIn(String provider, String name) {
        Map<String, ModelPrice> names = byName.get(provider);
        String n = name;
        ModelPrice m = names.get(n);
        if (m != null) {
            return m;
        }
        n = stripPrefixes(provider, n);
        for (int round = 0; round < 4; round++) {
            m = names.get(n);
            if (m != null) {
                return m;
            }
            String stripped = n;
            for (Pattern suffix : SUFFIXES) {
                stripped = suffix.matcher(n).replaceFirst("");
                if (!stripped.equals(n)) {
                    break;
                }
            }
            if (stripped.equals(n) || stripped.isEmpty()) {
                return null;
            }
            n = stripped;
        }
        return names.get(n);
    }

    private static String stripPrefixes(String provider, String name) {
        String n = name;
        if (n.startsWith("publishers/")) {
            int models = n.indexOf("/models/");
            if (models > 0) {
                n = n.substring(models + "/models/".length());
            }
        }
        if (n.startsWith("models/")) {
            n = n.substring("models/".length());
        }
        if (n.startsWith(provider + "/")) {
            n = n.substring(provider.length() + 1);
        }
        // Bedrock ids: [region.]provider.model-vN:M, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0
        String regionless = REGION_PREFIX.matcher(n).replaceFirst("");
        if (regionless.startsWith(provider + ".")) {
            return regionless.substring(provider.length() + 1);
        }
        return n.startsWith(provider + ".") ? n.substring(provider.length() + 1) : n;
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
