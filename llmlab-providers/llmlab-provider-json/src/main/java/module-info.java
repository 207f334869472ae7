/**
 * Reading support shared by LLMlab's provider adapters:
 * {@link dev.llmlab.provider.json.FastJsonParser}, a strict JSON parser over byte arrays behind
 * Jackson's {@code JsonParser} API that hands anything outside its subset back to Jackson;
 * {@link dev.llmlab.provider.json.EventStreamScanner}, which splits a server-sent events
 * transcript into its events' data in place; and {@link dev.llmlab.provider.json.ByteSearch},
 * which finds a byte eight bytes at a time.
 */
module dev.llmlab.provider.json {
    requires transitive com.fasterxml.jackson.core;

    exports dev.llmlab.provider.json;
}
