package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every golden file normalizes to exact counts; the mapping rules hold case by case. */
class OpenAiAdapterTest {
    private final OpenAiAdapter adapter = new OpenAiAdapter();
    private final ObjectMapper mapper = new ObjectMapper();

    private Usage parse(String golden) {
        return adapter.parse(Golden.FILES.bytes(golden));
    }

    /** Expected counts in the order of the normalized vocabulary; reasoning -1 = not reported. */
    private static void assertCounts(Usage u, String model, long input, long cacheRead, long output, long reasoning,
            long inputAudio, long outputAudio, long webSearches) {
        assertThat(u.provider()).isEqualTo("openai");
        assertThat(u.model()).isEqualTo(model);
        assertThat(u.inputTokens()).as("input_tokens").isEqualTo(input);
        assertThat(u.cacheReadTokens()).as("cache_read_tokens").isEqualTo(cacheRead);
        assertThat(u.cacheWriteTokens()).as("cache_write_tokens: OpenAI never bills cache writes").isZero();
        assertThat(u.cacheWrite1hTokens()).as("cache_write_1h_tokens").isZero();
        assertThat(u.outputTokens()).as("output_tokens").isEqualTo(output);
        assertThat(u.reasoningTokens()).as("reasoning_tokens")
                .isEqualTo(reasoning < 0 ? OptionalLong.empty() : OptionalLong.of(reasoning));
        assertThat(u.inputAudioTokens()).as("input_audio_tokens").isEqualTo(inputAudio);
        assertThat(u.outputAudioTokens()).as("output_audio_tokens").isEqualTo(outputAudio);
        assertThat(u.webSearchRequests()).as("web_search_requests").isEqualTo(webSearches);
    }

    @Test
    void parse_chatCompletion_plain() {
        assertCounts(parse("chat_completion_plain.json"), "gpt-4o-mini-2024-07-18", 19, 0, 10, 0, 0, 0, 0);
    }

    @Test
    void parse_chatCompletion_cachedTokensStayInsideInput() {
        // prompt_tokens 2006 already includes cached_tokens 1920: input stays 2006
        assertCounts(parse("chat_completion_cached.json"), "gpt-4o-2024-08-06", 2006, 1920, 300, 0, 0, 0, 0);
    }

    @Test
    void parse_chatCompletion_reasoningTokensStayInsideOutput() {
        assertCounts(parse("chat_completion_reasoning.json"), "o3-2025-04-16", 1500, 1024, 1310, 1024, 0, 0, 0);
    }

    @Test
    void parse_legacyTextCompletion_reasoningUnknown() {
        assertCounts(parse("text_completion.json"), "gpt-3.5-turbo-instruct", 5, 0, 7, -1, 0, 0, 0);
    }

    @Test
    void parse_audioChatCompletion_readsAudioParts() {
        assertCounts(parse("chat_audio.json"), "gpt-4o-audio-preview-2024-12-17", 1200, 0, 520, 0, 950, 400, 0);
    }

    @Test
    void parse_embeddings_outputZero() {
        assertCounts(parse("embeddings.json"), "text-embedding-3-small", 8, 0, 0, -1, 0, 0, 0);
    }

    @Test
    void parse_azureChatCompletion_withFilterResults() {
        assertCounts(parse("azure_chat.json"), "gpt-4o-2024-11-20", 1536, 1280, 85, 0, 0, 0, 0);
    }

    @Test
    void parse_streamedChat_readsUsageFromFinalChunk() {
        assertCounts(parse("chat_stream_usage.sse"), "gpt-4o-2024-08-06", 1250, 1024, 3, 0, 0, 0, 0);
    }

    @Test
    void parse_azureStreamedChat_skipsEmptyFilterChunk() {
        assertCounts(parse("azure_chat_stream.sse"), "gpt-4.1-mini-2025-04-14", 41, 0, 2, 0, 0, 0, 0);
    }

    @Test
    void parse_responsesApi_plain() {
        assertCounts(parse("responses_plain.json"), "gpt-4.1-2025-04-14", 36, 0, 87, 0, 0, 0, 0);
    }

