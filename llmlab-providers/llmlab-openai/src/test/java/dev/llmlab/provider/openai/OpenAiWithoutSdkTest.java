package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.spi.Usage;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The SDK is optional: an application that has only LLMlab's jars (the adapter, its JSON support,
 * the SPI, Jackson) and not openai-java keeps working, and the adapter never asks for an SDK class.
 */
class OpenAiWithoutSdkTest {

    /** Loads only from the given jars and the JDK, and notes every class asked of it. */
    private static final class RecordingLoader extends URLClassLoader {
        final List<String> requested = new CopyOnWriteArrayList<>();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void usageOf_withoutTheSdkOnTheClassPath_readsBodiesAndNeverLoadsSdkClasses() throws Exception {
        URL[] withoutSdk = {locationOf(OpenAiAdapter.class), locationOf(Usage.class), locationOf(JsonNode.class),
                locationOf(JsonParser.class), locationOf(JsonProperty.class), locationOf(FastJsonParser.class)};
        try (RecordingLoader loader = new RecordingLoader(withoutSdk)) {
            assertThat(loader.getResource("com/openai/core/ObjectMappers.class")).as("the SDK is absent").isNull();
            Class<?> adapterType = loader.loadClass(OpenAiAdapter.class.getName());
            Object adapter = adapterType.getConstructor().newInstance();
            var usageOf = adapterType.getMethod("usageOf", Object.class);
            String body = new String(Golden.FILES.bytes("chat_completion_cached.json"), StandardCharsets.UTF_8);

            Optional<?> fromBody = (Optional<?>) usageOf.invoke(adapter, body);
            Optional<?> fromUnrelated = (Optional<?>) usageOf.invoke(adapter, new Object());

            assertThat(fromBody).isPresent();
            assertThat(fromBody.get().toString()).contains("gpt-4o-2024-08-06");
            assertThat(fromUnrelated).isEmpty();
        }
        // and the class that links against the SDK is never loaded either
        try (RecordingLoader loader = new RecordingLoader(withoutSdk)) {
            Class<?> adapterType = loader.loadClass(OpenAiAdapter.class.getName());
            adapterType.getMethod("usageOf", Object.class).invoke(adapterType.getConstructor().newInstance(),
                    new Object());

            assertThat(loader.requested).noneMatch(name -> name.startsWith("com.openai."))
                    .doesNotContain(OpenAiSdkUsage.class.getName());
        }
    }
}
