package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.json.testing.FastPathAssertions;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import java.util.List;
import java.util.Random;
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
    private static final List<String> JSON_BODIES = Golden.all().stream()
            .filter(name -> name.endsWith(".json") || name.endsWith(".jsonl"))
            .collect(Collectors.toList());

    @Test
    void pricedGoldenBodies_areReadOnTheFastPath_asJacksonReadsThem() {
        List<String> bodies = Golden.PRICED.stream().filter(name -> name.endsWith(".json"))
                .collect(Collectors.toList());
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(6);
        for (String name : bodies) {
            byte[] body = Golden.bytes(name);
            Usage fast = FastJsonParser.tryRead(body, 0, body.length, CohereUsageReader::readValues);
            assertThat(fast).as("%s read on the fast path", name).isNotNull();
            assertThat(fast).as(name).isEqualTo(CohereUsageReader.readWithJackson(body));
        }
    }

    @Property(tries = 2000)
    void mutatedBodies_giveWhatJacksonGives(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] body = FastPathAssertions.mutate(Golden.bytes(JSON_BODIES.get(random.nextInt(JSON_BODIES.size()))),
                random);
        Assume.that(!SseEvents.isEventStream(body)); // a stream is read another way
        FastPathAssertions.assertSameOutcome(body, CohereUsageReader::read, CohereUsageReader::readWithJackson);
    }
}
