package dev.llmlab.provider.google;

import dev.llmlab.provider.testing.GoldenFiles;
import java.util.List;

/** The golden response files under {@code src/test/resources/google/}. */
final class Golden {
    static final GoldenFiles FILES = GoldenFiles.of("google");

    /** Every golden file of a real response shape, errors included. */
    static final List<String> ALL = List.of("plain.json", "thinking.json", "cached.json", "audio-input.json",
            "tool-use-prompt.json", "stream-sse.txt", "stream-array.json", "vertex.json", "safety-blocked.json",
            "error-429.json", "error-array.json", "long-prompt.json", "grounding.json", "grounding-gemini3-sse.txt",
            "live-native-audio.json", "tts.json", "service-tier-standard.json", "service-tier-flex.json",
            "service-tier-priority.json", "batch-result.jsonl");

    /** The golden files that carry usage (no error bodies). */
    static final List<String> WITH_USAGE = ALL.stream().filter(f -> !f.startsWith("error")).toList();

    private Golden() {
    }
}
