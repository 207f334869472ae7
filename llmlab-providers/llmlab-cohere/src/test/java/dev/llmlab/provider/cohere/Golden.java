package dev.llmlab.provider.cohere;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The golden Cohere response files under {@code src/test/resources/cohere/}. */
final class Golden {
    /** Bodies that carry billed usage. */
    static final List<String> PRICED = List.of("v2-chat.json", "v2-chat-billed-differs.json", "v1-chat.json",
            "v1-generate.json", "v1-embed.json", "v2-embed.json", "v2-stream.sse", "v2-stream-json-lines.jsonl",
            "v1-stream.jsonl", "v1-generate-stream.jsonl");
    /** Bodies that must be rejected: per-unit billing and error bodies. */
    static final List<String> REJECTED = List.of("rerank.json", "classify.json", "error-v1.json", "error-v2.json");

    private static final Path DIR = Path.of("src", "test", "resources", "cohere");

    private Golden() {
    }

    static List<String> all() {
        return java.util.stream.Stream.concat(PRICED.stream(), REJECTED.stream()).toList();
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
