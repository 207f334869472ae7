package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every golden response maps to exactly the normalized counts its usageMetadata implies. */
class GeminiAdapterTest {
    private final GeminiAdapter adapter = new GeminiAdapter();

    private Usage parse(String golden) {
        return adapter.parse(Golden.FILES.bytes(golden));
    }

    private static void assertCounts(Usage u, String model, long input, long cacheRead, long output, Long reasoning,
            long inputAudio, long outputAudio, long webSearch) {
        assertThat(u.provider()).isEqualTo("google");
        assertThat(u.model()).isEqualTo(model);
        assertThat(u.inputTokens()).as("input_tokens").isEqualTo(input);
        assertThat(u.cacheReadTokens()).as("cache_read_tokens").isEqualTo(cacheRead);
        assertThat(u.cacheWriteTokens()).as("cache_write_tokens").isZero();
        assertThat(u.cacheWrite1hTokens()).as("cache_write_1h_tokens").isZero();
        assertThat(u.outputTokens()).as("output_tokens").isEqualTo(output);
        assertThat(u.reasoningTokens()).as("reasoning_tokens")
                .isEqualTo(reasoning == null ? OptionalLong.empty() : OptionalLong.of(reasoning));
        assertThat(u.inputAudioTokens()).as("input_audio_tokens").isEqualTo(inputAudio);
        assertThat(u.outputAudioTokens()).as("output_audio_tokens").isEqualTo(outputAudio);
        assertThat(u.webSearchRequests()).as("web_search_requests").isEqualTo(webSearch);
    }

    @Test
    void identity_providerAndAliases() {
        assertThat(adapter.provider()).isEqualTo("google");
        assertThat(adapter.aliases()).containsExactlyInAnyOrder("gemini", "google-genai", "google_ai_studio");
        assertThat(adapter.hosts()).containsOnlyKeys("vertex_ai");
    }

    @Test
    void parse_plainResponse_readsPromptAndCandidates() {
        assertCounts(parse("plain.json"), "gemini-2.0-flash", 9, 0, 12, null, 0, 0, 0);
    }

    @Test
    void parse_thinking_thoughtsBilledAsOutputAndReportedAsReasoning() {
        // candidatesTokenCount 250 excludes thoughtsTokenCount 1180: output = 1430
        assertCounts(parse("thinking.json"), "gemini-2.5-flash", 12, 0, 1430, 1180L, 0, 0, 0);
    }

    @Test
    void parse_cachedContent_promptAlreadyIncludesCachedTokens() {
        // promptTokenCount 41250 includes cachedContentTokenCount 40960: input stays 41250
        Usage u = parse("cached.json");
        assertCounts(u, "gemini-2.5-pro", 41250, 40960, 512 + 830, 830L, 0, 0, 0);
        assertThat(u.uncachedInputTokens()).isEqualTo(290);
    }

    @Test
    void parse_audioInput_uncachedAudioIsPromptAudioMinusCachedAudio() {
        // AUDIO 3840 in the prompt, 2048 of it cached: input_audio = 1792
        Usage u = parse("audio-input.json");
        assertCounts(u, "gemini-2.5-flash", 3855, 2048, 96 + 412, 412L, 1792, 0, 0);
        assertThat(u.uncachedInputTokens() - u.inputAudioTokens()).as("uncached text").isEqualTo(15);
    }

    @Test
    void parse_toolUsePrompt_billedAsInput() {
        // URL context fetched 3862 tokens: input = 25 + 3862
        assertCounts(parse("tool-use-prompt.json"), "gemini-2.5-flash", 3887, 0, 318 + 612, 612L, 0, 0, 0);
    }

    @Test
    void parse_sseStream_lastChunkUsageIsFinal() {
        assertCounts(parse("stream-sse.txt"), "gemini-2.5-flash", 8, 0, 58 + 101, 101L, 0, 0, 0);
    }

    @Test
    void parse_jsonArrayStream_lastElementUsageIsFinal() {
        assertCounts(parse("stream-array.json"), "gemini-2.0-flash", 6, 0, 43, null, 0, 0, 0);
    }

    @Test
    void parse_vertexResponse_sameShapeWithTrafficType() {
        assertCounts(parse("vertex.json"), "gemini-2.5-pro", 1320, 0, 745 + 1203, 1203L, 0, 0, 0);
    }

    @Test
    void parse_safetyBlockedPrompt_stillBillsThePrompt() {
        assertCounts(parse("safety-blocked.json"), "gemini-2.0-flash", 7, 0, 0, null, 0, 0, 0);
    }

    @Test
    void parse_longPrompt_readsTheWholePrompt() {
        assertCounts(parse("long-prompt.json"), "gemini-2.5-pro", 250_000, 0, 2000, 800L, 0, 0, 0);
    }

    @Test
    void parse_groundedResponse_countsOneRequestPerPromptBeforeGemini3() {
        assertCounts(parse("grounding.json"), "gemini-2.5-flash", 12, 0, 600, 120L, 0, 0, 1);
    }

