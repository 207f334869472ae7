package dev.llmlab.provider.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The golden response files under {@code src/test/resources/openai/}. */
final class Golden {
    /** Every golden file that carries usage. */
    static final List<String> WITH_USAGE = List.of(
            "chat_completion_plain.json",
            "chat_completion_cached.json",
            "chat_completion_fine_tuned.json",
            "chat_completion_reasoning.json",
            "text_completion.json",
            "chat_audio.json",
            "embeddings.json",
            "azure_chat.json",
            "chat_stream_usage.sse",
            "azure_chat_stream.sse",
            "responses_plain.json",
            "responses_web_search.json",
            "responses_stream.sse",
            "realtime_response_done.json");

    /** Golden files that are OpenAI's but carry no usage: parsing them must fail, clearly. */
    static final List<String> WITHOUT_USAGE = List.of("error.json", "chat_stream_no_usage.sse");

    private Golden() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/openai/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file openai/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> all() {
        List<String> all = new java.util.ArrayList<>(WITH_USAGE);
        all.addAll(WITHOUT_USAGE);
        return all;
    }
}
