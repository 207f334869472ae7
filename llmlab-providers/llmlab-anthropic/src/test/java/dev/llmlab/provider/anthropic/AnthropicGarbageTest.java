package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the input, the adapter returns a usage or throws {@link UsageParseException}: never
 * another exception, never a silent zero for a body that carries no usage.
 */
class AnthropicGarbageTest {
    private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();

    /** Parses, accepting a usage or our exception; anything else fails the test. */
    private static Usage parseOrOurException(byte[] body) {
        try {
            return ADAPTER.parse(body);
        } catch (UsageParseException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        } catch (Throwable t) {
            fail("expected a usage or UsageParseException for <" + preview(body) + ">, got " + t, t);
            return null;
        }
    }

    private static void recognizesWithoutThrowing(byte[] body) {
        try {
            ADAPTER.recognizes(body);
        } catch (Throwable t) {
            fail("recognizes threw for <" + preview(body) + ">: " + t, t);
        }
    }

    private static boolean isStream(String golden) {
        return golden.endsWith(".txt") || golden.endsWith(".jsonl");
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return s.replace("\n", "\\n");
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.anthropic.Golden#all")
    void parse_goldenTruncatedAtEveryTenth_onlyOurException(String golden) {
        byte[] body = Golden.FILES.bytes(golden);
        for (int tenth = 0; tenth < 10; tenth++) {
            byte[] cut = Arrays.copyOf(body, body.length * tenth / 10);
            Usage u = parseOrOurException(cut);
            if (!isStream(golden)) {
                assertThat(u).as("a JSON body cut at %d/10 must be reported", tenth).isNull();
            }
            recognizesWithoutThrowing(cut);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.anthropic.Golden#all")
    void parse_goldenTruncatedAtEveryByte_onlyOurException(String golden) {
        byte[] body = Golden.FILES.bytes(golden);
        for (int len = 0; len < body.length; len++) {
            byte[] cut = Arrays.copyOf(body, len);
            Usage u = parseOrOurException(cut);
            if (u != null) {
                // Only a JSON body missing just its trailing blank, or a stream cut after its last
                // message_delta, still carries the final counts.
                if (!isStream(golden)) {
                    assertThat(new String(cut, StandardCharsets.UTF_8).strip())
                            .isEqualTo(Golden.FILES.text(golden).strip());
                }
                assertThat(u).isEqualTo(ADAPTER.parse(Golden.FILES.bytes(golden)));
            }
        }
    }

    @Test
    void parse_randomBytes_onlyOurException() {
        Random random = new Random(20251127L);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            parseOrOurException(body);
            recognizesWithoutThrowing(body);
        }
    }

    @Test
    void parse_goldenWithRandomByteFlips_onlyOurException() {
        Random random = new Random(42L);
        List<String> goldens = Golden.all();
        for (int i = 0; i < 20_000; i++) {
            byte[] body = Golden.FILES.bytes(goldens.get(i % goldens.size()));
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            parseOrOurException(body);
            recognizesWithoutThrowing(body);
        }
    }

    @Property(tries = 2000)
    void parse_arbitraryText_onlyOurException(@ForAll @Size(max = 400) String text) {
        parseOrOurException(text.getBytes(StandardCharsets.UTF_8));
        recognizesWithoutThrowing(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void parse_arbitraryJsonLikeText_onlyOurException(@ForAll("jsonish") String text) {
        parseOrOurException(text.getBytes(StandardCharsets.UTF_8));
        parseOrOurException(("event: message_start\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"type\"", "\"message\"", "\"usage\"",
                "\"input_tokens\"", "\"output_tokens\"", "\"cache_creation\"", "\"error\"", "\"message_start\"",
                "\"message_delta\"", "\"server_tool_use\"", "\"web_search_requests\"", "0", "-1", "1e3", "3.5",
                "null", "true", "\"x\"", "99999999999999999999999")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Property(tries = 500)
    void parse_validCounts_neverNegativeAndInputIncludesCache(
            @ForAll("counts") long input, @ForAll("counts") long write, @ForAll("counts") long read,
            @ForAll("counts") long output) {
        String body = "{\"type\":\"message\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":" + input
                + ",\"cache_creation_input_tokens\":" + write + ",\"cache_read_input_tokens\":" + read
                + ",\"output_tokens\":" + output + "}}";
        Usage u = ADAPTER.parse(body);
        assertThat(u.inputTokens()).isEqualTo(input + write + read);
        assertThat(u.uncachedInputTokens()).isEqualTo(input);
        assertThat(u.outputTokens()).isEqualTo(output);
    }

    @Provide
    Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 1L << 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
        "output_tokens"})
    void parse_wrongTypesForEveryCount_namesTheField(String field) {
        for (String bad : List.of("\"12\"", "1.5", "true", "{}", "[]", "-3", "1e2", "18446744073709551616")) {
            String body = "{\"type\":\"message\",\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\""
                    + field + "\":" + bad + "}}";
            assertThatThrownBy(() -> ADAPTER.parse(body))
                    .as(field + " = " + bad)
                    .isInstanceOf(UsageParseException.class)
                    .hasMessageStartingWith("usage." + field + ": expected a non-negative integer");
        }
    }

    @Test
    void parse_wrongTypesForNestedCounts_nameTheField() {
        assertThatThrownBy(() -> ADAPTER.parse("{\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1,"
                + "\"cache_creation\":{\"ephemeral_1h_input_tokens\":\"x\"}}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessageStartingWith("usage.cache_creation.ephemeral_1h_input_tokens: expected a non-negative");
        assertThatThrownBy(() -> ADAPTER.parse("{\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1,"
                + "\"server_tool_use\":{\"web_search_requests\":-2}}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.server_tool_use.web_search_requests: expected a non-negative integer, got -2");
        assertThatThrownBy(() -> ADAPTER.parse("{\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1,"
                + "\"cache_creation\":7}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.cache_creation: expected an object, got 7");
        assertThatThrownBy(() -> ADAPTER.parse("{\"type\":\"message\",\"usage\":[1,2]}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage: expected an object, got an array");
        assertThatThrownBy(() -> ADAPTER.parse("{\"type\":\"message\",\"model\":42,\"usage\":{}}"))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("model: expected a string, got 42");
    }

    @Test
    void parse_streamWithWrongTypeInDelta_namesEventField() {
        String stream = "event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                + "event: message_delta\n"
                + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":\"many\"}}\n\n";
        assertThatThrownBy(() -> ADAPTER.parse(stream))
                .isInstanceOf(UsageParseException.class)
                .hasMessage("usage.output_tokens: expected a non-negative integer, got \"many\"");
    }

    @Test
    void parse_streamWithMalformedEventData_reportsEventAndPosition() {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\n\n";
        assertThatThrownBy(() -> ADAPTER.parse(stream))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("event 1")
                .hasMessageContaining("line 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n", "null", "0", "\"message\"", "[]", "[{\"type\":\"message\"}]", "{}",
        "{\"type\":\"message\"}", "{\"type\":\"message\",\"usage\":null}", "{\"type\":\"message\",\"usage\":{}}",
        "{\"type\":\"error\"}", "{\"error\":null}", "{\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}x",
        "{\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}} {}", "data: [DONE]\n\n",
        "event: ping\ndata: {\"type\":\"ping\"}\n\n", "data: 42\n\n", "data: {\"type\":\"message_start\"}\n\n",
        ": comment only\n\n"})
    void parse_bodiesWithoutUsage_areReported(String body) {
        assertThatThrownBy(() -> ADAPTER.parse(body)).isInstanceOf(UsageParseException.class);
    }

    @Test
    void parse_deeplyNestedJson_onlyOurException() {
        String deep = "{\"type\":\"message\",\"content\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        parseOrOurException(deep.getBytes(StandardCharsets.UTF_8));
        String deeper = "[".repeat(100_000);
        parseOrOurException(deeper.getBytes(StandardCharsets.UTF_8));
        recognizesWithoutThrowing(deeper.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_invalidUtf8_onlyOurException() {
        byte[] body = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> ADAPTER.parse(body)).isInstanceOf(UsageParseException.class);
    }
}
