package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.db.EmbeddedDatabase;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmlab serve} with its embedded PostgreSQL killed with SIGKILL (the server's JVM and every
 * PostgreSQL process at once) while clients ingest, then started again on the same
 * {@code LLMLAB_HOME}, a few times over: it must come back, hold every event it answered 200 for,
 * and report totals equal to the sum over its events.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 3;
    private static final int BATCH = 100;
    private static final Duration INGEST = Duration.ofMillis(2000);
    private static final String AT = "2025-03-10T12:00:00Z";

    @Test
    void killDashNineWhileIngesting_restartKeepsEveryAcknowledgedEventAndConsistentTotals(@TempDir Path home)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        String key = null;
        for (int round = 1; round <= ROUNDS; round++) {
            Process server = start(home, port);
            if (key == null) {
                key = post(base + "/auth/signup", null,
                        "{\"email\":\"crash@example.com\",\"password\":\"a long passphrase\"}").get("api_key").asText();
            } else {
                verify(home, base, key, acknowledged, round);
            }
            int before = acknowledged.size();
            ingestThenKill(base, key, acknowledged, server, home.resolve("pgdata"));
            assertThat(acknowledged.size() - before).as("events acknowledged in round " + round).isGreaterThan(BATCH);
        }
        Process server = start(home, port);
        try {
            verify(home, base, key, acknowledged, ROUNDS + 1);
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Clients post batches until the server and PostgreSQL are killed under them. */
    private static void ingestThenKill(String base, String key, Set<UUID> acknowledged, Process server, Path data)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    List<UUID> ids = new ArrayList<>();
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    for (int e = 0; e < BATCH; e++) {
                        UUID id = UUID.randomUUID();
                        ids.add(id);
                        body.append(e == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"provider\":\"openai\","
                                + "\"model\":\"gpt-4o\",\"input_tokens\":").append(1000 + e).append(",\"output_tokens\":")
                                .append(50 + e).append(",\"timestamp\":\"").append(AT).append("\"}");
                    }
                    body.append("]}");
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/events/track"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            for (JsonNode result : JSON.readTree(r.body()).get("events")) {
                                String status = result.get("status").asText();
                                if (status.equals("accepted") || status.equals("duplicate")) {
                                    acknowledged.add(UUID.fromString(result.get("id").asText()));
                                }
                            }
                            answered.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return; // the server is gone: this batch was not acknowledged
                    }
                }
            }, "ingest-" + i);
            t.start();
            clients.add(t);
        }
        Thread.sleep(INGEST.toMillis());
        assertThat(answered.get()).as("batches answered before the kill").isPositive();

        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim())).orElseThrow();
        List<ProcessHandle> postgres = new ArrayList<>(postmaster.descendants().toList());
        postgres.add(0, postmaster);
        server.destroyForcibly(); // SIGKILL
        postgres.forEach(ProcessHandle::destroyForcibly);
        stop.set(true);
        server.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle p : postgres) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
    }

    private static void verify(Path home, String base, String key, Set<UUID> acknowledged, int start) throws Exception {
        int port = Integer.parseInt(Files.readString(home.resolve("pgdata.port")).trim());
        String password = Files.readString(home.resolve("db-password")).trim();
        Set<UUID> found = new HashSet<>();
        long stored;
        BigDecimal storedCost;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/llmlab", "llmlab", password)) {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM events WHERE id = ANY(?)")) {
                q.setArray(1, c.createArrayOf("uuid", acknowledged.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT count(*), coalesce(sum(cost_usd), 0) FROM events");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                stored = rs.getLong(1);
                storedCost = rs.getBigDecimal(2);
            }
        }
        Set<UUID> lost = new HashSet<>(acknowledged);
        lost.removeAll(found);
        assertThat(lost).as("acknowledged events missing after start " + start + " (of " + acknowledged.size() + ")").isEmpty();

        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/costs/summary?period=month&at="
                + AT.substring(0, 10))).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(r.body());
        assertThat(summary.get("events").asLong()).as("summary events after start " + start).isEqualTo(stored);
        assertThat(new BigDecimal(summary.get("total_usd").asText())).as("summary total after start " + start)
                .isEqualByComparingTo(storedCost);
    }

    private static Process start(Path home, int port) throws Exception {
        return ServeProcesses.start(home, port, EmbeddedDatabase.STARTUP_LIMIT);
    }

    private static JsonNode post(String url, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