    @Test
    void parse_groundedGemini3Stream_countsOneRequestPerSearchQuery() {
        assertCounts(parse("grounding-gemini3-sse.txt"), "gemini-3-pro-preview", 20, 0, 1500, 900L, 0, 0, 3);
    }

    @Test
    void parse_groundedGemini3_repeatedQueriesInAStreamCountOnce() {
        String chunk = "data: {\"candidates\":[{\"groundingMetadata\":{\"webSearchQueries\":[\"a\",\"b\"]}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5},\"modelVersion\":\"gemini-3-flash-preview\"}\n\n";
        assertThat(adapter.parse(chunk + chunk).webSearchRequests()).isEqualTo(2);
    }

    @Test
    void parse_groundingWithoutQueries_isNotBilled() {
        String body = "{\"candidates\":[{\"groundingMetadata\":{\"webSearchQueries\":[]}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5},\"modelVersion\":\"gemini-2.5-flash\"}";
        assertThat(adapter.parse(body).webSearchRequests()).isZero();
    }

    @Test
    void parse_liveApiMessage_responseTokenCountIsOutputAndModelUnknown() {
        assertCounts(parse("live-native-audio.json"), null, 420, 0, 1380, null, 400, 1380, 0);
    }

    @Test
    void parse_textToSpeech_outputIsAudio() {
        assertCounts(parse("tts.json"), "gemini-2.5-flash-preview-tts", 14, 0, 1650, null, 0, 1650, 0);
    }

    @Test
    void parse_thoughtsAbsent_reasoningUnknownNotZero() {
        Usage u = adapter.parse("{\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":4}}");
        assertThat(u.reasoningTokens()).isEmpty();
        assertThat(u.outputTokens()).isEqualTo(4);
    }

    @Test
    void parse_thoughtsZero_reasoningZero() {
        Usage u = adapter.parse("{\"usageMetadata\":{\"promptTokenCount\":3,\"thoughtsTokenCount\":0}}");
        assertThat(u.reasoningTokens()).hasValue(0);
    }

    @Test
    void parse_errorBody_quotesStatusAndMessage() {
        assertThatThrownBy(() -> parse("error-429.json"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("RESOURCE_EXHAUSTED")
                .hasMessageContaining("429")
                .hasMessageContaining("You exceeded your current quota");
    }

    @Test
    void parse_errorAsArrayElement_quotesStatusAndMessage() {
        assertThatThrownBy(() -> parse("error-array.json"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("API key not valid");
    }

    @Test
    void parse_stringAndBytes_agree() {
        for (String golden : Golden.WITH_USAGE) {
            assertThat(adapter.parse(Golden.FILES.text(golden))).as(golden).isEqualTo(parse(golden));
        }
    }

    @Test
    void usageOf_jsonTree_matchesBodyParse() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String golden : Golden.WITH_USAGE) {
            if (golden.endsWith(".json")) {
                JsonNode tree = mapper.readTree(Golden.FILES.bytes(golden));
                assertThat(adapter.usageOf(tree)).as(golden).contains(parse(golden));
            }
        }
    }

    @Test
    void usageOf_stringAndBytes_parse() {
        assertThat(adapter.usageOf(Golden.FILES.text("thinking.json"))).contains(parse("thinking.json"));
        assertThat(adapter.usageOf(Golden.FILES.bytes("thinking.json"))).contains(parse("thinking.json"));
    }

    @Test
    void usageOf_unknownType_isEmpty() {
        assertThat(adapter.usageOf(42)).isEmpty();
        assertThat(adapter.usageOf(new Object())).isEmpty();
    }

    @Test
    void usageOf_jsonTreeWithoutUsage_isReported() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"candidates\":[]}");
        assertThatThrownBy(() -> adapter.usageOf(tree)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no usage");
    }

    @Test
    void recognizes_everyGoldenFile() {
        for (String golden : Golden.ALL) {
            assertThat(adapter.recognizes(Golden.FILES.bytes(golden))).as(golden).isTrue();
        }
    }

    @Test
    void recognizes_notOtherProvidersBodies() {
        String openAi = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
        String openAiError = "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}";
        String anthropic = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        String anthropicError = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        String anthropicSse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{}}}\n\n";
        String cohere = "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{},"
                + "\"usage\":{\"billed_units\":{\"input_tokens\":1,\"output_tokens\":1}}}";
        String openAiResponses = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"error\":null,"
                + "\"model\":\"gpt-5\",\"output\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        for (String body : new String[] {openAi, openAiError, openAiResponses, anthropic, anthropicError, anthropicSse, cohere,
                "", "[]",
                "null", "not json", "data: [DONE]\n\n"}) {
            assertThat(adapter.recognizes(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(body).isFalse();
        }
    }

    @Test
    void recognizes_geminiBodyWithNullErrorFirst() {
        String body = "{\"error\":null,\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":1}}";
        assertThat(adapter.recognizes(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void openPriceList_isBundled() throws Exception {
        try (var in = adapter.openPriceList().orElseThrow()) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"provider\": \"google\"");
        }
    }
}
