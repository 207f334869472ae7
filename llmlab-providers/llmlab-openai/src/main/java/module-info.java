/**
 * LLMlab's OpenAI provider: reads OpenAI (and Azure OpenAI) responses into normalized usage and
 * ships OpenAI's price list.
 */
module dev.llmlab.provider.openai {
    requires dev.llmlab.spi;
    requires com.fasterxml.jackson.core;
    requires dev.llmlab.provider.json;
    requires com.fasterxml.jackson.databind;
    // The official OpenAI Java SDK (com.openai:openai-java) is an optional dependency, but its jars
    // declare no module name (neither module-info nor Automatic-Module-Name), so it cannot be
    // named here: it is compiled against from the class path (--add-reads ...=ALL-UNNAMED in the
    // pom) and OpenAiAdapter adds the read edge to the SDK's module at run time.

    exports dev.llmlab.provider.openai;

    provides dev.llmlab.spi.ProviderAdapter with dev.llmlab.provider.openai.OpenAiAdapter;
}
