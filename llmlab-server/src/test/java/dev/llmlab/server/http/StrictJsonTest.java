package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that takes a body refuses, with a 400 naming what is wrong and storing nothing,
 * what a lenient JSON parser lets through: text after the document, a key twice, NUL, unpaired
 * surrogates (escaped or as raw bytes) and bytes that are not UTF-8.
 */
class StrictJsonTest {
    private static final Api API = TestServers.api();
    private static Api.Account account;

    @BeforeAll
    static void account() {
        account = API.signup();
    }

    /**
     * An endpoint and a valid body for it, written with {@code %s} inside one string field where a
     * defect is put. {@code MARK} is replaced by a fresh marker (unique signup emails),
     * {@code EMAIL}/{@code PASSWORD} by the test account's.
     */
    record Endpoint(String name, String path, Auth auth, String template, String field, String duplicate,
            Function<String, Long> stored) {
        @Override
        public String toString() {
            return name;
        }

        byte[] body(String marker, byte[] inside) {
            String t = template.replace("MARK", marker).replace("EMAIL", account.email())
                    .replace("PASSWORD", account.password());
            int at = t.indexOf("%s");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(t.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(inside);
            out.writeBytes(t.substring(at + 2).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        Api.Response post(byte[] body) {
            String bearer = switch (auth) {
                case NONE -> null;
                case TOKEN -> account.token();
                case KEY -> account.apiKey();
            };
            return API.postBytes(path, body, "application/json", bearer);
        }
    }

    enum Auth { NONE, TOKEN, KEY }

    /** A way to spoil a valid body, and the error it must bring. */
    record Defect(String name, Function<Endpoint, String> code, Function<Endpoint, String> field,
            SpoilFn spoil) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface SpoilFn {
        byte[] apply(Endpoint e, String marker);
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("signup", "/auth/signup", Auth.NONE,
                        "{\"email\":\"u-MARK%s@example.com\",\"password\":\"correct horse battery\"}", "email",
                        "\"password\":\"short\"",
                        marker -> count("SELECT count(*) FROM users WHERE email LIKE '%" + marker + "%'")),
                new Endpoint("login", "/auth/login", Auth.NONE, "{\"email\":\"EMAIL%s\",\"password\":\"PASSWORD\"}",
                        "email", "\"password\":\"wrong password\"", marker -> 0L),
                new Endpoint("api key", "/api/keys", Auth.TOKEN, "{\"name\":\"ci-MARK%s\"}", "name",
                        "\"name\":\"other\"", marker -> count("SELECT count(*) FROM api_keys WHERE user_id = '"
                                + account.userId() + "'")),
                new Endpoint("provider key", "/api/provider-keys", Auth.TOKEN,
                        "{\"provider\":\"openai%s\",\"key\":\"sk-test-0123456789abcdef\"}", "provider",
                        "\"provider\":\"other\"", marker -> count("SELECT count(*) FROM provider_keys WHERE user_id = '"
                                + account.userId() + "'")),
                new Endpoint("budget", "/api/budgets", Auth.TOKEN, "{\"monthly_limit_usd\":\"100.00%s\"}",
                        "monthly_limit_usd", "\"monthly_limit_usd\":\"-1\"", marker -> count(
                                "SELECT count(*) FROM budgets WHERE user_id = '" + account.userId() + "'")),
                new Endpoint("event", "/api/events/track", Auth.KEY,
                        "{\"provider\":\"openai\",\"model\":\"gpt-4o%s\",\"input_tokens\":100}", "model",
                        "\"input_tokens\":-5", marker -> Events.count(account.userId())));
    }

    static List<Defect> defects() {
        return List.of(
                new Defect("second document after the first", e -> "malformed_json", e -> null,
                        (e, m) -> concat(e.body(m, new byte[0]), ascii(" {\"input_tokens\":5}"))),
                new Defect("garbage after the document", e -> "malformed_json", e -> null,
                        (e, m) -> concat(e.body(m, new byte[0]), ascii("x"))),
                new Defect("duplicate key, the first value different", e -> "invalid_field",
                        e -> e.duplicate().substring(1, e.duplicate().indexOf('"', 1)),
                        (e, m) -> concat(ascii("{" + e.duplicate() + ","), tail(e.body(m, new byte[0])))),
                new Defect("escaped NUL", e -> "invalid_field", Endpoint::field,
                        (e, m) -> e.body(m, ascii("\\u0000"))),
                new Defect("escaped NUL in a key", e -> "invalid_field", e -> "a\\u0000b",
                        (e, m) -> concat(ascii("{\"a\\u0000b\":1,"), tail(e.body(m, new byte[0])))),
                new Defect("escaped lone high surrogate", e -> "invalid_field", Endpoint::field,
                        (e, m) -> e.body(m, ascii("\\ud800"))),
                new Defect("escaped surrogates in the wrong order", e -> "invalid_field", Endpoint::field,
                        (e, m) -> e.body(m, ascii("\\udc00\\ud800"))),
                new Defect("raw encoded surrogate ED A0 80", e -> "malformed_json", Endpoint::field,
                        (e, m) -> e.body(m, bytes(0xED, 0xA0, 0x80))),
                new Defect("raw encoded surrogate pair (CESU-8)", e -> "malformed_json", Endpoint::field,
                        (e, m) -> e.body(m, bytes(0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80))),
                new Defect("raw byte FF", e -> "malformed_json", Endpoint::field, (e, m) -> e.body(m, bytes(0xFF))),
                new Defect("raw overlong C0 80", e -> "malformed_json", Endpoint::field,
                        (e, m) -> e.body(m, bytes(0xC0, 0x80))),
                new Defect("raw NUL byte", e -> "malformed_json", Endpoint::field, (e, m) -> e.body(m, bytes(0))));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Defect d : defects()) {
                all.add(Arguments.of(e, d));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void spoiledBody_400NamingWhatIsWrong_storesNothing(Endpoint endpoint, Defect defect) {
        String marker = UUID.randomUUID().toString();
        long before = endpoint.stored().apply(marker);
        Api.Response r = endpoint.post(defect.spoil().apply(endpoint, marker));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).as(r.text()).isEqualTo(defect.code().apply(endpoint));
        assertThat(r.errorField()).as(r.text()).isEqualTo(defect.field().apply(endpoint));
        assertThat(r.body().path("error").path("message").asText()).isNotBlank();
        assertThat(endpoint.stored().apply(marker)).isEqualTo(before);
    }

    /** The control: each template unspoilt is accepted, so a 400 above is the defect's doing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void validBody_isAccepted(Endpoint endpoint) {
        String marker = UUID.randomUUID().toString();
        Api.Response r = endpoint.post(endpoint.body(marker, new byte[0]));
        assertThat(r.status()).as(r.text()).isBetween(200, 201);
    }

    @Test
    void validSurrogatePair_escapedOrRaw_isAccepted() {
        Api.Response escaped = API.post("/api/keys", "{\"name\":\"emoji \\ud83d\\ude00\"}", account.token());
        assertThat(escaped.status()).as(escaped.text()).isEqualTo(201);
        assertThat(escaped.body().get("name").asText()).isEqualTo("emoji \uD83D\uDE00");
        Api.Response raw = API.postBytes("/api/keys", concat(ascii("{\"name\":\"emoji "), bytes(0xF0, 0x9F, 0x98, 0x80),
                ascii("\"}")), "application/json", account.token());
        assertThat(raw.status()).as(raw.text()).isEqualTo(201);
        assertThat(raw.body().get("name").asText()).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void nestingBeyondParserLimit_400_notAStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Api.Response r = API.post("/api/keys", "{\"name\":\"deep\",\"x\":" + deep + "}", account.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
    }

    @Test
    void numberLongerThanParserLimit_400NamingField() {
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":"
                + "9".repeat(1500) + "}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(r.errorField()).isEqualTo("input_tokens");
    }

    @Test
    void unpairedSurrogateInNestedKey_fieldNamesItPrintably() {
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"tags\":{\"team\\ud800\":\"search\"}}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("tags.team\\uD800");
        assertThat(r.text()).doesNotContain("?");
    }

    private static long count(String sql) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] tail(byte[] object) {
        byte[] rest = new byte[object.length - 1];
        System.arraycopy(object, 1, rest, 0, rest.length);
        return rest;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