    @Test
    void parse_responsesApi_countsWebSearchCalls() {
        // two web_search_call items; the phrase inside the message text is not counted
        assertCounts(parse("responses_web_search.json"), "gpt-5-2025-08-07", 9450, 2048, 1830, 1344, 0, 0, 2);
    }

    @Test
    void parse_streamedResponses_readsUsageFromResponseCompleted() {
        assertCounts(parse("responses_stream.sse"), "o4-mini-2025-04-16", 3120, 2944, 706, 640, 0, 0, 0);
    }

    @Test
    void parse_realtimeResponseDone_readsCachedAndAudioSplits() {
        // 7180 input of which 6784 cached (all text): the 203 audio tokens are uncached input audio
        assertCounts(parse("realtime_response_done.json"), null, 7180, 6784, 364, -1, 203, 268, 0);
    }

    @Test
    void parse_realtimeCachedAudio_isNotUncachedInputAudio() {
        String body = "{\"type\":\"response.done\",\"response\":{\"object\":\"realtime.response\",\"usage\":"
                + "{\"input_tokens\":1000,\"output_tokens\":10,\"input_token_details\":{\"cached_tokens\":600,"
                + "\"audio_tokens\":500,\"cached_tokens_details\":{\"text_tokens\":200,\"audio_tokens\":400}},"
                + "\"output_token_details\":{\"audio_tokens\":4}}}}";
        Usage u = adapter.parse(body);
        assertThat(u.inputAudioTokens()).isEqualTo(100);
        assertThat(u.outputAudioTokens()).isEqualTo(4);
    }

    @Test
    void parse_singleResponseCompletedEvent_asJsonBody() {
        String sse = Golden.FILES.text("responses_stream.sse");
        int at = sse.indexOf("data: {\"type\":\"response.completed\"");
        String event = sse.substring(at + "data: ".length()).strip();
        assertThat(adapter.parse(event)).isEqualTo(parse("responses_stream.sse"));
    }

    @Test
    void parse_singleEventWithoutUsage_namesTheEventsThatCarryIt() {
        String event = "{\"type\":\"response.created\",\"response\":{\"object\":\"response\",\"usage\":null}}";
        assertThatThrownBy(() -> adapter.parse(event))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("'response.created'")
                .hasMessageContaining("response.completed");
    }

