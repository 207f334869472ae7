package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.PriceFileHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(providers).containsExactlyInAnyOrder("anthropic", "cohere", "google", "openai", "bedrock",
                "vertex_ai");
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

    /**
     * The file in use is cli/test-prices.json (testco: test-large with periods from 2025-01-01 and
     * 2025-06-10, test-search); the proposed one cuts test-large's June input rate, drops its
     * January period and test-search, and adds test-new.
     */
    static final String PROPOSED = "{\"provider\":\"testco\",\"models\":["
            + "{\"model\":\"test-large\",\"aliases\":[\"test-large-2025-01-01\"],\"prices\":["
            + "{\"effective_from\":\"2025-06-10\",\"input\":\"1.50\",\"cache_read\":\"0.50\",\"output\":\"8.00\"}]},"
            + "{\"model\":\"test-new\",\"prices\":[{\"effective_from\":\"2026-01-01\",\"input\":\"1\",\"output\":\"2\"}]}]}";

    private static Map<String, String> inUse(Path home) {
        return Map.of(Catalogs.PRICES_ENV, CostCommandTest.prices(), "LLMLAB_HOME", home.toString());
    }

    @Test
    void pricesDiff_file_showsModelsAddedAndRemovedAndEveryRateChanged(@TempDir Path dir) throws Exception {
        Path proposed = Files.writeString(dir.resolve("proposed.json"), PROPOSED);
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", proposed.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).hasSize(6);
        assertThat(r.lines().get(0)).startsWith("built-in prices + " + CostCommandTest.prices() + " -> built-in prices + "
                + proposed + " (sha256 ");
        assertThat(r.lines().subList(1, 5)).containsExactly(
                "- testco/test-large   period removed: from 2025-01-01 input 10.00 cache_read 2.50 output 40.00",
                "~ testco/test-large   from 2025-06-10  input: 2.00 -> 1.50",
                "+ testco/test-new     model added: from 2026-01-01 input 1.00 output 2.00",
                "- testco/test-search  model removed (was from 2024-01-01 input 3.00 output 15.00 web_search_per_1k 10.00)");
        assertThat(r.lines().get(5)).isEqualTo("1 model added, 1 model removed, 1 rate changed, 1 period removed");
    }

    @Test
    void pricesDiff_json_oneObjectPerChange(@TempDir Path dir) throws Exception {
        Path proposed = Files.writeString(dir.resolve("proposed.json"), PROPOSED);
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", proposed.toString(), "--json");
        assertThat(r.exitCode).as(r.err).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.lines()) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).extracting(n -> n.get("change").asText())
                .containsExactly("period_removed", "rate_changed", "model_added", "model_removed");
        JsonNode rate = lines.get(1);
        assertThat(rate.toString()).isEqualTo("{\"change\":\"rate_changed\",\"provider\":\"testco\",\"model\":\"test-large\","
                + "\"effective_from\":\"2025-06-10\",\"field\":\"input\",\"old\":\"2.00\",\"new\":\"1.50\"}");
        assertThat(lines.get(2).get("periods").get(0).get("effective_from").asText()).isEqualTo("2026-01-01");
        assertThat(lines.get(3).get("model").asText()).isEqualTo("test-search");
    }

    @Test
    void pricesDiff_theFileInUse_noChange_exitZero(@TempDir Path dir) throws Exception {
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", CostCommandTest.prices());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).hasSize(2).last().isEqualTo("no change");
        CliProcess json = CliProcess.run(null, inUse(dir), "prices", "--diff", CostCommandTest.prices(), "--json");
        assertThat(json.exitCode).isZero();
        assertThat(json.out).isEmpty();
    }

    @Test
    void pricesDiff_withoutAFileInUse_comparesWithTheBuiltInPrices(@TempDir Path dir) throws Exception {
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--diff",
                CostCommandTest.prices());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines().get(0)).startsWith("built-in prices -> built-in prices + ");
        assertThat(r.out).contains("+ testco/test-large   model added").contains("+ testco/test-search  model added");
        assertThat(r.lines()).last().isEqualTo("2 models added");
    }

    @Test
    void pricesDiff_query_limitsTheChangesToMatchingModels(@TempDir Path dir) throws Exception {
        Path proposed = Files.writeString(dir.resolve("proposed.json"), PROPOSED);
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "test-new", "--diff", proposed.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).hasSize(3).last().isEqualTo("1 model added");
    }

    @Test
    void pricesDiff_invalidFile_exitTwoNamingTheField(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), PROPOSED.replace("\"1.50\"", "\"cheap\""));
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", bad.toString());
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("bad.json").contains("models[0].prices[0].input: expected a decimal number");
    }

    @Test
    void pricesDiff_url_isDownloadedOnce_andNotKept(@TempDir Path dir) throws Exception {
        try (PriceFileHost host = new PriceFileHost().serve(PROPOSED)) {
            CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", host.url());
            assertThat(r.exitCode).as(r.err).isZero();
            assertThat(r.lines().get(0)).contains("-> built-in prices + " + host.url() + " (sha256 ");
            assertThat(r.out).contains("~ testco/test-large   from 2025-06-10  input: 2.00 -> 1.50");
            assertThat(host.requests.get()).isEqualTo(1);
        }
        assertThat(dir.resolve("prices-cache")).doesNotExist();
    }

    @Test
    void pricesDiff_urlThatFails_exitTwoNamingTheError(@TempDir Path dir) throws Exception {
        try (PriceFileHost host = new PriceFileHost().answer(500, "oops")) {
            CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", host.url());
            assertThat(r.exitCode).isEqualTo(2);
            assertThat(r.err).contains(host.url()).contains("HTTP 500");
        }
    }

    @Test
    void pricesDiff_plainHttpToAnotherHost_isRefused(@TempDir Path dir) throws Exception {
        CliProcess r = CliProcess.run(null, inUse(dir), "prices", "--diff", "http://prices.example.com/p.json");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--diff").contains("use https://");
    }

    private static String period(String from, String input, String output) {
        return "{\"effective_from\":\"" + from + "\",\"input\":\"" + input + "\",\"output\":\"" + output + "\"}";
    }

    /** tune-a: fine-tuned rates and a pattern; tune-b: fine-tuned rates. */
    static final String TUNED_V1 = "{\"provider\":\"testco\",\"models\":["
            + "{\"model\":\"tune-a\",\"match\":\"ft:tune-a:old:*\",\"prices\":[" + period("2025-01-01", "1.00", "2.00")
            + "],\"fine_tuned\":{\"prices\":[" + period("2025-01-01", "3.00", "6.00") + "]}},"
            + "{\"model\":\"tune-b\",\"prices\":[" + period("2025-01-01", "1.00", "2.00")
            + "],\"fine_tuned\":{\"prices\":[" + period("2025-01-01", "4.00", "8.00") + "]}}]}";
    /** tune-a: another pattern, a fine-tuned rate cut and a new fine-tuned period; tune-b loses its; tune-c new. */
    static final String TUNED_V2 = "{\"provider\":\"testco\",\"models\":["
            + "{\"model\":\"tune-a\",\"match\":\"ft:tune-a:new:*\",\"prices\":[" + period("2025-01-01", "1.00", "2.00")
            + "],\"fine_tuned\":{\"prices\":[" + period("2025-01-01", "2.50", "6.00") + ","
            + period("2026-01-01", "2.00", "5.00") + "]}},"
            + "{\"model\":\"tune-b\",\"prices\":[" + period("2025-01-01", "1.00", "2.00") + "]},"
            + "{\"model\":\"tune-c\",\"prices\":[" + period("2025-01-01", "1.00", "2.00")
            + "],\"fine_tuned\":{\"prices\":[" + period("2025-02-01", "3.00", "6.00") + "]}}]}";

    @Test
    void pricesDiff_fineTunedRatesAndPatterns_addedRemovedAndChanged(@TempDir Path dir) throws Exception {
        Path v1 = Files.writeString(dir.resolve("v1.json"), TUNED_V1);
        Path v2 = Files.writeString(dir.resolve("v2.json"), TUNED_V2);
        CliProcess r = CliProcess.run(null, Map.of(Catalogs.PRICES_ENV, v1.toString(), "LLMLAB_HOME", dir.toString()),
                "prices", "--diff", v2.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines().subList(1, r.lines().size())).containsExactly(
                "~ testco/tune-a     match: +ft:tune-a:new:* -ft:tune-a:old:*",
                "~ testco/ft:tune-a  from 2025-01-01  input: 3.00 -> 2.50",
                "+ testco/ft:tune-a  period added: from 2026-01-01 input 2.00 output 5.00",
                "- testco/ft:tune-b  fine-tuned rates removed (were from 2025-01-01 input 4.00 output 8.00)",
                "+ testco/tune-c     model added: from 2025-01-01 input 1.00 output 2.00",
                "+ testco/ft:tune-c  fine-tuned rates added: from 2025-02-01 input 3.00 output 6.00",
                "1 model added, 1 rate changed, 1 period added, 1 fine-tuned price added, 1 fine-tuned price removed,"
                        + " 1 other change");
        CliProcess json = CliProcess.run(null, Map.of(Catalogs.PRICES_ENV, v1.toString(), "LLMLAB_HOME",
                dir.toString()), "prices", "--diff", v2.toString(), "--json", "tune-");
        assertThat(json.exitCode).as(json.err).isZero();
        assertThat(json.lines()).containsExactly(
                "{\"change\":\"patterns_changed\",\"provider\":\"testco\",\"model\":\"tune-a\","
                        + "\"added\":[\"ft:tune-a:new:*\"],\"removed\":[\"ft:tune-a:old:*\"]}",
                "{\"change\":\"rate_changed\",\"provider\":\"testco\",\"model\":\"ft:tune-a\","
                        + "\"effective_from\":\"2025-01-01\",\"field\":\"input\",\"old\":\"3.00\",\"new\":\"2.50\"}",
                "{\"change\":\"period_added\",\"provider\":\"testco\",\"model\":\"ft:tune-a\","
                        + "\"effective_from\":\"2026-01-01\",\"input\":\"2.00\",\"output\":\"5.00\"}",
                "{\"change\":\"fine_tuned_removed\",\"provider\":\"testco\",\"model\":\"ft:tune-b\"}",
                "{\"change\":\"model_added\",\"provider\":\"testco\",\"model\":\"tune-c\",\"aliases\":[],"
                        + "\"periods\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1.00\",\"output\":\"2.00\"}]}",
                "{\"change\":\"fine_tuned_added\",\"provider\":\"testco\",\"model\":\"ft:tune-c\","
                        + "\"periods\":[{\"effective_from\":\"2025-02-01\",\"input\":\"3.00\",\"output\":\"6.00\"}]}");
    }

    @Test
    void prices_table_listsFineTunedRatesAndPatterns(@TempDir Path dir) throws Exception {
        Path v2 = Files.writeString(dir.resolve("v2.json"), TUNED_V2);
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--prices",
                v2.toString(), "tune-");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).containsExactly(
                "PROVIDER  MODEL                    FROM        INPUT  CACHE_READ  CACHE_WRITE  CACHE_1H  OUTPUT  OTHER",
                "testco    tune-a                   2025-01-01  1.00   -           -            -         2.00",
                "            match ft:tune-a:new:*",
                "testco    ft:tune-a (old)          2025-01-01  2.50   -           -            -         6.00",
                "testco    ft:tune-a                2026-01-01  2.00   -           -            -         5.00",
                "testco    tune-b                   2025-01-01  1.00   -           -            -         2.00",
                "testco    tune-c                   2025-01-01  1.00   -           -            -         2.00",
                "testco    ft:tune-c                2025-02-01  3.00   -           -            -         6.00");
    }

    @Test
    void prices_json_fineTunedPeriodsAsLinesOfTheirOwn_andPatterns(@TempDir Path dir) throws Exception {
        Path v2 = Files.writeString(dir.resolve("v2.json"), TUNED_V2);
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--prices",
                v2.toString(), "--json", "ft:tune-c");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).containsExactly(
                "{\"provider\":\"testco\",\"model\":\"tune-c\",\"aliases\":[],\"effective_from\":\"2025-01-01\","
                        + "\"current\":true,\"input\":\"1.00\",\"output\":\"2.00\",\"origin\":\"" + v2 + "\"}",
                "{\"provider\":\"testco\",\"model\":\"ft:tune-c\",\"effective_from\":\"2025-02-01\",\"current\":true,"
                        + "\"input\":\"3.00\",\"output\":\"6.00\",\"origin\":\"" + v2 + "\",\"fine_tuned_of\":\"tune-c\"}");
        CliProcess patterns = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--prices",
                v2.toString(), "--json", "tune-a:new");
        assertThat(JSON.readTree(patterns.lines().get(0)).get("match").toString()).isEqualTo("[\"ft:tune-a:new:*\"]");
    }

    @Test
    void prices_builtInFineTunedRates_andHosts() throws Exception {
        CliProcess ft = CliProcess.run(null, "prices", "ft:gpt-4o-mini");
        assertThat(ft.exitCode).as(ft.err).isZero();
        assertThat(ft.out).containsPattern("(?m)^openai +ft:gpt-4o-mini +2024-07-18 +0\\.30 +0\\.15 +- +- +1\\.20$");
        CliProcess hosts = CliProcess.run(null, "prices", "global.claude-sonnet-4-5");
        assertThat(hosts.exitCode).as(hosts.err).isZero();
        assertThat(hosts.lines()).containsExactly(
                "PROVIDER  MODEL                     FROM        INPUT  CACHE_READ  CACHE_WRITE  CACHE_1H  OUTPUT  OTHER",
                "bedrock   global.claude-sonnet-4-5  2025-09-29  3.00   0.30        3.75         6.00      15.00",
                "            > 200000 input tokens               6.00   0.60        7.50         12.00     22.50");
        CliProcess azure = CliProcess.run(null, "prices", "azure");
        assertThat(azure.exitCode).as(azure.err).isZero();
        assertThat(azure.lines()).containsExactly("azure: models not listed under azure bill at the rates of openai");
    }

    /** tier-a: an old period without service tiers, and one with batch (long context too), US-only and priority. */
    static final String TIERED_V1 = "{\"provider\":\"testco\",\"models\":[{\"model\":\"tier-a\",\"prices\":["
            + "{\"effective_from\":\"2025-01-01\",\"input\":\"2.50\",\"output\":\"10.00\"},"
            + "{\"effective_from\":\"2025-06-01\",\"input\":\"2.00\",\"cache_read\":\"0.20\",\"output\":\"8.00\","
            + "\"tiers\":[{\"above_input_tokens\":200000,\"input\":\"4.00\",\"cache_read\":\"0.40\",\"output\":\"12.00\"}],"
            + "\"service_tiers\":["
            + "{\"service_tier\":\"batch\",\"input\":\"1.00\",\"cache_read\":\"0.10\",\"output\":\"4.00\",\"tiers\":["
            + "{\"above_input_tokens\":200000,\"input\":\"2.00\",\"cache_read\":\"0.20\",\"output\":\"6.00\"}],"
            + "\"source\":\"https://testco.example/batch\"},"
            + "{\"service_tier\":\"standard\",\"inference_geo\":\"us\",\"input\":\"2.20\",\"cache_read\":\"0.22\","
            + "\"output\":\"8.80\"}]}]}]}";
    /** TIERED_V1 with the batch input rate cut, the US-only rates dropped and priority rates added. */
    static final String TIERED_V2 = TIERED_V1.replace("\"input\":\"1.00\"", "\"input\":\"0.90\"")
            .replace(",{\"service_tier\":\"standard\",\"inference_geo\":\"us\",\"input\":\"2.20\",\"cache_read\":\"0.22\","
                    + "\"output\":\"8.80\"}", ",{\"service_tier\":\"priority\",\"input\":\"3.50\",\"output\":\"14.00\"}");

    @Test
    void prices_table_listsEachPeriodsServiceTierRatesUnderIt(@TempDir Path dir) throws Exception {
        Path v1 = Files.writeString(dir.resolve("v1.json"), TIERED_V1);
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--prices",
                v1.toString(), "tier-a");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).containsExactly(
                "PROVIDER  MODEL                            FROM        INPUT  CACHE_READ  CACHE_WRITE  CACHE_1H  OUTPUT  OTHER",
                "testco    tier-a (old)                     2025-01-01  2.50   -           -            -         10.00",
                "testco    tier-a                           2025-06-01  2.00   0.20        -            -         8.00",
                "            > 200000 input tokens                      4.00   0.40        -            -         12.00",
                "            [batch]                                    1.00   0.10        -            -         4.00",
                "            [batch] > 200000 input tokens              2.00   0.20        -            -         6.00",
                "            [standard, us]                             2.20   0.22        -            -         8.80");
    }

    @Test
    void prices_json_serviceTiersAsAnArrayPerPeriod(@TempDir Path dir) throws Exception {
        Path v1 = Files.writeString(dir.resolve("v1.json"), TIERED_V1);
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--prices",
                v1.toString(), "--json", "tier-a");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines()).hasSize(2);
        assertThat(JSON.readTree(r.lines().get(0)).has("service_tiers")).isFalse();
        assertThat(JSON.readTree(r.lines().get(1)).get("service_tiers").toString()).isEqualTo("["
                + "{\"service_tier\":\"batch\",\"input\":\"1.00\",\"cache_read\":\"0.10\",\"output\":\"4.00\","
                + "\"tiers\":[{\"above_input_tokens\":200000,\"input\":\"2.00\",\"cache_read\":\"0.20\",\"output\":\"6.00\"}],"
                + "\"source\":\"https://testco.example/batch\"},"
                + "{\"service_tier\":\"standard\",\"inference_geo\":\"us\",\"input\":\"2.20\",\"cache_read\":\"0.22\","
                + "\"output\":\"8.80\"}]");
    }

    @Test
    void prices_builtIn_gpt5PriorityRates() throws Exception {
        CliProcess r = CliProcess.run(null, "prices", "gpt-5");
        assertThat(r.exitCode).as(r.err).isZero();
        List<String> lines = r.lines();
        int gpt5 = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("openai +gpt-5 +2025-08-07 .*")) {
                gpt5 = i;
            }
        }
        assertThat(gpt5).as(r.out).isNotNegative();
        List<String> under = new ArrayList<>();
        for (int i = gpt5 + 1; i < lines.size() && lines.get(i).startsWith(" "); i++) {
            under.add(lines.get(i));
        }
        assertThat(under).anyMatch(l -> l.matches(" +\\[priority\\] +2\\.50 +0\\.25 +- +- +20\\.00 +web search 10\\.00/1k"))
                .anyMatch(l -> l.matches(" +\\[batch\\] +0\\.625 +0\\.0625 +- +- +5\\.00 +web search 10\\.00/1k"));
        CliProcess json = CliProcess.run(null, "prices", "--json", "gpt-5");
        JsonNode priority = null;
        for (String l : json.lines()) {
            JsonNode n = JSON.readTree(l);
            if (n.get("model").asText().equals("gpt-5") && n.get("current").asBoolean()) {
                for (JsonNode s : n.get("service_tiers")) {
                    if (s.get("service_tier").asText().equals("priority")) {
                        priority = s;
                    }
                }
            }
        }
        assertThat(priority).as(json.out).isNotNull();
        assertThat(priority.get("input").asText()).isEqualTo("2.50");
        assertThat(priority.get("cache_read").asText()).isEqualTo("0.25");
        assertThat(priority.get("output").asText()).isEqualTo("20.00");
        assertThat(priority.get("source").asText()).startsWith("https://");
    }

    @Test
    void pricesDiff_serviceTierRatesGainedLostAndChanged(@TempDir Path dir) throws Exception {
        Path v1 = Files.writeString(dir.resolve("v1.json"), TIERED_V1);
        Path v2 = Files.writeString(dir.resolve("v2.json"), TIERED_V2);
        Map<String, String> env = Map.of(Catalogs.PRICES_ENV, v1.toString(), "LLMLAB_HOME", dir.toString());
        CliProcess r = CliProcess.run(null, env, "prices", "--diff", v2.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.lines().subList(1, r.lines().size())).containsExactly(
                "~ testco/tier-a  from 2025-06-01  service_tiers[batch].input: 1.00 -> 0.90",
                "+ testco/tier-a  from 2025-06-01  service tier added: [priority] input 3.50 output 14.00",
                "- testco/tier-a  from 2025-06-01  service tier removed: [standard, us] input 2.20 cache_read 0.22 output 8.80",
                "1 rate changed, 1 service tier added, 1 service tier removed");
        CliProcess json = CliProcess.run(null, env, "prices", "--diff", v2.toString(), "--json");
        assertThat(json.exitCode).as(json.err).isZero();
        assertThat(json.lines()).containsExactly(
                "{\"change\":\"rate_changed\",\"provider\":\"testco\",\"model\":\"tier-a\",\"effective_from\":\"2025-06-01\","
                        + "\"field\":\"service_tiers[batch].input\",\"old\":\"1.00\",\"new\":\"0.90\"}",
                "{\"change\":\"service_tier_added\",\"provider\":\"testco\",\"model\":\"tier-a\",\"effective_from\":\"2025-06-01\","
                        + "\"service_tier\":\"priority\",\"input\":\"3.50\",\"output\":\"14.00\"}",
                "{\"change\":\"service_tier_removed\",\"provider\":\"testco\",\"model\":\"tier-a\",\"effective_from\":\"2025-06-01\","
                        + "\"service_tier\":\"standard\",\"inference_geo\":\"us\"}");
        // a model added with service tiers shows them in its period
        CliProcess added = CliProcess.run(null, Map.of("LLMLAB_HOME", dir.toString()), "prices", "--diff", v2.toString(),
                "tier-a");
        assertThat(added.lines()).contains("+ testco/tier-a  model added: from 2025-06-01 input 2.00 cache_read 0.20"
                + " output 8.00; above 200000 input tokens: input 4.00 cache_read 0.40 output 12.00; [batch] input 0.90"
                + " cache_read 0.10 output 4.00; above 200000 input tokens: input 2.00 cache_read 0.20 output 6.00;"
                + " [priority] input 3.50 output 14.00 (and 1 earlier)");
    }
}
