package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every endpoint answers to missing, malformed, unknown, revoked and insufficient credentials,
 * to the letter: the status and the whole error body. Credentials are checked before anything the
 * request carries (body, path id, query), so a request with both faults gets the 401 or 403.
 */
class AuthenticationErrorsTest {
    private static final Api API = TestServers.api();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String MISSING = "missing Authorization header; send 'Authorization: Bearer <API key>'";
    private static final String NOT_BEARER = "the Authorization header must be 'Bearer <API key or token>'";
    private static final String ID = "0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11";

    /** Every authenticated endpoint: method, path, a valid body when it takes one. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}"),
                Arguments.of("GET", "/api/events/" + ID, null),
                Arguments.of("GET", "/api/costs/summary", null),
                Arguments.of("POST", "/api/keys", "{}"),
                Arguments.of("GET", "/api/keys", null),
                Arguments.of("DELETE", "/api/keys/" + ID, null),
                Arguments.of("POST", "/api/budgets", "{\"monthly_limit_usd\":\"10\"}"),
                Arguments.of("GET", "/api/budgets", null),
                Arguments.of("GET", "/api/budgets/" + ID, null),
                Arguments.of("DELETE", "/api/budgets/" + ID, null),
                Arguments.of("POST", "/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\"}"),
                Arguments.of("GET", "/api/provider-keys", null),
                Arguments.of("DELETE", "/api/provider-keys/" + ID, null));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("endpoints")
    void everyEndpoint_withoutOrWithMalformedCredentials_401ExactBody(String method, String path, String body)
            throws Exception {
        assertError(send(method, path, body, null), 401, "unauthorized", MISSING, "Authorization");
        assertError(send(method, path, body, "   "), 401, "unauthorized", MISSING, "Authorization");
        assertError(send(method, path, body, "Basic dXNlcjpwYXNz"), 401, "unauthorized", NOT_BEARER, "Authorization");
        assertError(send(method, path, body, "Bearer llm_nosuchkey"), 401, "unauthorized", "invalid API key",
                "Authorization");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("endpoints")
    void everyEndpoint_revokedKey_401NamingWhen(String method, String path, String body) throws Exception {
        Api.Account a = API.signup();
        Api.Response made = API.post("/api/keys", "{\"scopes\":[\"ingest\",\"read\",\"manage\"]}", a.token());
        Api.Response revoked = API.delete("/api/keys/" + made.body().get("id").asText(), a.token());
        String at = revoked.body().get("revoked_at").asText();
        assertError(send(method, path, body, "Bearer " + made.body().get("api_key").asText()), 401, "unauthorized",
                "this API key was revoked at " + at, "Authorization");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("endpoints")
    void everyEndpoint_badBodyOrIdWithoutCredentials_401First(String method, String path, String body)
            throws Exception {
        String badPath = path.replace(ID, "not-a-uuid").replace("/summary", "/summary?period=%00");
        assertError(send(method, badPath, body == null ? null : "{not json", null), 401, "unauthorized", MISSING,
                "Authorization");
    }

    @Test
    void loginToken_onIngest_401_evenWhenTheTokenIsValid() throws Exception {
        Api.Account a = API.signup();
        String message = "this endpoint takes an API key (llm_…), not a login token";
        assertError(send("POST", "/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}",
                "Bearer " + a.token()), 401, "unauthorized", message, "Authorization");
        assertError(send("POST", "/api/events/track", "{not json", "Bearer not-a-token"), 401, "unauthorized", message,
                "Authorization");
    }

    @Test
    void invalidToken_401() throws Exception {
        Api.Account a = API.signup();
        String forged = a.token().substring(0, a.token().length() - 2) + "AA";
        assertError(send("GET", "/api/keys", null, "Bearer " + forged), 401, "unauthorized",
                "invalid or expired token", "Authorization");
        assertError(send("GET", "/api/keys", null, "bearer    " + a.token() + "  "), 200, null, null, null);
    }

    @Test
    void keyWithoutTheScope_403ExactBody_beforeTheBodyIsRead() throws Exception {
        Api.Account a = API.signup();
        String ingestOnly = key(a, "[\"ingest\"]");
        String readOnly = key(a, "[\"read\"]");
        assertError(send("GET", "/api/keys", null, "Bearer " + ingestOnly), 403, "forbidden",
                "this API key lacks the 'read' scope (it has [ingest]); reading takes a login token or an API key"
                        + " with 'read'", "Authorization");
        assertError(send("POST", "/api/events/track", "{not json", "Bearer " + readOnly), 403, "forbidden",
                "this API key lacks the 'ingest' scope (it has [read]); sending events takes an API key with"
                        + " 'ingest'", "Authorization");
        assertError(send("POST", "/api/budgets", "{not json", "Bearer " + a.apiKey()), 403, "forbidden",
                "this API key lacks the 'manage' scope (it has [ingest, read]); creating and revoking API keys,"
                        + " budgets and provider keys takes a login token or an API key with 'manage'", "Authorization");
        assertError(send("DELETE", "/api/keys/not-a-uuid", null, "Bearer " + readOnly), 403, "forbidden",
                "this API key lacks the 'manage' scope (it has [read]); creating and revoking API keys,"
                        + " budgets and provider keys takes a login token or an API key with 'manage'", "Authorization");
    }

    private static String key(Api.Account a, String scopes) {
        Api.Response r = API.post("/api/keys", "{\"scopes\":" + scopes + "}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("api_key").asText();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message, String field)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (code == null) {
            return;
        }
        JsonNode expected = JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", code)
                .put("message", message).put("field", field));
        assertThat(JSON.readTree(r.body())).isEqualTo(expected);
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization)
            throws Exception {
        URI uri = TestServers.first().uri().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
