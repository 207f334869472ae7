package dev.llmlab.provider.google;

import static dev.llmlab.provider.testing.UsageAssertions.assertSameUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import dev.llmlab.provider.testing.LoopbackServer;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
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
    private static LoopbackServer server;
    private static Client client;

    @BeforeAll
    static void start() {
        server = LoopbackServer.start("/");
        client = Client.builder()
                .apiKey("test")
                .httpOptions(HttpOptions.builder().baseUrl(server.baseUrl() + "/").build())
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static GenerateContentResponse generate(byte[] body) {
        server.respondWith(body);
        return client.models.generateContent("gemini-2.5-flash", "Hello", GenerateContentConfig.builder().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.json", "cached.json", "thinking.json", "tool-use-prompt.json", "audio-input.json",
            "grounding.json", "long-prompt.json", "tts.json", "vertex.json", "safety-blocked.json"})
    void usageOf_sdkGenerateContentResponse_equalsParseOfItsBody(String golden) {
        byte[] body = Golden.FILES.bytes(golden);

        GenerateContentResponse response = generate(body);

        assertSameUsage(ADAPTER.usageOf(response).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkResponse_toolUsePromptAsInput_thoughtsAsOutput() {
        // promptTokenCount 25 + toolUsePromptTokenCount 3862 (URL context); candidates 318 + thoughts 612
        Usage usage = ADAPTER.usageOf(generate(Golden.FILES.bytes("tool-use-prompt.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(25 + 3862);
        assertThat(usage.outputTokens()).isEqualTo(318 + 612);
        assertThat(usage.reasoningTokens()).hasValue(612);
    }

    @Test
    void usageOf_sdkResponse_cachedAndAudioPromptDetails() {
        // promptTokenCount 3855 includes 2048 cached; 1792 audio tokens of the uncached part
        Usage usage = ADAPTER.usageOf(generate(Golden.FILES.bytes("audio-input.json"))).orElseThrow();

        assertThat(usage.inputTokens()).isEqualTo(3855);
        assertThat(usage.cacheReadTokens()).isEqualTo(2048);
        assertThat(usage.inputAudioTokens()).isEqualTo(1792);
    }

    @Test
    void usageOf_sdkResponseFromJson_equalsParseOfItsBody() {
        byte[] body = Golden.FILES.bytes("thinking.json");

        GenerateContentResponse response = GenerateContentResponse.fromJson(new String(body, StandardCharsets.UTF_8));

        assertSameUsage(ADAPTER.usageOf(response).orElseThrow(), ADAPTER.parse(body));
    }

    @Test
    void usageOf_sdkResponseWithoutUsageMetadata_isReportedNeverZero() {
        GenerateContentResponse response = generate(Golden.FILES.without("plain.json", "usageMetadata"));

        assertThatThrownBy(() -> ADAPTER.usageOf(response))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("GenerateContentResponse")
                .hasMessageContaining("usageMetadata");
    }

    @Test
    void usageOf_sdkResponseWithNegativeCount_isOurException() {
        byte[] body = Golden.FILES.withCount("plain.json", "promptTokenCount", "-5");
        GenerateContentResponse response = GenerateContentResponse.fromJson(new String(body, StandardCharsets.UTF_8));

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
