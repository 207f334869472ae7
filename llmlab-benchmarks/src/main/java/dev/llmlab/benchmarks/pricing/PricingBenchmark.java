package dev.llmlab.benchmarks.pricing;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
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
 * How long does pricing one normalized usage record take? The catalog is the real built-in one;
 * each variant prices a different shape of call and returns the exact total.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PricingBenchmark {
    private CostCalculator calculator;
    private Instant at;
    private Usage openAiCached;
    private Usage anthropicCacheWrites;
    private Usage geminiLongContext;
    private Usage datedSnapshot;
    private Usage openAiBatch;

    /** Builds the catalog and the usage records once. */
    @Setup
    public void setup() {
        calculator = CostCalculator.of(PriceCatalog.loadDefault());
        at = Instant.parse("2025-10-01T12:00:00Z");
        openAiCached = Usage.builder("openai", "gpt-4o").inputTokens(1_200).cacheReadTokens(200).outputTokens(300)
                .build();
        anthropicCacheWrites = Usage.builder("anthropic", "claude-sonnet-4-5").inputTokens(52_000)
                .cacheReadTokens(40_000).cacheWriteTokens(10_000).cacheWrite1hTokens(4_000).outputTokens(900).build();
        geminiLongContext = Usage.builder("google", "gemini-2.5-pro").inputTokens(250_000).cacheReadTokens(100_000)
                .outputTokens(4_000).reasoningTokens(3_000).build();
        datedSnapshot = Usage.builder("openai", "gpt-4o-mini-2024-07-18").inputTokens(800).outputTokens(120).build();
        openAiBatch = Usage.builder("openai", "gpt-4o").inputTokens(1_200).cacheReadTokens(200).outputTokens(300)
                .serviceTier(ServiceTier.BATCH).build();
        for (Usage u : new Usage[] {openAiCached, anthropicCacheWrites, geminiLongContext, datedSnapshot, openAiBatch}) {
            if (!calculator.price(u, at).isPriced()) {
                throw new IllegalStateException("benchmark input is unpriced: " + u);
            }
        }
    }

    /** @return the total of an OpenAI call with cached prompt tokens */
    @Benchmark
    public BigDecimal openAiCachedInput() {
        return calculator.price(openAiCached, at).cost().total();
    }

    /** @return the total of an Anthropic call with cache reads and 5-minute and 1-hour writes */
    @Benchmark
    public BigDecimal anthropicCacheWrites() {
        return calculator.price(anthropicCacheWrites, at).cost().total();
    }

    /** @return the total of a Gemini call above the 200k-token tier */
    @Benchmark
    public BigDecimal geminiLongContextTier() {
        return calculator.price(geminiLongContext, at).cost().total();
    }

    /** @return the total of the OpenAI call of {@link #openAiCachedInput} reported at the batch tier */
    @Benchmark
    public BigDecimal openAiBatchTier() {
        return calculator.price(openAiBatch, at).cost().total();
    }

    /** @return the total of a call naming a dated snapshot (resolved once, then cached) */
    @Benchmark
    public BigDecimal datedSnapshotName() {
        return calculator.price(datedSnapshot, at).cost().total();
    }
}
