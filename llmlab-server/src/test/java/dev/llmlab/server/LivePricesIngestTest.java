package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server whose price file is refreshed prices the next batch with the new file, and a
 * refresh that fails leaves the prices alone: ingest asks {@link ServerConfig#catalog()} for the
 * catalog in force at every request.
 */
class LivePricesIngestTest {
    @Test
    void ingest_afterARefresh_pricesWithTheNewFile_afterAFailedOne_withTheLastGood(@TempDir Path cache)
            throws Exception {
        try (PriceFileHost host = new PriceFileHost().serve(ServerPricesTest.V1);
                PriceRefresher prices = PriceRefresher.builder(TestServers.catalog(), PriceSource.parse(host.url()))
                        .cacheDirectory(cache).build();
                LlmLabServer server = LlmLabServer.start(ServerConfig.builder(TestServers.database().connection(),
                        prices, TestServers.JWT_SECRET)
                        .host("127.0.0.1").port(0).poolSize(4).build())) {
            Api api = new Api(server.uri());
            Api.Account a = api.signup();
            // 1,000,000 input tokens of test-large: $2.00 with the first file, $1.00 with the second
            assertThat(cost(api, a)).isEqualTo("2.000000");

            host.answer(500, "oops");
            prices.refreshNow();
            assertThat(cost(api, a)).isEqualTo("2.000000");

            host.serve(ServerPricesTest.V2);
            assertThat(prices.refreshNow()).isInstanceOf(PriceRefresher.Updated.class);
            assertThat(cost(api, a)).isEqualTo("1.000000");
        }
    }

    private static String cost(Api api, Api.Account a) {
        Api.Response r = api.post("/api/events/track", Events.event(UUID.randomUUID(), "testco", "test-large", 1_000_000,
                0, 0, "2025-10-01T12:00:00Z", null), a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("events").get(0).get("cost_usd").asText();
    }
}
