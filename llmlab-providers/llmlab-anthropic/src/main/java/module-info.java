/**
 * LLMlab's Anthropic provider: reads Claude Messages API responses (the Anthropic API, Amazon
 * Bedrock and Google Vertex AI bodies, streamed or not) into normalized usage and ships
 * Anthropic's price list.
 */
module dev.llmlab.provider.anthropic {
    requires dev.llmlab.spi;
    requires com.fasterxml.jackson.core;
    requires dev.llmlab.provider.json;
    requires com.fasterxml.jackson.databind;
    // the official Anthropic Java SDK (optional: read only when the application hands over one of its messages)
    requires static com.anthropic.core;

    exports dev.llmlab.provider.anthropic;

    provides dev.llmlab.spi.ProviderAdapter with dev.llmlab.provider.anthropic.AnthropicAdapter;
}
