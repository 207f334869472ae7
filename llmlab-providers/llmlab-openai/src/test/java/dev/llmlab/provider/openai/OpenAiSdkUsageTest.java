package dev.llmlab.provider.openai;

import static dev.llmlab.provider.testing.UsageAssertions.assertSameUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.llmlab.provider.testing.LoopbackServer;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official OpenAI Java SDK's response objects, as a real SDK client returns them from a local
 * HTTP server answering with the golden bodies, normalize exactly like those bodies.
 */
class OpenAiSdkUsageTest {
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();
    private static LoopbackServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = LoopbackServer.start("/v1/");
        client = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static ChatCompletion chatCompletion(byte[] body) {
        server.respondWith(body);
        return client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage("Hello").build());
    }

    static Response response(byte[] body) {
        server.respondWith(body);
        return client.responses().create(ResponseCreateParams.builder()
                .model(ChatModel.GPT_5).input("Hello").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat_completion_plain.json", "chat_completion_cached.json",
            "chat_completion_reasoning.json", "chat_audio.json", "azure_chat.json"})
    void usageOf_sdkChatCompletion_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.FILES.bytes(golden);

        ChatCompletion completion = chatCompletion(body);

        assertSameUsage(ADAPTER.usageOf(completion).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkChatCompletion_cachedAndReasoningCounts() {
        // o3: 1500 prompt tokens of which 1024 cached; 1310 completion tokens of which 1024 reasoning
        Usage usage = ADAPTER.usageOf(chatCompletion(Golden.FILES.bytes("chat_completion_reasoning.json")))
                .orElseThrow();

        assertThat(usage.model()).isEqualTo("o3-2025-04-16");
        assertThat(usage.inputTokens()).isEqualTo(1500);
        assertThat(usage.cacheReadTokens()).isEqualTo(1024);
        assertThat(usage.outputTokens()).isEqualTo(1310);
        assertThat(usage.reasoningTokens()).hasValue(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"responses_plain.json", "responses_web_search.json"})
    void usageOf_sdkResponse_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.FILES.bytes(golden);

        Response response = response(body);

        assertSameUsage(ADAPTER.usageOf(response).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkResponse_countsWebSearchCallOutputItems() {
        Usage usage = ADAPTER.usageOf(response(Golden.FILES.bytes("responses_web_search.json"))).orElseThrow();

        assertThat(usage.webSearchRequests()).isEqualTo(2);
    }

    @Test
    void usageOf_sdkChatCompletionWithoutUsage_isReportedNeverZero() {
        ChatCompletion completion = chatCompletion(Golden.FILES.without("chat_completion_plain.json", "usage"));

        assertThatThrownBy(() -> ADAPTER.usageOf(completion))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("ChatCompletion")
                .hasMessageContaining("usage");
    }

    @Test
    void usageOf_sdkResponseWithoutUsage_isReportedNeverZero() {
        Response response = response(Golden.FILES.without("responses_plain.json", "usage"));

        assertThatThrownBy(() -> ADAPTER.usageOf(response))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("Response")
                .hasMessageContaining("usage");
    }

    @ParameterizedTest
    // not 1.5: the SDK's own Jackson mapper coerces a fractional count to an integer (1) while
    // parsing the body, before LLMlab sees the object (the raw body itself is rejected)
    @ValueSource(strings = {"\"lots\"", "-5", "{}", "99999999999999999999999"})
    void usageOf_sdkChatCompletionWithBadPromptTokens_isOurException(String value) {
        // the SDK parses lazily and keeps the raw value: the adapter's validation must still apply
        ChatCompletion completion = chatCompletion(
                Golden.FILES.withCount("chat_completion_plain.json", "prompt_tokens", value));

        assertThatThrownBy(() -> ADAPTER.usageOf(completion))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("prompt_tokens");
    }

    @Test
    void usageOf_otherSdkType_isEmpty() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage("Hello").build();

        assertThat(ADAPTER.usageOf(params)).isEmpty();
        assertThat(ADAPTER.usageOf(new Object())).isEmpty();
    }
}
