package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PriceFileException;
import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.server.db.DatabaseConnection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's prices: built in, LLMLAB_PRICES as a file or a URL kept current, and the config that answers them. */
class ServerPricesTest {
    static final String V1 = "{\"provider\":\"testco\",\"models\":[{\"model\":\"test-large\",\"prices\":"
            + "[{\"effective_from\":\"2025-01-01\",\"input\":\"2.00\",\"output\":\"8.00\"}]}]}";
    static final String V2 = V1.replace("\"2.00\"", "\"1.00\"");

    private PriceFileHost host;
    @TempDir
    Path home;

    @BeforeEach
    void start() throws Exception {
        host = new PriceFileHost();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private ServerHome home(String prices, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("LLMLAB_HOME", home.toString());
        env.put(ServerHome.PRICES_VARIABLE, prices);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return ServerHome.of(env);
    }

    private static ServerConfig config(ServerHome.Prices prices) {
        return ServerConfig.builder(DatabaseConnection.parse("postgres://u:p@127.0.0.1:5999/llmlab"), prices,
                new byte[32]).build();
    }

    private static BigDecimal input(PriceCatalog catalog) {
        return catalog.find("testco", "test-large").orElseThrow().current().rates().input();
    }

    @Test
    void prices_url_configAnswersTheCatalogInForce_throughFailedAndGoodRefreshes() {
        host.serve(V1);
        try (ServerHome.Prices prices = home(host.url()).prices()) {
            ServerConfig config = config(prices);
            assertThat(input(config.catalog())).isEqualByComparingTo("2.00");
            assertThat(config.catalog().find("openai", "gpt-4o")).as("the built-in prices stay").isPresent();

            host.answer(500, "oops");
            assertThat(prices.refresher().refreshNow()).isInstanceOf(PriceRefresher.Failed.class);
            assertThat(input(config.catalog())).isEqualByComparingTo("2.00");

            host.answer(200, "<html>garbage</html>");
            assertThat(prices.refresher().refreshNow()).isInstanceOf(PriceRefresher.Failed.class);
            assertThat(input(config.catalog())).isEqualByComparingTo("2.00");

            host.serve(V2);
            assertThat(prices.refresher().refreshNow()).isInstanceOf(PriceRefresher.Updated.class);
            assertThat(input(config.catalog())).isEqualByComparingTo("1.00");

            assertThat(prices.refresher().refreshNow()).isInstanceOf(PriceRefresher.NotModified.class);
            assertThat(prices.builtInOnly()).isFalse();
            assertThat(prices.summary()).startsWith("built-in prices + LLMLAB_PRICES " + host.url())
                    .contains("sha256 " + prices.refresher().digest().orElseThrow());
        }
    }

    @Test
    void prices_urlDownAtStart_nothingKept_startsWithTheBuiltInPrices() {
        host.answer(503, "busy");
        try (ServerHome.Prices prices = home(host.url()).prices()) {
            assertThat(prices.builtInOnly()).isTrue();
            assertThat(config(prices).catalog().find("testco", "test-large")).isEmpty();
            assertThat(config(prices).catalog().find("openai", "gpt-4o")).isPresent();
            assertThat(prices.refresher().lastError()).hasValue("HTTP 503");
        }
    }

    @Test
    void prices_urlDownAtStart_usesTheCopyAnEarlierStartKept() {
        host.serve(V1);
        home(host.url()).prices().close();
        host.answer(500, "down");
        try (ServerHome.Prices prices = home(host.url()).prices()) {
            assertThat(prices.builtInOnly()).isFalse();
            assertThat(input(prices.get())).isEqualByComparingTo("2.00");
        }
    }

    @Test
    void pricesCache_isOwnerOnlyUnderTheHome() throws Exception {
        host.serve(V1);
        home(host.url()).prices().close();
        Path cache = home.resolve("prices-cache");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.toList()).hasSize(2).allSatisfy(f -> assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
        }
    }

    @Test
    void pricesCache_writableByOthers_isRefusedNamingTheFix() throws Exception {
        Path cache = Files.createDirectories(home.resolve("prices-cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        host.serve(V1);
        assertThatThrownBy(() -> home(host.url()).prices()).hasMessageContaining(cache.toString())
                .hasMessageContaining("chmod go-w");
    }

    @Test
    void prices_file_isReadAsBefore_notRefreshed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), V1);
        try (ServerHome.Prices prices = home(file.toString()).prices()) {
            assertThat(input(prices.get())).isEqualByComparingTo("2.00");
            assertThat(prices.get().find("testco", "test-large").orElseThrow().origin()).isEqualTo(file.toString());
        }
        assertThat(home.resolve("prices-cache")).doesNotExist();
    }

    @Test
    void prices_malformedFile_failsTheStartAsBefore(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), V1.replace("\"2.00\"", "\"cheap\""));
        assertThatThrownBy(() -> home(file.toString()).prices()).isInstanceOf(PriceFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("models[0].prices[0].input");
    }

    @Test
    void prices_unset_areTheBuiltInPrices() {
        try (ServerHome.Prices prices = ServerHome.of(Map.of("LLMLAB_HOME", home.toString())).prices()) {
            assertThat(prices.refresher()).isNull();
            assertThat(prices.builtInOnly()).isFalse();
            assertThat(prices.summary()).isEqualTo("built-in prices");
        }
    }

    @Test
    void pricesSource_plainHttpToAnotherHost_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> home("http://prices.example.com/p.json").prices())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("LLMLAB_PRICES: ")
                .hasMessageContaining("use https://");
    }

    @ParameterizedTest
    @CsvSource({"'', PT1H", "90s, PT1M30S", "30m, PT30M", "30 min, PT30M", "6h, PT6H", "1d, PT24H", "PT2H, PT2H",
        "1M, PT1M"})
    void pricesRefresh_simpleOrIsoDurations(String value, String expected) {
        assertThat(home("x.json", ServerHome.PRICES_REFRESH_VARIABLE, value).pricesRefresh())
                .isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "0", "soon", "PT1S", "-1h", "1 hour", "99999999999h"})
    void pricesRefresh_underAMinuteOrNotADuration_isRefusedNamingTheValue(String value) {
        assertThatThrownBy(() -> home("x.json", ServerHome.PRICES_REFRESH_VARIABLE, value).pricesRefresh())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMLAB_PRICES_REFRESH")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void catalog_forReprice_urlDownloadedOnce_thenItsKeptCopy_elseAnError() {
        host.serve(V1);
        ServerHome h = ServerHome.of(Map.of("LLMLAB_HOME", home.toString()));
        PriceSource url = PriceSource.parse(host.url());
        assertThat(input(h.catalog(url))).isEqualByComparingTo("2.00");
        host.answer(500, "down");
        assertThat(input(h.catalog(url))).isEqualByComparingTo("2.00");
        ServerHome elsewhere = ServerHome.of(Map.of("LLMLAB_HOME", home.resolve("other").toString()));
        assertThatThrownBy(() -> elsewhere.catalog(url)).isInstanceOf(PriceFileException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining(host.url());
    }
}
