/**
 * LLMlab core: provider discovery and normalization, the price catalog and the exact cost
 * calculator. JDK only.
 */
module dev.llmlab.core {
    requires transitive dev.llmlab.spi;

    exports dev.llmlab.core.pricing;
    exports dev.llmlab.core.providers;

    uses dev.llmlab.spi.ProviderAdapter;
}
