package dev.llmlab.provider.anthropic;

import dev.llmlab.provider.testing.GoldenFiles;
import java.util.List;
import java.util.stream.Collectors;

/** The golden response files under {@code src/test/resources/anthropic/}. */
final class Golden {
    static final GoldenFiles FILES = GoldenFiles.of("anthropic");

    private Golden() {
    }

    /** @return every golden file name, sorted */
    static List<String> all() {
        return FILES.names();
    }

    /** @return the golden files that carry usage (not the error bodies and error streams) */
    static List<String> withUsage() {
        return all().stream().filter(n -> !n.contains("error")).collect(Collectors.toList());
    }
}
