package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A smoke check of the parse + normalize + price path on a 1–2 KB body. The target is under
 * 3 µs per call (measured with the JMH benchmarks); this test only guards against a gross
 * regression (10x), since a shared test machine is noisy, and prints the figure it saw.
 */
class CohereParseSpeedTest {
    private static final int ITERATIONS = 200_000;

    @Test
    void parseAndPrice_oneKilobyteBody_isMicroseconds() {
        CohereAdapter adapter = new CohereAdapter();
        CostCalculator calculator = CostCalculator.of(PriceCatalog.fromProviders(ProviderRegistry.of(adapter)));
        // the v2 chat golden body with a longer answer: about 1.5 KB, as a typical chat response
        String answer = "Revenue grew 12% year over year, driven by the enterprise segment. ".repeat(14);
        byte[] body = Golden.text("v2-chat-billed-differs.json")
                .replace("Revenue grew 12% year over year, driven by the enterprise segment [1].", answer)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Instant at = Instant.parse("2025-06-01T00:00:00Z");
        assertThat(body.length).isBetween(1024, 2048);

        BigDecimal sink = BigDecimal.ZERO;
        for (int i = 0; i < ITERATIONS; i++) { // warm-up
            sink = sink.add(calculator.price(adapter.parse(body).withModel("command-r-plus-08-2024"), at).cost().total());
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                sink = sink.add(calculator.price(adapter.parse(body).withModel("command-r-plus-08-2024"), at)
                        .cost().total());
            }
            best = Math.min(best, (System.nanoTime() - start) / ITERATIONS);
        }
        System.out.println("cohere parse+normalize+price of a " + body.length + "-byte v2 chat body: " + best
                + " ns/call (best of 5 rounds of " + ITERATIONS + ")");

        assertThat(sink).isPositive();
        assertThat(best).as("ns per parse+price").isLessThan(30_000);
    }
}
