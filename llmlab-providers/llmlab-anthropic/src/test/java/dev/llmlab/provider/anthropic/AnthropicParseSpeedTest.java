package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A coarse guard on the cost of parse + normalize + price. The target is under 3 µs for a 1-2 KB
 * body (measured figures go to the test output); the assertion allows a wide margin for slow or
 * busy machines and only catches a gross regression such as building a tree per body. JMH in
 * llmlab-benchmarks is the place for precise figures.
 */
class AnthropicParseSpeedTest {
    private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();
    private static final CostCalculator CALCULATOR =
            CostCalculator.of(PriceCatalog.fromProviders(ProviderRegistry.of(ADAPTER)));
    private static final Instant AT = Instant.parse("2025-10-01T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"message_plain.json", "message_cache.json", "message_web_search.json",
        "stream_message.txt"})
    void parseAndPrice_isFast(String golden) {
        byte[] body = Golden.bytes(golden);
        long sink = 0;
        for (int i = 0; i < 60_000; i++) { // warm-up for the JIT
            sink += run(body);
        }
        int n = 50_000;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += run(body);
            }
            best = Math.min(best, (System.nanoTime() - t0) / n);
        }
        System.out.printf("%s (%d bytes): parse + normalize + price %d ns/op%n", golden, body.length, best);
        assertThat(sink).isNotZero();
        assertThat(best).as("ns per parse+price of %s", golden).isLessThan(30_000);
    }

    private static long run(byte[] body) {
        CostResult r = CALCULATOR.price(ADAPTER.parse(body), AT);
        return r.isPriced() ? 1 : 2;
    }
}
