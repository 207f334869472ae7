package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A guard on the hot path: parse, normalize and price a 1.5 KB response. The absolute figure
 * (target: under 3 µs) comes from the JMH benchmarks on a quiet machine; a shared build machine
 * makes wall-clock bounds flaky. So this test compares against the cheapest possible Jackson
 * pass over the same bytes, a bare token walk, measured in interleaved rounds (best of each): a
 * regression such as building a tree or decoding the content would show as a multiple of it.
 */
class OpenAiSpeedTest {
    @Test
    void parseAndPrice_costsAboutOneJacksonTokenWalk() throws IOException {
        OpenAiAdapter adapter = new OpenAiAdapter();
        CostCalculator calc = CostCalculator.of(PriceCatalog.fromProviders(ProviderRegistry.of(adapter)));
        byte[] body = Golden.bytes("azure_chat.json");
        assertThat(body.length).isBetween(1_000, 2_048);
        Instant at = Instant.parse("2025-11-20T00:00:00Z");
        long sink = 0;
        double ours = Double.MAX_VALUE;
        double walk = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            int n = 5_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Usage u = adapter.parse(body);
                sink += calc.price(u, at).cost().total().signum();
            }
            long middle = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (JsonParser p = OpenAiReader.JSON.createParser(body)) {
                    while (p.nextToken() != null) {
                        sink++;
                    }
                }
            }
            long end = System.nanoTime();
            ours = Math.min(ours, (middle - start) / 1_000.0 / n);
            walk = Math.min(walk, (end - middle) / 1_000.0 / n);
        }
        System.out.printf("parse + price of a %d-byte Azure chat completion: %.2f us; bare Jackson token walk:"
                + " %.2f us (best rounds)%n", body.length, ours, walk);
        assertThat(sink).isPositive();
        assertThat(ours).isLessThan(3 * walk);
    }
}
