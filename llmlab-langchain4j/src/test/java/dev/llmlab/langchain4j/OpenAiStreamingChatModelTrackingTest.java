package dev.llmlab.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed LangChain4j chat call whose usage arrives in the last server-sent event is tracked once, exactly. */
class OpenAiStreamingChatModelTrackingTest {
    private static final String CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",";
    private static final String SSE = "data: " + CHUNK
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: " + CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + "data: " + CHUNK + "\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500,\"total_tokens\":1500,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":400},\"completion_tokens_details\":{\"reasoning_tokens\":200}}}\n\n"
            + "data: [DONE]\n\n";

    @TempDir
    Path dir;

    @Test
    void streamedChat_usageInLastChunk_isTrackedOnceWithTheExactCost() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream os = exchange.getResponseBody()) {
                    for (String event : SSE.split("(?<=\n\n)")) {
                        os.write(event.getBytes(StandardCharsets.UTF_8));
                        os.flush();
                    }
                }
            }
        });
        server.start();
        Path prices = dir.resolve("prices.json");
        try (InputStream in = getClass().getResourceAsStream("openai-prices.json")) {
            Files.write(prices, in.readAllBytes());
        }
        List<TrackedEvent> events = new CopyOnWriteArrayList<>();
        TrackingSink collect = events::addAll;
        try (LlmLab lab = LlmLab.builder().providers(ProviderRegistry.of()).catalog(PriceCatalog.fromFile(prices))
                .shutdownHook(false).sink(collect).build()) {
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").apiKey("test-key")
                    .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(10))
                    .listeners(List.of(LlmLabChatModelListener.of(lab))).build();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            model.chat("Hello", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partialResponse) {
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    done.complete(completeResponse);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });

            assertThat(done.get(20, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello");
            // the listener runs around the handler: wait for the event rather than for the handler
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lab.stats().enqueued() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            server.stop(0);
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.usage().cacheReadTokens()).isEqualTo(400);
            assertThat(e.usage().reasoningTokens()).hasValue(200);
            assertThat(e.costUsd()).isEqualByComparingTo("0.00042");
        });
    }
}
