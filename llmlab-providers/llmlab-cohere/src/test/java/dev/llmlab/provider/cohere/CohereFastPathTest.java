package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.testing.FastPathAssertions;
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
class CohereFastPathTest {
    private static final List<byte[]> JSON_BODIES = Golden.all().stream()
            .filter(name -> name.endsWith(".json") || name.endsWith(".jsonl"))
            .map(Golden.FILES::bytes).collect(Collectors.toList());

    @Test
    void pricedGoldenBodies_areReadOnTheFastPath_asJacksonReadsThem() {
        List<String> bodies = Golden.PRICED.stream().filter(name -> name.endsWith(".json"))
                .collect(Collectors.toList());
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(6);
        for (String name : bodies) {
            FastPathAssertions.assertReadOnTheFastPath(name, Golden.FILES.bytes(name),
                    b -> FastJsonParser.tryRead(b, 0, b.length, CohereUsageReader::parseDocument),
                    CohereUsageReader::parseWithJackson);
        }
    }

    @Property(tries = 2000)
    void mutatedBodies_giveWhatJacksonGives(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, JSON_BODIES);
        Assume.that(!SseEvents.isEventStream(body)); // a stream is read another way
        FastPathAssertions.assertSameOutcome(body, CohereUsageReader::parse, CohereUsageReader::parseWithJackson);
    }
}
