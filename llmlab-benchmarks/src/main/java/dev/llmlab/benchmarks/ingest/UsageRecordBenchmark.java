package dev.llmlab.benchmarks.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.ingest.EventParser;
import dev.llmlab.server.ingest.IncomingEvent;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does reading and writing one usage record cost? On the server, per event of a 500-event
 * batch as {@link IngestLoadHarness} sends it: validating the parsed event ({@code validateEvent}),
 * and the strict body parse plus validation of the whole batch ({@code parseAndValidateBatch}, per
 * batch). In the tracker: one event as a JSON line ({@code trackerLine}) and as the body the HTTP
 * sink posts ({@code ingestLine}).
 *
 * <pre>{@code
 * java -cp llmlab-benchmarks/target/benchmarks.jar dev.llmlab.benchmarks.Report UsageRecordBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class UsageRecordBenchmark {
    private static final String[][] MODELS = {{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"},
        {"anthropic", "claude-sonnet-4-5"}, {"google", "gemini-2.5-flash"}};
    private static final int BATCH = 500;

    private byte[] body;
    private List<JsonNode> events;
    private Instant now;
    private TrackedEvent tracked;
    private int next;

    /** Builds a batch body like the load harness's and one tracked event. */
    @Setup
    public void setup() {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder(BATCH * 260).append("{\"events\":[");
        for (int i = 0; i < BATCH; i++) {
            String[] m = MODELS[rnd.nextInt(MODELS.length)];
            long input = 200 + rnd.nextInt(20_000);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(new UUID(rnd.nextLong(), rnd.nextLong()))
                    .append("\",\"provider\":\"").append(m[0]).append("\",\"model\":\"").append(m[1])
                    .append("\",\"input_tokens\":").append(input).append(",\"cache_read_tokens\":").append(input / 4)
                    .append(",\"output_tokens\":").append(rnd.nextInt(2_000)).append(",\"duration_ms\":")
                    .append(rnd.nextInt(5_000)).append(",\"tags\":{\"project\":\"p").append(rnd.nextInt(10))
                    .append("\",\"env\":\"prod\"}}");
        }
        body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        events = new ArrayList<>(BATCH);
        JsonBodies.parseBatch(body, "events").root().get("events").forEach(events::add);
        now = Instant.now();
        tracked = TrackedEvent.builder(UUID.randomUUID(), Instant.parse("2025-07-01T12:00:00Z"))
                .usage(Usage.builder("openai", "gpt-4o").inputTokens(1_200).cacheReadTokens(200).outputTokens(300)
                        .build())
                .costUsd(new BigDecimal("0.004750")).durationNanos(1_234_000_000L)
                .tags(Map.of("project", "support-bot", "env", "prod")).build();
    }

    /** @return one event of the batch, validated: what the server does per event after parsing the body */
    @Benchmark
    public IncomingEvent validateEvent() {
        int i = next++ % BATCH;
        return EventParser.parse(events.get(i), "events[" + i + "].", now);
    }

    /** @return the last event of a 500-event batch after the strict parse and the validation of all */
    @Benchmark
    public IncomingEvent parseAndValidateBatch() {
        JsonNode batch = JsonBodies.parseBatch(body, "events").root().get("events");
        IncomingEvent last = null;
        for (int i = 0; i < BATCH; i++) {
            last = EventParser.parse(batch.get(i), "events[" + i + "].", now);
        }
        return last;
    }

    /** @return the tracker's JSON line of one event */
    @Benchmark
    public String trackerLine() {
        return tracked.toJson();
    }

    /** @return the event as the HTTP sink posts it */
    @Benchmark
    public String ingestLine() {
        return tracked.toIngestJson();
    }
}
