package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prices_json_listsRatesDatesTiersAndSources() throws Exception {
        CliProcess r = CliProcess.run(null, "prices", "--json", "claude-sonnet-4-5");
        assertThat(r.exitCode).as(r.err).isZero();
        JsonNode line = JSON.readTree(r.lines().get(0));
        assertThat(line.get("provider").asText()).isEqualTo("anthropic");
        assertThat(line.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(line.get("effective_from").asText()).isEqualTo("2025-09-29");
        assertThat(line.get("input").asText()).isEqualTo("3.00");
        assertThat(line.get("cache_write_1h").asText()).isEqualTo("6.00");
        assertThat(line.get("tiers").get(0).get("above_input_tokens").asLong()).isEqualTo(200_000);
        assertThat(line.get("tiers").get(0).get("output").asText()).isEqualTo("22.50");
        assertThat(line.get("source").asText()).startsWith("https://");
    }

    @Test
    void prices_wholeCatalog_coversTheFourProvidersWithAtLeast60Models() throws Exception {
        CliProcess r = CliProcess.run(null, "prices", "--json");
        assertThat(r.exitCode).isZero();
        List<String> models = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        for (String l : r.lines()) {
            JsonNode n = JSON.readTree(l);
            String id = n.get("provider").asText() + "/" + n.get("model").asText();
            if (!models.contains(id)) {
                models.add(id);
            }
            if (!providers.contains(n.get("provider").asText())) {
                providers.add(n.get("provider").asText());
            }
            assertThat(n.has("source")).as("every price cites its source: " + l).isTrue();
        }
        assertThat(providers).containsExactlyInAnyOrder("anthropic", "cohere", "google", "openai");
        assertThat(models).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void prices_table_showsOldPeriodsAndTiers() throws Exception {
        CliProcess r = CliProcess.run(null, "prices", "o3");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("PROVIDER").contains("o3 (old)").contains("2025-06-10");
        CliProcess tiers = CliProcess.run(null, "prices", "gemini-2.5-pro");
        assertThat(tiers.out).contains("> 200000 input tokens");
    }

    @Test
    void prices_noMatch_exitsTwo() throws Exception {
        CliProcess r = CliProcess.run(null, "prices", "no-such-model-anywhere");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("no model matches");
    }
}
