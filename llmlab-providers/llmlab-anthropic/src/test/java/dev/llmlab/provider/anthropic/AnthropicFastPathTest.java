package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.testing.FastPathAssertions;
import dev.llmlab.provider.testing.GoldenFiles;
import dev.llmlab.spi.SseEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Bodies are read over {@link FastJsonParser} first and over Jackson when it declines: the two
 * must never differ, in the usage or in the error a user reads.
 */
class AnthropicFastPathTest {
    private static final List<byte[]> JSON_BODIES = Golden.all().stream()
            .filter(name -> name.endsWith(".json") || name.endsWith(".jsonl"))
            .map(Golden.FILES::bytes).collect(Collectors.toList());

    @Test
    void goldenMessages_areReadOnTheFastPath_asJacksonReadsThem() {
        List<String> messages = Golden.withUsage().stream().filter(name -> name.endsWith(".json"))
                .collect(Collectors.toList());
        assertThat(messages).hasSizeGreaterThanOrEqualTo(6);
        for (String name : messages) {
            FastPathAssertions.assertReadOnTheFastPath(name, Golden.FILES.bytes(name),
                    b -> FastJsonParser.tryRead(b, 0, b.length, AnthropicUsageReader::parseDocument),
                    AnthropicUsageReader::parseWithJackson);
        }
    }

    @Test
    void bedrockEventObjectsOneAfterAnother_areLeftToJackson_withTheSameResult() {
        byte[] body = Golden.FILES.bytes("bedrock_stream_events.jsonl");
        assertThat(FastJsonParser.tryRead(body, 0, body.length, AnthropicUsageReader::parseDocument)).isNull();
        assertThat(AnthropicUsageReader.parse(body)).isEqualTo(AnthropicUsageReader.parseWithJackson(body));
    }

    @Test
    void wrongTypes_getTheSameMessageOnBothPaths() {
        byte[] body = ("{\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":\"12\","
                + "\"output_tokens\":3}}").getBytes(StandardCharsets.UTF_8);
        FastPathAssertions.assertSameOutcome(body, AnthropicUsageReader::parse, AnthropicUsageReader::parseWithJackson);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> AnthropicUsageReader.parse(body)))
                .hasMessageContaining("usage.input_tokens");
    }

    @Property(tries = 2000)
    void mutatedBodies_giveWhatJacksonGives(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, JSON_BODIES);
        Assume.that(!SseEvents.isEventStream(body)); // a stream is read another way
        FastPathAssertions.assertSameOutcome(body, AnthropicUsageReader::parse, AnthropicUsageReader::parseWithJackson);
    }

    private static final List<byte[]> EVERY_PROVIDERS_FILES = GoldenFiles.bytesOfAllProviders();

    @Test
    void recognizes_everyProvidersGoldenFile_asWithJacksonAlone() {
        for (byte[] body : EVERY_PROVIDERS_FILES) {
            FastPathAssertions.assertSameOutcome(body, new AnthropicAdapter()::recognizes,
                    AnthropicAdapter.RECOGNIZER::recognizesWithJackson);
        }
    }

    @Property(tries = 1000)
    void recognizes_mutatedFilesOfEveryProvider_asWithJacksonAlone(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, EVERY_PROVIDERS_FILES);
        FastPathAssertions.assertSameOutcome(body, new AnthropicAdapter()::recognizes,
                AnthropicAdapter.RECOGNIZER::recognizesWithJackson);
    }
}
