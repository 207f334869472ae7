package dev.llmlab.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bounds of {@code GET /api/live} on an instance allowing 2 streams per account and 3 in all,
 * with a fast heartbeat: refusals in the error shape, slots freed when clients leave; and a stream
 * kept open past every connection timeout.
 */
class LiveStreamLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static LlmLabServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = LlmLabServer.start(TestServers.config().liveStreams(2, 3).liveHeartbeat(Duration.ofMillis(300)).build());
        api = new Api(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode error(SseClient refused) {
        try {
            return new ObjectMapper().readTree(refused.errorBody()).get("error");
        } catch (IOException e) {
            throw new AssertionError(refused.errorBody(), e);
        }
    }

    private static LiveStreams streams() {
        return server.context().getBean(LiveStreams.class);
    }

    private static void awaitOpen(int n) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (streams().openStreams() != n && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(streams().openStreams()).isEqualTo(n);
    }

    @Test
    void thirdStreamOfOneAccount_is429_untilOneCloses() throws InterruptedException {
        Api.Account acct = api.signup();
        SseClient one = SseClient.open(server.uri(), acct.token());
        try (SseClient two = SseClient.open(server.uri(), acct.token())) {
            assertThat(one.next("ready", WAIT)).isNotNull();
            assertThat(two.next("ready", WAIT)).isNotNull();
            try (SseClient three = SseClient.open(server.uri(), acct.token())) {
                assertThat(three.status()).isEqualTo(429);
                assertThat(error(three).get("code").asText()).isEqualTo("too_many_streams");
                assertThat(error(three).get("message").asText()).contains("2");
            }
            one.close(); // a tab goes away: its slot is freed
            awaitOpen(1);
            try (SseClient again = SseClient.open(server.uri(), acct.token())) {
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.next("ready", WAIT)).isNotNull();
            }
        }
        awaitOpen(0);
    }

    @Test
    void streamsBeyondTheInstanceLimit_are503() throws InterruptedException {
        Api.Account x = api.signup();
        Api.Account y = api.signup();
        Api.Account z = api.signup();
        try (SseClient x1 = SseClient.open(server.uri(), x.token());
                SseClient x2 = SseClient.open(server.uri(), x.token());
                SseClient y1 = SseClient.open(server.uri(), y.token());
                SseClient z1 = SseClient.open(server.uri(), z.token())) {
            assertThat(x1.status()).isEqualTo(200);
            assertThat(x2.status()).isEqualTo(200);
            assertThat(y1.status()).isEqualTo(200);
            assertThat(z1.status()).isEqualTo(503);
            assertThat(error(z1).get("code").asText()).isEqualTo("streams_unavailable");
        }
        awaitOpen(0);
    }

    @Test
    void idleStream_getsHeartbeats() {
        Api.Account acct = api.signup();
        try (SseClient s = SseClient.open(server.uri(), acct.token())) {
            assertThat(s.next("ready", WAIT)).isNotNull();
            SseClient.Received ping = s.next("ping", WAIT);
            assertThat(ping).isNotNull();
            assertThat(ping.comment()).isEqualTo("keep-alive");
            assertThat(s.next("ping", WAIT)).as("and again").isNotNull();
        }
    }

    @Test
    void stream_outlivesTheConnectionTimeouts_andStillHears() throws InterruptedException {
        Duration second = Duration.ofSeconds(1);
        try (LlmLabServer strict = LlmLabServer.start(TestServers.config().liveHeartbeat(Duration.ofMillis(300))
                .headerTimeout(second).readTimeout(second).idleTimeout(second).build())) {
            Api strictApi = new Api(strict.uri());
            Api.Account acct = strictApi.signup();
            try (SseClient s = SseClient.open(strict.uri(), acct.token())) {
                assertThat(s.next("ready", WAIT)).isNotNull();
                Thread.sleep(3_500); // past the header, read and idle timeouts, several times
                // through the shared instance: a fresh connection (the strict one closes idle ones at once)
                TestServers.api().post("/api/events/track", Events.event(UUID.randomUUID(), "openai", "gpt-4o", 10, 0, 10,
                        null, null), acct.apiKey());
                assertThat(s.next("usage", Duration.ofSeconds(2))).isNotNull();
            }
        }
    }
}
