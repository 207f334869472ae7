package dev.llmlab.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real LangChain4j AnthropicChatModel against a loopback server answering like Anthropic, with cache reads and writes. */
class AnthropicChatModelTrackingTest {
    private static final String MESSAGE = "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hello!\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,"
            + "\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":2000,\"output_tokens\":512}}";
    private static final String PRICES = "{\"format\":1,\"provider\":\"anthropic\",\"models\":[{\"model\":\"claude-sonnet-4-5\","
            + "\"prices\":[{\"effective_from\":\"2025-09-29\",\"input\":\"3.00\",\"cache_read\":\"0.30\","
            + "\"cache_write\":\"3.75\",\"cache_write_1h\":\"6.00\",\"output\":\"15.00\","
            + "\"source\":\"https://www.anthropic.com/pricing\"}]}]}";

    @TempDir
    Path dir;

    @Test
    void anthropicChatModel_isTracked_cacheReadsAndWritesAddedToInput_exactCost() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/messages", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] out = MESSAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        server.start();
        Path prices = dir.resolve("anthropic.json");
        Files.writeString(prices, PRICES);
        List<TrackedEvent> events = new CopyOnWriteArrayList<>();
        TrackingSink collect = events::addAll;
        try (LlmLab lab = LlmLab.builder().providers(ProviderRegistry.of()).catalog(PriceCatalog.fromFile(prices))
                .shutdownHook(false).sink(collect).build()) {
            ChatModel model = AnthropicChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/").apiKey("test-key")
                    .modelName("claude-sonnet-4-5-20250929").maxRetries(0).timeout(Duration.ofSeconds(10))
                    .listeners(List.of(LlmLabChatModelListener.of(lab))).build();

            assertThat(model.chat("Hello")).isEqualTo("Hello!");

            assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            server.stop(0);
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("anthropic");
            assertThat(e.usage().inputTokens()).isEqualTo(2400);
            assertThat(e.usage().cacheReadTokens()).isEqualTo(2000);
            assertThat(e.usage().cacheWriteTokens()).isEqualTo(300);
            // 100 × $3.00 + 2000 × $0.30 + 300 × $3.75 + 512 × $15.00, per million tokens
            assertThat(e.costUsd()).isEqualByComparingTo("0.009705");
            assertThat(e.pricedAs()).isEqualTo("claude-sonnet-4-5");
        });
    }
}
