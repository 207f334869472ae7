package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.StreamTracker;
import dev.llmlab.core.tracking.TrackCost;
import dev.llmlab.core.tracking.TrackedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamAndProxyTest {
    private static final List<String> SSE = List.of(
            "data: {\"model\":\"acme-1\",\"delta\":\"Hel\",\"usage\":null}", "",
            "data: {\"model\":\"acme-1\",\"delta\":\"lo, the usage word in text\"}", "",
            "data: {\"model\":\"acme-1\",\"delta\":\"\",\"usage\":{\"input_tokens\":1000,\"cached_tokens\":200,\"output_tokens\":500}}",
            "", "data: [DONE]", "");

    private final CollectingSink sink = new CollectingSink("collect");
    private LlmLab lab;

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private List<TrackedEvent> events() {
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        return sink.events();
    }

    @Test
    void trackStream_usageInLastChunk_recordedOnceWhenCompleted() {
        lab = Fixtures.lab().sink(sink).build();

        StreamTracker tracked = lab.trackStream(CallOptions.provider("acme").tag("feature", "chat"));
        SSE.forEach(tracked::line);
        assertThat(events()).isEmpty(); // nothing before the stream ends
        tracked.complete();
        tracked.close();
        tracked.complete();

        List<TrackedEvent> events = events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(events.get(0).tags()).containsEntry("feature", "chat");
    }

    @Test
    void trackStream_textPiecesSplitAnywhere_areReassembled() {
        lab = Fixtures.lab().sink(sink).build();
        String transcript = String.join("\r\n", SSE) + "\r\n";
        Random random = new Random(11);

        try (StreamTracker tracked = lab.trackStream(CallOptions.provider("acme"))) {
            int i = 0;
            while (i < transcript.length()) {
                int n = 1 + random.nextInt(17);
                tracked.text(transcript.substring(i, Math.min(transcript.length(), i + n)));
                i += n;
            }
        }

        assertThat(events()).singleElement().satisfies(e -> assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST));
    }

    @Test
    void trackStream_endingWithoutUsage_recordsNoUsageEvent_neverZeroCost() {
        lab = Fixtures.lab().sink(sink).build();

        try (StreamTracker tracked = lab.trackStream(CallOptions.provider("acme"))) {
            tracked.line("data: {\"model\":\"acme-1\",\"delta\":\"Hi\"}");
            tracked.line("");
        }

        TrackedEvent e = events().get(0);
        assertThat(e.status()).isEqualTo(EventStatus.NO_USAGE);
        assertThat(e.costUsd()).isNull();
        assertThat(e.toJson()).contains("\"status\":\"no_usage\"").contains("\"cost_usd\":null");
    }

    @Test
    void trackStream_failure_recordsErrorEventOnce() {
        lab = Fixtures.lab().sink(sink).build();

        StreamTracker tracked = lab.trackStream(CallOptions.provider("acme"));
        tracked.line(SSE.get(0));
        tracked.fail(new IOException("stream reset"));
        tracked.complete();

        List<TrackedEvent> events = events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).status()).isEqualTo(EventStatus.CALL_FAILED);
        assertThat(events.get(0).error()).contains("stream reset");
    }

    @Test
    void trackStream_garbageFed_neverThrows() {
        lab = Fixtures.lab().sink(sink).build();
        Random random = new Random(3);

        try (StreamTracker tracked = lab.trackStream(CallOptions.provider("acme"))) {
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                tracked.text(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            tracked.line("data: {\"usage\": {\"input_tokens\": \"x\"}}");
            tracked.line("");
        }

        TrackedEvent e = events().get(0);
        assertThat(e.status()).isIn(EventStatus.USAGE_UNREADABLE, EventStatus.NO_USAGE);
        assertThat(lab.stats().internalErrors()).isZero();
    }

    @Test
    void trackLines_streamConsumed_recordedAtTheEnd_linesPassedThrough() {
        lab = Fixtures.lab().sink(sink).build();

        List<String> seen;
        try (Stream<String> lines = lab.trackLines(CallOptions.provider("acme"), SSE.stream())) {
            seen = lines.collect(Collectors.toList());
        }

        assertThat(seen).isEqualTo(SSE);
        assertThat(events()).singleElement().satisfies(e -> assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST));
    }

    @Test
    void trackLines_abandonedHalfWay_recordedOnceWhenClosed() {
        lab = Fixtures.lab().sink(sink).build();

        try (Stream<String> lines = lab.trackLines(CallOptions.provider("acme"), SSE.stream())) {
            assertThat(lines.limit(2).count()).isEqualTo(2);
        }

        assertThat(events()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.NO_USAGE));
    }

    @Test
    void trackLines_iteratorThatThrows_failureReachesCaller_andIsRecorded() {
        lab = Fixtures.lab().sink(sink).build();
        UncheckedIOException broken = new UncheckedIOException(new IOException("connection closed"));
        Iterator<String> source = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 2) {
                    throw broken;
                }
                return true;
            }

            @Override
            public String next() {
                return SSE.get(n++);
            }
        };

        Iterator<String> tracked = lab.trackLines(CallOptions.provider("acme"), source);
        List<String> got = new ArrayList<>();
        assertThatThrownBy(() -> tracked.forEachRemaining(got::add)).isSameAs(broken);

        assertThat(got).hasSize(2);
        assertThat(events()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.CALL_FAILED));
    }

    /** A client interface in the decorator style. */
    @TrackCost(provider = "acme", tags = "feature=assistant")
    interface Assistant {
        String ask(String question) throws IOException;

        @TrackCost(provider = "acme", tags = {"feature=summary", "tier = gold"}, model = "acme-1")
        String summarize(String text);

        default String untracked() {
            return "plain";
        }
    }

    interface Plain {
        @TrackCost(provider = "acme")
        String call();

        String notTracked();
    }

    @Test
    void wrap_annotatedMethods_areTracked_withTheirTags() throws IOException {
        lab = Fixtures.lab().sink(sink).build();
        Assistant real = new Assistant() {
            @Override
            public String ask(String question) {
                return Fixtures.BODY;
            }

            @Override
            public String summarize(String text) {
                return Fixtures.body("acme-other", 1000, 200, 500);
            }
        };

        Assistant tracked = lab.wrap(Assistant.class, real);
        assertThat(tracked.ask("hi")).isEqualTo(Fixtures.BODY);
        assertThat(tracked.summarize("text")).contains("acme-other");
        assertThat(tracked.untracked()).isEqualTo("plain");

        List<TrackedEvent> events = events();
        assertThat(events).hasSize(3); // the default method is tracked too: the interface is annotated
        assertThat(events.get(2).status()).isEqualTo(EventStatus.USAGE_UNREADABLE);
        assertThat(events.get(0).tags()).containsEntry("feature", "assistant");
        assertThat(events.get(1).tags()).containsEntry("feature", "summary").containsEntry("tier", "gold");
        assertThat(events.get(1).costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void wrap_unannotatedMethods_passStraightThrough_andExceptionsAreUnchanged() {
        lab = Fixtures.lab().sink(sink).build();
        IllegalArgumentException failure = new IllegalArgumentException("bad request");
        Plain tracked = lab.wrap(Plain.class, new Plain() {
            @Override
            public String call() {
                throw failure;
            }

            @Override
            public String notTracked() {
                return "x";
            }
        });

        assertThat(tracked.notTracked()).isEqualTo("x");
        assertThatThrownBy(tracked::call).isSameAs(failure);
        assertThat(tracked.equals(tracked)).isTrue();
        assertThat(tracked.toString()).startsWith("LlmLab-tracked");

        assertThat(events()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.CALL_FAILED));
    }

    @Test
    void wrap_checkedExceptionOfTheInterface_reachesCallerUnchanged() {
        lab = Fixtures.lab().sink(sink).build();
        IOException failure = new IOException("timeout");
        Assistant tracked = lab.wrap(Assistant.class, new Assistant() {
            @Override
            public String ask(String question) throws IOException {
                throw failure;
            }

            @Override
            public String summarize(String text) {
                return "";
            }
        });

        assertThatThrownBy(() -> tracked.ask("q")).isSameAs(failure);
    }

    interface Malformed {
        @TrackCost(provider = "acme", tags = "no-equals-sign")
        String call();
    }

    @Test
    void wrap_malformedAnnotation_failsAtWrapTime_namingTheMethod() {
        lab = Fixtures.lab().build();

        assertThatThrownBy(() -> lab.wrap(Malformed.class, () -> "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed.call")
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> lab.wrap(String.class, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an interface");
    }
}
