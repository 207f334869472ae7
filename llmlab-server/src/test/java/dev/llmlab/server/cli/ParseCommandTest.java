package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String body(String name) throws Exception {
        return Path.of(ParseCommandTest.class.getResource("/cli/bodies/" + name).toURI()).toString();
    }

    private static JsonNode json(String line) throws Exception {
        return JSON.readTree(line);
    }

    @Test
    void parse_detectsEachProvider_andNormalizes_oneLinePerFileInOrder() throws Exception {
        CliProcess r = CliProcess.run(null, "parse", body("chat_completion_cached.json"), body("anthropic_cache.json"),
                body("thinking.json"), body("chat_stream_usage.sse"), body("stream-sse.txt"),
                body("responses_web_search.json"));
        assertThat(r.exitCode).as(r.err).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(6);

        JsonNode openai = json(lines.get(0)); // prompt_tokens already include cached_tokens
        assertThat(openai.get("provider").asText()).isEqualTo("openai");
        assertThat(openai.get("input_tokens").asLong()).isEqualTo(2006);
        assertThat(openai.get("cache_read_tokens").asLong()).isEqualTo(1920);
        assertThat(openai.get("output_tokens").asLong()).isEqualTo(300);
        assertThat(openai.get("reasoning_tokens").asLong()).isZero();

        JsonNode anthropic = json(lines.get(1)); // input_tokens exclude cache reads and writes: added back
        assertThat(anthropic.get("provider").asText()).isEqualTo("anthropic");
        assertThat(anthropic.get("input_tokens").asLong()).isEqualTo(24_888);
        assertThat(anthropic.get("cache_read_tokens").asLong()).isEqualTo(20_480);
        assertThat(anthropic.get("cache_write_tokens").asLong()).isEqualTo(4_096);
        assertThat(anthropic.get("cache_write_1h_tokens").asLong()).isEqualTo(3_072);
        assertThat(anthropic.get("reasoning_tokens").isNull()).isTrue();

        JsonNode gemini = json(lines.get(2)); // thoughts billed as output
        assertThat(gemini.get("provider").asText()).isEqualTo("google");
        assertThat(gemini.get("output_tokens").asLong()).isEqualTo(1430);
        assertThat(gemini.get("reasoning_tokens").asLong()).isEqualTo(1180);

        JsonNode openaiStream = json(lines.get(3)); // usage from the last chunk of a stream
        assertThat(openaiStream.get("input_tokens").asLong()).isEqualTo(1250);
        assertThat(openaiStream.get("cache_read_tokens").asLong()).isEqualTo(1024);

        JsonNode geminiStream = json(lines.get(4));
        assertThat(geminiStream.get("output_tokens").asLong()).isEqualTo(159); // the last chunk's cumulative usage

        JsonNode search = json(lines.get(5));
        assertThat(search.get("web_search_requests").asLong()).isEqualTo(2);
    }

    @Test
    void parse_streamWithoutUsage_andErrorBodies_reportTheFile_exitTwo() throws Exception {
        CliProcess r = CliProcess.run(null, "parse", body("chat_stream_no_usage.sse"), body("error-429.json"),
                body("thinking.json"));
        assertThat(r.exitCode).isEqualTo(2);
        List<String> lines = r.lines();
        assertThat(json(lines.get(0)).get("file").asText()).endsWith("chat_stream_no_usage.sse");
        assertThat(json(lines.get(0)).get("error").asText()).contains("include_usage");
        assertThat(json(lines.get(1)).get("error").asText()).contains("RESOURCE_EXHAUSTED");
        assertThat(json(lines.get(2)).has("input_tokens")).isTrue();
        for (String line : lines.subList(0, 2)) {
            assertThat(json(line).has("input_tokens")).as("no zeros for a body without usage").isFalse();
        }
    }

    @Test
    void parse_cohereHasNoModel_modelOptionSuppliesIt() throws Exception {
        CliProcess without = CliProcess.run(null, "parse", body("cohere-v2-chat.json"));
        assertThat(without.exitCode).isZero();
        assertThat(json(without.lines().get(0)).get("model").isNull()).isTrue();
        assertThat(json(without.lines().get(0)).get("input_tokens").asLong()).isEqualTo(5); // billed units, not tokens

        CliProcess with = CliProcess.run(null, "parse", "--provider", "cohere", "--model", "command-a-03-2025",
                body("cohere-v2-chat.json"));
        assertThat(json(with.lines().get(0)).get("model").asText()).isEqualTo("command-a-03-2025");
    }

    @Test
    void parse_stdin_andGarbage() throws Exception {
        String body = Files.readString(Path.of(body("anthropic_cache.json")));
        CliProcess ok = CliProcess.run(body, "parse");
        assertThat(ok.exitCode).isZero();
        assertThat(json(ok.lines().get(0)).get("cache_write_1h_tokens").asLong()).isEqualTo(3_072);

        CliProcess garbage = CliProcess.run("{\"usage\": [1,2", "parse", "--provider", "openai");
        assertThat(garbage.exitCode).isEqualTo(2);
        assertThat(json(garbage.lines().get(0)).get("file").asText()).isEqualTo("-");
        assertThat(json(garbage.lines().get(0)).get("error").asText()).isNotBlank();

        CliProcess unknown = CliProcess.run("hello", "parse");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(json(unknown.lines().get(0)).get("error").asText()).contains("neither JSON nor a server-sent events");

        CliProcess noProvider = CliProcess.run("{}", "parse", "--provider", "acme");
        assertThat(json(noProvider.lines().get(0)).get("error").asText()).contains("no adapter for provider 'acme'");
    }

    @Test
    void parse_missingFile_isReportedForThatFileOnly(@TempDir Path dir) throws Exception {
        CliProcess r = CliProcess.run(null, "parse", dir.resolve("absent.json").toString(), body("thinking.json"));
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(json(r.lines().get(0)).get("error").asText()).contains("no such file");
        assertThat(json(r.lines().get(1)).get("provider").asText()).isEqualTo("google");
    }

    @Test
    void parse_forAHost_namesTheHost_thenCostPricesItAtTheHostsRates() throws Exception {
        CliProcess r = CliProcess.run(null, "parse", "--provider", "bedrock", "--model",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", body("anthropic_cache.json"));
        assertThat(r.exitCode).as(r.err).isZero();
        JsonNode usage = json(r.lines().get(0));
        assertThat(usage.get("provider").asText()).isEqualTo("bedrock");
        assertThat(usage.get("model").asText()).isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        CliProcess vertex = CliProcess.run(null, "parse", "--provider", "vertex", body("thinking.json"),
                body("anthropic_cache.json"));
        assertThat(vertex.exitCode).as(vertex.err).isZero();
        assertThat(vertex.lines()).extracting(l -> json(l).get("provider").asText())
                .containsExactly("vertex_ai", "vertex_ai");
        CliProcess nowhere = CliProcess.run(null, "parse", "--provider", "nowhere", body("anthropic_cache.json"));
        assertThat(nowhere.exitCode).isEqualTo(2);
        assertThat(json(nowhere.lines().get(0)).get("error").asText()).isEqualTo("no adapter for provider 'nowhere';"
                + " loaded: anthropic, cohere, google, openai; hosts: azure, bedrock, vertex_ai");
    }
}
