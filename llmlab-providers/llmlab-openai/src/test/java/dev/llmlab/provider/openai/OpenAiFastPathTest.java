package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.testing.FastPathAssertions;
import dev.llmlab.provider.testing.GoldenFiles;
import dev.llmlab.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import dev.llmlab.spi.SseEvents;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Bodies are read over {@link FastJsonParser} first and over Jackson when it declines: the two
 * must never differ, in the usage or in the error a user reads.
 */
class OpenAiFastPathTest {
    private static final List<byte[]> JSON_BODIES = java.util.stream.Stream
            .concat(Golden.WITH_USAGE.stream(), Golden.WITHOUT_USAGE.stream())
            .filter(name -> name.endsWith(".json"))
            .map(Golden.FILES::bytes).collect(Collectors.toList());

    private static final List<byte[]> STREAMS = java.util.stream.Stream
            .concat(Golden.WITH_USAGE.stream(), Golden.WITHOUT_USAGE.stream())
            .filter(name -> name.endsWith(".sse"))
            .map(Golden.FILES::bytes).collect(Collectors.toList());

    private static Usage readStreamWithJackson(byte[] body) {
        return OpenAiUsageReader.parseStream(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void goldenStreams_areReadInPlace_asJacksonReadsThem() {
        assertThat(STREAMS).hasSizeGreaterThanOrEqualTo(4);
        for (byte[] body : STREAMS) {
            FastPathAssertions.assertSameOutcome(body, OpenAiUsageReader::parse, OpenAiFastPathTest::readStreamWithJackson);
        }
    }

    @Property(tries = 2000)
    void mutatedStreams_giveWhatJacksonGives(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, STREAMS);
        Assume.that(SseEvents.isEventStream(body));
        FastPathAssertions.assertSameOutcome(body, OpenAiUsageReader::parse, OpenAiFastPathTest::readStreamWithJackson);
    }

    @Test
    void goldenBodiesWithUsage_areReadOnTheFastPath_asJacksonReadsThem() {
        for (String name : Golden.WITH_USAGE) {
            if (!name.endsWith(".json")) {
                continue;
            }
            FastPathAssertions.assertReadOnTheFastPath(name, Golden.FILES.bytes(name),
                    b -> FastJsonParser.tryRead(b, 0, b.length, OpenAiUsageReader::parseDocument),
                    OpenAiUsageReader::parseWithJackson);
        }
    }

    @Test
    void aTypicalPrettyPrintedChatCompletion_isReadOnTheFastPath() {
        byte[] body = ("{\n  \"id\": \"chatcmpl-1\",\n  \"object\": \"chat.completion\",\n  \"created\": 1741570283,\n"
                + "  \"model\": \"gpt-4o-2024-08-06\",\n"
                + "  \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
                + " \"content\": \"Caf\u00e9 \\\"quoted\\\" \\u00e9 \u2014 \ud83d\ude00\", \"refusal\": null,"
                + " \"annotations\": []}, \"logprobs\": null, \"finish_reason\": \"stop\"}],\n"
                + "  \"usage\": {\"prompt_tokens\": 1117, \"completion_tokens\": 146, \"total_tokens\": 1263,"
                + " \"prompt_tokens_details\": {\"cached_tokens\": 1024, \"audio_tokens\": 0},"
                + " \"completion_tokens_details\": {\"reasoning_tokens\": 0, \"audio_tokens\": 0}},\n"
                + "  \"service_tier\": \"default\", \"system_fingerprint\": \"fp_fc9f1d7035\"\n}\n")
                .getBytes(StandardCharsets.UTF_8);
        Usage fast = FastJsonParser.tryRead(body, 0, body.length, OpenAiUsageReader::parseDocument);
        assertThat(fast).isNotNull().isEqualTo(OpenAiUsageReader.parseWithJackson(body));
        assertThat(fast.inputTokens()).isEqualTo(1117);
        assertThat(fast.cacheReadTokens()).isEqualTo(1024);
    }

    @Test
    void malformedBodies_getJacksonsMessageWithLineAndColumn() {
        byte[] body = "{\"object\":\"chat.completion\",\n\"usage\":{\"prompt_tokens\":1,}}"
                .getBytes(StandardCharsets.UTF_8);
        FastPathAssertions.assertSameOutcome(body, OpenAiUsageReader::parse, OpenAiUsageReader::parseWithJackson);
        assertThat(FastJsonParser.tryRead(body, 0, body.length, OpenAiUsageReader::parseDocument)).isNull();
    }

    @Property(tries = 2000)
    void mutatedBodies_giveWhatJacksonGives(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, JSON_BODIES);
        Assume.that(!SseEvents.isEventStream(body)); // a stream is read another way
        FastPathAssertions.assertSameOutcome(body, OpenAiUsageReader::parse, OpenAiUsageReader::parseWithJackson);
    }

    private static final List<byte[]> EVERY_PROVIDERS_FILES = GoldenFiles.bytesOfAllProviders();

    @Test
    void recognizes_everyProvidersGoldenFile_asWithJacksonAlone() {
        for (byte[] body : EVERY_PROVIDERS_FILES) {
            FastPathAssertions.assertSameOutcome(body, new OpenAiAdapter()::recognizes,
                    OpenAiAdapter.RECOGNIZER::recognizesWithJackson);
        }
    }

    @Property(tries = 1000)
    void recognizes_mutatedFilesOfEveryProvider_asWithJacksonAlone(@ForAll long seed) {
        byte[] body = FastPathAssertions.mutatedBody(seed, EVERY_PROVIDERS_FILES);
        FastPathAssertions.assertSameOutcome(body, new OpenAiAdapter()::recognizes,
                OpenAiAdapter.RECOGNIZER::recognizesWithJackson);
    }
}
