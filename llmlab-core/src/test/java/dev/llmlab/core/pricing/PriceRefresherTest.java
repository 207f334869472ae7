package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceRefresherTest {
    /** acme-large cut to 1.00 / 4.00 from 2025-06-10, and a model the base lacks. */
    static final String V1 = "{\"provider\":\"acme\",\"models\":["
            + "{\"model\":\"acme-large\",\"prices\":[{\"effective_from\":\"2025-06-10\",\"input\":\"1.00\",\"output\":\"4.00\"}]},"
            + "{\"model\":\"acme-xl\",\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"20\",\"output\":\"80\"}]}]}";
    /** acme-large cut again, to 0.50. */
    static final String V2 = V1.replace("\"1.00\"", "\"0.50\"");
    private static final String LAST_MODIFIED = "Wed, 01 Oct 2025 10:00:00 GMT";
    private static final Instant JULY = Instant.parse("2025-07-01T00:00:00Z");

    private final PriceCatalog base = TestCatalogs.acme();
    private PriceHost host;
    private LogLines log;
    @TempDir
    Path cache;

    @BeforeEach
    void start() throws Exception {
        host = new PriceHost();
        log = LogLines.of(PriceRefresher.class);
    }

    @AfterEach
    void stop() {
        host.close();
        log.close();
    }

    private PriceRefresher.Builder refresher() {
        return PriceRefresher.builder(base, PriceSource.url(host.url())).cacheDirectory(cache.resolve("prices-cache"))
                .interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(5));
    }

    private static BigDecimal input(PriceCatalog catalog, String model) {
        return catalog.find("acme", model).orElseThrow().periodAt(JULY).orElseThrow().rates().input();
    }

    private static String sha256(String text) {
        return PriceRefresher.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refresh_goodThen500ThenGarbageThenInvalidThenChangedThen304_alwaysPricesWithTheLastGoodFile() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        try (PriceRefresher prices = refresher().build()) {
            PriceCatalog v1 = prices.current();
            assertThat(input(v1, "acme-large")).isEqualByComparingTo("1.00");
            assertThat(input(v1, "acme-xl")).isEqualByComparingTo("20");
            assertThat(input(v1, "acme-mini")).isEqualByComparingTo("0.15"); // the base's own models stay
            assertThat(prices.digest()).hasValue(sha256(V1));
            assertThat(log.at(Level.INFO)).singleElement().asString().contains(sha256(V1)).contains(host.url().toString());
            log.clear();

            host.answer(500, "internal error");
            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.Failed("HTTP 500", sha256(V1)));
            assertThat(prices.current()).isSameAs(v1);
            assertThat(log.at(Level.WARNING)).singleElement().asString().contains("HTTP 500").contains(sha256(V1));

            host.answer(200, "<html>maintenance</html>");
            PriceRefresher.Outcome garbage = prices.refreshNow();
            assertThat(garbage).isInstanceOf(PriceRefresher.Failed.class);
            assertThat(((PriceRefresher.Failed) garbage).reason()).contains("not valid JSON");
            assertThat(prices.current()).isSameAs(v1);
            assertThat(prices.lastError()).hasValueSatisfying(e -> assertThat(e).contains("not valid JSON"));

            host.answer(200, V1.replace("\"input\":\"1.00\"", "\"input\":\"cheap\""));
            PriceRefresher.Outcome invalid = prices.refreshNow();
            assertThat(((PriceRefresher.Failed) invalid).reason())
                    .contains("models[0].prices[0].input: expected a decimal number, got \"cheap\"");
            assertThat(prices.current()).isSameAs(v1);
            assertThat(log.at(Level.WARNING)).hasSize(3);

            host.serve(V2, "\"v2\"", LAST_MODIFIED);
            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.Updated(sha256(V2), sha256(V1)));
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("0.50");
            assertThat(prices.lastError()).isEmpty();
            assertThat(log.at(Level.INFO)).singleElement().asString().contains(sha256(V2)).contains("was sha256 " + sha256(V1));
            PriceCatalog v2 = prices.current();

            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.NotModified(sha256(V2)));
            assertThat(prices.current()).isSameAs(v2);
            assertThat(host.requests.get(host.requests.size() - 1))
                    .isEqualTo(new PriceHost.Request("\"v2\"", LAST_MODIFIED));
            assertThat(log.withThrowable()).as("failures are one line, no stack trace").isEmpty();
        }
    }

    @Test
    void refresh_sameBytesWithoutValidators_isUnchanged_andNotLoggedAgain() {
        host.answer(200, V1);
        try (PriceRefresher prices = refresher().build()) {
            PriceCatalog first = prices.current();
            log.clear();
            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.Unchanged(sha256(V1)));
            assertThat(prices.current()).isSameAs(first);
            assertThat(log.at(Level.INFO)).isEmpty();
        }
    }

    @Test
    void start_firstRequestIsUnconditional() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        try (PriceRefresher prices = refresher().build()) {
            assertThat(host.requests).containsExactly(new PriceHost.Request(null, null));
        }
    }

    @Test
    void start_urlAnswers500_usesTheKeptCopy_andSaysSo() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        host.answer(500, "down");
        log.clear();
        try (PriceRefresher prices = refresher().build()) {
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
            assertThat(prices.digest()).hasValue(sha256(V1));
            assertThat(prices.lastError()).hasValue("HTTP 500");
            assertThat(log.at(Level.WARNING)).singleElement().asString().contains("HTTP 500").contains("kept copy")
                    .contains(sha256(V1));
        }
    }

    @Test
    void start_urlUnreachable_usesTheKeptCopy() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        host.close();
        try (PriceRefresher prices = refresher().build()) {
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
            assertThat(prices.summary()).contains("kept copy").contains(sha256(V1));
        }
    }

    @Test
    void start_withKeptCopy_sendsItsValidators_and304KeepsIt() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        host.requests.clear();
        try (PriceRefresher prices = refresher().build()) {
            assertThat(host.requests).containsExactly(new PriceHost.Request("\"v1\"", LAST_MODIFIED));
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
            assertThat(prices.lastError()).isEmpty();
            assertThat(log.at(Level.INFO)).last().asString().contains(sha256(V1));
        }
    }

    @Test
    void start_keptCopyThatNoLongerValidates_isIgnored() throws Exception {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        Path kept;
        try (Stream<Path> files = Files.list(cache.resolve("prices-cache"))) {
            kept = files.filter(f -> !f.toString().endsWith(".meta.json")).findFirst().orElseThrow();
        }
        Files.writeString(kept, "{\"models\": [");
        host.answer(503, "down");
        log.clear();
        try (PriceRefresher prices = refresher().build()) {
            assertThat(prices.digest()).isEmpty();
            assertThat(log.at(Level.WARNING)).singleElement().asString().contains("not usable").contains("not valid JSON");
        }
    }

    @Test
    void start_urlDownAndNothingKept_pricesWithTheBaseAlone_saysSoAsAnError_thenLoadsWhenTheHostRecovers() {
        host.answer(500, "down");
        try (PriceRefresher prices = refresher().build()) {
            assertThat(prices.digest()).isEmpty();
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("2.00"); // the base's price
            assertThat(prices.current().find("acme", "acme-xl")).isEmpty();
            assertThat(log.at(Level.SEVERE)).singleElement().asString().contains("HTTP 500")
                    .contains("BUILT-IN PRICES ONLY").contains("next try in 5 min");
            assertThat(prices.summary()).contains("not loaded (HTTP 500)");

            host.serve(V1, "\"v1\"", LAST_MODIFIED);
            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.Updated(sha256(V1), null));
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
        }
    }

    @Test
    void requireFile_urlDownAndNothingKept_buildFailsNamingTheError() {
        host.answer(404, "not found");
        assertThatThrownBy(() -> refresher().noSchedule().requireFile().build())
                .isInstanceOf(PriceFileException.class)
                .hasMessageContaining(host.url().toString()).hasMessageContaining("HTTP 404")
                .hasMessageContaining("no copy of it is kept in " + cache.resolve("prices-cache"));
        assertThat(log.at(Level.SEVERE)).isEmpty();
    }

    @Test
    void requireFile_urlDownButKept_usesTheKeptCopy() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        host.answer(500, "down");
        try (PriceRefresher prices = refresher().noSchedule().requireFile().build()) {
            assertThat(prices.digest()).hasValue(sha256(V1));
        }
    }

    @Test
    void keptCopy_isTheFileAsDownloaded_ownerOnly() throws Exception {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        refresher().build().close();
        Path dir = cache.resolve("prices-cache");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).hasSize(2).allSatisfy(f -> {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                if (f.toString().endsWith(".meta.json")) {
                    assertThat(Files.readString(f)).contains(sha256(V1)).contains("\"etag\":\"\\\"v1\\\"\"")
                            .contains(LAST_MODIFIED);
                } else {
                    assertThat(Files.readString(f)).isEqualTo(V1);
                }
            });
        }
    }

    @Test
    void download_largerThanTheLimit_isAFailedRefresh() {
        host.answer(200, V1);
        try (PriceRefresher prices = refresher().maxBytes(100).build()) {
            assertThat(prices.digest()).isEmpty();
            assertThat(prices.lastError()).hasValueSatisfying(e -> assertThat(e).contains("larger than the limit of 100 bytes"));
        }
    }

    @Test
    void download_slowerThanTheTimeout_isAFailedRefresh() {
        host.serve(V1, "\"v1\"", LAST_MODIFIED).delay(1_000);
        try (PriceRefresher prices = refresher().timeout(Duration.ofMillis(200)).build()) {
            assertThat(prices.lastError()).hasValue("no complete answer within 200 ms");
            assertThat(prices.digest()).isEmpty();
        }
    }

    @Test
    void schedule_downloadsAgainOnItsOwn() throws Exception {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        try (PriceRefresher prices = refresher().interval(Duration.ofMillis(100)).build()) {
            host.serve(V2, "\"v2\"", LAST_MODIFIED);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!prices.digest().orElseThrow().equals(sha256(V2)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("0.50");
        }
    }

    @Test
    void close_stopsTheSchedule() throws Exception {
        host.serve(V1, "\"v1\"", LAST_MODIFIED);
        PriceRefresher prices = refresher().interval(Duration.ofMillis(50)).build();
        prices.close();
        int after = host.requests.size();
        Thread.sleep(300);
        assertThat(host.requests).hasSize(after);
        assertThat(prices.digest()).hasValue(sha256(V1)); // what was in force stays readable
    }

    @Test
    void fileSource_readOnce_refreshNowRereadsIt_keepingTheLastGoodOnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, V1);
        try (PriceRefresher prices = PriceRefresher.builder(base, PriceSource.file(file)).build()) {
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
            assertThat(prices.digest()).hasValue(sha256(V1));
            Files.writeString(file, "{");
            assertThat(prices.refreshNow()).isInstanceOf(PriceRefresher.Failed.class);
            assertThat(input(prices.current(), "acme-large")).isEqualByComparingTo("1.00");
            Files.writeString(file, V2);
            assertThat(prices.refreshNow()).isEqualTo(new PriceRefresher.Updated(sha256(V2), sha256(V1)));
        }
    }

    @Test
    void fileSource_malformed_buildFailsAsFromFileDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, V1.replace("\"input\":\"1.00\"", "\"input\":\"cheap\""));
        String expected = catchMessage(() -> base.withOverrides(PriceCatalog.fromFile(file)));
        assertThatThrownBy(() -> PriceRefresher.builder(base, PriceSource.file(file)).build())
                .isInstanceOf(PriceFileException.class).hasMessage(expected);
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> PriceRefresher.builder(base, PriceSource.file(missing)).build())
                .isInstanceOf(PriceFileException.class).hasMessage(catchMessage(() -> PriceCatalog.fromFile(missing)));
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (PriceFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a PriceFileException");
    }
}
