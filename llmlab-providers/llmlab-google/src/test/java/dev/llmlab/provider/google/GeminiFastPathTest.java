package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.testing.FastPathAssertions;
import dev.llmlab.provider.testing.GoldenFiles;
import dev.llmlab.spi.SseEvents;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies are read over {@link FastJsonParser} first and over Jackson when it declines: the
 * two must never differ, in the usage or in the error a user reads.
 */
class GeminiFastPathTest {
    private static final List<byte[]> JSON_BODIES = Golden.ALL.stream().filter(name -> name.endsWith(".json"))
            .map(Golden.FILES::bytes).collect(Collectors.toList());

    @Test
    void goldenBodiesWithUsage_areReadOnTheFastPath_asJacksonReadsThem() {
        List<String> bodies = Golden.WITH_USAGE.stream().filter(name -> name.endsWith(".json"))
                .collect(Collectors.toList());
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(10);
        for (String name : bodies) {
            FastPathAssertions.assertReadOnTheFastPath(name, Golden.FILES.bytes(name),
                    b -> FastJsonParser.tryRead(b, 0, b.length, GeminiUsageReader::parseDocument),
                    GeminiUsageReader::parseWithJackson);
        }
    }

    @Property(tries = 2000)
    void mutatedBodies_giveWhatJacksonGives(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, JSON_BODIES);
        Assume.that(!SseEvents.isEventStream(body)); // a stream is read another way
        FastPathAssertions.assertSameOutcome(body, new GeminiAdapter()::parse, GeminiUsageReader::parseWithJackson);
    }

    private static final List<byte[]> EVERY_PROVIDERS_FILES = GoldenFiles.bytesOfAllProviders();

    @Test
    void recognizes_everyProvidersGoldenFile_asWithJacksonAlone() {
        for (byte[] body : EVERY_PROVIDERS_FILES) {
            FastPathAssertions.assertSameOutcome(body, new GeminiAdapter()::recognizes,
                    GeminiAdapter.RECOGNIZER::recognizesWithJackson);
        }
    }

    @Property(tries = 1000)
    void recognizes_mutatedFilesOfEveryProvider_asWithJacksonAlone(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, EVERY_PROVIDERS_FILES);
        FastPathAssertions.assertSameOutcome(body, new GeminiAdapter()::recognizes,
                GeminiAdapter.RECOGNIZER::recognizesWithJackson);
    }
}
