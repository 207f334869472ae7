package dev.llmlab.provider.google;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The golden response files under {@code src/test/resources/google/}. */
final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "google");

    /** Every golden file of a real response shape, errors included. */
    static final List<String> ALL = List.of("plain.json", "thinking.json", "cached.json", "audio-input.json",
            "tool-use-prompt.json", "stream-sse.txt", "stream-array.json", "vertex.json", "safety-blocked.json",
            "error-429.json", "error-array.json", "long-prompt.json", "grounding.json", "grounding-gemini3-sse.txt",
            "live-native-audio.json", "tts.json");

    /** The golden files that carry usage (no error bodies). */
    static final List<String> WITH_USAGE = ALL.stream().filter(f -> !f.startsWith("error")).toList();

    private Golden() {
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
