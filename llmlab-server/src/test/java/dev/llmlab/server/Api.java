package dev.llmlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A small real HTTP client of the API (java.net.http on loopback). */
public final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** @param base the server's base URI */
    public Api(URI base) {
        this.base = base;
    }

    /** A response: status, parsed JSON body (null when empty or not JSON), text and headers. */
    public record Response(int status, JsonNode body, String text, HttpHeaders headers) {
        /** A response without headers. */
        public Response(int status, JsonNode body, String text) {
            this(status, body, text, HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        /** @return the first value of a header, or null */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** @return body.error.code */
        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        /** @return body.error.field */
        public String errorField() {
            return body == null ? null : body.path("error").path("field").asText(null);
        }
    }

    /** An account made by signup. */
    public record Account(UUID userId, String email, String password, String token, String apiKey) {
    }

    /** @return a new account with a unique email */
    public Account signup() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery";
        Response r = post("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
        if (r.status() != 201) {
            throw new AssertionError("signup failed: " + r.status() + " " + r.text());
        }
        return new Account(UUID.fromString(r.body().get("user_id").asText()), email, password,
                r.body().get("token").asText(), r.body().get("api_key").asText());
    }

    /** @return the response to a POST of a JSON text */
    public Response post(String path, String body, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), bearer);
    }

    /** @return the response to a POST of a JSON text with extra request headers */
    public Response post(String path, String body, String bearer, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b, bearer);
    }

    /** @return the response to logging in with an email and password */
    public Response login(String email, String password) {
        return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
    }

    /** @return the response to a POST of raw bytes with a content type */
    public Response postBytes(String path, byte[] body, String contentType, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), bearer);
    }

    /** @return the response to a GET */
    public Response get(String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), bearer);
    }

    /** @return the response to a PATCH of a JSON text */
    public Response patch(String path, String body, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), bearer);
    }

    /** @return the response to a DELETE */
    public Response delete(String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), bearer);
    }

    /**
     * @return the response to a request with any method, an optional JSON body and extra headers (a
     *     session cookie, the CSRF marker), without an Authorization header
     */
    public Response request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return send(b, null);
    }

    private static Response send(HttpRequest.Builder b, String bearer) {
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        b.timeout(Duration.ofSeconds(60));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Response(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
