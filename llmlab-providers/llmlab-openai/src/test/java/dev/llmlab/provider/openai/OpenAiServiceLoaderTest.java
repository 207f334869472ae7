package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapter is found by ServiceLoader and detection picks it for OpenAI bodies, and only those. */
class OpenAiServiceLoaderTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.loadDefault();
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

    @Test
    void serviceFile_andModuleDescriptor_bothRegisterTheAdapter() throws Exception {
        try (InputStream in = OpenAiAdapter.class.getResourceAsStream(
                "/META-INF/services/dev.llmlab.spi.ProviderAdapter")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(OpenAiAdapter.class.getName());
        }
        Module module = OpenAiAdapter.class.getModule();
        if (module.isNamed()) { // on the module path, the descriptor must provide the service too
            assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
                assertThat(p.service()).isEqualTo(ProviderAdapter.class.getName());
                assertThat(p.providers()).containsExactly(OpenAiAdapter.class.getName());
            });
        }
    }

    @Test
    void registry_loadWithClassLoader_findsTheAdapter() {
        ProviderRegistry registry = ProviderRegistry.load(OpenAiAdapter.class.getClassLoader());
        assertThat(registry.providers()).contains("openai");
    }

    @Test
    void registry_loadDefault_findsOpenAiAndTheAzureHost() {
        assertThat(REGISTRY.failures()).isEmpty();
        assertThat(REGISTRY.adapter("openai")).get().isInstanceOf(OpenAiAdapter.class);
        assertThat(REGISTRY.hosts()).contains("azure");
        assertThat(REGISTRY.host("Azure-OpenAI")).contains("azure");
    }

    @Test
    void registry_detectsOpenAi_forEveryGoldenFileWithUsage() {
        for (String name : Golden.WITH_USAGE) {
            byte[] body = Golden.FILES.bytes(name);
            assertThat(REGISTRY.detect(body)).as(name).isInstanceOf(OpenAiAdapter.class);
            assertThat(REGISTRY.parse(body)).as(name).isEqualTo(ADAPTER.parse(body));
        }
    }

    @Test
    void registry_detectsOpenAi_forErrorAndUsagelessStream_andReportsThem() {
        for (String name : Golden.WITHOUT_USAGE) {
            byte[] body = Golden.FILES.bytes(name);
            assertThat(REGISTRY.detect(body)).as(name).isInstanceOf(OpenAiAdapter.class);
            assertThatThrownBy(() -> REGISTRY.parse(body)).as(name).isInstanceOf(UsageParseException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Anthropic Messages body
        "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"usage\":"
                + "{\"input_tokens\":10,\"cache_read_input_tokens\":0,\"output_tokens\":5}}",
        // Anthropic error body
        "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}",
        // Anthropic stream
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                + "\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n",
        // Gemini body
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}}],\"usageMetadata\":"
                + "{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"totalTokenCount\":15},\"modelVersion\":"
                + "\"gemini-2.5-flash\"}",
        // Gemini error body
        "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}",
        // Gemini stream
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],\"usageMetadata\":{\"promptTokenCount\":3}}"
                + "\n\n",
        // Cohere v2 chat body
        "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":[]},\"usage\":"
                + "{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":3},\"tokens\":{\"input_tokens\":70,"
                + "\"output_tokens\":3}}}",
        // Cohere stream
        "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"c1\"}\n\n",
        // OpenAI's model list is not a usage-bearing response
        "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\"}]}",
        "",
        "not json",
    })
    void recognizes_otherProvidersBodies_isFalse(String body) {
        assertThat(ADAPTER.recognizes(body.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
