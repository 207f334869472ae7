package dev.llmlab.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import dev.llmlab.spi.ServiceTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real LangChain4j OpenAiChatModel talking HTTP to a local server that answers like OpenAI. */
class OpenAiChatModelTrackingTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<TrackedEvent> events = new CopyOnWriteArrayList<>();
    private LlmLab lab;
    private String baseUrl;

    @BeforeEach
    void start() throws IOException {
        byte[] completion = resource("chat-completion.json");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(request);
                boolean fail = request.contains("please fail");
                byte[] out = fail ? "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"
                        .getBytes(StandardCharsets.UTF_8) : completion;
                if (request.contains("at priority")) {
                    // the tier OpenAI billed, as its response reports it
                    out = new String(completion, StandardCharsets.UTF_8)
                            .replace("\"service_tier\": \"default\"", "\"service_tier\": \"priority\"")
                            .getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(fail ? 500 : 200, out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Path prices = dir.resolve("openai-prices.json");
        Files.write(prices, resource("openai-prices.json"));
        TrackingSink collect = events::addAll;
        lab = LlmLab.builder().providers(ProviderRegistry.of()).catalog(PriceCatalog.fromFile(prices))
                .shutdownHook(false).sink(collect).build();
    }

    @AfterEach
    void stop() {
        lab.close();
        server.stop(0);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OpenAiChatModelTrackingTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private ChatModel model() {
        return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o-mini")
                .maxRetries(0).timeout(Duration.ofSeconds(10))
                .listeners(List.of(LlmLabChatModelListener.builder(lab).tag("feature", "support").build()))
                .build();
    }

    @Test
    void openAiChatModel_isTrackedWithTheExactCost_cachedAndReasoningTokensIncluded() {
        String answer = model().chat("Hello");

        assertThat(answer).isEqualTo("Hello! How can I help you today?");
        assertThat(requests).hasSize(1);
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).hasSize(1);
        TrackedEvent e = events.get(0);
        assertThat(e.status()).isEqualTo(EventStatus.OK);
        assertThat(e.provider()).isEqualTo("openai");
        assertThat(e.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(e.pricedAs()).isEqualTo("gpt-4o-mini");
        assertThat(e.usage().inputTokens()).isEqualTo(1000);
        assertThat(e.usage().cacheReadTokens()).isEqualTo(400);
        assertThat(e.usage().outputTokens()).isEqualTo(500);
        assertThat(e.usage().reasoningTokens()).hasValue(200);
        // 600 uncached × $0.15 + 400 cached × $0.075 + 500 output × $0.60, per million tokens
        assertThat(e.costUsd()).isEqualByComparingTo("0.00042");
        assertThat(e.tags()).containsEntry("feature", "support");
        assertThat(e.durationNanos()).isPositive();
    }

    @Test
    void failedChatCall_isRecordedAsErrorEvent_andTheExceptionReachesTheCaller() {
        ChatModel model = model();

        assertThatThrownBy(() -> model.chat("please fail")).hasMessageContaining("server had an error");

        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.CALL_FAILED);
            assertThat(e.model()).isEqualTo("gpt-4o-mini");
            assertThat(e.costUsd()).isNull();
            assertThat(e.error()).contains("server had an error");
        });
    }

    @Test
    void manyCalls_eachTrackedOnce() {
        ChatModel model = model();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(model.chat("Hello " + i));
        }

        assertThat(answers).hasSize(20);
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).hasSize(20);
        assertThat(lab.spend().total().costUsd()).isEqualByComparingTo("0.0084");
    }

    @Test
    void theServiceTierOpenAiReports_isRecorded_andPricedAtItsRates() {
        model().chat("Hello at priority");
        model().chat("Hello");

        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).hasSize(2);
        TrackedEvent priority = events.stream().filter(e -> e.costUsd().compareTo(new java.math.BigDecimal("0.0005")) > 0)
                .findFirst().orElseThrow();
        assertThat(priority.status()).isEqualTo(EventStatus.OK);
        assertThat(priority.usage().serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        // 600 uncached × $0.25 + 400 cached × $0.125 + 500 output × $1.00, per million tokens
        assertThat(priority.costUsd()).isEqualByComparingTo("0.0007");
        TrackedEvent standard = events.stream().filter(e -> e != priority).findFirst().orElseThrow();
        assertThat(standard.usage().serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(standard.usage().serviceTierReported()).isTrue();
        assertThat(standard.costUsd()).isEqualByComparingTo("0.00042");
    }
}
