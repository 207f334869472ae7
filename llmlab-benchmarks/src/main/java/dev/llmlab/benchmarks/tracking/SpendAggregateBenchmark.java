package dev.llmlab.benchmarks.tracking;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.tracking.SpendAggregate;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Events per second the in-memory aggregate adds up (spend by day, provider, model and each tag,
 * exact BigDecimal sums), as the tracker's worker feeds it: batches of 512 priced events spread
 * over 2 models, 30 days, 3 tags with 4 to 50 values each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpendAggregateBenchmark {
    private static final int BATCH = 512;

    private List<List<TrackedEvent>> batches;
    private SpendAggregate aggregate;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        CostCalculator calculator = CostCalculator.of(BenchmarkPrices.catalog());
        SplittableRandom random = new SplittableRandom(42);
        Instant start = Instant.parse("2025-06-01T00:00:00Z");
        String[] models = {"gpt-4o-mini", "gpt-4o"};
        batches = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            List<TrackedEvent> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                // events arrive in time order, as the worker sees them
                Instant at = start.plusSeconds((long) (b * BATCH + i) * 30 * 86_400L / (64L * BATCH));
                Usage usage = Usage.builder("openai", models[random.nextInt(2)]).inputTokens(100 + random.nextInt(5000))
                        .cacheReadTokens(random.nextInt(100)).outputTokens(random.nextInt(2000)).build();
                batch.add(TrackedEvent.builder(new UUID(random.nextLong(), random.nextLong()), at).usage(usage)
                        .cost(calculator.price(usage, at)).durationNanos(1_000_000)
                        .tags(Map.of("project", "p" + random.nextInt(4), "feature", "f" + random.nextInt(10),
                                "user", "u" + random.nextInt(50)))
                        .build());
            }
            batches.add(batch);
        }
        aggregate = SpendAggregate.create(ZoneId.of("Europe/Paris"));
    }

    /** One batch of 512 events; the score is events per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public SpendAggregate addBatch() {
        aggregate.write(batches.get(next++ & 63));
        return aggregate;
    }

    /**
     * Runs this class's benchmarks.
     *
     * @param args ignored
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SpendAggregateBenchmark.class.getSimpleName()).build()).run();
    }
}
