package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A coarse guard on the hot path: parse, normalize and price a 1.5 KB response. The precise figure
 * comes from the JMH benchmarks; this test catches a regression by an order of magnitude. It keeps
 * the best of several rounds, since other processes on a shared build machine inflate wall time.
 * Target: 3 µs; bound here: 30 µs.
 */
class OpenAiSpeedTest {
    @Test
    void parseAndPrice_ofAChatCompletion_staysWithinMicroseconds() {
        OpenAiAdapter adapter = new OpenAiAdapter();
        CostCalculator calc = CostCalculator.of(PriceCatalog.fromProviders(ProviderRegistry.of(adapter)));
        byte[] body = Golden.bytes("azure_chat.json");
        assertThat(body.length).isBetween(1_000, 2_048);
        Instant at = Instant.parse("2025-11-20T00:00:00Z");
        long sink = 0;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            int n = 10_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Usage u = adapter.parse(body);
                sink += calc.price(u, at).cost().total().signum();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1_000.0 / n);
        }
        System.out.printf("parse + price of a %d-byte Azure chat completion: %.2f us (best round)%n",
                body.length, best);
        assertThat(sink).isPositive();
        assertThat(best).isLessThan(30.0);
    }
}
