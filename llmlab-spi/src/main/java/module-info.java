/**
 * The LLMlab provider SPI: the {@link dev.llmlab.spi.ProviderAdapter} interface that each provider
 * jar implements, the normalized {@link dev.llmlab.spi.Usage} value type, the library's exception
 * base and {@link dev.llmlab.spi.SseEvents}, which splits streamed transcripts for core and the
 * adapters alike. JDK only.
 */
module dev.llmlab.spi {
    exports dev.llmlab.spi;
}
