package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import dev.llmlab.provider.testing.LoopbackServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code lab.track("openai", () -> client.chat().completions().create(params))} with the real SDK. */
class OpenAiSdkTrackingTest {

    @Test
    void track_sdkChatCompletion_recordsTheExactCostOfItsBody() {
        byte[] body = Golden.FILES.bytes("chat_completion_cached.json");
        LoopbackServer server = LoopbackServer.start("/v1/chat/completions").respondWith(body);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test").maxRetries(0).build();
        List<TrackedEvent> events = new CopyOnWriteArrayList<>();
        TrackingSink collect = events::addAll;
        ProviderRegistry providers = ProviderRegistry.of(new OpenAiAdapter());
        LlmLab lab = LlmLab.builder().providers(providers).catalog(PriceCatalog.fromProviders(providers))
                .shutdownHook(false).sink(collect).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage("When can the contract be terminated?").build();
        try {
            ChatCompletion completion = lab.track("openai", () -> client.chat().completions().create(params));

            assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                    text -> assertThat(text).startsWith("The contract's termination clause"));
            assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            lab.close();
            client.close();
            server.close();
        }

        assertThat(events).hasSize(1);
        TrackedEvent event = events.get(0);
        assertThat(event.status()).isEqualTo(EventStatus.OK);
        assertThat(event.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(event.usage().inputTokens()).isEqualTo(2006);
        assertThat(event.usage().cacheReadTokens()).isEqualTo(1920);
        assertThat(event.usage().outputTokens()).isEqualTo(300);
        // gpt-4o from 2024-10-02: input $2.50, cache read $1.25, output $10.00 per million tokens
        //   (2006 - 1920) x 2.50 = 215.00
        //          1920  x 1.25 = 2,400.00
        //           300  x 10.00 = 3,000.00
        //                          5,615.00 / 1,000,000 = $0.005615
        assertThat(event.costUsd()).isEqualByComparingTo("0.005615");
        assertThat(lab.spend().total().costUsd()).isEqualByComparingTo("0.005615");
    }
}
