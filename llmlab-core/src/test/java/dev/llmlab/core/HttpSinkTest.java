package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.HttpSink;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.spi.LlmLabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP sink against a real HTTP server on loopback. */
class HttpSinkTest {
    @TempDir
    Path spool;

    private HttpSink.Builder sink(FakeLlmLabServer server) {
        return HttpSink.builder(server.url()).apiKey("key-1").spoolDirectory(spool).maxBatchSize(50)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300)).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .closeTimeout(Duration.ofSeconds(20));
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static Set<String> ids(List<TrackedEvent> events) {
        return events.stream().map(e -> e.id().toString()).collect(Collectors.toSet());
    }

    @Test
    void serverStoppedAndRestartedMidStream_everyEventStoredExactlyOnce() throws Exception {
        FakeLlmLabServer server = new FakeLlmLabServer().start();
        server.expectedAuthorization = "Bearer key-1";
        HttpSink http = sink(server).build();
        CollectingSink all = new CollectingSink("all");
        LlmLab lab = Fixtures.lab().sink(http).sink(all).build();

        for (int i = 0; i < 300; i++) {
            lab.track(CallOptions.provider("acme").tag("phase", "before"), () -> Fixtures.BODY);
        }
        await(() -> server.stored.size() >= 100, Duration.ofSeconds(10)); // mid-stream
        server.stop();
        for (int i = 0; i < 400; i++) {
            lab.track(CallOptions.provider("acme").tag("phase", "down"), () -> Fixtures.BODY);
            if (i % 50 == 0) {
                Thread.sleep(20);
            }
        }
        Thread.sleep(300); // the sender retries against a closed port meanwhile
        server.loseNextResponses.set(1); // the first answer after the restart is lost: the client re-sends
        server.start();
        for (int i = 0; i < 300; i++) {
            lab.track(CallOptions.provider("acme").tag("phase", "after"), () -> Fixtures.BODY);
        }
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        await(() -> server.stored.size() >= 1000 && http.pending() == 0, Duration.ofSeconds(30));
        lab.close();
        server.stop();

        Set<String> sent = ids(all.events());
        assertThat(sent).hasSize(1000);
        assertThat(server.stored).as("no id missing, no stranger").isEqualTo(sent);
        assertThat(http.failedPosts()).as("the outage was seen").isPositive();
        assertThat(server.lostResponses.get()).isEqualTo(1);
        // duplicates exist only as re-sends of ids the server already stored, which it deduplicates
        Map<String, Integer> resent = server.received.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(resent).isNotEmpty();
        assertThat(sent).containsAll(resent.keySet());
        assertThat(http.rejected()).isZero();
        assertThat(http.pending()).isZero();
    }

    @Test
    void eventsSpooledWhileServerUnreachable_areSentByTheNextRunOnceItIsBack() throws Exception {
        FakeLlmLabServer server = new FakeLlmLabServer().start();
        server.stop(); // unreachable from the start
        CollectingSink all = new CollectingSink("all");
        LlmLab first = Fixtures.lab().sink(sink(server).closeTimeout(Duration.ofMillis(300)).build()).sink(all).build();
        for (int i = 0; i < 120; i++) {
            first.track("acme", () -> Fixtures.BODY);
        }
        first.close(); // the process ends with the server still down
        assertThat(server.stored).isEmpty();
        try (var files = Files.list(spool)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("segment-")).count()).isPositive();
        }

        server.start();
        HttpSink second = sink(server).build();
        await(() -> server.stored.size() >= 120, Duration.ofSeconds(20));
        second.close();
        server.stop();

        assertThat(server.stored).isEqualTo(ids(all.events()));
        assertThat(second.pending()).isZero();
    }

    @Test
    void aRejectedEvent_isSetAsideAndDoesNotBlockTheOthers() throws Exception {
        FakeLlmLabServer server = new FakeLlmLabServer().start();
        server.invalid = e -> "bad".equals(((Map<?, ?>) e.get("tags")).get("kind"));
        HttpSink http = sink(server).build();
        CollectingSink all = new CollectingSink("all");
        LlmLab lab = Fixtures.lab().sink(http).sink(all).build();
        for (int i = 0; i < 200; i++) {
            String kind = i == 17 ? "bad" : "good";
            lab.track(CallOptions.provider("acme").tag("kind", kind), () -> Fixtures.BODY);
        }
        lab.flush(Duration.ofSeconds(10));
        await(() -> server.stored.size() >= 199 && http.pending() == 0, Duration.ofSeconds(20));
        lab.close();
        server.stop();

        Set<String> good = new HashSet<>();
        String bad = null;
        for (TrackedEvent e : all.events()) {
            if (e.tags().get("kind").equals("good")) {
                good.add(e.id().toString());
            } else {
                bad = e.id().toString();
            }
        }
        assertThat(server.stored).isEqualTo(good);
        assertThat(http.rejected()).isEqualTo(1);
        String rejected = Files.readString(spool.resolve("rejected.jsonl"));
        assertThat(rejected).contains(bad).contains("\"status\":400").contains("model is required");
        assertThat(http.pending()).isZero();
    }

    @Test
    void unauthorizedAndServerErrors_keepEventsAndRetryUntilAccepted() throws Exception {
        FakeLlmLabServer server = new FakeLlmLabServer().start();
        server.failStatus = 401;
        server.failNext.set(3);
        HttpSink http = sink(server).build();
        CollectingSink all = new CollectingSink("all");
        LlmLab lab = Fixtures.lab().sink(http).sink(all).build();
        for (int i = 0; i < 60; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        lab.flush(Duration.ofSeconds(10));
        await(() -> server.stored.size() >= 60, Duration.ofSeconds(20));
        lab.close();
        server.stop();

        assertThat(server.stored).isEqualTo(ids(all.events()));
        assertThat(http.rejected()).isZero();
        assertThat(http.failedPosts()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void failedCallsWithoutUsage_areNotSentByDefault() throws Exception {
        FakeLlmLabServer server = new FakeLlmLabServer().start();
        HttpSink http = sink(server).build();
        LlmLab lab = Fixtures.lab().sink(http).build();
        lab.track("acme", () -> Fixtures.BODY);
        try {
            lab.track("acme", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the call's own failure
        }
        lab.flush(Duration.ofSeconds(10));
        await(() -> server.stored.size() >= 1, Duration.ofSeconds(10));
        lab.close();
        server.stop();

        assertThat(server.stored).hasSize(1);
        assertThat(http.sent()).isEqualTo(1);
        // the documented usage record (docs/api.md) plus id, timestamp, duration_ms, tags; the server prices it itself
        assertThat(server.lastEvent).containsOnlyKeys("id", "timestamp", "provider", "model", "input_tokens",
                "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens", "duration_ms", "tags");
        assertThat(server.lastEvent).containsEntry("provider", "acme").containsEntry("model", "acme-1")
                .containsEntry("input_tokens", new java.math.BigDecimal(1000));
    }

    @Test
    void spoolDirectory_isOwnedByOneSinkAtATime() {
        HttpSink first = HttpSink.builder(java.net.URI.create("http://127.0.0.1:9")).spoolDirectory(spool).build();
        try {
            assertThatThrownBy(() -> HttpSink.builder(java.net.URI.create("http://127.0.0.1:9")).spoolDirectory(spool)
                    .build()).isInstanceOf(LlmLabException.class).hasMessageContaining("in use");
        } finally {
            try {
                first.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void builder_rejectsBadInput_namingTheField() {
        assertThatThrownBy(() -> HttpSink.builder(java.net.URI.create("ftp://x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverUrl");
        assertThatThrownBy(() -> HttpSink.builder(java.net.URI.create("http://x")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("spoolDirectory");
    }
}
