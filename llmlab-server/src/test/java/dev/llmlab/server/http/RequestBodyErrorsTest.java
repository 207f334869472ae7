package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bodies of signup, login, API keys, budgets and provider keys: each mistake answers the whole
 * error body to the letter — the code, the field at fault, what was expected and what was sent. An
 * empty body is {@code malformed_json} wherever a body is required, signup and login included.
 */
class RequestBodyErrorsTest {
    private static final Api API = TestServers.api();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIMIT = "monthly_limit_usd must be a decimal above 0 and at most 1000000000000 with at"
            + " most 6 decimal places, like \"100.00\", was ";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // signup
                Arguments.of("/auth/signup", "", "malformed_json", "the body is empty; expected JSON", null),
                Arguments.of("/auth/signup", "[]", "invalid_body", "the body must be a JSON object, was an array", null),
                Arguments.of("/auth/signup", "{\"password\":\"long enough pw\"}", "invalid_field", "email is required",
                        "email"),
                Arguments.of("/auth/signup", "{\"email\":5}", "invalid_field", "email must be a string, was a number",
                        "email"),
                Arguments.of("/auth/signup", "{\"email\":\" Nope \",\"password\":\"long enough pw\"}", "invalid_field",
                        "email must look like name@example.com, was 'nope'", "email"),
                Arguments.of("/auth/signup", "{\"email\":\"a@b.co\"}", "invalid_field", "password is required",
                        "password"),
                Arguments.of("/auth/signup", "{\"email\":\"a@b.co\",\"password\":\"short\"}", "invalid_field",
                        "password must have at least 12 characters, had 5", "password"),
                Arguments.of("/auth/signup", "{\"email\":\"a@b.co\",\"password\":\"" + "p".repeat(1025) + "\"}",
                        "invalid_field", "password must be at most 1024 characters, had 1025", "password"),
                Arguments.of("/auth/signup", "{\"email\":\"a@b.co\",\"password\":\"tab\\tinside password\"}",
                        "invalid_field", "password must not contain control characters, had U+0009 at character 4",
                        "password"),
                // login
                Arguments.of("/auth/login", "", "malformed_json", "the body is empty; expected JSON", null),
                Arguments.of("/auth/login", "{\"password\":\"whatever\"}", "invalid_field", "email is required", "email"),
                Arguments.of("/auth/login", "{\"email\":\"a@b.co\",\"password\":7}", "invalid_field",
                        "password must be a string, was a number", "password"),
                Arguments.of("/auth/login", "{\"email\":\"a@b.co\",\"password\":\"" + "p".repeat(2049) + "\"}",
                        "invalid_field", "password must be at most 2048 characters, was 2049", "password"),
                // API keys
                Arguments.of("/api/keys", "{\"nmae\":\"typo\"}", "invalid_field",
                        "unknown field 'nmae'; this body takes [name, scopes]", "nmae"),
                Arguments.of("/api/keys", "{\"name\":\"\"}", "invalid_field", "name must not be blank", "name"),
                Arguments.of("/api/keys", "{\"name\":\"" + "n".repeat(101) + "\"}", "invalid_field",
                        "name must be at most 100 characters, had 101", "name"),
                Arguments.of("/api/keys", "{\"scopes\":[]}", "invalid_field",
                        "scopes must be a non-empty array of [ingest, read, manage], was an empty array", "scopes"),
                Arguments.of("/api/keys", "{\"scopes\":\"read\"}", "invalid_field",
                        "scopes must be a non-empty array of [ingest, read, manage], was a string", "scopes"),
                Arguments.of("/api/keys", "{\"scopes\":[\"read\",\"admin\"]}", "invalid_field",
                        "scopes[1] must be one of [ingest, read, manage], was 'admin'", "scopes[1]"),
                Arguments.of("/api/keys", "{\"scopes\":[null]}", "invalid_field",
                        "scopes[0] must be one of [ingest, read, manage], was null", "scopes[0]"),
                // budgets
                Arguments.of("/api/budgets", "", "malformed_json", "the body is empty; expected JSON", null),
                Arguments.of("/api/budgets", "{}", "invalid_field", "limit_usd is required", "limit_usd"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":\"abc\"}", "invalid_field", LIMIT + "\"abc\"",
                        "monthly_limit_usd"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":true}", "invalid_field", LIMIT + "a boolean",
                        "monthly_limit_usd"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":12.3456789}", "invalid_field", LIMIT + "12.3456789",
                        "monthly_limit_usd"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":\"10\",\"alert_channel\":\"pager\"}",
                        "invalid_field", "alert_channel must be one of [discord, email, slack, webhook], was 'pager'",
                        "alert_channel"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":\"10\",\"alert_channel\":\"x\"}", "invalid_field",
                        "alert_channel must be one of [discord, email, slack, webhook], was 'x'", "alert_channel"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":\"10\",\"alert_at_80_percent\":\"yes\"}",
                        "invalid_field", "alert_at_80_percent must be true or false, was a string",
                        "alert_at_80_percent"),
                Arguments.of("/api/budgets", "{\"monthly_limit_usd\":\"10\",\"alert_at_50_precent\":false}",
                        "invalid_field", "unknown field 'alert_at_50_precent'; this body takes [alert_at_50_percent,"
                                + " alert_at_80_percent, alert_channel, monthly_limit_usd]", "alert_at_50_precent"),
                // provider keys
                Arguments.of("/api/provider-keys", "{\"provider\":\"openai\"}", "invalid_field", "key is required", "key"),
                Arguments.of("/api/provider-keys", "{\"key\":\"sk-abcdefghijklmnop\"}", "invalid_field",
                        "provider is required", "provider"),
                Arguments.of("/api/provider-keys", "{\"provider\":\"" + "p".repeat(101) + "\",\"key\":\"sk-1\"}",
                        "invalid_field", "provider must be at most 100 characters, had 101", "provider"),
                Arguments.of("/api/provider-keys", "{\"provider\":\"open\\tai\",\"key\":\"sk-1\"}", "invalid_field",
                        "provider must not contain control characters, had U+0009 at character 5", "provider"),
                Arguments.of("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-\\udc00\"}", "invalid_field",
                        "key is not valid Unicode: it holds an unpaired surrogate \\uDC00 at character 3", "key"));
    }

    @ParameterizedTest(name = "[{index}] {0} {4}: {3}")
    @MethodSource("mistakes")
    void mistake_400WithTheExactError(String path, String body, String code, String message, String field)
            throws Exception {
        Api.Account a = path.startsWith("/api/") ? API.signup() : null;
        Api.Response r = API.post(path, body, a == null ? null : a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        JsonNode expected = JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", code)
                .put("message", message).put("field", field));
        assertThat(r.body()).isEqualTo(expected);
    }
}
