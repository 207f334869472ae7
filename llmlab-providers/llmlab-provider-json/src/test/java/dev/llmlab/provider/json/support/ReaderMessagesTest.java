package dev.llmlab.provider.json.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReaderMessagesTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(10, "...");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The description of the value of {@code {"v": <value>}}. */
    private static String describeValue(String value) throws IOException {
        try (JsonParser p = JSON.createParser("{\"v\": " + value + "}")) {
            p.nextToken();
            p.nextToken();
            return MESSAGES.describe(p, p.nextToken());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1}                 | an object",
        "[1]                       | an array",
        "null                      | null",
        "true                      | true",
        "12                        | 12",
        "1.5e3                     | 1.5e3",
        "123456789012              | 1234567890...",
        "\"short\"                 | \"short\"",
        "\"a rather long string\"  | \"a rather l...\"",
    })
    void describe_namesContainersAndQuotesValuesClipped(String value, String expected) throws IOException {
        assertThat(describeValue(value.strip())).isEqualTo(expected);
    }

    @Test
    void describe_endOfInputAndStructuralTokens() throws IOException {
        try (JsonParser p = JSON.createParser("{}")) {
            assertThat(MESSAGES.describe(p, null)).isEqualTo("the end of the input");
            assertThat(MESSAGES.describe(p, JsonToken.END_OBJECT)).isEqualTo("}");
            assertThat(MESSAGES.describe(p, JsonToken.FIELD_NAME)).isEqualTo("FIELD_NAME");
            p.nextToken();
            assertThat(MESSAGES.describe(p)).isEqualTo("an object");
        }
    }

    @Test
    void clip_cutsAtTheLimit_andReadsNullAsEmpty() {
        assertThat(ReaderMessages.clippingAt(3, "…").clip("abcd")).isEqualTo("abc…");
        assertThat(ReaderMessages.clippingAt(3, "…").clip("abc")).isEqualTo("abc");
        assertThat(MESSAGES.clip(null)).isEmpty();
        assertThatThrownBy(() -> ReaderMessages.clippingAt(0, "...")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChars must be at least 1, got 0");
    }

    @Test
    void at_givesLineAndColumn_orNothingWhenUnknown() {
        assertThat(ReaderMessages.at(new JsonLocation(null, 10, 3, 7))).isEqualTo(" at line 3, column 7");
        assertThat(ReaderMessages.at(JsonLocation.NA)).isEmpty();
        assertThat(ReaderMessages.at(null)).isEmpty();
    }

    private static JsonProcessingException failure(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            while (p.nextToken() != null) {
                p.skipChildren();
            }
            throw new AssertionError("parsed: " + json);
        } catch (JsonProcessingException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformed_eachWording() {
        JsonProcessingException bad = failure("{\"a\":\n x}");
        JsonProcessingException cut = failure("{\"a\":");
        String badMessage = bad.getOriginalMessage();

        assertThat(MESSAGES.malformed("event 2: ", bad)).isInstanceOf(UsageParseException.class).hasCause(bad)
                .hasMessage("event 2: malformed JSON at line 2, column 3: " + badMessage);
        assertThat(MESSAGES.malformed("", cut).getMessage()).startsWith("malformed JSON at line 1, column 6: ");
        assertThat(MESSAGES.namingTruncatedJson().malformed("", cut).getMessage())
                .startsWith("truncated JSON (the input ends too early) at line 1, column 6: ");
        assertThat(MESSAGES.namingTruncatedJson().malformed("", bad).getMessage()).startsWith("malformed JSON at");
        assertThat(MESSAGES.positionLast().malformed("event 2: ", bad))
                .hasMessage("event 2: malformed JSON: " + badMessage + " at line 2, column 3");
        assertThat(MESSAGES.clippingParserMessages().malformed("", bad))
                .hasMessage("malformed JSON at line 2, column 3: " + badMessage.substring(0, 10) + "...");
    }

    @Test
    void readWithJackson_readsOrReportsInTheReadersWords() {
        NumberOfA reader = new NumberOfA();
        assertThat(MESSAGES.readWithJackson(JSON, utf8("{\"a\":7}"), reader)).isEqualTo(7);
        assertThatThrownBy(() -> MESSAGES.readWithJackson(JSON, utf8("{\"a\":}"), reader))
                .isInstanceOf(UsageParseException.class).hasMessageStartingWith("malformed JSON at line 1, column 6: ");
        // four bytes that announce UTF-32 and are no code point: Jackson's decoder, not its parser, fails
        byte[] notUtf32 = {0, 0, 0, '{', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> MESSAGES.readWithJackson(JSON, notUtf32, reader))
                .isInstanceOf(UsageParseException.class).hasMessageStartingWith("unreadable body: ");
        assertThatThrownBy(() -> MESSAGES.unreadableBodyAs("cannot read the body: ").readWithJackson(JSON, notUtf32,
                reader)).hasMessageStartingWith("cannot read the body: ");
    }

    /** Reads the number in {@code {"a": n}}. */
    private static final class NumberOfA implements FastJsonParser.Reader<Integer> {
        @Override
        public Integer read(JsonParser p) throws IOException {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            return p.getIntValue();
        }
    }
}
