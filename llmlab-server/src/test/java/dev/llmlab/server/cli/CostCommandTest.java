package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String prices() {
        try {
            return Path.of(CostCommandTest.class.getResource("/cli/test-prices.json").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String line) throws Exception {
        return JSON.readTree(line);
    }

    @Test
    void cost_stdinLines_printOneResultPerLineInOrder_exitZero() throws Exception {
        String input = "{\"provider\":\"testco\",\"model\":\"test-large\",\"input_tokens\":1200,\"cache_read_tokens\":200,"
                + "\"output_tokens\":300,\"timestamp\":\"2025-07-01T12:00:00Z\"}\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large-2025-01-01\",\"input_tokens\":1000000,"
                + "\"timestamp\":\"2025-03-01T00:00:00Z\"}\n";
        CliProcess r = CliProcess.run(input, "cost", "--prices", prices());
        assertThat(r.exitCode).as(r.err).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(2);
        JsonNode first = json(lines.get(0));
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("provider").asText()).isEqualTo("testco");
        assertThat(first.get("priced_as").asText()).isEqualTo("test-large");
        // 1000 x 2.00 + 200 x 0.50 + 300 x 8.00, per million: exact strings, no exponent
        assertThat(first.get("cost_usd").asText()).isEqualTo("0.004500");
        assertThat(first.get("input_cost_usd").asText()).isEqualTo("0.002000");
        assertThat(first.get("cache_read_cost_usd").asText()).isEqualTo("0.000100");
        assertThat(first.get("cache_write_cost_usd").asText()).isEqualTo("0.000000");
        assertThat(first.get("output_cost_usd").asText()).isEqualTo("0.002400");
        JsonNode second = json(lines.get(1));
        assertThat(second.get("line").asInt()).isEqualTo(2);
        assertThat(second.get("model").asText()).isEqualTo("test-large-2025-01-01");
        assertThat(second.get("cost_usd").asText()).isEqualTo("10.000000"); // the price before the June cut
    }

    @Test
    void cost_printsTheCountsItPriced_wholeNumbersInAnyNotation() throws Exception {
        String input = "{\"provider\":\"testco\",\"model\":\"test-large\",\"input_tokens\":1.2e3,"
                + "\"cache_read_tokens\":200.0,\"output_tokens\":300,\"timestamp\":\"2025-07-01T12:00:00Z\"}\n";
        CliProcess r = CliProcess.run(input, "cost", "--prices", prices());
        assertThat(r.exitCode).as(r.err).isZero();
        JsonNode line = json(r.lines().get(0));
        assertThat(line.get("input_tokens").asLong()).isEqualTo(1200);
        assertThat(line.get("cache_read_tokens").asLong()).isEqualTo(200);
        assertThat(line.get("cache_write_tokens").asLong()).isZero();
        assertThat(line.get("cache_write_1h_tokens").asLong()).isZero();
        assertThat(line.get("output_tokens").asLong()).isEqualTo(300);
        assertThat(line.get("reasoning_tokens").isNull()).isTrue();
        assertThat(line.has("input_audio_tokens")).isFalse();
        assertThat(line.get("cost_usd").asText()).isEqualTo("0.004500"); // the same as 1200 written plainly
    }

    @Test
    void cost_unknownModelAndBadLines_reportTheLineAndExitTwo() throws Exception {
        String input = "{\"provider\":\"testco\",\"model\":\"test-larg\",\"input_tokens\":1}\n"
                + "not json\n"
                + "\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large\",\"input_tokens\":-5}\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large\",\"output_tokens\":\"many\"}\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large\",\"input_tokens\":5,\"cache_read_tokens\":6}\n"
                + "{\"model\":\"test-large\"}\n"
                + "[1,2]\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large\",\"timestamp\":\"yesterday\"}\n"
                + "{\"provider\":\"testco\",\"model\":\"test-large\",\"input_tokens\":10}\n";
        CliProcess r = CliProcess.run(input, "cost", "--prices", prices());
        assertThat(r.exitCode).isEqualTo(2);
        List<String> lines = r.lines();
        assertThat(lines).hasSize(9); // the blank line prints nothing but keeps its number
        assertThat(json(lines.get(0)).get("error").asText()).contains("unknown model 'test-larg'").contains("test-large");
        assertThat(json(lines.get(0)).get("suggestions").get(0).asText()).isEqualTo("test-large");
        assertThat(json(lines.get(1)).get("line").asInt()).isEqualTo(2);
        assertThat(json(lines.get(1)).get("error").asText()).startsWith("malformed JSON");
        assertThat(json(lines.get(2)).get("line").asInt()).isEqualTo(4);
        assertThat(json(lines.get(2)).get("error").asText())
                .isEqualTo("input_tokens must be a whole number between 0 and 1000000000000, was -5");
        assertThat(json(lines.get(3)).get("error").asText())
                .isEqualTo("output_tokens must be a whole number between 0 and 1000000000000, was a string 'many'");
        assertThat(json(lines.get(4)).get("error").asText()).contains("must not exceed input_tokens");
        assertThat(json(lines.get(5)).get("error").asText()).isEqualTo("provider is required");
        assertThat(json(lines.get(6)).get("error").asText()).isEqualTo("a usage record must be a JSON object, was an array");
        assertThat(json(lines.get(7)).get("error").asText()).startsWith("timestamp must be ISO-8601 with an offset");
        assertThat(json(lines.get(8)).has("cost_usd")).isTrue();
        for (String line : lines.subList(0, 8)) {
            assertThat(json(line).has("cost_usd")).as("an unpriced line never shows a cost: " + line).isFalse();
        }
    }

    @Test
    void cost_files_areReadInOrder_andWebSearchIsShown(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.jsonl"),
                "{\"provider\":\"testco\",\"model\":\"test-search\",\"input_tokens\":1000,\"web_search_requests\":2}\n");
        Path b = Files.writeString(dir.resolve("b.jsonl"),
                "{\"provider\":\"testco\",\"model\":\"test-search\",\"output_tokens\":1000}\n");
        CliProcess r = CliProcess.run(null, "cost", "--prices", prices(), a.toString(), b.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(json(r.lines().get(0)).get("web_search_cost_usd").asText()).isEqualTo("0.020000");
        assertThat(json(r.lines().get(0)).get("cost_usd").asText()).isEqualTo("0.023000");
        assertThat(json(r.lines().get(1)).get("line").asInt()).isEqualTo(2);
        assertThat(json(r.lines().get(1)).get("cost_usd").asText()).isEqualTo("0.015000");
    }

    @Test
    void cost_pricesFromEnvironment(@TempDir Path dir) throws Exception {
        CliProcess r = CliProcess.run("{\"provider\":\"testco\",\"model\":\"test-search\",\"input_tokens\":1}\n",
                Map.of(Catalogs.PRICES_ENV, prices()), "cost");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(json(r.lines().get(0)).get("cost_usd").asText()).isEqualTo("0.000003");
    }

    @Test
    void cost_malformedPriceFile_isRejectedNamingTheField(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"provider\":\"x\",\"models\":[{\"model\":\"m\","
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"cheap\"}]}]}");
        CliProcess r = CliProcess.run("", "cost", "--prices", bad.toString());
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("bad.json").contains("models[0].prices[0].input").contains("expected a decimal number");
    }

    @Test
    void cost_missingFile_isAClearError() throws Exception {
        CliProcess r = CliProcess.run(null, "cost", "/nonexistent/usage.jsonl");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("no such file: /nonexistent/usage.jsonl");
    }

    @Test
    void cost_recordsNamingAHost_pricedAtTheHostsRates_unknownHostModelsUnpriced() throws Exception {
        String usage = ",\"input_tokens\":120000,\"cache_read_tokens\":20000,\"cache_write_tokens\":10000,"
                + "\"cache_write_1h_tokens\":4000,\"output_tokens\":5000,\"timestamp\":\"2025-11-01T12:00:00Z\"}\n";
        String input = "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5-20250929\"" + usage
                + "{\"provider\":\"bedrock\",\"model\":\"global.anthropic.claude-sonnet-4-5-20250929-v1:0\"" + usage
                + "{\"provider\":\"bedrock\",\"model\":\"eu.anthropic.claude-sonnet-4-5-20250929-v1:0\"" + usage
                + "{\"provider\":\"vertex_ai\",\"model\":\"claude-sonnet-4-5@20250929\"" + usage
                + "{\"provider\":\"azure\",\"model\":\"gpt-4o-2024-08-06\",\"input_tokens\":100000,"
                + "\"cache_read_tokens\":40000,\"output_tokens\":3000,\"timestamp\":\"2025-11-20T12:00:00Z\"}\n"
                + "{\"provider\":\"bedrock\",\"model\":\"anthropic.claude-sonnet-9-v1:0\"" + usage;
        CliProcess r = CliProcess.run(input, "cost");
        assertThat(r.exitCode).isEqualTo(2);
        List<String> lines = r.lines();
        assertThat(lines).hasSize(6);
        // hand-computed in AnthropicHostPricesTest and OpenAiHostPricesTest: 0.3975 global, 0.43725 regional (+10%)
        String[][] expected = {
            {"anthropic", "0.3975", "anthropic/claude-sonnet-4-5@2025-09-29"},
            {"bedrock", "0.3975", "bedrock/global.claude-sonnet-4-5@2025-09-29"},
            {"bedrock", "0.43725", "bedrock/claude-sonnet-4-5@2025-09-29"},
            {"vertex_ai", "0.3975", "vertex_ai/claude-sonnet-4-5@2025-09-29"},
            {"azure", "0.23", "openai/gpt-4o-2024-08-06@2024-08-06"}};
        for (int i = 0; i < expected.length; i++) {
            JsonNode line = json(lines.get(i));
            assertThat(line.get("provider").asText()).as(lines.get(i)).isEqualTo(expected[i][0]);
            assertThat(new java.math.BigDecimal(line.get("cost_usd").asText())).as(lines.get(i))
                    .isEqualByComparingTo(expected[i][1]);
            assertThat(line.get("price_id").asText()).isEqualTo(expected[i][2]);
        }
        JsonNode unknown = json(lines.get(5));
        assertThat(unknown.has("cost_usd")).isFalse();
        assertThat(unknown.get("error").asText())
                .startsWith("unknown model 'anthropic.claude-sonnet-9-v1:0' for provider 'bedrock'");
    }
}
