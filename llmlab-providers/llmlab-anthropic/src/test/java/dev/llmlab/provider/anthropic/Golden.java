package dev.llmlab.provider.anthropic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads the golden response files under {@code src/test/resources/anthropic/}. */
final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "anthropic");

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

    /** @return every golden file name, sorted */
    static List<String> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the golden files that carry usage (not the error bodies and error streams) */
    static List<String> withUsage() {
        return all().stream().filter(n -> !n.contains("error")).collect(Collectors.toList());
    }
}
