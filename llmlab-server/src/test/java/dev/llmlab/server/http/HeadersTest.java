package dev.llmlab.server.http;

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
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every answer, success or error, tells browsers and proxies not to keep it ({@code Cache-Control:
 * no-store}: the API's answers carry tokens, keys and account data), not to guess its type, and not
 * to leak the URL in a Referer.
 */
class HeadersTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base = TestServers.first().uri();

    @Test
    void signup_201_carriesTokenAndKey_notStoredNotSniffedNoReferrer() throws Exception {
        HttpResponse<String> r = send(post("/auth/signup", "{\"email\":\"h-" + UUID.randomUUID()
                + "@example.com\",\"password\":\"a long passphrase\"}", null));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).has("api_key")).isTrue();
        assertSecurityHeaders(r);
    }

    @Test
    void login_200_andKeyCreation_201_carryTheHeaders() throws Exception {
        Api.Account a = TestServers.api().signup();
        HttpResponse<String> login = send(post("/auth/login", "{\"email\":\"" + a.email() + "\",\"password\":\""
                + a.password() + "\"}", null));
        assertThat(login.statusCode()).isEqualTo(200);
        assertSecurityHeaders(login);

        HttpResponse<String> key = send(post("/api/keys", "{\"name\":\"ci\"}", a.token()));
        assertThat(key.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(key.body()).get("api_key").asText()).startsWith("llm_");
        assertSecurityHeaders(key);

        HttpResponse<String> list = send(HttpRequest.newBuilder(base.resolve("/api/keys"))
                .header("Authorization", "Bearer " + a.apiKey()).GET());
        assertThat(list.statusCode()).isEqualTo(200);
        assertSecurityHeaders(list);
    }

    @Test
    void unauthorized_401_carriesTheHeaders() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/keys")).GET());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(errorCode(r)).isEqualTo("unauthorized");
        assertSecurityHeaders(r);
    }

    @Test
    void unknownEndpoint_404_carriesTheHeaders() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/no/such/endpoint")).GET());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(errorCode(r)).isEqualTo("not_found");
        assertSecurityHeaders(r);
    }

    @Test
    void wrongMethod_405_and_malformedJson_400_carryTheHeaders() throws Exception {
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(base.resolve("/auth/signup")).GET());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertSecurityHeaders(wrong);

        HttpResponse<String> malformed = send(post("/auth/login", "{not json", null));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(errorCode(malformed)).isEqualTo("malformed_json");
        assertSecurityHeaders(malformed);
    }

    @Test
    void bodyOverTheLimit_413_carriesTheHeaders() throws Exception {
        Api.Account a = TestServers.api().signup();
        byte[] body = new byte[5 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/events/track"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + a.apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(errorCode(r)).isEqualTo("body_too_large");
        assertSecurityHeaders(r);
    }

    static void assertSecurityHeaders(HttpResponse<?> r) {
        assertThat(r.headers().allValues("Cache-Control")).as("Cache-Control").containsExactly("no-store");
        assertThat(r.headers().allValues("X-Content-Type-Options")).as("X-Content-Type-Options")
                .containsExactly("nosniff");
        assertThat(r.headers().allValues("Referrer-Policy")).as("Referrer-Policy").containsExactly("no-referrer");
    }

    private HttpRequest.Builder post(String path, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(HttpResponse<String> r) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        return body.path("error").path("code").asText(null);
    }
}
