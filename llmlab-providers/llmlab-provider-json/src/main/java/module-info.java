/**
 * JSON support shared by LLMlab's provider adapters: {@link dev.llmlab.provider.json.FastJsonParser},
 * a strict JSON parser over byte arrays behind Jackson's {@code JsonParser} API.
 */
module dev.llmlab.provider.json {
    requires transitive com.fasterxml.jackson.core;

    exports dev.llmlab.provider.json;
}
