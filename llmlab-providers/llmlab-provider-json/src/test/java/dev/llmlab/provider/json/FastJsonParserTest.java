package dev.llmlab.provider.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmlab.provider.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastJsonParserTest {

    /** Every walk, skipping nothing and skipping containers at three rates, must agree with Jackson. */
    static void assertAgreesWithJackson(byte[] body) {
        for (int skip : new int[] {0, 1, 2, 3}) {
            TokenWalk fast = TokenWalk.fast(body, skip);
            TokenWalk jackson = TokenWalk.jackson(body, skip);
            if (fast.failure != null && !fast.declined()) {
                throw new AssertionError("the fast parser failed with " + fast.failure + " instead of declining on "
                        + show(body), fast.failure);
            }
            if (fast.declined()) {
                // Jackson reads a member's scalar value with its name, so it may fail one token earlier
                int common = Math.min(fast.tokens.size(), jackson.tokens.size());
                assertThat(fast.tokens.size()).as("tokens before declining, skip %d, %s", skip, show(body))
                        .isLessThanOrEqualTo(jackson.tokens.size() + 1);
                assertThat(fast.tokens.subList(0, common)).as("skip %d, %s", skip, show(body))
                        .isEqualTo(jackson.tokens.subList(0, common));
            } else {
                assertThat(jackson.failure).as("Jackson rejects what the fast parser accepted, skip %d: %s", skip,
                        show(body)).isNull();
                assertThat(fast.tokens).as("skip %d, %s", skip, show(body)).isEqualTo(jackson.tokens);
            }
        }
    }

    static void assertAccepted(byte[] body) {
        assertAgreesWithJackson(body);
        TokenWalk fast = TokenWalk.fast(body, 0);
        assertThat(fast.failure).as("declined %s", show(body)).isNull();
        assertThat(TokenWalk.fast(body, 2).failure).as("declined with skipping %s", show(body)).isNull();
    }

    static String show(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return '\'' + (s.length() > 300 ? s.substring(0, 300) + "..." : s) + '\'';
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", " { } ", "\n\t\r {\"a\":1}\n", "{\"a\":[]}", "{\"a\":{}}", "[[[]],[{}]]",
        "{\"a\":true,\"b\":false,\"c\":null}", "[true,false,null]", "\"root string\"", "42", "-0", "0", "true",
        "{\"n\":[0,-0,1,-1,2147483647,2147483648,-2147483648,-2147483649,999999999999999999,-999999999999999999]}",
        "{\"f\":[0.0,-0.5,1e5,1E5,1e+5,1e-5,1.25e-3,-12.5E+10,0e0,123456789.123456789]}",
        "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\udc00\\u0000\"}",
        "{\"esc\\u0061ped name\":1,\"tab\\tname\":2}",
        "{\"unicode\":\"h\u00e9llo w\u00f6rld \u2014 \u20ac \uD83D\uDE00 \u4e2d\u6587\",\"\u00e9\":\"n\u00e4me\"}",
        "{\"long\":\"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz \\\" x\"}",
        "{\"a\":1,\"a\":2}",
        "{\"nested\":{\"a\":[1,{\"b\":[2,3,{\"c\":\"d\"}]}],\"e\":{\"f\":{\"g\":{}}}},\"after\":1}",
        "        {        \"a\"        :        1        }        ",
    })
    void validJson_isReadExactlyAsJacksonReadsIt(String json) {
        assertAccepted(utf8(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{", "}", "[", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "{,\"a\":1}", "{\"a\" 1}",
        "{\"a\":1 \"b\":2}", "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":tru}", "{\"a\":truex}",
        "{\"a\":nul}", "{\"a\":False}", "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":1}}", "{\"a\":1} x", "[1}",
        "{\"a\":[1,2}", "{\"a\":1]", "/* c */ {}", "{\"a\":1 // c\n}", "{\"a\":0x10}", "{\"a\":1,,\"b\":2}",
        "{\"a\":\"unterminated", "{\"a\":[1,2,3",
    })
    void invalidJson_isDeclined_andJacksonRejectsIt(String json) {
        byte[] body = utf8(json);
        assertAgreesWithJackson(body);
        assertThat(TokenWalk.fast(body, 0).declined()).as("declined").isTrue();
        assertThat(TokenWalk.jackson(body, 0).failure).as("Jackson's failure").isNotNull();
    }

    @Test
    void emptyInput_isLeftToJackson() {
        for (String json : new String[] {"", " ", "\n\t "}) {
            assertThat(TokenWalk.fast(utf8(json), 0).declined()).as("declined '%s'", json).isTrue();
        }
    }

    @Test
    void integersOfNineteenDigitsAndMore_agreeWithJacksonOrAreDeclined() {
        for (String n : new String[] {"9223372036854775807", "-9223372036854775808", "1000000000000000000",
            "12345678901234567890", "-99999999999999999999999"}) {
            byte[] body = utf8("{\"n\":" + n + "}");
            assertAgreesWithJackson(body);
            assertThat(TokenWalk.fast(body, 0).declined()).as("declined %s", n).isTrue();
            assertThat(TokenWalk.fast(body, 1).failure).as("skipped %s", n).isNull();
        }
    }

    @Test
    void secondRootValue_isLeftToJackson() {
        for (String json : new String[] {"{\"a\":1} {\"b\":2}", "\"a\" \"b\"", "1 2"}) {
            byte[] body = utf8(json);
            assertAgreesWithJackson(body);
            assertThat(TokenWalk.fast(body, 0).declined()).as("declined %s", json).isTrue();
        }
    }

    @Test
    void invalidUtf8_isDeclined() {
        byte[][] bodies = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},                    // cut 2-byte sequence
            {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},                    // lone continuation byte
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},       // overlong NUL
            {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // a surrogate
            {'{', '"', 'a', '"', ':', '"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', '}'},
            {'{', '"', (byte) 0xFF, '"', ':', '1', '}'},                                // in a name
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},                          // byte-order mark
            {'{', '"', 'a', '"', ':', '"', 0, '"', '}'},                                // raw NUL
        };
        for (byte[] body : bodies) {
            assertAgreesWithJackson(body);
            assertThat(TokenWalk.fast(body, 0).declined()).as("declined %s", show(body)).isTrue();
        }
    }

    @Test
    void nestingDeeperThanTheLimit_isDeclined() {
        String deep = "[".repeat(FastJsonParser.MAX_DEPTH + 1) + "]".repeat(FastJsonParser.MAX_DEPTH + 1);
        assertThat(TokenWalk.fast(utf8(deep), 0).declined()).isTrue();
        String limit = "[".repeat(FastJsonParser.MAX_DEPTH) + "]".repeat(FastJsonParser.MAX_DEPTH);
        assertAccepted(utf8(limit));
    }

    @Test
    void integerBeyondEighteenDigits_isDeclinedWhenItsValueIsAsked_notWhenSkipped() throws IOException {
        byte[] body = utf8("{\"seed\":12345678901234567890123,\"usage\":{\"n\":5}}");
        try (JsonParser p = new FastJsonParser(body)) {
            p.nextToken();
            p.nextToken();
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(p.getText()).isEqualTo("12345678901234567890123");
            assertThatThrownBy(p::getLongValue).isInstanceOf(FastJsonParser.Declined.class);
            assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(p.currentName()).isEqualTo("usage");
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(p.getLongValue()).isEqualTo(5);
        }
    }

    private static List<String> names(String json) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (JsonParser p = new FastJsonParser(utf8(json))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                    names.add(p.getText());
                }
            }
        }
        return names;
    }

    @Test
    void namesAndShortValuesSeenBefore_areTheSameStringInstances() throws IOException {
        // names that share their first and last eight bytes, and names once found in one slot
        String json = "{\"ephemeral_5m_input_tokens\":1,\"ephemeral_1h_input_tokens\":2,\"content\":3,"
                + "\"completion_tokens_details\":{},\"accepted_prediction_tokens\":4,\"rejected_prediction_tokens\":5,"
                + "\"a\":\"gpt-4o-2024-08-06\",\"abcdefgh\":\"abcdefgh12345678abcdefgh\"}";
        List<String> first = names(json);
        List<String> second = names(json);
        assertThat(second).isEqualTo(first).containsExactly("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens",
                "content", "completion_tokens_details", "accepted_prediction_tokens", "rejected_prediction_tokens", "a",
                "gpt-4o-2024-08-06", "abcdefgh", "abcdefgh12345678abcdefgh");
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as(first.get(i)).isSameAs(first.get(i));
        }
    }

    @Test
    void theSharedNameCache_givesEveryThreadItsOwnNames_underEviction() throws Exception {
        // 20,000 names of 1 to 40 bytes, far more than the cache holds, read by 8 threads at once
        List<String> pool = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(40);
            while (name.length() < length) {
                name.append((char) ('a' + random.nextInt(26)));
            }
            pool.add(name.toString());
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(threads.submit(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    int checked = 0;
                    for (int doc = 0; doc < 2_000; doc++) {
                        List<String> expected = new java.util.ArrayList<>();
                        StringBuilder json = new StringBuilder("{");
                        for (int m = 0; m < 10; m++) {
                            String name = pool.get(r.nextInt(pool.size()));
                            expected.add(name);
                            expected.add(name + "!");
                            json.append(m == 0 ? "" : ",").append('"').append(name).append("\":\"").append(name)
                                    .append("!\"");
                        }
                        assertThat(names(json.append('}').toString())).isEqualTo(expected);
                        checked += expected.size();
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2_000 * 20);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRangeOfTheArray_isReadAlone() throws IOException {
        byte[] body = utf8("xx{\"a\":[1]}yy");
        try (JsonParser p = new FastJsonParser(body, 2, body.length - 4)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            p.skipChildren();
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isNull();
        }
    }

    @Test
    void read_returnsTheFastResult_andFallsBackOnDeclineOrReaderError() {
        byte[] good = utf8("{\"n\":7}");
        byte[] bad = utf8("{\"n\":7,}");
        FastJsonParser.Reader<String> reader = p -> {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            long n = p.getLongValue();
            if (n != 7) {
                throw new IllegalArgumentException("not seven");
            }
            return p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == null ? "fast " + n : "trailing";
        };
        assertThat(FastJsonParser.read(good, reader, () -> "fallback")).isEqualTo("fast 7");
        assertThat(FastJsonParser.read(bad, reader, () -> "fallback")).isEqualTo("fallback");
        assertThat(FastJsonParser.read(utf8("{\"n\":8}"), reader, () -> "fallback")).isEqualTo("fallback");
    }

    static Stream<Path> providerBodies() {
        List<Path> bodies = GoldenFiles.pathsOfAllProviders().stream()
                .filter(f -> f.getFileName().toString().endsWith(".json"))
                .collect(Collectors.toList());
        assertThat(bodies).as("provider golden JSON files").hasSizeGreaterThan(40);
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("providerBodies")
    void providerGoldenFiles_areReadExactlyAsJacksonReadsThem(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        if (TokenWalk.jackson(body, 0).failure == null) {
            assertAccepted(body);
        } else {
            assertAgreesWithJackson(body); // a deliberately malformed golden file
        }
    }
}
