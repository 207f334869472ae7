/**
 * LLMlab's Cohere provider: reads Cohere API responses (v1 and v2 Chat, v1 Generate, v1 and v2
 * Embed, streamed transcripts) into normalized usage, priced by Cohere's billed units, and ships
 * Cohere's price list.
 */
module dev.llmlab.provider.cohere {
    requires dev.llmlab.spi;
    requires com.fasterxml.jackson.core;
    requires dev.llmlab.provider.json;
    requires com.fasterxml.jackson.databind;

    exports dev.llmlab.provider.cohere;

    provides dev.llmlab.spi.ProviderAdapter with dev.llmlab.provider.cohere.CohereAdapter;
}
