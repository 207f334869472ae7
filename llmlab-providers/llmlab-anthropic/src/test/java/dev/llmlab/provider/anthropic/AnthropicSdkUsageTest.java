package dev.llmlab.provider.anthropic;

import static dev.llmlab.provider.testing.UsageAssertions.assertSameUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmlab.provider.testing.LoopbackServer;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK's messages, as a real SDK client returns them from a local HTTP
 * server answering with the golden bodies, normalize exactly like those bodies.
 */
class AnthropicSdkUsageTest {
    private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();
    private static LoopbackServer server;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        server = LoopbackServer.start("/v1/");
        client = AnthropicOkHttpClient.builder()
                .baseUrl(server.baseUrl())
                .apiKey("test")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static Message message(byte[] body) {
        server.respondWith(body);
        return client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build());
    }

    private static BetaMessage betaMessage(byte[] body) {
        server.respondWith(body);
        return client.beta().messages().create(com.anthropic.models.beta.messages.MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"message_plain.json", "message_cache.json", "message_long_context.json",
            "message_web_search.json", "vertex_message.json", "bedrock_message.json"})
    void usageOf_sdkMessage_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.FILES.bytes(golden);

        Message message = message(body);

        assertSameUsage(ADAPTER.usageOf(message).orElseThrow(), ADAPTER.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"message_cache.json", "message_web_search.json"})
    void usageOf_sdkBetaMessage_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.FILES.bytes(golden);

        BetaMessage message = betaMessage(body);

        assertSameUsage(ADAPTER.usageOf(message).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkMessage_addsCacheReadsAndWritesToInput_splitsThe1hWrites() {
        // input_tokens 312 exclude the 20,480 cache reads and 4,096 cache writes (1,024 5m + 3,072 1h)
        Usage usage = ADAPTER.usageOf(message(Golden.FILES.bytes("message_cache.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(312 + 20_480 + 4_096);
        assertThat(usage.cacheReadTokens()).isEqualTo(20_480);
        assertThat(usage.cacheWriteTokens()).isEqualTo(4_096);
        assertThat(usage.cacheWrite1hTokens()).isEqualTo(3_072);
        assertThat(usage.outputTokens()).isEqualTo(790);
    }

    @Test
    void usageOf_sdkMessage_countsServerWebSearches() {
        Usage usage = ADAPTER.usageOf(message(Golden.FILES.bytes("message_web_search.json"))).orElseThrow();

        assertThat(usage.webSearchRequests()).isEqualTo(1);
    }

    @Test
    void usageOf_sdkMessageWithoutUsage_isReportedNeverZero() {
        Message message = message(Golden.FILES.without("message_plain.json", "usage"));

        assertThatThrownBy(() -> ADAPTER.usageOf(message))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("Message")
                .hasMessageContaining("usage");
    }

    @ParameterizedTest
    // the SDK keeps a value it cannot type as the raw JSON (its typed inputTokens() would throw
    // its own AnthropicInvalidDataException); written back, the adapter rejects it with ours
    @ValueSource(strings = {"\"lots\"", "-5", "1.5", "{}", "99999999999999999999999"})
    void usageOf_sdkMessageWithBadInputTokens_isOurException(String value) {
        // the SDK parses lazily and keeps the raw value: the adapter's validation must still apply
        Message message = message(Golden.FILES.withCount("message_plain.json", "input_tokens", value));

        assertThatThrownBy(() -> ADAPTER.usageOf(message))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("input_tokens");
    }

    @Test
    void usageOf_otherSdkType_isEmpty() {
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build();

        assertThat(ADAPTER.usageOf(params)).isEmpty();
        assertThat(ADAPTER.usageOf(new Object())).isEmpty();
    }
}
