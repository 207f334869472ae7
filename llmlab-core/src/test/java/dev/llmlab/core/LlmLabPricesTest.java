package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.llmlab.core.pricing.PriceFileException;
import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.core.tracking.TrackedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker with a price file from a URL: events are priced with the file in force when they are processed. */
class LlmLabPricesTest {
    /** acme-1 at $2.00 input, $0.20 cached, $4.00 output per million: twice the built-in fixture. */
    private static final String DOUBLE = "{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-1\",\"prices\":"
            + "[{\"effective_from\":\"2024-01-01\",\"input\":\"2.00\",\"cache_read\":\"0.20\",\"output\":\"4.00\"}]}]}";
    private static final String TRIPLE = DOUBLE.replace("2.00", "3.00").replace("0.20", "0.30").replace("4.00", "6.00");

    private HttpServer host;
    private volatile int status = 200;
    private volatile String body = DOUBLE;
    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        host.createContext("/prices.json", exchange -> {
            try (exchange) {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                }
            }
        });
        host.start();
    }

    @AfterEach
    void stop() {
        host.stop(0);
    }

    private PriceSource url() {
        return PriceSource.parse("http://127.0.0.1:" + host.getAddress().getPort() + "/prices.json");
    }

    private static TrackedEvent track(LlmLab lab, CollectingSink sink) {
        lab.track("acme", () -> Fixtures.BODY);
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        List<TrackedEvent> events = sink.events();
        return events.get(events.size() - 1);
    }

    @Test
    void pricesUrl_eventsArePricedWithTheFileInForce_andFollowARefresh() {
        CollectingSink sink = new CollectingSink("events");
        try (PriceRefresher prices = PriceRefresher.builder(Fixtures.catalog(), url()).cacheDirectory(cache).build();
                LlmLab lab = LlmLab.builder().providers(Fixtures.providers()).prices(prices).shutdownHook(false)
                        .sink(sink).build()) {
            TrackedEvent first = track(lab, sink);
            assertThat(first.costUsd()).isEqualByComparingTo("0.00364"); // 800 × 2 + 200 × 0.2 + 500 × 4
            assertThat(first.priceId()).isEqualTo("acme/acme-1@2024-01-01");

            status = 500;
            prices.refreshNow();
            assertThat(track(lab, sink).costUsd()).isEqualByComparingTo("0.00364"); // the last good file

            status = 200;
            body = TRIPLE;
            assertThat(prices.refreshNow()).isInstanceOf(PriceRefresher.Updated.class);
            assertThat(track(lab, sink).costUsd()).isEqualByComparingTo("0.00546");
            assertThat(lab.calculator().catalog()).isSameAs(prices.current());
            assertThat(lab.estimateMaxCostUsd("acme", "acme-1", 1_000_000, 0)).isEqualByComparingTo("3.00");
        }
    }

    @Test
    void pricesSource_urlDownloadedAtBuild_overTheCatalog() {
        CollectingSink sink = new CollectingSink("events");
        try (LlmLab lab = Fixtures.lab().prices(url()).pricesCacheDirectory(cache).sink(sink).build()) {
            assertThat(track(lab, sink).costUsd()).isEqualByComparingTo("0.00364");
        }
    }

    @Test
    void pricesSource_urlDownAtBuild_doesNotFailTheBuild_pricesWithTheCatalog() {
        status = 503;
        CollectingSink sink = new CollectingSink("events");
        try (LlmLab lab = Fixtures.lab().prices(url()).pricesCacheDirectory(cache).sink(sink).build()) {
            assertThat(track(lab, sink).costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        }
    }

    @Test
    void pricesSource_malformedFile_failsTheBuildNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"models\": 3}");
        assertThatThrownBy(() -> Fixtures.lab().prices(PriceSource.file(file)).build())
                .isInstanceOf(PriceFileException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("models: expected an array");
    }

    @Test
    void pricesRefresher_withACatalogToo_isRefused() {
        try (PriceRefresher prices = PriceRefresher.builder(Fixtures.catalog(), url()).noCache().build()) {
            assertThatThrownBy(() -> Fixtures.lab().prices(prices).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices(PriceRefresher)");
        }
    }
}
