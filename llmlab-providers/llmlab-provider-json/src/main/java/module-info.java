/**
 * Reading support shared by LLMlab's provider adapters:
 * {@link dev.llmlab.provider.json.FastJsonParser}, a strict JSON parser over byte arrays behind
 * Jackson's {@code JsonParser} API that hands anything outside its subset back to Jackson; and
 * {@link dev.llmlab.provider.json.ByteSearch}, which finds a byte eight bytes at a time. (Streamed
 * transcripts are split by the SPI's {@code dev.llmlab.spi.SseEvents}.) The scaffolding the four
 * adapters share, {@code dev.llmlab.provider.json.support}, is exported to them alone.
 */
module dev.llmlab.provider.json {
    requires transitive com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires dev.llmlab.spi;

    exports dev.llmlab.provider.json;
    exports dev.llmlab.provider.json.support to
            dev.llmlab.provider.openai,
            dev.llmlab.provider.anthropic,
            dev.llmlab.provider.google,
            dev.llmlab.provider.cohere;
}
