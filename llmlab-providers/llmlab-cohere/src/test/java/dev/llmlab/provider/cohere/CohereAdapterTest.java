package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every golden Cohere body maps to exact normalized counts; every rejected one says why. */
class CohereAdapterTest {
    private final CohereAdapter adapter = new CohereAdapter();

    static Stream<Arguments> goldenCounts() {
        return Stream.of(
                // file, billed input, billed output (never the larger 'tokens' counts)
                Arguments.of("v2-chat.json", 5, 41),
                Arguments.of("v2-chat-billed-differs.json", 6772, 248),
                Arguments.of("v1-chat.json", 17, 23),
                Arguments.of("v1-generate.json", 8, 27),
                Arguments.of("v1-embed.json", 2, 0),
                Arguments.of("v2-embed.json", 5, 0),
                Arguments.of("v2-stream.sse", 21, 105),
                Arguments.of("v2-stream-json-lines.jsonl", 4, 3),
                Arguments.of("v1-stream.jsonl", 12, 9),
                Arguments.of("v1-generate-stream.jsonl", 8, 9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCounts")
    void parse_goldenFile_readsBilledUnits(String file, long input, long output) {
        Usage u = adapter.parse(Golden.FILES.bytes(file));

        assertThat(u.provider()).isEqualTo("cohere");
        assertThat(u.model()).as("Cohere responses name no model").isNull();
        assertThat(u.inputTokens()).isEqualTo(input);
        assertThat(u.outputTokens()).isEqualTo(output);
        assertThat(u.cacheReadTokens()).isZero();
        assertThat(u.cacheWriteTokens()).isZero();
        assertThat(u.cacheWrite1hTokens()).isZero();
        assertThat(u.reasoningTokens()).as("Cohere reports no reasoning").isEmpty();
        assertThat(u.inputAudioTokens()).isZero();
        assertThat(u.outputAudioTokens()).isZero();
        assertThat(u.webSearchRequests()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCounts")
    void parse_goldenFileAsString_sameAsBytes(String file, long input, long output) {
        assertThat(adapter.parse(Golden.FILES.text(file))).isEqualTo(adapter.parse(Golden.FILES.bytes(file)));
    }

    @Test
    void parse_v2ChatTokensDifferFromBilled_billedUnitsWin() {
        // usage.tokens = 7596 in / 645 out; billed_units = 6772 / 248 (Cohere's own docs example)
        Usage u = adapter.parse(Golden.FILES.bytes("v2-chat-billed-differs.json"));

        assertThat(u.inputTokens()).isEqualTo(6772).isNotEqualTo(7596);
        assertThat(u.outputTokens()).isEqualTo(248).isNotEqualTo(645);
    }

    @Test
    void parse_v1ChatHistoryMessages_areNotMistakenForAnError() {
        // chat_history entries carry "message" strings; only a top-level string message is an error
        assertThat(adapter.parse(Golden.FILES.bytes("v1-chat.json")).inputTokens()).isEqualTo(17);
    }

    @Test
    void parse_withModel_suppliesTheRequestedModel() {
        Usage u = adapter.parse(Golden.FILES.bytes("v2-chat.json")).withModel("command-a-03-2025");

        assertThat(u.model()).isEqualTo("command-a-03-2025");
        assertThat(u.inputTokens()).isEqualTo(5);
    }

    @Test
    void parse_rerankBody_isRejectedAsPerSearchUnitBilling() {
        assertThatThrownBy(() -> adapter.parse(Golden.FILES.bytes("rerank.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("meta.billed_units")
                .hasMessageContaining("rerank billing is per search unit")
                .hasMessageContaining("not supported yet");
    }

    @Test
    void parse_classifyBody_isRejectedAsPerClassificationBilling() {
        assertThatThrownBy(() -> adapter.parse(Golden.FILES.bytes("classify.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("classify billing is per classification")
                .hasMessageContaining("not supported yet");
    }

    @Test
    void parse_searchUnitsBesideTokens_pricesTheTokens() {
        String body = "{\"meta\":{\"billed_units\":{\"input_tokens\":7,\"output_tokens\":3,\"search_units\":1}}}";

        Usage u = adapter.parse(body);

        assertThat(u.inputTokens()).isEqualTo(7);
        assertThat(u.outputTokens()).isEqualTo(3);
    }

    @Test
    void parse_v1ErrorBody_quotesCohereMessage() {
        assertThatThrownBy(() -> adapter.parse(Golden.FILES.bytes("error-v1.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("Cohere returned an error, not a response: \"invalid api token\"");
    }

    @Test
    void parse_v2ErrorBody_quotesCohereMessage() {
        assertThatThrownBy(() -> adapter.parse(Golden.FILES.bytes("error-v2.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessageStartingWith("Cohere returned an error, not a response: \"invalid request: model 'command-x'"
                        + " not found");
    }

    @Test
    void parse_streamedErrorEvent_quotesCohereMessage() {
        String body = "{\"is_finished\":false,\"event_type\":\"stream-start\",\"generation_id\":\"x\"}\n"
                + "{\"message\":\"internal server error\"}\n";

        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("\"internal server error\"");
    }

    @Test
    void parse_tokensWithoutBilledUnits_isNotPricedFromTokens() {
        String body = "{\"id\":\"x\",\"usage\":{\"tokens\":{\"input_tokens\":70,\"output_tokens\":9}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no billed usage")
                .hasMessageContaining("'usage.tokens'")
                .hasMessageContaining("'usage.billed_units'");
    }

    @Test
    void parse_bodyWithoutUsage_namesTheMissingField() {
        String body = "{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":[]}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("no usage: the response has no 'usage.billed_units' (API v2 Chat) nor 'meta.billed_units'"
                        + " (API v1, Embed) object");
    }

    @Test
    void parse_emptyBilledUnits_isAnError() {
        assertThatThrownBy(() -> adapter.parse("{\"meta\":{\"billed_units\":{}}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("meta.billed_units: has neither 'input_tokens' nor 'output_tokens'");
    }

    @Test
    void parse_embedWithImageTokens_isNotPricedAtTheTextRate() {
        String body = "{\"id\":\"x\",\"embeddings\":{\"float\":[[0.1]]},\"meta\":{\"api_version\":{\"version\":\"2\"},"
                + "\"billed_units\":{\"input_tokens\":0,\"image_tokens\":1610}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("meta.billed_units")
                .hasMessageContaining("image_tokens=1610");
    }

    @Test
    void parse_integralFloatCounts_areAccepted() {
        // Cohere's SDKs type the counts as floats
        Usage u = adapter.parse("{\"usage\":{\"billed_units\":{\"input_tokens\":12.0,\"output_tokens\":3e1}}}");

        assertThat(u.inputTokens()).isEqualTo(12);
        assertThat(u.outputTokens()).isEqualTo(30);
    }

    @Test
    void parse_nullCounts_areAbsent() {
        Usage u = adapter.parse("{\"usage\":{\"billed_units\":{\"input_tokens\":4,\"output_tokens\":null}}}");

        assertThat(u.inputTokens()).isEqualTo(4);
        assertThat(u.outputTokens()).isZero();
    }

    @Test
    void parse_sseStreamCutBeforeMessageEnd_saysSo() {
        String full = Golden.FILES.text("v2-stream.sse");
        String cut = full.substring(0, full.indexOf("event: message-end"));

        assertThatThrownBy(() -> adapter.parse(cut))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("'message-end'")
                .hasMessageContaining("cut short");
    }

    @Test
    void parse_jsonLinesStreamCutBeforeStreamEnd_saysSo() {
        String full = Golden.FILES.text("v1-stream.jsonl");
        String cut = full.substring(0, full.indexOf("{\"is_finished\":true"));

        assertThatThrownBy(() -> adapter.parse(cut))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("'stream-end'")
                .hasMessageContaining("cut short");
    }

    @Test
    void parse_sseEventWithMalformedData_namesTheEvent() {
        String body = "event: message-start\ndata: {\"type\":\"message-start\"}\n\n"
                + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"usage\":\n\n";

        assertThatThrownBy(() -> adapter.parse(body))
                .isInstanceOf(UsageParseException.class)
                .hasMessageStartingWith("event 2 of 2: malformed JSON at line 1, column");
    }

    @Test
    void usageOf_jsonTree_readsBilledUnits() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(Golden.FILES.bytes("v2-chat-billed-differs.json"));

        Optional<Usage> u = adapter.usageOf(tree);

        assertThat(u).isPresent();
        assertThat(u.get().inputTokens()).isEqualTo(6772);
        assertThat(u.get().outputTokens()).isEqualTo(248);
    }

    @Test
    void usageOf_jsonTreeOfErrorBody_quotesTheMessage() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(Golden.FILES.bytes("error-v1.json"));

        assertThatThrownBy(() -> adapter.usageOf(tree))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("invalid api token");
    }

    @Test
    void usageOf_stringAndBytes_parseTheBody() {
        assertThat(adapter.usageOf(Golden.FILES.text("v1-chat.json")).map(Usage::inputTokens)).contains(17L);
        assertThat(adapter.usageOf(Golden.FILES.bytes("v1-stream.jsonl")).map(Usage::outputTokens)).contains(9L);
    }

    @Test
    void usageOf_unknownType_isEmpty() {
        assertThat(adapter.usageOf(42)).isEmpty();
        assertThat(adapter.usageOf(new Object())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.cohere.Golden#all")
    void recognizes_everyGoldenFile(String file) {
        assertThat(adapter.recognizes(Golden.FILES.bytes(file))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // OpenAI Chat Completions: has "usage", no billed_units
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}",
        // OpenAI error
        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
        // Anthropic Messages and error
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}",
        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}",
        // Anthropic stream: message_start with underscores
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n",
        // Gemini
        "{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2}}",
        // OpenAI stream with usage in the last chunk
        "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n",
        // content that merely mentions Cohere's key names inside a string
        "{\"choices\":[{\"message\":{\"content\":\"the field \\\"billed_units\\\": is Cohere's\"}}],\"usage\":{}}",
        "",
        "not json at all"
    })
    void recognizes_otherProvidersBodies_isFalse(String body) {
        assertThat(adapter.recognizes(body.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void recognizes_usageAtTheEndOfALargeBody_isFound() {
        StringBuilder sb = new StringBuilder("{\"id\":\"x\",\"embeddings\":[[");
        while (sb.length() < 300_000) {
            sb.append("0.0123456,");
        }
        sb.append("0.1]],\"meta\":{\"billed_units\":{\"input_tokens\":96}}}");
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(adapter.recognizes(body)).isTrue();
        assertThat(adapter.parse(body).inputTokens()).isEqualTo(96);
    }

    @Test
    void provider_isCohere_withPriceList() throws Exception {
        assertThat(adapter.provider()).isEqualTo("cohere");
        assertThat(adapter.aliases()).isEmpty();
        try (var in = adapter.openPriceList().orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"provider\": \"cohere\"");
        }
    }
}
