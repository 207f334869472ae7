package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.server.PriceFileHost;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's prices: --prices or LLMLAB_PRICES, a file as always or a URL downloaded once. */
class CatalogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TESTCO = "{\"provider\":\"testco\",\"models\":[{\"model\":\"test-search\",\"prices\":"
            + "[{\"effective_from\":\"2024-01-01\",\"input\":\"3\",\"output\":\"15\"}]}]}";
    private static final String USAGE = "{\"provider\":\"testco\",\"model\":\"test-search\",\"input_tokens\":1000}\n";

    @Test
    void source_urlTypedIntoAPathOption_isThatUrl() {
        assertThat(Catalogs.source(Path.of("https://prices.example.com/a/llmlab.json")).uri())
                .hasValue(URI.create("https://prices.example.com/a/llmlab.json"));
        assertThat(Catalogs.source(Path.of("http://127.0.0.1:8080/p.json")).uri())
                .hasValue(URI.create("http://127.0.0.1:8080/p.json"));
    }

    @Test
    void source_path_isThatFile() {
        assertThat(Catalogs.source(Path.of("prices/https.json"))).isEqualTo(PriceSource.file(Path.of("prices/https.json")));
    }

    @Test
    void cost_pricesUrl_pricesWithTheDownloadedFile(@TempDir Path home) throws Exception {
        try (PriceFileHost host = new PriceFileHost().serve(TESTCO)) {
            CliProcess r = CliProcess.run(USAGE, Map.of("LLMLAB_HOME", home.toString()), "cost", "--prices", host.url());
            assertThat(r.exitCode).as(r.err).isZero();
            assertThat(JSON.readTree(r.out).get("cost_usd").asText()).isEqualTo("0.003000");
        }
    }

    @Test
    void cost_llmlabPricesUrl_hostDown_pricesWithTheKeptCopy(@TempDir Path home) throws Exception {
        Map<String, String> env;
        try (PriceFileHost host = new PriceFileHost().serve(TESTCO)) {
            env = Map.of("LLMLAB_HOME", home.toString(), Catalogs.PRICES_ENV, host.url());
            assertThat(CliProcess.run(USAGE, env, "cost").exitCode).isZero();
        }
        CliProcess r = CliProcess.run(USAGE, env, "cost");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(JSON.readTree(r.out).get("cost_usd").asText()).isEqualTo("0.003000");
        assertThat(r.err).contains("using the kept copy");
    }

    @Test
    void cost_pricesUrl_hostDownAndNothingKept_exitTwoNamingTheError(@TempDir Path home) throws Exception {
        try (PriceFileHost host = new PriceFileHost().answer(404, "no such file")) {
            CliProcess r = CliProcess.run(USAGE, Map.of("LLMLAB_HOME", home.toString()), "cost", "--prices", host.url());
            assertThat(r.exitCode).isEqualTo(2);
            assertThat(r.out).isEmpty();
            assertThat(r.err).contains("llmlab: ").contains(host.url()).contains("HTTP 404")
                    .contains("no copy of it is kept in " + home.resolve("prices-cache"));
        }
    }
}
