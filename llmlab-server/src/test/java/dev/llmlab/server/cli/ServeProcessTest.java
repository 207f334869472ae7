package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmlab serve} as a user runs it: a separate process with the embedded PostgreSQL under
 * LLMLAB_HOME, stopped (SIGTERM) and started again with the data still there.
 */
class ServeProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void serve_embeddedDatabaseUnderHome_survivesARestart(@TempDir Path home) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;

        Process first = start(home, port);
        try {
            JsonNode signup = post(base + "/auth/signup", null,
                    "{\"email\":\"ops@example.com\",\"password\":\"a long passphrase\"}", 201);
            String key = signup.get("api_key").asText();
            JsonNode tracked = post(base + "/api/events/track", key, "{\"id\":\"0b8f7f0e-6f59-4a36-9f0c-2f1d7c1d9a01\","
                    + "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1200,\"cache_read_tokens\":200,"
                    + "\"output_tokens\":300}", 200);
            assertThat(tracked.get("accepted").asInt()).isEqualTo(1);
            // 1000 x 2.50 + 200 x 1.25 + 300 x 10.00, per million
            assertThat(tracked.get("events").get(0).get("cost_usd").asText()).isEqualTo("0.005750");
        } finally {
            stop(first);
        }
        assertThat(home.resolve("pgdata")).isDirectory();

        Process second = start(home, port);
        try {
            JsonNode login = post(base + "/auth/login", null,
                    "{\"email\":\"ops@example.com\",\"password\":\"a long passphrase\"}", 200);
            String token = login.get("token").asText();
            JsonNode summary = get(base + "/api/costs/summary?period=month", token);
            assertThat(summary.get("events").asInt()).isEqualTo(1);
            assertThat(summary.get("total_usd").asText()).isEqualTo("0.005750");
        } finally {
            stop(second);
        }
    }

    private static Process start(Path home, int port) throws Exception {
        return ServeProcesses.start(home, port, Duration.ofSeconds(120));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the server stops, then its embedded PostgreSQL
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("llmlab serve did not stop on SIGTERM");
        }
    }

    private static JsonNode post(String url, String bearer, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private static JsonNode get(String url, String bearer) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
