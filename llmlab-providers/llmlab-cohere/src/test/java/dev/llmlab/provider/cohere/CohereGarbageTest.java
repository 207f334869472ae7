package dev.llmlab.provider.cohere;

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
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage in: malformed, truncated, mistyped, negative, huge, random. Only
 * {@link UsageParseException} may ever come out, and never a usage made of zeros.
 */
class CohereGarbageTest {
    private final CohereAdapter adapter = new CohereAdapter();

    /** Parses, and if anything is thrown, it must be our exception. */
    private void parsesOrRejectsCleanly(byte[] body) {
        Throwable t = catchThrowable(() -> adapter.parse(body));
        if (t != null) {
            assertThat(t).as("body %s", preview(body)).isExactlyInstanceOf(UsageParseException.class);
            assertThat(t.getMessage()).isNotBlank();
        }
        Throwable r = catchThrowable(() -> adapter.recognizes(body));
        assertThat(r).as("recognizes must never throw").isNull();
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return "\"" + s + (body.length > 120 ? "…" : "") + "\" (" + body.length + " bytes)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\r\t ", "{", "}", "[", "[]", "null", "true", "42", "\"text\"", "{\"usage\":",
        "{\"usage\":{\"billed_units\":{\"input_tokens\":5", "{'usage':{}}", "{usage:1}", "{\"a\":1,}", "{} {",
        "data:", "data: {\n\n", "event: message-end\ndata: not json\n\n", "\u0000\u0001\u0002", "\uFEFF{}",
        "{\"meta\":[]}", "{\"usage\":\"lots\"}", "{\"usage\":{\"billed_units\":[1,2]}}"})
    void parse_malformedOrEmpty_throwsUsageParseException(String body) {
        assertThatThrownBy(() -> adapter.parse(body)).isExactlyInstanceOf(UsageParseException.class);
    }

    @Test
    void parse_malformedJson_reportsLineAndColumn() {
        String body = "{\n  \"usage\": {\n    \"billed_units\": {\"input_tokens\": 5,, \"output_tokens\": 1}\n  }\n}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isExactlyInstanceOf(UsageParseException.class)
                .hasMessageStartingWith("malformed JSON at line 3, column");
    }

    @Test
    void parse_emptyBody_saysItIsEmpty() {
        assertThatThrownBy(() -> adapter.parse(new byte[0]))
                .isExactlyInstanceOf(UsageParseException.class)
                .hasMessageStartingWith("the body is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "true", "[1]", "{\"n\":1}", "-1", "-0.5", "2.5", "1e400", "99999999999999999999"})
    void parse_wrongTypeForCount_namesFieldAndValue(String value) {
        String body = "{\"usage\":{\"billed_units\":{\"input_tokens\":" + value + ",\"output_tokens\":3}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isExactlyInstanceOf(UsageParseException.class)
                .hasMessageContaining("usage.billed_units.input_tokens");
    }

    @Test
    void parse_stringCount_quotesTheValue() {
        String body = "{\"usage\":{\"billed_units\":{\"input_tokens\":\"abc\",\"output_tokens\":3}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .hasMessage("usage.billed_units.input_tokens: expected a non-negative integer, got \"abc\"");
    }

    @Test
    void parse_negativeCount_namesTheField() {
        String body = "{\"meta\":{\"billed_units\":{\"input_tokens\":10,\"output_tokens\":-4}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isExactlyInstanceOf(UsageParseException.class)
                .hasMessage("meta.billed_units.output_tokens: expected a non-negative integer, got -4");
    }

    @Test
    void parse_countBeyondLong_isAnErrorNotAnOverflow() {
        String body = "{\"meta\":{\"billed_units\":{\"input_tokens\":9223372036854775808}}}";

        assertThatThrownBy(() -> adapter.parse(body))
                .isExactlyInstanceOf(UsageParseException.class)
                .hasMessageContaining("meta.billed_units.input_tokens")
                .hasMessageContaining("too large");
    }

    @Test
    void parse_longMaxCounts_areKeptExactly() {
        String body = "{\"meta\":{\"billed_units\":{\"input_tokens\":9223372036854775807,"
                + "\"output_tokens\":9223372036854775807}}}";

        Usage u = adapter.parse(body);

        assertThat(u.inputTokens()).isEqualTo(Long.MAX_VALUE);
        assertThat(u.outputTokens()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void parse_wrongTypeForUsageObjects_namesThePath() {
        assertThatThrownBy(() -> adapter.parse("{\"usage\":[1]}")).hasMessage("usage: expected an object, got an array");
        assertThatThrownBy(() -> adapter.parse("{\"meta\":{\"billed_units\":\"many\"}}"))
                .hasMessage("meta.billed_units: expected an object, got \"many\"");
        assertThatThrownBy(() -> adapter.parse("[{\"usage\":{}}]"))
                .hasMessage("the response: expected a JSON object, got an array");
        assertThatThrownBy(() -> adapter.parse("{\"meta\":{\"billed_units\":{\"search_units\":\"one\"}}}"))
                .hasMessage("meta.billed_units.search_units: expected a non-negative number, got \"one\"");
    }

    @Test
    void parse_deeplyNestedJson_isRejectedCleanly() {
        String body = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        parsesOrRejectsCleanly(body.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> adapter.parse(body)).isExactlyInstanceOf(UsageParseException.class);
    }

    @Test
    void parse_everyGoldenFileTruncatedAtEveryTenth_onlyUsageParseException() {
        for (String file : Golden.all()) {
            byte[] full = Golden.FILES.bytes(file);
            for (int tenth = 0; tenth < 10; tenth++) {
                byte[] cut = Arrays.copyOf(full, full.length * tenth / 10);
                parsesOrRejectsCleanly(cut);
            }
        }
    }

    @Test
    void parse_truncatedBody_isNeverReadAsOtherCounts() {
        // A cut body either fails, or (a stream cut after its usage event) reads the full counts.
        for (String file : Golden.PRICED) {
            byte[] full = Golden.FILES.bytes(file);
            Usage expected = adapter.parse(full);
            for (int at = 0; at < full.length; at++) {
                byte[] cut = Arrays.copyOf(full, at);
                Throwable t = catchThrowable(() -> adapter.parse(cut));
                if (t == null) {
                    assertThat(adapter.parse(cut)).as("%s cut at byte %d", file, at).isEqualTo(expected);
                } else {
                    assertThat(t).isExactlyInstanceOf(UsageParseException.class);
                }
            }
        }
    }

    @Test
    void parse_randomBytesWithFixedSeed_onlyUsageParseException() {
        Random random = new Random(20261127L);
        for (int i = 0; i < 5_000; i++) {
            byte[] body = new byte[random.nextInt(512)];
            random.nextBytes(body);
            parsesOrRejectsCleanly(body);
        }
    }

    @Test
    void parse_goldenFilesWithRandomByteFlips_onlyUsageParseException() {
        Random random = new Random(7L);
        for (String file : Golden.all()) {
            byte[] full = Golden.FILES.bytes(file);
            for (int i = 0; i < 300; i++) {
                byte[] body = full.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                parsesOrRejectsCleanly(body);
            }
        }
    }

    @Property(tries = 2000)
    void parse_arbitraryBytes_onlyUsageParseException(@ForAll @Size(max = 400) byte[] body) {
        parsesOrRejectsCleanly(body);
    }

    @Property(tries = 2000)
    void parse_arbitraryJsonish_onlyUsageParseException(@ForAll("jsonish") String body) {
        parsesOrRejectsCleanly(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void parse_anyNonNegativeBilledCounts_areReadExactly(@ForAll("counts") long input, @ForAll("counts") long output) {
        String body = "{\"usage\":{\"billed_units\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                + "},\"tokens\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output + "}}}";

        Usage u = adapter.parse(body);

        assertThat(u.inputTokens()).isEqualTo(input);
        assertThat(u.outputTokens()).isEqualTo(output);
    }

    @Provide
    Arbitrary<Long> counts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 1L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE));
    }

    /** Strings built from JSON and SSE fragments, so the parser gets deep into near-valid input. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"usage\"", "\"meta\"",
                "\"billed_units\"", "\"tokens\"", "\"input_tokens\"", "\"output_tokens\"", "\"search_units\"",
                "\"message\"", "\"response\"", "\"delta\"", "\"event_type\"", "\"stream-end\"", "\"message-end\"",
                "1", "-1", "0", "1.5", "1e99", "99999999999999999999", "null", "true", "\"x\"", "\n", " ",
                "data: ", "event: message-end\n", "\n\n", "\\", "\"");
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }
}
