package dev.llmlab.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {
    @TempDir
    Path dir;

    private static TrackedEvent event(Map<String, String> tags) {
        return TrackedEvent.builder(UUID.randomUUID(), Instant.parse("2025-07-01T12:00:00Z"))
                .usage(Usage.builder("openai", "gpt-4o").inputTokens(1200).cacheReadTokens(200).outputTokens(300).build())
                .costUsd(new BigDecimal("0.004750")).durationNanos(1_234_000_000L).tags(tags).build();
    }

    @Test
    void write_appendsOneValidJsonLinePerEvent_acrossReopens() throws Exception {
        Path file = dir.resolve("sub/dir/events.jsonl");
        Map<String, String> nasty = Map.of("user", "a \"quoted\"\nname\\ with \u2028 separators", "emoji", "\uD83D\uDE00");
        try (JsonLinesSink sink = JsonLinesSink.open(file, FsyncPolicy.everyBatch())) {
            sink.write(List.of(event(nasty), event(Map.of())));
        }
        try (JsonLinesSink sink = JsonLinesSink.open(file, FsyncPolicy.interval(Duration.ofSeconds(1)))) {
            sink.write(List.of(event(Map.of("k", "v"))));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) Json.parse(lines.get(0));
        assertThat(first.get("tags")).isEqualTo(nasty);
        assertThat(first.get("cost_usd")).isEqualTo("0.004750");
        assertThat(first.get("duration_ms")).isEqualTo(new BigDecimal(1234));
        assertThat(first.get("timestamp")).isEqualTo("2025-07-01T12:00:00Z");
        assertThat(first.get("status")).isEqualTo("ok");
    }

    @Test
    void open_unwritablePath_isOurExceptionNamingTheFile() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");

        assertThatThrownBy(() -> JsonLinesSink.open(blocker.resolve("events.jsonl"), FsyncPolicy.never()))
                .isInstanceOf(LlmLabException.class).hasMessageContaining(blocker.toString());
    }

    @Test
    void fsyncPolicy_intervalMustBePositive() {
        assertThatThrownBy(() -> FsyncPolicy.interval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fsync interval");
        assertThat(FsyncPolicy.everyBatch().dueAfterBatch(0, 0)).isTrue();
        assertThat(FsyncPolicy.never().dueAfterBatch(0, Long.MAX_VALUE)).isFalse();
        assertThat(FsyncPolicy.interval(Duration.ofMillis(10)).dueAfterBatch(0, 5_000_000)).isFalse();
        assertThat(FsyncPolicy.interval(Duration.ofMillis(10)).dueAfterBatch(0, 10_000_000)).isTrue();
    }
}
