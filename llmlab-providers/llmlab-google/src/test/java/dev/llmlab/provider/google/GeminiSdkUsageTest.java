package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.sun.net.httpserver.HttpServer;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Google Gen AI Java SDK's {@code GenerateContentResponse}, as a real SDK client
 * returns it from a local HTTP server answering with the golden bodies, normalizes exactly like
 * those bodies.
 */
class GeminiSdkUsageTest {
    private static final GeminiAdapter ADAPTER = new GeminiAdapter();
    private static final AtomicReference<byte[]> BODY = new AtomicReference<>();
    private static HttpServer server;
    private static Client client;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
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
        client = Client.builder()
                .apiKey("test")
                .httpOptions(HttpOptions.builder()
                        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/").build())
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(0);
    }

    private static GenerateContentResponse generate(byte[] body) {
        BODY.set(body);
        return client.models.generateContent("gemini-2.5-flash", "Hello", GenerateContentConfig.builder().build());
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
    @ValueSource(strings = {"plain.json", "cached.json", "thinking.json", "tool-use-prompt.json", "audio-input.json",
            "grounding.json", "long-prompt.json", "tts.json", "vertex.json", "safety-blocked.json"})
    void usageOf_sdkGenerateContentResponse_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.bytes(golden);

        GenerateContentResponse response = generate(body);

        assertSameUsage(ADAPTER.usageOf(response).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkResponse_toolUsePromptAsInput_thoughtsAsOutput() {
        // promptTokenCount 25 + toolUsePromptTokenCount 3862 (URL context); candidates 318 + thoughts 612
        Usage usage = ADAPTER.usageOf(generate(Golden.bytes("tool-use-prompt.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(25 + 3862);
        assertThat(usage.outputTokens()).isEqualTo(318 + 612);
        assertThat(usage.reasoningTokens()).hasValue(612);
    }

    @Test
    void usageOf_sdkResponse_cachedAndAudioPromptDetails() {
        // promptTokenCount 3855 includes 2048 cached; 1792 audio tokens of the uncached part
        Usage usage = ADAPTER.usageOf(generate(Golden.bytes("audio-input.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(3855);
        assertThat(usage.cacheReadTokens()).isEqualTo(2048);
        assertThat(usage.inputAudioTokens()).isEqualTo(1792);
    }

    @Test
    void usageOf_sdkResponseFromJson_equalsParseOfItsBody() {
        byte[] body = Golden.bytes("thinking.json");

        GenerateContentResponse response = GenerateContentResponse.fromJson(new String(body, StandardCharsets.UTF_8));

        assertSameUsage(ADAPTER.usageOf(response).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkResponseWithoutUsageMetadata_isReportedNeverZero() throws IOException {
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree(Golden.bytes("plain.json"));
        body.remove("usageMetadata");
        GenerateContentResponse response = generate(new ObjectMapper().writeValueAsBytes(body));

        assertThatThrownBy(() -> ADAPTER.usageOf(response))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("GenerateContentResponse")
                .hasMessageContaining("usageMetadata");
    }

    @Test
    void usageOf_sdkResponseWithNegativeCount_isOurException() {
        String body = new String(Golden.bytes("plain.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"promptTokenCount\": *\\d+", "\"promptTokenCount\": -5");
        GenerateContentResponse response = GenerateContentResponse.fromJson(body);

        assertThatThrownBy(() -> ADAPTER.usageOf(response))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("promptTokenCount");
    }

    @Test
    void usageOf_otherSdkType_isEmpty() {
        assertThat(ADAPTER.usageOf(GenerateContentConfig.builder().build())).isEmpty();
        assertThat(ADAPTER.usageOf(new Object())).isEmpty();
    }
}
