/**
 * The LLMlab provider SPI: the {@link dev.llmlab.spi.ProviderAdapter} interface that each provider
 * jar implements, the normalized {@link dev.llmlab.spi.Usage} value type and the library's exception
 * base. JDK only.
 */
module dev.llmlab.spi {
    exports dev.llmlab.spi;
}
