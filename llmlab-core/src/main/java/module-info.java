/**
 * LLMlab core: provider discovery and normalization, the price catalog and the exact cost
 * calculator, budgets and the tracker. JDK only.
 */
module dev.llmlab.core {
    requires transitive dev.llmlab.spi;
    requires java.net.http;
    // Tests only: the HTTP sink is tested against a real JDK HttpServer on loopback. Static, so
    // applications never need the module at run time.
    requires static jdk.httpserver;

    exports dev.llmlab.core.pricing;
    exports dev.llmlab.core.providers;
    exports dev.llmlab.core;
    exports dev.llmlab.core.budget;
    exports dev.llmlab.core.tracking;

    uses dev.llmlab.spi.ProviderAdapter;
}
