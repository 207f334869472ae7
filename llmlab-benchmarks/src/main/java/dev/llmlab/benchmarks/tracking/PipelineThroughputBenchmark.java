package dev.llmlab.benchmarks.tracking;

import dev.llmlab.core.LlmLab;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.spi.Usage;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Events per second through the whole in-process pipeline: record on the caller's thread, then on
 * the worker the id, pricing, budget settlement and the in-memory aggregate. Each invocation
 * records 10,000 events and waits until the worker has delivered them all ({@code flush}): the
 * rate the tracker sustains before its queue fills.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineThroughputBenchmark {
    private static final int EVENTS = 10_000;
    private static final CallOptions OPTIONS = CallOptions.provider("openai").tag("feature", "chat").tag("user", "u1");

    private LlmLab lab;
    private Usage usage;

    @Setup(Level.Trial)
    public void setUp() {
        lab = LlmLab.builder().providers(ProviderRegistry.of()).catalog(BenchmarkPrices.catalog())
                .queueCapacity(2 * EVENTS).shutdownHook(false).build();
        usage = Usage.builder("openai", "gpt-4o-mini").inputTokens(1000).cacheReadTokens(400).outputTokens(500).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lab.close();
    }

    /** 10,000 events recorded and delivered; the score is events per second. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public boolean recordAndDeliver() {
        for (int i = 0; i < EVENTS; i++) {
            lab.record(usage, OPTIONS, 1_000_000L);
        }
        return lab.flush(Duration.ofMinutes(1));
    }

    /**
     * Runs this class's benchmarks.
     *
     * @param args ignored
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PipelineThroughputBenchmark.class.getSimpleName()).build()).run();
    }
}
