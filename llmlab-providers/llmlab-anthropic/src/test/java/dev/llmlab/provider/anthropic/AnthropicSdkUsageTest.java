package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final AtomicReference<byte[]> BODY = new AtomicReference<>();
    private static HttpServer server;
    private static AnthropicClient client;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] out = BODY.get();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        server.start();
        client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("test")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(0);
    }

    private static Message message(byte[] body) {
        BODY.set(body);
        return client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build());
    }

    private static BetaMessage betaMessage(byte[] body) {
        BODY.set(body);
        return client.beta().messages().create(com.anthropic.models.beta.messages.MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build());
    }

    /** Field by field, so that a difference names the field. */
    private static void assertSameUsage(Usage actual, Usage expected) {
        assertThat(actual.provider()).as("provider").isEqualTo(expected.provider());
        assertThat(actual.model()).as("model").isEqualTo(expected.model());
        assertThat(actual.inputTokens()).as("input_tokens").isEqualTo(expected.inputTokens());
        assertThat(actual.cacheReadTokens()).as("cache_read_tokens").isEqualTo(expected.cacheReadTokens());
        assertThat(actual.cacheWriteTokens()).as("cache_write_tokens").isEqualTo(expected.cacheWriteTokens());
        assertThat(actual.cacheWrite1hTokens()).as("cache_write_1h_tokens").isEqualTo(expected.cacheWrite1hTokens());
        assertThat(actual.outputTokens()).as("output_tokens").isEqualTo(expected.outputTokens());
        assertThat(actual.reasoningTokens()).as("reasoning_tokens").isEqualTo(expected.reasoningTokens());
        assertThat(actual.inputAudioTokens()).as("input_audio_tokens").isEqualTo(expected.inputAudioTokens());
        assertThat(actual.outputAudioTokens()).as("output_audio_tokens").isEqualTo(expected.outputAudioTokens());
        assertThat(actual.webSearchRequests()).as("web_search_requests").isEqualTo(expected.webSearchRequests());
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"message_plain.json", "message_cache.json", "message_long_context.json",
            "message_web_search.json", "vertex_message.json", "bedrock_message.json"})
    void usageOf_sdkMessage_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.bytes(golden);

        Message message = message(body);

        assertSameUsage(ADAPTER.usageOf(message).orElseThrow(), ADAPTER.parse(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"message_cache.json", "message_web_search.json"})
    void usageOf_sdkBetaMessage_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.bytes(golden);

        BetaMessage message = betaMessage(body);

        assertSameUsage(ADAPTER.usageOf(message).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkMessage_addsCacheReadsAndWritesToInput_splitsThe1hWrites() {
        // input_tokens 312 exclude the 20,480 cache reads and 4,096 cache writes (1,024 5m + 3,072 1h)
        Usage usage = ADAPTER.usageOf(message(Golden.bytes("message_cache.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(312 + 20_480 + 4_096);
        assertThat(usage.cacheReadTokens()).isEqualTo(20_480);
        assertThat(usage.cacheWriteTokens()).isEqualTo(4_096);
        assertThat(usage.cacheWrite1hTokens()).isEqualTo(3_072);
        assertThat(usage.outputTokens()).isEqualTo(790);
    }

    @Test
    void usageOf_sdkMessage_countsServerWebSearches() {
        Usage usage = ADAPTER.usageOf(message(Golden.bytes("message_web_search.json"))).orElseThrow();

        assertThat(usage.webSearchRequests()).isEqualTo(1);
    }

    @Test
    void usageOf_sdkMessageWithoutUsage_isReportedNeverZero() throws IOException {
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree(Golden.bytes("message_plain.json"));
        body.remove("usage");
        Message message = message(new ObjectMapper().writeValueAsBytes(body));

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
        String body = new String(Golden.bytes("message_plain.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"input_tokens\": *\\d+", "\"input_tokens\": " + value);
        Message message = message(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

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
