package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every golden file maps to exact normalized counts; error bodies and streams are reported. */
class AnthropicAdapterTest {
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private Usage parse(String golden) {
        return adapter.parse(Golden.FILES.bytes(golden));
    }

    private static Usage.Builder usage(String model) {
        return Usage.builder("anthropic", model);
    }

    @Test
    void parse_plainMessage_readsInputAndOutput() {
        assertThat(parse("message_plain.json")).isEqualTo(usage("claude-sonnet-4-5-20250929")
                .inputTokens(2095).outputTokens(503).build());
    }

    @Test
    void parse_plainMessage_reasoningIsUnknown() {
        // Anthropic bills extended thinking as output and does not report it apart.
        assertThat(parse("message_cache.json").reasoningTokens()).isEmpty();
    }

    @Test
    void parse_cacheReadAndCreation_inputIncludesBothAndSplits1h() {
        // input 312 (after the last breakpoint) + 4096 written + 20480 read
        assertThat(parse("message_cache.json")).isEqualTo(usage("claude-sonnet-4-20250514")
                .inputTokens(312 + 4096 + 20480).cacheReadTokens(20480).cacheWriteTokens(4096)
                .cacheWrite1hTokens(3072).outputTokens(790).build());
    }

    @Test
    void parse_cacheBreakdownDisagreesWithTotal_breakdownSumIsTheWrite() {
        // cache_creation_input_tokens says 2000, the breakdown 1500 + 700 = 2200: the breakdown wins
        assertThat(parse("message_cache_breakdown_mismatch.json")).isEqualTo(usage("claude-haiku-4-5-20251001")
                .inputTokens(50 + 2200).cacheWriteTokens(2200).cacheWrite1hTokens(700).outputTokens(12).build());
    }

    @Test
    void parse_webSearch_countsServerToolRequestsAndNullCacheCountsAsZero() {
        assertThat(parse("message_web_search.json")).isEqualTo(usage("claude-opus-4-1-20250805")
                .inputTokens(6039).outputTokens(931).webSearchRequests(1).build());
    }

    @Test
    void parse_longContext_inputIncludesCacheReads() {
        assertThat(parse("message_long_context.json")).isEqualTo(usage("claude-sonnet-4-5-20250929")
                .inputTokens(200_001).cacheReadTokens(140_001).outputTokens(2000).build());
    }

    @Test
    void parse_bedrockBodyWithoutCacheFields_readsCounts() {
        assertThat(parse("bedrock_message.json")).isEqualTo(usage("claude-3-5-haiku-20241022")
                .inputTokens(19).outputTokens(241).build());
    }

    @Test
    void parse_vertexBody_readsCounts() {
        assertThat(parse("vertex_message.json")).isEqualTo(usage("claude-3-7-sonnet-20250219")
                .inputTokens(1187 + 2048).cacheReadTokens(2048).outputTokens(356).build());
    }

    @Test
    void parse_streamedMessage_takesInputFromStartAndOutputFromLastDelta() {
        assertThat(parse("stream_message.txt")).isEqualTo(usage("claude-3-7-sonnet-20250219")
                .inputTokens(472).outputTokens(218).build());
    }

    @Test
    void parse_streamedMessageDeltaWithInputAndCacheCounts_overlaysStart() {
        // message_delta repeats the cache counts and raises input (the web search results) to 10682
        assertThat(parse("stream_message_delta_usage.txt")).isEqualTo(usage("claude-sonnet-4-5-20250929")
                .inputTokens(10682 + 3400).cacheWriteTokens(3400).outputTokens(510).webSearchRequests(1).build());
    }

    @Test
    void parse_bedrockStreamEventsAsJsonLines_readLikeAStream() {
        assertThat(parse("bedrock_stream_events.jsonl")).isEqualTo(usage("claude-sonnet-4-20250514")
                .inputTokens(1543).outputTokens(87).build());
    }

