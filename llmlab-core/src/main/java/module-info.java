/**
 * LLMlab core: provider discovery and normalization, the price catalog and the exact cost
 * calculator, budgets and the tracker. JDK only.
 *
 * <p>Exported: {@code dev.llmlab.core} ({@code LlmLab}), {@code dev.llmlab.core.tracking},
 * {@code dev.llmlab.core.budget}, {@code dev.llmlab.core.pricing},
 * {@code dev.llmlab.core.providers}, {@code dev.llmlab.core.usage} (the JSON usage record). Not
 * exported: {@code dev.llmlab.core.internal} (the builders' argument checks) and
 * {@code dev.llmlab.core.internal.json} (the core's own JSON reader and writer). {@code docs/architecture.md} lists each package's public types.
 */
module dev.llmlab.core {
    requires transitive dev.llmlab.spi;
    // transitive: PriceRefresher.Builder.httpClient takes the application's HttpClient
    requires transitive java.net.http;
    // Tests only: the HTTP sink is tested against a real JDK HttpServer on loopback. Static, so
    // applications never need the module at run time.
    requires static jdk.httpserver;
    // Tests only: they read what the core logs through System.Logger (java.util.logging by default).
    requires static java.logging;

    exports dev.llmlab.core;
    exports dev.llmlab.core.budget;
    exports dev.llmlab.core.pricing;
    exports dev.llmlab.core.providers;
    exports dev.llmlab.core.tracking;
    exports dev.llmlab.core.usage;

    uses dev.llmlab.spi.ProviderAdapter;
}
