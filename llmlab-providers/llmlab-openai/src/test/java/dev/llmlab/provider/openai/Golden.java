package dev.llmlab.provider.openai;

import dev.llmlab.provider.testing.GoldenFiles;
import java.util.ArrayList;
import java.util.List;

/** The golden response files under {@code src/test/resources/openai/}. */
final class Golden {
    static final GoldenFiles FILES = GoldenFiles.of("openai");

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
            "realtime_response_done.json",
            "chat_completion_flex.json",
            "chat_completion_priority.json",
            "chat_stream_priority.sse",
            "responses_flex.json",
            "responses_flex_served_default.json",
            "responses_scale.json",
            "responses_stream_flex.sse",
            "batch_output_line.json");

    /** Golden files that are OpenAI's but carry no usage: parsing them must fail, clearly. */
    static final List<String> WITHOUT_USAGE = List.of("error.json", "chat_stream_no_usage.sse");

    private Golden() {
    }

    static List<String> all() {
        List<String> all = new ArrayList<>(WITH_USAGE);
        all.addAll(WITHOUT_USAGE);
        return all;
    }
}
