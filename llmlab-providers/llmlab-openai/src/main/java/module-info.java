/**
 * LLMlab's OpenAI provider: reads OpenAI (and Azure OpenAI) responses into normalized usage and
 * ships OpenAI's price list.
 */
module dev.llmlab.provider.openai {
    requires dev.llmlab.spi;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports dev.llmlab.provider.openai;

    provides dev.llmlab.spi.ProviderAdapter with dev.llmlab.provider.openai.OpenAiAdapter;
}
