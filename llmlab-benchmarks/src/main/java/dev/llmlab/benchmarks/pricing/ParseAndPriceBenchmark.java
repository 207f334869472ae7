package dev.llmlab.benchmarks.pricing;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.InputStream;
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
 * How long does it take to go from a provider's raw response body (about 1.5 KB) to an exact
 * cost: parse, normalize, price?
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ParseAndPriceBenchmark {
    private ProviderRegistry registry;
    private CostCalculator calculator;
    private ProviderAdapter openAi;
    private ProviderAdapter anthropic;
    private byte[] openAiBody;
    private byte[] anthropicBody;
    private Instant at;

    /**
     * Loads the adapters, catalog and bodies once.
     *
     * @throws IOException when a body resource is missing
     */
    @Setup
    public void setup() throws IOException {
        registry = ProviderRegistry.loadDefault();
        calculator = CostCalculator.of(PriceCatalog.fromProviders(registry));
        openAi = registry.adapter("openai").orElseThrow();
        anthropic = registry.adapter("anthropic").orElseThrow();
        openAiBody = resource("/bodies/openai-chat.json");
        anthropicBody = resource("/bodies/anthropic-message.json");
        at = Instant.parse("2025-10-01T12:00:00Z");
        if (!calculator.price(openAi.parse(openAiBody), at).isPriced()
                || !calculator.price(anthropic.parse(anthropicBody), at).isPriced()) {
            throw new IllegalStateException("benchmark bodies must be priced");
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ParseAndPriceBenchmark.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** @return the exact cost of an OpenAI chat completion body */
    @Benchmark
    public BigDecimal openAiChatCompletion() {
        return calculator.price(openAi.parse(openAiBody), at).cost().total();
    }

    /**
     * For reference: Jackson's streaming parser stepping over every token of the OpenAI body,
     * doing nothing else (the adapters read bodies with {@link FastJsonParser}, and with Jackson
     * only when it declines).
     *
     * @return the number of tokens
     * @throws IOException never, the body is valid
     */
    @Benchmark
    public int jacksonTokenWalkOpenAi() throws IOException {
        int n = 0;
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(openAiBody)) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * The same walk over LLMlab's {@link FastJsonParser}, which the adapters read bodies with.
     *
     * @return the number of tokens
     * @throws IOException never, the body is valid
     */
    @Benchmark
    public int fastTokenWalkOpenAi() throws IOException {
        int n = 0;
        try (FastJsonParser p = new FastJsonParser(openAiBody)) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * @return the exact cost of the OpenAI body when the caller does not name the provider: every
     *     adapter is asked whether the body is its provider's, then the one that is reads it
     */
    @Benchmark
    public BigDecimal openAiChatCompletionDetected() {
        return calculator.price(registry.parse(openAiBody), at).cost().total();
    }

    /** @return the usage of the OpenAI body, parsed and normalized but not priced */
    @Benchmark
    public Usage openAiParseOnly() {
        return openAi.parse(openAiBody);
    }

    /** @return the exact cost of an Anthropic message body */
    @Benchmark
    public BigDecimal anthropicMessage() {
        return calculator.price(anthropic.parse(anthropicBody), at).cost().total();
    }
}
