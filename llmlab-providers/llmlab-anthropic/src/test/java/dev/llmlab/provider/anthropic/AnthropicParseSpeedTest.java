package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A coarse guard on the cost of parse + normalize + price. The target is under 3 µs for a 1-2 KB
 * body on an idle machine; figures measured here go to the test output. Absolute times swing with
 * the machine's load, so the assertion compares with the floor of the streaming approach, one
 * bare Jackson pass over the same bytes measured alongside: reading usage must stay within a small
 * multiple of it (a tree per body, or parsing twice, would break that). JMH in llmlab-benchmarks is
 * the place for precise figures.
 */
class AnthropicParseSpeedTest {
    private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();
    private static final CostCalculator CALCULATOR =
            CostCalculator.of(PriceCatalog.fromProviders(ProviderRegistry.of(ADAPTER)));
    private static final Instant AT = Instant.parse("2025-10-01T12:00:00Z");
    private static final JsonFactory BARE = new JsonFactory();
    private static final int N = 50_000;

    @ParameterizedTest
    @ValueSource(strings = {"message_plain.json", "message_cache.json", "message_web_search.json"})
    void parseAndPrice_staysCloseToOneBareJacksonPass(String golden) {
        byte[] body = Golden.bytes(golden);
        long sink = 0;
        for (int i = 0; i < 60_000; i++) { // warm-up for the JIT
            sink += run(body) + bare(body);
        }
        long best = Long.MAX_VALUE;
        long bestBare = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += run(body);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += bare(body);
            }
            long t2 = System.nanoTime();
            best = Math.min(best, (t1 - t0) / N);
            bestBare = Math.min(bestBare, (t2 - t1) / N);
        }
        System.out.printf("%s (%d bytes): parse + normalize + price %d ns/op; bare Jackson pass %d ns/op%n",
                golden, body.length, best, bestBare);
        assertThat(sink).isNotZero();
        assertThat(best).as("ns per parse+price of %s vs %d ns for a bare pass", golden, bestBare)
                .isLessThan(3 * bestBare + 1_000);
    }

    @Test
    void parseAndPrice_stream_isMeasured() {
        byte[] body = Golden.bytes("stream_message.txt");
        long sink = 0;
        for (int i = 0; i < 60_000; i++) {
            sink += run(body);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += run(body);
            }
            best = Math.min(best, (System.nanoTime() - t0) / N);
        }
        System.out.printf("stream_message.txt (%d bytes): parse + normalize + price %d ns/op%n", body.length, best);
        assertThat(sink).isNotZero();
        assertThat(best).isLessThan(500_000); // only a gross regression fails this
    }

    private static long run(byte[] body) {
        CostResult r = CALCULATOR.price(ADAPTER.parse(body), AT);
        return r.isPriced() ? 1 : 2;
    }

    private static long bare(byte[] body) {
        try (JsonParser p = BARE.createParser(body)) {
            long tokens = 0;
            while (p.nextToken() != null) {
                tokens++;
            }
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