    @Test
    void parse_jsonLinesEventsWithErrorEvent_quotesTheError() {
        String body = "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":1}}}\n{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal\"}}\n";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("api_error")
                .hasMessageContaining("Internal");
    }

    @Test
    void parse_streamWithSeveralDeltas_lastDeltaWins() {
        String stream = "event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":"
                + "{\"input_tokens\":10,\"cache_read_input_tokens\":90,\"output_tokens\":1}}}\n\n"
                + "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":40}}\n\n"
                + "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":75,\"cache_read_input_tokens\":null}}\n\n";
        assertThat(adapter.parse(stream)).isEqualTo(usage("claude-haiku-4-5")
                .inputTokens(100).cacheReadTokens(90).outputTokens(75).build());
    }

    @Test
    void parse_streamDeltaRaisesCacheWriteTotal_startOneHourPartStandsRestIsFiveMinutes() {
        String stream = "event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\",\"usage\":"
                + "{\"input_tokens\":10,\"cache_creation_input_tokens\":1000,\"cache_creation\":"
                + "{\"ephemeral_5m_input_tokens\":400,\"ephemeral_1h_input_tokens\":600},\"output_tokens\":1}}}\n\n"
                + "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"cache_creation_input_tokens\":1500,\"output_tokens\":9}}\n\n";
        assertThat(adapter.parse(stream)).isEqualTo(usage("claude-sonnet-4-5")
                .inputTokens(10 + 1500).cacheWriteTokens(1500).cacheWrite1hTokens(600).outputTokens(9).build());
    }

    @Test
    void parse_streamedError_quotesTypeAndMessage() {
        assertThatThrownBy(() -> parse("stream_error.txt"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("overloaded_error")
                .hasMessageContaining("Overloaded");
    }

    @Test
    void parse_errorBody_quotesTypeAndMessage() {
        assertThatThrownBy(() -> parse("error_overloaded.json"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("overloaded_error")
                .hasMessageContaining("Overloaded");
    }

    @Test
    void parse_invalidRequestErrorBody_quotesTypeAndMessage() {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"max_tokens: Field required\"}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("invalid_request_error")
                .hasMessageContaining("max_tokens: Field required");
    }

    @Test
    void parse_streamWithoutMessageStart_isReported() {
        String stream = "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":40}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        assertThatThrownBy(() -> adapter.parse(stream))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("message_start");
    }

    @Test
    void parse_streamCutOffBeforeMessageDelta_isReportedNotUnderCounted() {
        String stream = Golden.FILES.text("stream_message.txt");
        String cut = stream.substring(0, stream.indexOf("event: message_delta"));
        assertThatThrownBy(() -> adapter.parse(cut))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("message_delta");
    }

    @Test
    void parse_messageWithoutUsage_namesTheMissingObject() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-haiku-4-5\",\"content\":[]}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("no usage: the response has no 'usage' object");
    }

    @Test
    void parse_usageWithoutOutputTokens_namesTheField() {
        String body = "{\"type\":\"message\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":5}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.output_tokens: missing");
    }

    @Test
    void parse_wrongType_namesFieldAndValue() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":\"abc\",\"output_tokens\":1}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.input_tokens: expected a non-negative integer, got \"abc\"");
    }

    @Test
    void parse_negativeCount_namesField() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":1,"
                + "\"cache_read_input_tokens\":-5,\"output_tokens\":1}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.cache_read_input_tokens: expected a non-negative integer, got -5");
    }

    @Test
    void parse_countBeyondLong_isReported() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":92233720368547758070}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.output_tokens")
                .hasMessageContaining("92233720368547758070");
    }

    @Test
    void parse_countsWhoseSumOverflowsLong_isReported() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":" + Long.MAX_VALUE
                + ",\"cache_read_input_tokens\":1,\"output_tokens\":1}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("overflow");
    }

    @Test
    void parse_largestCounts_areKeptExactly() {
        long big = Long.MAX_VALUE / 4;
        String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":" + big
                + ",\"cache_read_input_tokens\":" + big + ",\"cache_creation_input_tokens\":" + big
                + ",\"output_tokens\":" + Long.MAX_VALUE + "}}";
        Usage u = adapter.parse(body);
        assertThat(u.inputTokens()).isEqualTo(3 * big);
        assertThat(u.outputTokens()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void parse_malformedJson_reportsLineAndColumn() {
        String body = "{\n  \"type\": \"message\",\n  \"usage\": {\"input_tokens\": 1,, }\n}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("line 3");
    }

    @Test
    void parse_emptyBody_isReported() {
        assertThatThrownBy(() -> adapter.parse(new byte[0]))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("empty body");
    }

    @Test
    void parse_fieldOrderDoesNotMatter() {
        String body = "{\"usage\":{\"output_tokens\":7,\"cache_read_input_tokens\":3,\"input_tokens\":2},"
                + "\"model\":\"claude-opus-4-5\",\"type\":\"message\"}";
        assertThat(adapter.parse(body)).isEqualTo(usage("claude-opus-4-5")
                .inputTokens(5).cacheReadTokens(3).outputTokens(7).build());
    }

    @Test
    void usageOf_jsonNode_readsTheSameAsTheBytes() throws Exception {
        JsonNode node = new ObjectMapper().readTree(Golden.FILES.bytes("message_cache.json"));
        assertThat(adapter.usageOf(node)).contains(parse("message_cache.json"));
    }

    @Test
    void usageOf_jsonNodeErrorBody_isReported() throws Exception {
        JsonNode node = new ObjectMapper().readTree(Golden.FILES.bytes("error_overloaded.json"));
        assertThatThrownBy(() -> adapter.usageOf(node))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("overloaded_error");
    }

    @Test
    void usageOf_stringAndBytes_parse() {
        String body = Golden.FILES.text("message_web_search.json");
        assertThat(adapter.usageOf(body)).contains(parse("message_web_search.json"));
        assertThat(adapter.usageOf(body.getBytes(StandardCharsets.UTF_8))).contains(parse("message_web_search.json"));
    }

    @Test
    void usageOf_unknownType_isEmpty() {
        assertThat(adapter.usageOf(42)).isEqualTo(Optional.empty());
        assertThat(adapter.usageOf(new Object())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.anthropic.Golden#all")
    void recognizes_everyGoldenFile(String golden) {
        assertThat(adapter.recognizes(Golden.FILES.bytes(golden))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // OpenAI chat completion
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}",
        // OpenAI Responses API: "type":"message" only inside output[]
        "{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\"}],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}",
        // OpenAI error body
        "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
        // OpenAI Responses stream error event
        "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\",\"sequence_number\":3}\n\n",
        // OpenAI chat stream
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[]}\n\ndata: [DONE]\n\n",
        // Gemini
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":1}}",
        // Cohere v2 chat
        "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":[]},"
                + "\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":2}}}",
        // Cohere v2 stream
        "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"c1\"}\n\n",
        "", "[]", "not json", "{\"type\":\"message\"", "{\"type\":\"completion\",\"completion\":\" Hi\"}"
    })
    void recognizes_otherProvidersAndGarbage_isFalse(String body) {
        // the truncated {"type":"message" is claimed: it is an Anthropic body, and parse reports it
        boolean anthropicPrefix = body.startsWith("{\"type\":\"message\"");
        assertThat(adapter.recognizes(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(anthropicPrefix);
    }

    @Test
    void provider_isAnthropicWithClaudeAlias() {
        assertThat(adapter.provider()).isEqualTo("anthropic");
        assertThat(adapter.aliases()).containsExactly("claude");
    }
}
