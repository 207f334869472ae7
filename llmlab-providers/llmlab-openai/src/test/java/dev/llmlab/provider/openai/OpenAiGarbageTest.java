package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Garbage in, {@link UsageParseException} out: whatever the bytes, the adapter either returns a
 * usage or throws our exception with a message, never anything else; {@code recognizes} never
 * throws at all.
 */
class OpenAiGarbageTest {
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

    /** Parses, and fails the test if anything but a usage or a UsageParseException comes out. */
    private static void onlyOurException(byte[] body) {
        Throwable t = catchThrowable(() -> {
            Usage u = ADAPTER.parse(body);
            assertThat(u).isNotNull();
        });
        if (t != null) {
            assertThat(t).as("exception for %s", preview(body)).isInstanceOf(UsageParseException.class);
            assertThat(t.getMessage()).isNotBlank();
        }
        ADAPTER.recognizes(body); // must not throw
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return "'" + s + "' (" + body.length + " bytes)";
    }

    private static String chat(String usage) {
        return "{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":" + usage + "}";
    }

    @Test
    void parse_truncatedGoldenFiles_atEveryTenth_onlyOurException() {
        for (String name : Golden.all()) {
            byte[] full = Golden.FILES.bytes(name);
            for (int tenth = 0; tenth < 10; tenth++) {
                byte[] cut = Arrays.copyOf(full, full.length * tenth / 10);
                onlyOurException(cut);
            }
        }
    }

    @Test
    void parse_truncatedJsonGoldenFiles_atEveryTenth_fail() {
        for (String name : Golden.WITH_USAGE) {
            if (!name.endsWith(".json")) {
                continue;
            }
            byte[] full = Golden.FILES.bytes(name);
            for (int tenth = 0; tenth < 10; tenth++) {
                byte[] cut = Arrays.copyOf(full, full.length * tenth / 10);
                assertThatThrownBy(() -> ADAPTER.parse(cut)).as("%s cut at %d/10", name, tenth)
                        .isInstanceOf(UsageParseException.class);
            }
        }
    }

    @Test
    void parse_truncatedGoldenFiles_atEveryByte_onlyOurException() {
        for (String name : Golden.all()) {
            byte[] full = Golden.FILES.bytes(name);
            for (int len = 0; len < full.length; len++) {
                onlyOurException(Arrays.copyOf(full, len));
            }
        }
    }

    @Test
    void parse_truncatedJson_saysTruncatedWithLineAndColumn() {
        byte[] full = Golden.FILES.bytes("chat_completion_cached.json");
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> ADAPTER.parse(cut)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("truncated JSON")
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
    }

    @Test
    void parse_randomBytes_fixedSeed_onlyOurException() {
        Random random = new Random(20250610L);
        for (int i = 0; i < 2_000; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            onlyOurException(body);
        }
    }

    @Test
    void parse_goldenFilesWithRandomByteFlips_fixedSeed_onlyOurException() {
        Random random = new Random(424242L);
        for (String name : Golden.all()) {
            byte[] full = Golden.FILES.bytes(name);
            for (int i = 0; i < 200; i++) {
                byte[] body = full.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                onlyOurException(body);
            }
        }
    }

    @Property(tries = 500)
    void parse_arbitraryText_onlyOurException(@ForAll String text) {
        onlyOurException(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void parse_arbitraryBytes_onlyOurException(@ForAll byte[] body) {
        onlyOurException(body);
    }

    @Property(tries = 500)
    void parse_jsonLikeGarbage_onlyOurException(@ForAll("jsonish") String text) {
        onlyOurException(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789-.eE tnlrfas_up\n")
                .ofMaxLength(200)
                .map(s -> s.replace("u", "\"usage\":").replace("p", "\"prompt_tokens\":"));
    }

    @Property(tries = 300)
    void parse_anyValidCounts_roundTrip(@ForAll("counts") long[] c) {
        long prompt = c[0];
        long cached = Math.min(c[1], prompt);
        long completion = c[2];
        long reasoning = Math.min(c[3], completion);
        String body = chat("{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":" + reasoning + "}}");
        Usage u = ADAPTER.parse(body);
        assertThat(u.inputTokens()).isEqualTo(prompt);
        assertThat(u.cacheReadTokens()).isEqualTo(cached);
        assertThat(u.outputTokens()).isEqualTo(completion);
        assertThat(u.reasoningTokens()).hasValue(reasoning);
    }

    @Provide
    Arbitrary<long[]> counts() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE / 2).array(long[].class).ofSize(4);
    }

    @Test
    void parse_emptyBody_saysEmpty() {
        assertThatThrownBy(() -> ADAPTER.parse(new byte[0])).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> ADAPTER.parse(" \n\t ")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("the body is empty");
    }

    @Test
    void parse_malformedJson_namesLineAndColumn() {
        assertThatThrownBy(() -> ADAPTER.parse("{\n  \"object\": \"chat.completion\",\n  usage: {}\n}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("malformed JSON at line 3, column");
    }

    @Test
    void parse_topLevelArray_isRejected() {
        assertThatThrownBy(() -> ADAPTER.parse("[1,2,3]")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("expected a JSON object at the top level, got an array");
    }

    @Test
    void parse_trailingContent_isRejected() {
        assertThatThrownBy(() -> ADAPTER.parse(Golden.FILES.text("embeddings.json") + " {}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("unexpected content after the JSON object");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "prompt_tokens|\"abc\"|usage.prompt_tokens: expected a non-negative integer, got \"abc\"",
        "prompt_tokens|12.5|usage.prompt_tokens: expected a non-negative integer, got 12.5",
        "prompt_tokens|true|usage.prompt_tokens: expected a non-negative integer, got true",
        "prompt_tokens|[1]|usage.prompt_tokens: expected a non-negative integer, got an array",
        "prompt_tokens|{}|usage.prompt_tokens: expected a non-negative integer, got an object",
        "prompt_tokens|-1|usage.prompt_tokens: expected a non-negative integer, got -1",
        "completion_tokens|-5|usage.completion_tokens: expected a non-negative integer, got -5",
        "prompt_tokens|9223372036854775808|usage.prompt_tokens: expected a non-negative integer that fits a 64-bit"
                + " count, got 9223372036854775808",
        "completion_tokens|100000000000000000000000000000|usage.completion_tokens: expected a non-negative integer"
                + " that fits a 64-bit count, got 100000000000000000000000000000",
    })
    void parse_badCount_namesFieldAndValue(String field, String value, String message) {
        String other = field.equals("prompt_tokens") ? "completion_tokens" : "prompt_tokens";
        String body = chat("{\"" + field + "\":" + value + ",\"" + other + "\":1}");
        assertThatThrownBy(() -> ADAPTER.parse(body)).isInstanceOf(UsageParseException.class).hasMessage(message);
    }

    @Test
    void parse_badNestedCount_namesTheFullPath() {
        assertThatThrownBy(() -> ADAPTER.parse(chat("{\"prompt_tokens\":5,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":-3}}")))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.prompt_tokens_details.cached_tokens: expected a non-negative integer, got -3");
        assertThatThrownBy(() -> ADAPTER.parse("{\"object\":\"response\",\"usage\":{\"input_tokens\":5,"
                + "\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":\"many\"}}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.output_tokens_details.reasoning_tokens: expected a non-negative integer, got \"many\"");
    }

    @Test
    void parse_usageOfWrongType_isRejected() {
        assertThatThrownBy(() -> ADAPTER.parse(chat("[1,2]"))).isInstanceOf(UsageParseException.class)
                .hasMessage("usage: expected an object, got an array");
        assertThatThrownBy(() -> ADAPTER.parse(chat("{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":7}"))).isInstanceOf(UsageParseException.class)
                .hasMessage("usage.prompt_tokens_details: expected an object, got 7");
    }

    @Test
    void parse_maxLongCounts_areAccepted_andSumsThatOverflowAreRejected() {
        Usage u = ADAPTER.parse(chat("{\"prompt_tokens\":9223372036854775807,\"completion_tokens\":0}"));
        assertThat(u.inputTokens()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ADAPTER.parse(chat("{\"prompt_tokens\":5,\"completion_tokens\":2,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":9223372036854775807}}")))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("reasoning_tokens");
    }

    @Test
    void parse_deeplyNestedSkippedContent_isRejectedNotStackOverflow() {
        String deep = "[".repeat(100_000);
        String body = "{\"object\":\"chat.completion\",\"choices\":" + deep;
        assertThatThrownBy(() -> ADAPTER.parse(body)).isInstanceOf(UsageParseException.class);
    }

    @Test
    void parse_hugeNumberLiteral_isRejected() {
        String body = chat("{\"prompt_tokens\":" + "9".repeat(5_000) + ",\"completion_tokens\":1}");
        assertThatThrownBy(() -> ADAPTER.parse(body)).isInstanceOf(UsageParseException.class);
    }

    @Test
    void parse_streamWithGarbageEvent_namesTheEvent() {
        String sse = "data: {\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[]}\n\n"
                + "data: {not json}\n\n";
        assertThatThrownBy(() -> ADAPTER.parse(sse)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("streamed event #2: malformed JSON");
    }

    @Test
    void parse_streamWithNonObjectEvent_isRejected() {
        assertThatThrownBy(() -> ADAPTER.parse("data: 42\n\n")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("streamed event #1: expected a JSON object, got 42");
    }

    @Test
    void parse_streamWithoutEvents_isRejected() {
        assertThatThrownBy(() -> ADAPTER.parse(": keep-alive\n\n")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no data events");
        assertThatThrownBy(() -> ADAPTER.parse("data: {\"foo\":1}\n\n")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no OpenAI events");
    }

    @Test
    void parse_streamWithBadUsage_namesTheFieldAndEvent() {
        String sse = "data: {\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":"
                + "{\"prompt_tokens\":-1,\"completion_tokens\":1}}\n\n";
        assertThatThrownBy(() -> ADAPTER.parse(sse)).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.prompt_tokens: expected a non-negative integer, got -1");
    }
}
