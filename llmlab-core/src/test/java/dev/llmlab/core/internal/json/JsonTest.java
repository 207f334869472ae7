package dev.llmlab.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void parse_readsEveryTypeAndKeepsNumbersExact() {
        Object v = Json.parse("{\"a\":[1,2.50,-3e2],\"b\":\"x\\u00e9\\n\",\"c\":true,\"d\":null,\"e\":{}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) m.get("a");
        assertThat(a).containsExactly(new BigDecimal("1"), new BigDecimal("2.50"), new BigDecimal("-3e2"));
        assertThat(((BigDecimal) ((List<?>) m.get("a")).get(1)).scale()).isEqualTo(2);
        assertThat(m.get("b")).isEqualTo("x\u00e9\n");
        assertThat(m.get("c")).isEqualTo(Boolean.TRUE);
        assertThat(m.get("d")).isSameAs(Json.NULL);
        assertThat(m).containsKey("e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", "-", "\"abc", "tru", "{\"a\":1}x",
        "{\"a\":1,\"a\":2}", "\"\\x\"", "[1 2]", "{a:1}", "\"\u0001\"", "1e9999999999", "[-1E-9999999999]"})
    void parse_malformed_throwsJsonExceptionWithPosition(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class).hasMessageContaining("line 1, column");
    }

    @Test
    void parse_deepNesting_isRejectedNotStackOverflow() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting");
    }

    @Test
    void parse_randomBytes_onlyEverThrowsJsonException() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            String text = random.nextBoolean() ? new String(bytes, StandardCharsets.ISO_8859_1)
                    : mutate("{\"a\":[1,{\"b\":\"c\"}],\"d\":-0.5e3}", random);
            try {
                Json.parse(text);
            } catch (JsonException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + text);
            }
        }
    }

    private static String mutate(String s, Random random) {
        char[] c = s.toCharArray();
        c[random.nextInt(c.length)] = (char) random.nextInt(128);
        return new String(c, 0, random.nextInt(c.length + 1));
    }

    @Test
    void write_roundTrips() {
        String text = "{\"a\":[1,2.50,null,true],\"b\":\"q\\\"\\\\\\n\\u0001\"}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }
}
