package dev.llmlab.provider.cohere;

import dev.llmlab.provider.testing.GoldenFiles;
import java.util.List;
import java.util.stream.Stream;

/** The golden Cohere response files under {@code src/test/resources/cohere/}. */
final class Golden {
    static final GoldenFiles FILES = GoldenFiles.of("cohere");
    /** Bodies that carry billed usage. */
    static final List<String> PRICED = List.of("v2-chat.json", "v2-chat-billed-differs.json", "v1-chat.json",
            "v1-generate.json", "v1-embed.json", "v2-embed.json", "v2-stream.sse", "v2-stream-json-lines.jsonl",
            "v1-stream.jsonl", "v1-generate-stream.jsonl");
    /** Bodies that must be rejected: per-unit billing and error bodies. */
    static final List<String> REJECTED = List.of("rerank.json", "classify.json", "error-v1.json", "error-v2.json");

    private Golden() {
    }

    static List<String> all() {
        return Stream.concat(PRICED.stream(), REJECTED.stream()).toList();
    }
}
