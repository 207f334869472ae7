package dev.llmlab.benchmarks.tracking;

import dev.llmlab.core.LlmLab;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.TrackerStats;
import dev.llmlab.spi.Usage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What {@code track} and {@code record} cost the caller's thread, without the LLM call: the call
 * returns a prepared {@link Usage} (or the usage is recorded directly), so what is measured is the
 * clock reads, the small record and the lock-free queue hand-off. The tracker's real worker runs
 * meanwhile, reading, pricing and aggregating every event on another thread.
 *
 * <p>To measure the hand-off and not the drop path, the queue is large (8M events) and every
 * iteration ends by flushing it ({@code @TearDown(Level.Iteration)}, not timed); each iteration
 * prints the tracker's stats so a run shows {@code dropped=0}. Run with 1 and 4 threads:
 * {@code -t 1} / {@code -t 4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class TrackCallerBenchmark {
    private static final CallOptions OPTIONS = CallOptions.provider("openai").tag("feature", "chat");

    private LlmLab lab;
    private Usage usage;

    @Setup(Level.Trial)
    public void setUp() {
        lab = LlmLab.builder().providers(ProviderRegistry.of()).catalog(BenchmarkPrices.catalog())
                .queueCapacity(8 * 1024 * 1024).shutdownHook(false).build();
        usage = Usage.builder("openai", "gpt-4o-mini-2024-07-18").inputTokens(1000).cacheReadTokens(400)
                .outputTokens(500).reasoningTokens(200).build();
    }

    @TearDown(Level.Iteration)
    public void drain() {
        lab.flush(Duration.ofMinutes(5));
        TrackerStats s = lab.stats();
        System.out.println("  [tracker] enqueued=" + s.enqueued() + " processed=" + s.processed() + " dropped="
                + s.dropped() + " internalErrors=" + s.internalErrors());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lab.close();
    }

    /** The one-line wrapper around a call that returns its usage. */
    @Benchmark
    public Usage track() {
        return lab.track(OPTIONS, () -> usage);
    }

    /** Recording usage the caller already has (the framework-listener path). */
    @Benchmark
    public void record() {
        lab.record(usage, OPTIONS, 1_000_000L);
    }

    /** With four caller threads contending on the queue. */
    @Benchmark
    @Threads(4)
    public Usage track4Threads() {
        return lab.track(OPTIONS, () -> usage);
    }

    /**
     * Runs this class's benchmarks.
     *
     * @param args ignored
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(TrackCallerBenchmark.class.getSimpleName()).build()).run();
    }
}
