package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that exits without closing its tracker still delivers what was queued. */
class ShutdownHookTest {
    @TempDir
    Path dir;

    @Test
    void jvmExitWithoutClose_shutdownHookFlushesEveryQueuedEvent() throws Exception {
        Set<String> path = new LinkedHashSet<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null) {
                for (String entry : value.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        path.add(entry);
                    }
                }
            }
        }
        path.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        path.add(Path.of("target", "classes").toAbsolutePath().toString());
        Path file = dir.resolve("events.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, path), ShutdownHookMain.class.getName(), file.toString(), "5000"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("tracked 5000");
        java.util.regex.Matcher queued = java.util.regex.Pattern.compile("queued (\\d+)").matcher(output);
        assertThat(queued.find()).isTrue();
        assertThat(Long.parseLong(queued.group(1))).as("events were still queued when main returned").isPositive();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5000);
        assertThat(lines.stream().map(l -> l.substring(7, 43)).distinct().count()).isEqualTo(5000);
    }
}