    @Test
    void parse_streamedChatWithoutUsage_tellsToSetIncludeUsage() {
        assertThatThrownBy(() -> parse("chat_stream_no_usage.sse"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("stream_options: {\"include_usage\": true}")
                .hasMessageContaining("no usage");
    }

    @Test
    void parse_errorBody_quotesTypeAndMessage() {
        assertThatThrownBy(() -> parse("error.json"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"invalid_request_error\"")
                .hasMessageContaining("\"invalid_api_key\"")
                .hasMessageContaining("Incorrect API key provided");
    }

    @Test
    void parse_azureErrorWithoutType_quotesCodeAndMessage() {
        String body = "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource"
                + " does not exist.\"}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"DeploymentNotFound\"")
                .hasMessageContaining("does not exist");
    }

    @Test
    void parse_azureContentFilterError_isRecognizedAndQuoted() {
        String body = "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's"
                + " content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
                + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":"
                + "{\"hate\":{\"filtered\":true,\"severity\":\"high\"}}}}}";
        assertThat(adapter.recognizes(body.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"content_filter\"")
                .hasMessageContaining("content management policy");
    }

    @Test
    void parse_stringAndBytesAgree() {
        for (String name : Golden.WITH_USAGE) {
            assertThat(adapter.parse(Golden.FILES.text(name))).as(name)
                    .isEqualTo(adapter.parse(Golden.FILES.bytes(name)));
        }
    }

    @Test
    void parse_usageBeforeObject_fieldOrderDoesNotMatter() {
        String body = "{\"usage\":{\"completion_tokens\":5,\"prompt_tokens\":12,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":4}},\"model\":\"gpt-4o\",\"object\":\"chat.completion\",\"choices\":[]}";
        assertCounts(adapter.parse(body), "gpt-4o", 12, 4, 5, -1, 0, 0, 0);
    }

    @Test
    void parse_nullDetailsAndNullCounts_areAbsentNotZeroErrors() {
        String body = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":3,\"prompt_tokens_details\":null,\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":null,\"audio_tokens\":null}}}";
        assertCounts(adapter.parse(body), "gpt-4o", 10, 0, 3, -1, 0, 0, 0);
    }

    @Test
    void parse_completionDetailsWithoutReasoning_reasoningUnknown() {
        String body = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":3,\"completion_tokens_details\":{\"audio_tokens\":0}}}";
        assertThat(adapter.parse(body).reasoningTokens()).isEmpty();
    }

    @Test
    void parse_responsesWithoutReasoningDetails_reasoningUnknown() {
        String body = "{\"object\":\"response\",\"model\":\"gpt-4.1\",\"output\":[],\"usage\":{\"input_tokens\":10,"
                + "\"output_tokens\":3}}";
        assertCounts(adapter.parse(body), "gpt-4.1", 10, 0, 3, -1, 0, 0, 0);
    }

    @Test
    void parse_audioTokensCapped_atUncachedInput() {
        // 100 prompt tokens, 80 of them cached, 50 audio: at most 20 audio tokens can be uncached
        String body = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o-audio-preview\",\"usage\":{\"prompt_tokens\""
                + ":100,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":80,\"audio_tokens\":50}}}";
        assertThat(adapter.parse(body).inputAudioTokens()).isEqualTo(20);
    }

    @Test
    void parse_cachedAudio_isSubtractedFromInputAudio() {
        String body = "{\"object\":\"chat.completion\",\"model\":\"gpt-realtime\",\"usage\":{\"prompt_tokens\":500,"
                + "\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":100,\"audio_tokens\":300,"
                + "\"cached_tokens_details\":{\"text_tokens\":40,\"audio_tokens\":60}}}}";
        Usage u = adapter.parse(body);
        assertThat(u.inputAudioTokens()).isEqualTo(240);
        assertThat(u.cacheReadTokens()).isEqualTo(100);
    }

    @Test
    void parse_missingUsage_isReported() {
        assertThatThrownBy(() -> adapter.parse("{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[]}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("no usage: the response has no 'usage' object");
    }

    @Test
    void parse_nullUsage_isReported() {
        assertThatThrownBy(() -> adapter.parse("{\"object\":\"response\",\"model\":\"gpt-5\",\"usage\":null}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("'usage' is null");
    }

    @Test
    void parse_missingPromptTokens_namesTheField() {
        assertThatThrownBy(() -> adapter.parse("{\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":1}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.prompt_tokens: missing");
    }

    @Test
    void parse_missingCompletionTokensOnChat_namesTheField() {
        assertThatThrownBy(() -> adapter.parse("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":1}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.completion_tokens: missing");
    }

    @Test
    void parse_missingOutputTokensOnResponses_namesTheField() {
        assertThatThrownBy(() -> adapter.parse("{\"object\":\"response\",\"usage\":{\"input_tokens\":1}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.output_tokens: missing");
    }

    @Test
    void parse_cachedMoreThanPrompt_isInconsistent() {
        String body = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":11}}}";
        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("cache_read_tokens");
    }

    @Test
    void parse_streamedResponseIncomplete_readsItsUsage() {
        String sse = "event: response.created\n"
                + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"object\":\"response\","
                + "\"model\":\"gpt-5-mini\",\"status\":\"in_progress\",\"usage\":null}}\n\n"
                + "event: response.incomplete\n"
                + "data: {\"type\":\"response.incomplete\",\"sequence_number\":1,\"response\":{\"object\":\"response\","
                + "\"model\":\"gpt-5-mini-2025-08-07\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":"
                + "\"max_output_tokens\"},\"output\":[],\"usage\":{\"input_tokens\":40,\"input_tokens_details\":"
                + "{\"cached_tokens\":0},\"output_tokens\":16,\"output_tokens_details\":{\"reasoning_tokens\":16}}}}\n\n";
        assertCounts(adapter.parse(sse), "gpt-5-mini-2025-08-07", 40, 0, 16, 16, 0, 0, 0);
    }

    @Test
    void parse_streamedResponseFailed_withUsage_readsItsUsage() {
        String sse = "event: response.failed\n"
                + "data: {\"type\":\"response.failed\",\"sequence_number\":5,\"response\":{\"object\":\"response\","
                + "\"model\":\"o3\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The model "
                + "failed\"},\"output\":[],\"usage\":{\"input_tokens\":70,\"output_tokens\":9}}}\n\n";
        assertCounts(adapter.parse(sse), "o3", 70, 0, 9, -1, 0, 0, 0);
    }

    @Test
    void parse_streamedResponseFailed_withoutUsage_quotesTheError() {
        String sse = "event: response.failed\n"
                + "data: {\"type\":\"response.failed\",\"response\":{\"object\":\"response\",\"model\":\"o3\","
                + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The model failed\"},"
                + "\"usage\":null}}\n\n";
        assertThatThrownBy(() -> adapter.parse(sse))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"server_error\"")
                .hasMessageContaining("The model failed");
    }

    @Test
    void parse_streamedErrorEvent_quotesTheError() {
        String sse = "event: error\n"
                + "data: {\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\",\"param\":null,"
                + "\"sequence_number\":1}\n\n";
        assertThatThrownBy(() -> adapter.parse(sse))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"rate_limit_exceeded\"")
                .hasMessageContaining("Slow down");
    }

    @Test
    void parse_streamCutBeforeResponseCompleted_isReported() {
        String full = Golden.FILES.text("responses_stream.sse");
        String cut = full.substring(0, full.indexOf("event: response.completed"));
        assertThatThrownBy(() -> adapter.parse(cut))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("response.completed");
    }

    @Test
    void usageOf_jsonNode_readsTheTree() throws Exception {
        JsonNode tree = mapper.readTree(Golden.FILES.bytes("chat_completion_cached.json"));
        assertThat(adapter.usageOf(tree)).contains(parse("chat_completion_cached.json"));
    }

    @Test
    void usageOf_textNodeHoldingATranscript_readsIt() {
        JsonNode text = mapper.getNodeFactory().textNode(Golden.FILES.text("chat_stream_usage.sse"));
        assertThat(adapter.usageOf(text)).contains(parse("chat_stream_usage.sse"));
    }

    @Test
    void usageOf_stringAndBytes_readThem() {
        assertThat(adapter.usageOf(Golden.FILES.text("embeddings.json"))).contains(parse("embeddings.json"));
        assertThat(adapter.usageOf(Golden.FILES.bytes("embeddings.json"))).contains(parse("embeddings.json"));
    }

    @Test
    void usageOf_unknownType_isEmpty() {
        assertThat(adapter.usageOf(42)).isEmpty();
        assertThat(adapter.usageOf(new StringBuilder("{}"))).isEmpty();
    }

    @Test
    void usageOf_jsonNodeWithoutUsage_isReported() throws Exception {
        JsonNode tree = mapper.readTree("{\"object\":\"chat.completion\"}");
        assertThatThrownBy(() -> adapter.usageOf(tree)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no usage");
    }

    @Test
    void usageOf_jsonNodeWithWrongType_namesTheField() throws Exception {
        JsonNode tree = mapper.readTree("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":\"abc\","
                + "\"completion_tokens\":1}}");
        assertThatThrownBy(() -> adapter.usageOf(tree)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.prompt_tokens: expected a non-negative integer, got \"abc\"");
    }

    @Test
    void provider_isOpenAi_andAzureIsAHost() {
        assertThat(adapter.provider()).isEqualTo("openai");
        assertThat(adapter.aliases()).isEmpty();
        assertThat(adapter.hosts()).containsOnlyKeys("azure");
        assertThat(adapter.hosts().get("azure")).containsExactlyInAnyOrder("azure-openai", "azure_openai");
    }

    @Test
    void openPriceList_isShipped() throws Exception {
        try (var in = adapter.openPriceList().orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"provider\": \"openai\"");
        }
    }
}
