package dev.llmlab.core.providers;

import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;

/**
 * The provider adapters LLMlab found, and the guarded way to call them: the normalizer. Adapters
 * are discovered with {@link ServiceLoader} through an explicit class loader and ordered by
 * provider name. Two adapters claiming one name is an error naming both classes; an adapter that
 * fails to load is reported in {@link #failures()} and logged, and the others still work. An
 * adapter that throws anything but {@link UsageParseException} has the failure contained and
 * reported as a {@link UsageParseException}.
 *
 * <p>A <em>host</em> ({@link ProviderAdapter#hosts()}, e.g. {@code bedrock}) serves other makers'
 * models: its name and aliases resolve like a provider's, a body parsed for it is read by the one
 * of its adapters that recognises it (the only one, when it has one), and the usage names the host
 * as its provider, so that it is priced at the host's rates.
 *
 * <pre>{@code
 * ProviderRegistry providers = ProviderRegistry.loadDefault();
 * Usage usage = providers.parse("anthropic", responseBody);
 * Usage detected = providers.parse(responseBody); // provider detected from the body
 * }</pre>
 */
public final class ProviderRegistry {
    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());

    private final List<ProviderAdapter> adapters;
    private final Map<String, ProviderAdapter> byName;
    private final Map<String, String> aliases;
    private final Map<String, List<ProviderAdapter>> hosts; // canonical host -> its adapters, in provider order
    private final List<String> failures;

    private ProviderRegistry(List<ProviderAdapter> found, List<String> failures) {
        List<ProviderAdapter> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing((ProviderAdapter a) -> a.provider()).thenComparing(a -> a.getClass().getName()));
        Map<String, ProviderAdapter> names = new LinkedHashMap<>();
        Map<String, String> aliasMap = new HashMap<>();
        for (ProviderAdapter a : sorted) {
            String name = a.provider().toLowerCase(Locale.ROOT);
            claim(names, name, a);
            aliasMap.put(name, name);
        }
        for (ProviderAdapter a : sorted) {
            for (String alias : a.aliases()) {
                String lower = alias.toLowerCase(Locale.ROOT);
                ProviderAdapter other = names.get(lower);
                if (other != null && other != a) {
                    throw duplicate(lower, other, a);
                }
                String previous = aliasMap.put(lower, a.provider());
                if (previous != null && !previous.equals(a.provider())) {
                    throw duplicate(lower, names.get(previous), a);
                }
            }
        }
        Map<String, List<ProviderAdapter>> hostMap = new java.util.TreeMap<>();
        for (ProviderAdapter a : sorted) {
            for (Map.Entry<String, java.util.Set<String>> h : a.hosts().entrySet()) {
                String host = h.getKey().toLowerCase(Locale.ROOT);
                String previous = aliasMap.get(host);
                if (previous != null && !previous.equals(host) || names.containsKey(host)) {
                    throw hostClash(host, a, previous == null ? host : previous);
                }
                aliasMap.put(host, host);
                hostMap.computeIfAbsent(host, k -> new ArrayList<>()).add(a);
                for (String alias : h.getValue()) {
                    String lower = alias.toLowerCase(Locale.ROOT);
                    String had = aliasMap.putIfAbsent(lower, host);
                    if (had != null && !had.equals(host)) {
                        throw hostClash(lower, a, had);
                    }
                }
            }
        }
        Map<String, List<ProviderAdapter>> hostLists = new java.util.TreeMap<>();
        hostMap.forEach((h, list) -> hostLists.put(h, List.copyOf(list)));
        this.hosts = java.util.Collections.unmodifiableMap(hostLists);
        this.adapters = List.copyOf(sorted);
        this.byName = java.util.Collections.unmodifiableMap(names);
        this.aliases = Map.copyOf(aliasMap);
        this.failures = List.copyOf(failures);
    }

    private static void claim(Map<String, ProviderAdapter> names, String name, ProviderAdapter a) {
        ProviderAdapter other = names.putIfAbsent(name, a);
        if (other != null) {
            throw duplicate(name, other, a);
        }
    }

    private static DuplicateProviderException hostClash(String name, ProviderAdapter a, String other) {
        return new DuplicateProviderException("the host name '" + name + "' declared by " + a.getClass().getName()
                + " is already the name of " + (other.equals(name) ? "a provider" : "'" + other + "'")
                + "; a host needs a name of its own");
    }

    private static DuplicateProviderException duplicate(String name, ProviderAdapter a, ProviderAdapter b) {
        return new DuplicateProviderException("two provider adapters claim the provider name '" + name + "': "
                + a.getClass().getName() + " and " + b.getClass().getName() + "; remove one of the jars");
    }

    /**
     * Loads the adapters visible to the calling thread's context class loader, or to LLMlab's own
     * class loader when the thread has none (and, on the module path, every module that provides
     * {@link ProviderAdapter}).
     *
     * @return the registry
     * @throws DuplicateProviderException when two adapters claim one provider name
     */
    public static ProviderRegistry loadDefault() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : ProviderRegistry.class.getClassLoader());
    }

    /**
     * Loads the adapters visible to a class loader.
     *
     * @param loader the class loader to search; not null
     * @return the registry
     * @throws DuplicateProviderException when two adapters claim one provider name
     */
    public static ProviderRegistry load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<ProviderAdapter> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<ProviderAdapter> it = ServiceLoader.load(ProviderAdapter.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                ProviderAdapter adapter = it.next();
                String name = adapter.provider();
                if (name == null || name.isBlank()) {
                    throw new ServiceConfigurationError(adapter.getClass().getName() + " names no provider");
                }
                found.add(adapter);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String message = "A provider adapter failed to load: " + e;
                failures.add(message);
                LOG.log(System.Logger.Level.WARNING, message, e);
                if (failures.size() > 100) {
                    break; // a broken iterator: stop rather than loop
                }
            }
        }
        return new ProviderRegistry(found, failures);
    }

    /**
     * @param adapters the adapters to use; not null
     * @return a registry of exactly these adapters
     * @throws DuplicateProviderException when two adapters claim one provider name
     */
    public static ProviderRegistry of(ProviderAdapter... adapters) {
        return new ProviderRegistry(List.of(adapters), List.of());
    }

    /** @return the adapters, ordered by provider name */
    public List<ProviderAdapter> adapters() {
        return adapters;
    }

    /** @return the canonical provider names, in order */
    public List<String> providers() {
        return List.copyOf(byName.keySet());
    }

    /** @return the canonical host names ({@link ProviderAdapter#hosts()}), in order */
    public List<String> hosts() {
        return List.copyOf(hosts.keySet());
    }

    /**
     * @param name a provider or host name or alias, any case; not null
     * @return the canonical host it names, or empty when it names no host
     */
    public Optional<String> host(String name) {
        String canonical = aliases.get(name.trim().toLowerCase(Locale.ROOT));
        return Optional.ofNullable(canonical != null && hosts.containsKey(canonical) ? canonical : null);
    }

    /** @return what failed to load, one message each; empty when all loaded */
    public List<String> failures() {
        return failures;
    }

    /** @return every provider and host name and alias, lower case, mapped to its canonical name */
    public Map<String, String> providerAliases() {
        return aliases;
    }

    /**
     * @param provider a provider name or alias, any case; not null
     * @return its adapter, or empty when none is loaded (a host's adapters are not returned here:
     *     {@link #parse(String, byte[])} chooses among them)
     */
    public Optional<ProviderAdapter> adapter(String provider) {
        String canonical = aliases.get(provider.trim().toLowerCase(Locale.ROOT));
        return Optional.ofNullable(canonical == null ? null : byName.get(canonical));
    }

    /**
     * Parses a response of a named provider, or of a host: then the usage names the host as its
     * provider.
     *
     * @param provider the provider or host name or alias; not null
     * @param body the raw response body, a JSON document or an SSE transcript; not null
     * @return the normalized usage
     * @throws UsageParseException when the provider is unknown, or the body is malformed, an
     *     error, or carries no usage
     */
    public Usage parse(String provider, byte[] body) {
        Objects.requireNonNull(body, "body");
        Optional<String> host = host(provider);
        if (host.isPresent()) {
            List<ProviderAdapter> serving = hosts.get(host.get());
            ProviderAdapter adapter = serving.size() == 1 ? serving.get(0) : detectAmong(serving, body,
                    " for host '" + host.get() + "'");
            return onHost(guardedParse(adapter, body), host.get());
        }
        ProviderAdapter adapter = adapter(provider).orElseThrow(() -> new UsageParseException(noAdapter(provider)));
        return guardedParse(adapter, body);
    }

    private String noAdapter(String provider) {
        return "no adapter for provider '" + provider + "'; loaded: " + String.join(", ", providers())
                + (hosts.isEmpty() ? "" : "; hosts: " + String.join(", ", hosts.keySet()));
    }

    /** The usage as the host served it: the host is the provider it is priced under. */
    private static Usage onHost(Usage usage, String host) {
        return usage.provider().equals(host) ? usage : usage.toBuilder().provider(host).build();
    }

    /**
     * Parses a response, detecting its provider from the body.
     *
     * @param body the raw response body; not null
     * @return the normalized usage
     * @throws UsageParseException when no adapter or several recognise the body, or parsing fails
     */
    public Usage parse(byte[] body) {
        return guardedParse(detect(body), body);
    }

    /**
     * Finds the one adapter that recognises a body.
     *
     * @param body the raw response body; not null
     * @return the adapter
     * @throws UsageParseException when none or several recognise it
     */
    public ProviderAdapter detect(byte[] body) {
        Objects.requireNonNull(body, "body");
        return detectAmong(adapters, body, "");
    }

    private ProviderAdapter detectAmong(List<ProviderAdapter> candidates, byte[] body, String where) {
        List<ProviderAdapter> hits = new ArrayList<>();
        for (ProviderAdapter a : candidates) {
            try {
                if (a.recognizes(body)) {
                    hits.add(a);
                }
            } catch (RuntimeException | StackOverflowError e) {
                LOG.log(System.Logger.Level.WARNING, "provider adapter " + a.provider() + " failed to inspect a body", e);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            List<String> names = new ArrayList<>();
            candidates.forEach(a -> names.add(a.provider()));
            throw new UsageParseException(emptyOrWhat(body) + "; no provider adapter" + where + " recognises it (loaded: "
                    + String.join(", ", names) + "); name the provider");
        }
        List<String> names = new ArrayList<>();
        hits.forEach(a -> names.add(a.provider()));
        throw new UsageParseException("the body looks like several providers' responses (" + String.join(", ", names)
                + "); name the provider");
    }

    private static String emptyOrWhat(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            return "the body is empty";
        }
        if (!SseEvents.isEventStream(body) && !(s.startsWith("{") || s.startsWith("["))) {
            return "the body is neither JSON nor a server-sent events stream";
        }
        return "the body is not a known provider response";
    }

    /**
     * Asks an adapter for the usage of a response object (an SDK type or JSON tree), guarded; for a
     * host, each of its adapters in turn, and the usage names the host as its provider.
     *
     * @param provider the provider or host name or alias; not null
     * @param response the response object; not null
     * @return the usage, or empty when the adapter does not know the object's type
     * @throws UsageParseException when the provider is unknown or the object carries no usage
     */
    public Optional<Usage> usageOf(String provider, Object response) {
        Optional<String> host = host(provider);
        if (host.isPresent()) {
            for (ProviderAdapter a : hosts.get(host.get())) {
                Optional<Usage> usage = guardedUsageOf(a, response);
                if (usage.isPresent()) {
                    return Optional.of(onHost(usage.get(), host.get()));
                }
            }
            return Optional.empty();
        }
        ProviderAdapter adapter = adapter(provider).orElseThrow(() -> new UsageParseException(noAdapter(provider)));
        return guardedUsageOf(adapter, response);
    }

    private static Optional<Usage> guardedUsageOf(ProviderAdapter adapter, Object response) {
        try {
            return adapter.usageOf(response);
        } catch (UsageParseException e) {
            throw e;
        } catch (LlmLabException e) {
            throw new UsageParseException(adapter.provider() + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new UsageParseException("provider adapter " + adapter.provider() + " failed on a "
                    + response.getClass().getName() + ": " + e, e);
        }
    }

    private static Usage guardedParse(ProviderAdapter adapter, byte[] body) {
        Usage usage;
        try {
            usage = adapter.parse(body);
        } catch (UsageParseException e) {
            throw e;
        } catch (LlmLabException e) {
            throw new UsageParseException(adapter.provider() + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new UsageParseException("provider adapter " + adapter.provider() + " failed: " + e, e);
        }
        if (usage == null) {
            throw new UsageParseException("provider adapter " + adapter.provider() + " returned no usage");
        }
        return usage;
    }

    /**
     * Reads each adapter's price list, in provider order.
     *
     * @param consumer receives the provider name and the price list's text
     * @throws dev.llmlab.spi.LlmLabException when a price list cannot be read
     */
    public void forEachPriceList(BiConsumer<String, String> consumer) {
        for (ProviderAdapter a : adapters) {
            Optional<InputStream> in;
            try {
                in = a.openPriceList();
            } catch (IOException | RuntimeException e) {
                throw new LlmLabException("cannot open the price list of provider " + a.provider() + ": " + e, e);
            }
            if (in.isEmpty()) {
                continue;
            }
            try (InputStream stream = in.get()) {
                consumer.accept(a.provider(), new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new LlmLabException("cannot read the price list of provider " + a.provider() + ": " + e, e);
            }
        }
    }

    /**
     * Reads each adapter's host price lists ({@link ProviderAdapter#openHostPriceList(String)}), in
     * provider order, then host order.
     *
     * @param consumer receives the host name, the providing adapter's provider name and the list's text
     * @throws dev.llmlab.spi.LlmLabException when a price list cannot be read
     */
    public void forEachHostPriceList(HostPriceListConsumer consumer) {
        for (ProviderAdapter a : adapters) {
            for (String h : new java.util.TreeSet<>(a.hosts().keySet())) {
                String host = h.toLowerCase(Locale.ROOT);
                Optional<InputStream> in;
                try {
                    in = a.openHostPriceList(h);
                } catch (IOException | RuntimeException e) {
                    throw new LlmLabException("cannot open the " + host + " price list of provider " + a.provider()
                            + ": " + e, e);
                }
                if (in.isEmpty()) {
                    continue;
                }
                try (InputStream stream = in.get()) {
                    consumer.accept(host, a.provider(), new String(stream.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new LlmLabException("cannot read the " + host + " price list of provider " + a.provider()
                            + ": " + e, e);
                }
            }
        }
    }

    /** Receives one host price list: {@link #forEachHostPriceList(HostPriceListConsumer)}. */
    @FunctionalInterface
    public interface HostPriceListConsumer {
        /**
         * @param host the canonical host name
         * @param provider the provider whose jar carries the list
         * @param json the list's text
         */
        void accept(String host, String provider, String json);
    }

    @Override
    public String toString() {
        return "ProviderRegistry" + providers();
    }
}
