package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and careless bodies for signup, budgets and provider keys: each is a 400 naming the field,
 * never a 500, and stores nothing.
 */
class AccountInputTest {
    private static final Api API = TestServers.api();

    private static long budgets(UUID userId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM budgets WHERE user_id = :u")
                .bind("u", userId).mapTo(Long.class).one());
    }

    static Stream<Arguments> badLimits() {
        return Stream.of(
                Arguments.of("\"1e999999999\""),
                Arguments.of("\"1e-999999999\""),
                Arguments.of("\"1E+2147483647\""),
                Arguments.of("\"1e9999999999\""),
                Arguments.of("\"0\""),
                Arguments.of("\"0.0000000\""),
                Arguments.of("\"-5\""),
                Arguments.of("\"1000000000000.000001\""),
                Arguments.of("\"1000000000001\""),
                Arguments.of("\"0.0000001\""),
                Arguments.of("\"12.3456789\""),
                Arguments.of("\"abc\""),
                Arguments.of("\"NaN\""),
                Arguments.of("\"Infinity\""),
                Arguments.of("\"\""),
                Arguments.of("\"" + "1".repeat(10_000) + "\""),
                Arguments.of("\"1" + "0".repeat(100) + "\""),
                Arguments.of("1" + "0".repeat(200)),
                Arguments.of("1e999"),
                Arguments.of("1e999999999"),
                Arguments.of("1e-999999999"),
                Arguments.of("12.3456789"),
                Arguments.of("-1"),
                Arguments.of("0"),
                Arguments.of("true"),
                Arguments.of("[]"),
                Arguments.of("{}"),
                Arguments.of("null"));
    }

    @ParameterizedTest(name = "[{index}] monthly_limit_usd {0}")
    @MethodSource("badLimits")
    void budget_limitOutOfRange_400NamingField(String limit) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/budgets", "{\"monthly_limit_usd\":" + limit + "}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("monthly_limit_usd");
        assertThat(r.text().length()).as("the message quotes at most a short part of the value").isLessThan(600);
        assertThat(budgets(a.userId())).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"1000000000000\"", "\"1000000000000.000000\"", "\"0.000001\"", "\" 100.50 \"", "250",
        "\"1E+3\""})
    void budget_limitAtTheBounds_201(String limit) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/budgets", "{\"monthly_limit_usd\":" + limit + "}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body().get("monthly_limit_usd").asText()).matches("\\d+\\.\\d{6}");
    }

    @Test
    void budget_limitIsStoredExactly() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/budgets", "{\"monthly_limit_usd\":\"999999999999.999999\"}", a.token());
        assertThat(r.body().get("monthly_limit_usd").asText()).isEqualTo("999999999999.999999");
        assertThat(API.get("/api/budgets/" + r.body().get("id").asText(), a.token()).body().get("monthly_limit_usd")
                .asText()).isEqualTo("999999999999.999999");
    }

    @Test
    void budget_limitAsAJsonNumberWithAFraction_storedExactly() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/budgets", "{\"monthly_limit_usd\":999999999999.999999}", a.token());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("monthly_limit_usd").asText()).isEqualTo("999999999999.999999");
    }

    static Stream<Arguments> badBudgets() {
        return Stream.of(
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_channel\":7}", "alert_channel"),
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_channel\":\"pager\"}", "alert_channel"),
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_channel\":\"" + "x".repeat(100_000) + "\"}",
                        "alert_channel"),
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_channel\":\"sl\\u0000ck\"}", "alert_channel"),
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_at_50_percent\":\"yes\"}", "alert_at_50_percent"),
                Arguments.of("{\"monthly_limit_usd\":\"10\",\"alert_at_50_precent\":false}", "alert_at_50_precent"),
                Arguments.of("{\"monthly_limit\":\"10\"}", "monthly_limit"),
                Arguments.of("{}", "limit_usd"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badBudgets")
    void budget_badField_400NamingIt(String body, String field) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/budgets", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo(field);
        assertThat(budgets(a.userId())).isZero();
    }

    static Stream<Arguments> badProviderKeys() {
        return Stream.of(
                Arguments.of("{\"provider\":\"open\\u0000ai\",\"key\":\"sk-abcdefghijklmnop\"}", "provider"),
                Arguments.of("{\"provider\":\"openai\",\"key\":\"sk-abcdefghijkl\\u0000\"}", "key"),
                Arguments.of("{\"provider\":\"openai\",\"key\":\"sk-abc\\ud800defghijkl\"}", "key"),
                Arguments.of("{\"provider\":\"" + "p".repeat(101) + "\",\"key\":\"sk-abcdefghijklmnop\"}", "provider"),
                Arguments.of("{\"provider\":\"openai\",\"key\":\"" + "k".repeat(5000) + "\"}", "key"),
                Arguments.of("{\"provider\":[\"openai\"],\"key\":\"sk-abcdefghijklmnop\"}", "provider"),
                Arguments.of("{\"provider\":\"openai\",\"key\":12345678901234}", "key"),
                Arguments.of("{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\",\"note\":\"x\"}", "note"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badProviderKeys")
    void providerKey_badField_400NamingIt(String body, String field) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/provider-keys", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo(field);
        assertThat(API.get("/api/provider-keys", a.token()).body().get("provider_keys")).isEmpty();
    }

    @Test
    void providerKey_endingInAnEmoji_hintKeepsWholeCharacters() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghij😀xyz\"}",
                a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body().get("key_hint").asText()).isEqualTo("sk-…😀xyz");
        assertThat(API.get("/api/provider-keys", a.token()).body().get("provider_keys").get(0).get("key_hint").asText())
                .isEqualTo("sk-…😀xyz");
    }

    @Test
    void unknownField_nameInTheErrorIsCut() {
        Api.Account a = API.signup();
        String longName = "f".repeat(5000);
        Api.Response r = API.post("/api/budgets", "{\"monthly_limit_usd\":\"10\",\"" + longName + "\":1}", a.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).hasSizeLessThan(100);
    }

    static Stream<Arguments> badPasswords() {
        return Stream.of(
                Arguments.of("short", "5"),
                Arguments.of("elevenchars", "11"),
                Arguments.of("😀".repeat(11), "11"), // 22 UTF-16 units, 11 characters
                Arguments.of("twelve chars\\u0000", "NUL"), // refused by the strict JSON reader first
                Arguments.of("tab\\tinside password", "control"),
                Arguments.of("line one\\nline two", "control"),
                Arguments.of("del character\\u007f", "control"),
                Arguments.of("unpaired \\ud800 surrogate", "surrogate"),
                Arguments.of("            ", "blank"),
                Arguments.of("p".repeat(1025), "1024"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badPasswords")
    void signup_passwordBreaksTheRules_400NamingPassword(String password, String expected) {
        String email = "pw-" + UUID.randomUUID() + "@example.com";
        Api.Response r = API.post("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("password");
        assertThat(r.body().path("error").path("message").asText()).contains(expected);
        long users = TestServers.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM users WHERE email = :e")
                .bind("e", email).mapTo(Long.class).one());
        assertThat(users).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"twelve chars", "😀😀😀😀😀😀😀😀😀😀😀😀", "pässwörd ünïcode", "correct horse battery staple"})
    void signup_passwordOfTwelveOrMoreCharacters_201_andLogsIn(String password) {
        String email = "pw-" + UUID.randomUUID() + "@example.com";
        Api.Response r = API.post("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(API.login(email, password).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"nul\\u0000@example.com", "tab\\t@example.com"})
    void signupAndLogin_emailWithControlCharacter_400NotA500(String email) {
        Api.Response signup = API.post("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"long enough pw\"}",
                null);
        assertThat(signup.status()).as(signup.text()).isEqualTo(400);
        assertThat(signup.errorField()).isEqualTo("email");
        Api.Response login = API.login(email, "long enough pw");
        assertThat(login.status()).as(login.text()).isEqualTo(400);
        assertThat(login.errorField()).isEqualTo("email");
    }
}
