package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.RedisServer;
import dev.llmlab.server.TestServers;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code REDIS_URL}, summaries are cached in a real redis-server and invalidated on ingest. */
class SummaryCacheTest {
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

    private static String event(String at) {
        return Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, at, null);
    }

    /** Adds an event's worth to the totals behind the server's back: only an uncached summary shows it. */
    private static void addBehindTheCache(UUID user) {
        TestServers.jdbi().useHandle(h -> h.execute("INSERT INTO usage_deltas (user_id, bucket, provider, model,"
                + " events, unpriced_events, cost_usd, input_tokens, output_tokens)"
                + " VALUES (?, '2025-05-01T00:00:00Z', 'openai', 'gpt-4o', 1, 0, 1, 1, 1)", user));
    }

    private static long events(Api api, Api.Account acct) {
        Api.Response r = api.get("/api/costs/summary?period=day&at=2025-05-01", acct.token());
        assertThat(r.status()).isEqualTo(200);
        return r.body().get("events").asLong();
    }

    @Test
    void summary_isCachedAcrossInstances_andAnIngestShowsAtOnce() {
        Api.Account acct = apiA.signup();
        apiA.post("/api/events/track", event("2025-05-01T10:00:00Z"), acct.apiKey());
        assertThat(events(apiA, acct)).isEqualTo(1);

        addBehindTheCache(acct.userId());
        assertThat(events(apiB, acct)).as("the answer cached by A, served by B").isEqualTo(1);

        // an ingest through either instance makes every cached summary of the account unreachable
        apiB.post("/api/events/track", event("2025-05-01T11:00:00Z"), acct.apiKey());
        assertThat(events(apiA, acct)).isEqualTo(3);
    }

    @Test
    void cachedSummaries_expireWithinTwoSeconds() throws InterruptedException {
        Api.Account acct = apiA.signup();
        assertThat(events(apiA, acct)).isZero();
        addBehindTheCache(acct.userId());
        Thread.sleep(SummaryCache.TTL.toMillis() + 200);
        assertThat(events(apiA, acct)).isEqualTo(1);
    }

    @Test
    void cache_isPerAccountAndParameters() {
        Api.Account one = apiA.signup();
        Api.Account two = apiA.signup();
        apiA.post("/api/events/track", event("2025-05-01T10:00:00Z"), one.apiKey());
        assertThat(events(apiA, one)).isEqualTo(1);
        assertThat(events(apiA, two)).isZero();
        assertThat(apiA.get("/api/costs/summary?period=month&at=2025-05-01", one.token()).body().get("events").asLong())
                .isEqualTo(1);
        assertThat(apiA.get("/api/costs/summary?period=day&at=2025-05-02", one.token()).body().get("events").asLong())
                .isZero();
    }
}
