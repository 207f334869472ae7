package dev.llmlab.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.RedisServer;
import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code REDIS_URL}, live-update notices travel over a real redis-server's pub/sub between two
 * instances; while Redis is down the server keeps working.
 */
class RedisFanoutTest {
    private static final Duration PROMISE = Duration.ofSeconds(2);
    private static RedisServer redis;
    private static LlmLabServer a;
    private static LlmLabServer b;
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void start() {
        redis = RedisServer.startNew();
        a = LlmLabServer.start(TestServers.config().redisUrl(redis.url()).build());
        b = LlmLabServer.start(TestServers.config().redisUrl(redis.url()).build());
        apiA = new Api(a.uri());
        apiB = new Api(b.uri());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.close();
    }

    private static String event() {
        return Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, null, null);
    }

    @Test
    void bothInstances_useRedis_notPostgres() {
        assertThat(a.context().getBean(UsageBus.class)).isInstanceOf(RedisUsageBus.class);
        assertThat(redis.subscribers("llmlab:usage")).as("one subscription per instance").isEqualTo(2);
        // and no LISTEN connection of theirs: TestServers' shared instances may hold theirs
        assertThat(b.context().getBean(UsageBus.class)).isNotInstanceOf(PostgresUsageBus.class);
    }

    @Test
    void streamOnOne_hearsIngestThroughTheOther_overRedis_andOtherAccountsDoNot() {
        Api.Account owner = apiA.signup();
        Api.Account other = apiA.signup();
        try (SseClient stream = SseClient.open(a.uri(), owner.token());
                SseClient stranger = SseClient.open(a.uri(), other.token())) {
            assertThat(stream.next("ready", PROMISE)).isNotNull();
            assertThat(stranger.next("ready", PROMISE)).isNotNull();
            apiB.post("/api/events/track", event(), owner.apiKey());
            SseClient.Received usage = stream.next("usage", PROMISE);
            assertThat(usage).isNotNull();
            assertThat(usage.data()).contains("\"accepted\":1");
            assertThat(stranger.next("usage", Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void redisDown_serverKeepsWorking_localStreamsStillHear_andAfterItReturnsInstancesHearEachOther()
            throws InterruptedException {
        Api.Account acct = apiA.signup();
        try (SseClient onA = SseClient.open(a.uri(), acct.token())) {
            assertThat(onA.next("ready", PROMISE)).isNotNull();
            redis.stop();
            try {
                Api.Response track = apiA.post("/api/events/track", event(), acct.apiKey());
                assertThat(track.status()).isEqualTo(200);
                Api.Response summary = apiA.get("/api/costs/summary?period=day", acct.token());
                assertThat(summary.status()).isEqualTo(200);
                assertThat(summary.body().get("events").asLong()).isEqualTo(1);
                assertThat(onA.next("usage", PROMISE)).as("the ingesting instance's own streams still hear")
                        .isNotNull();
            } finally {
                redis.start();
            }
            // once resubscribed, the stream is told to refetch, and B's notices reach A again
            assertThat(onA.next("ready", Duration.ofSeconds(15))).isNotNull();
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (redis.subscribers("llmlab:usage") != 2 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            apiB.post("/api/events/track", event(), acct.apiKey());
            assertThat(onA.next("usage", PROMISE)).isNotNull();
        }
    }

    @Test
    void redisUnreachableAtStart_serverWorks_andConnectsOnceRedisComes() throws InterruptedException {
        try (RedisServer later = RedisServer.startNew()) {
            later.stop();
            try (LlmLabServer c = LlmLabServer.start(TestServers.config().redisUrl(later.url()).build())) {
                Api api = new Api(c.uri());
                Api.Account acct = api.signup();
                try (SseClient stream = SseClient.open(c.uri(), acct.token())) {
                    assertThat(stream.next("ready", PROMISE)).isNotNull();
                    assertThat(api.post("/api/events/track", event(), acct.apiKey()).status()).isEqualTo(200);
                    assertThat(api.get("/api/costs/summary?period=day", acct.token()).body().get("events").asLong())
                            .isEqualTo(1);
                    assertThat(stream.next("usage", PROMISE)).as("delivered on this instance meanwhile").isNotNull();

                    later.start();
                    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                    while (later.subscribers("llmlab:usage") != 1 && System.nanoTime() < until) {
                        Thread.sleep(50);
                    }
                    assertThat(later.subscribers("llmlab:usage")).as("subscribed once Redis came").isEqualTo(1);
                    assertThat(stream.next("ready", PROMISE)).as("told to refetch: notices were not shared").isNotNull();
                }
            }
        }
    }
}
