package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that hold the server without finishing a request are cut within seconds; a slow
 * upload that keeps sending completes; request heads over the limits are answered in the API's
 * error shape. The timeouts are shortened to 2 s here (production: 10 s).
 */
class TransportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Generous upper bound on a cut: the timeout plus scheduling delays of a loaded machine. */
    private static final Duration CUT_WITHIN = Duration.ofSeconds(7);
    private static LlmLabServer server;

    @BeforeAll
    static void start() {
        server = LlmLabServer.start(TestServers.config().headerTimeout(TIMEOUT).readTimeout(TIMEOUT).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void silentConnections_closedAtTheHeaderTimeout() throws Exception {
        List<RawConnection> silent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            silent.add(new RawConnection(server.port()));
        }
        long start = System.nanoTime();
        for (RawConnection c : silent) {
            Duration left = CUT_WITHIN.minusNanos(System.nanoTime() - start);
            assertThat(c.awaitClose(left)).as("a silent connection is closed").isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TIMEOUT.minusMillis(500));
        for (RawConnection c : silent) {
            c.close();
        }
    }

    @Test
    void headersTrickledByteByByte_neverSilent_closedAtTheHeaderDeadline() throws Exception {
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("GET /api/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            AtomicInteger sent = new AtomicInteger();
            Thread trickle = new Thread(() -> {
                try {
                    while (true) {
                        c.send("a");
                        sent.incrementAndGet();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server, or the test is over
                }
            });
            trickle.setDaemon(true);
            long start = System.nanoTime();
            trickle.start();
            Duration closedAfter = c.awaitClose(CUT_WITHIN);
            trickle.interrupt();
            assertThat(closedAfter).as("a connection trickling its headers is closed").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TIMEOUT.minusMillis(500));
            // it kept sending, far more often than the timeout: the deadline, not silence, cut it
            assertThat(sent.get()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void keptAliveConnection_idleAfterAnAnswer_closedAtTheHeaderTimeout() throws Exception {
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("GET /api/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(c.readAnswer(Duration.ofSeconds(10)).status()).isEqualTo(401);
            Duration closedAfter = c.awaitClose(CUT_WITHIN);
            assertThat(closedAfter).isNotNull().isGreaterThan(TIMEOUT.minusMillis(500));
        }
    }

    @Test
    void bodyStalled_408InTheErrorShape_thenClosed() throws Exception {
        Api.Account a = new Api(server.uri()).signup();
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("POST /api/events/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + a.apiKey() + "\r\nContent-Length: 1000\r\n\r\n{\"provider\":");
            long start = System.nanoTime();
            RawConnection.Answer answer = c.readAnswer(CUT_WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TIMEOUT.minusMillis(500));
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.errorCode()).isEqualTo("request_timeout");
            assertThat(answer.json().path("error").path("message").asText()).contains("2000 ms");
            assertThat(answer.headers()).containsEntry("connection", "close").containsEntry("cache-control", "no-store")
                    .containsEntry("x-content-type-options", "nosniff").containsEntry("referrer-policy", "no-referrer");
            assertThat(c.awaitClose(CUT_WITHIN)).isNotNull();
        }
    }

    @Test
    void bodyStalledAfter100Continue_stillAnswered408() throws Exception {
        Api.Account a = new Api(server.uri()).signup();
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("POST /api/events/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + a.apiKey() + "\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.readAnswer(Duration.ofSeconds(10)).status()).isEqualTo(100);
            c.send("{\"provider\":");
            RawConnection.Answer answer = c.readAnswer(CUT_WITHIN);
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.errorCode()).isEqualTo("request_timeout");
        }
    }

    @Test
    void fourMebibyteUpload_slowButSteady_longerThanEveryTimeout_200() throws Exception {
        Api.Account a = new Api(server.uri()).signup();
        String event = "{\"id\":\"" + UUID.randomUUID() + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"input_tokens\":1200,\"output_tokens\":300}";
        byte[] body = new byte[ServerConfig.DEFAULT_MAX_BODY_BYTES];
        Arrays.fill(body, (byte) ' '); // JSON allows trailing white space: a full-size body of one event
        byte[] json = event.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);
        try (RawConnection c = new RawConnection(server.port())) {
            long start = System.nanoTime();
            c.send("POST /api/events/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + a.apiKey() + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            int piece = 64 * 1024;
            for (int off = 0; off < body.length; off += piece) {
                c.send(Arrays.copyOfRange(body, off, Math.min(body.length, off + piece)));
                // ~800 KiB/s, with one pause just under the read timeout halfway
                Thread.sleep(off == body.length / 2 ? TIMEOUT.toMillis() - 500 : 80);
            }
            RawConnection.Answer answer = c.readAnswer(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(took).as("the upload outlasted both timeouts").isGreaterThan(TIMEOUT.multipliedBy(2));
        }
    }

    @Test
    void requestLineOver4096Bytes_414InTheErrorShape_thenClosed() throws Exception {
        try (RawConnection c = new RawConnection(TestServers.first().port())) {
            c.send("GET /api/costs/summary?period=" + "m".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawConnection.Answer answer = c.readAnswer(Duration.ofSeconds(10));
            assertThat(answer.status()).isEqualTo(414);
            assertThat(answer.errorCode()).isEqualTo("uri_too_long");
            assertThat(answer.json().path("error").path("message").asText()).contains("4096 bytes");
            assertThat(answer.json().path("error").has("field")).isTrue();
            assertThat(answer.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("cache-control", "no-store").containsEntry("x-content-type-options", "nosniff");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void headersOver8KiB_431InTheErrorShape_thenClosed() throws Exception {
        try (RawConnection c = new RawConnection(TestServers.first().port())) {
            c.send("GET /api/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "p".repeat(20_000) + "\r\n\r\n");
            RawConnection.Answer answer = c.readAnswer(Duration.ofSeconds(10));
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.errorCode()).isEqualTo("headers_too_large");
            assertThat(answer.json().path("error").path("message").asText()).contains("8192 bytes");
            assertThat(answer.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void notHttp_400MalformedRequestInTheErrorShape() throws Exception {
        try (RawConnection c = new RawConnection(TestServers.first().port())) {
            c.send("HELLO THERE\r\n\r\n");
            RawConnection.Answer answer = c.readAnswer(Duration.ofSeconds(10));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("malformed_request");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void idleTimeout_closesAConnectionWithNothingReadOrWritten() throws Exception {
        try (LlmLabServer idle = LlmLabServer.start(TestServers.config().headerTimeout(Duration.ofSeconds(60))
                .idleTimeout(Duration.ofSeconds(1)).build());
             RawConnection c = new RawConnection(idle.port())) {
            assertThat(c.awaitClose(CUT_WITHIN)).isNotNull();
        }
    }

    @Test
    void defaults_loopbackOnly_productionTimeouts() {
        ServerConfig config = TestServers.config().build();
        ServerConfig defaults = ServerConfig.builder(config.database(), config.catalog(), config.jwtSecret()).build();
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.tlsCertificate()).isNull();
    }

    @Test
    void builder_timeoutsOutOfRange_refusedNamingTheSetting() {
        assertThatThrownBy(() -> TestServers.config().headerTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headerTimeout must be > 0, was PT0S");
        assertThatThrownBy(() -> TestServers.config().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("readTimeout must be > 0, was PT-1S");
        assertThatThrownBy(() -> TestServers.config().idleTimeout(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be >= 1 s, was PT0.5S");
        assertThatThrownBy(() -> TestServers.config().readTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("readTimeout");
    }
}
