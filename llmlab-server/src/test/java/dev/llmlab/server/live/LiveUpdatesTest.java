package dev.llmlab.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/live} over PostgreSQL LISTEN/NOTIFY: two instances on one database, a stream on
 * one hears of what is ingested through the other, and only its own account's.
 */
class LiveUpdatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The promise of the dashboard: an ingested event shows within 2 seconds. */
    private static final Duration PROMISE = Duration.ofSeconds(2);
    private final LlmLabServer a = TestServers.first();
    private final LlmLabServer b = TestServers.second();
    private final Api apiA = new Api(a.uri());
    private final Api apiB = new Api(b.uri());

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(s, e);
        }
    }

    private static String event(String at) {
        return Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, at, null);
    }

    @Test
    void streamOnOneInstance_hearsIngestThroughTheOther_withinTwoSeconds() {
        Api.Account acct = apiA.signup();
        try (SseClient stream = SseClient.open(a.uri(), acct.token())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
            SseClient.Received ready = stream.next("ready", PROMISE);
            assertThat(ready).as("the stream opens with a ready event").isNotNull();
            assertThat(ready.retry()).as("EventSource reconnects after retry ms").isNotNull();

            Instant before = Instant.now();
            Api.Response r = apiB.post("/api/events/track", Events.batch(List.of(event("2025-05-01T10:00:00Z"),
                    Events.event(UUID.randomUUID(), "openai", "gpt-9-imaginary", 1, 0, 1, null, null))), acct.apiKey());
            assertThat(r.body().get("accepted").asInt()).isEqualTo(2);

            SseClient.Received usage = stream.next("usage", PROMISE);
            assertThat(usage).as("a usage notice within 2 s of the ingest answer").isNotNull();
            assertThat(usage.id()).isNotBlank();
            JsonNode data = json(usage.data());
            assertThat(data.get("accepted").asInt()).isEqualTo(2);
            assertThat(data.get("cost_usd").isTextual()).isTrue();
            // the priced event alone: 1000 × 2.50 / 1M + 100 × 10.00 / 1M
            assertThat(new BigDecimal(data.get("cost_usd").asText())).isEqualByComparingTo("0.0035");
            assertThat(Instant.parse(data.get("at").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        }
    }

    @Test
    void anotherAccountsStream_hearsNothing_andBothTabsOfTheAccountDo() {
        Api.Account owner = apiA.signup();
        Api.Account other = apiA.signup();
        try (SseClient tab1 = SseClient.open(a.uri(), owner.token());
                SseClient tab2 = SseClient.open(b.uri(), owner.apiKey());
                SseClient stranger = SseClient.open(a.uri(), other.token())) {
            assertThat(tab1.next("ready", PROMISE)).isNotNull();
            assertThat(tab2.next("ready", PROMISE)).isNotNull();
            assertThat(stranger.next("ready", PROMISE)).isNotNull();

            apiB.post("/api/events/track", event(null), owner.apiKey());

            assertThat(tab1.next("usage", PROMISE)).isNotNull();
            assertThat(tab2.next("usage", PROMISE)).isNotNull();
            assertThat(stranger.next("usage", Duration.ofSeconds(1))).as("another account's notice").isNull();
            // the other account's own ingest reaches it, and not the owner's tabs
            apiA.post("/api/events/track", event(null), other.apiKey());
            assertThat(stranger.next("usage", PROMISE)).isNotNull();
            assertThat(tab1.next("usage", Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void duplicatesOnly_storeNothing_andSendNoNotice() {
        Api.Account acct = apiA.signup();
        String e = event("2025-05-01T10:00:00Z");
        apiA.post("/api/events/track", e, acct.apiKey());
        try (SseClient stream = SseClient.open(a.uri(), acct.token())) {
            assertThat(stream.next("ready", PROMISE)).isNotNull();
            assertThat(apiB.post("/api/events/track", e, acct.apiKey()).body().get("duplicates").asInt()).isEqualTo(1);
            assertThat(stream.next("usage", Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void reconnectedStream_startsWithReady_andGetsNewNotices() {
        Api.Account acct = apiA.signup();
        SseClient first = SseClient.open(a.uri(), acct.token());
        assertThat(first.next("ready", PROMISE)).isNotNull();
        first.close(); // the connection drops
        apiB.post("/api/events/track", event(null), acct.apiKey()); // missed while away

        try (SseClient again = SseClient.open(b.uri(), acct.token())) {
            assertThat(again.next("ready", PROMISE)).as("a reconnect is told to refetch: it catches up").isNotNull();
            apiA.post("/api/events/track", event(null), acct.apiKey());
            assertThat(again.next("usage", PROMISE)).isNotNull();
        }
    }

    @Test
    void credentials_areRequired_withReadScope() {
        Api.Account acct = apiA.signup();
        try (SseClient none = SseClient.open(a.uri(), null)) {
            assertThat(none.status()).isEqualTo(401);
            assertThat(json(none.errorBody()).path("error").path("code").asText()).isEqualTo("unauthorized");
        }
        String ingestOnly = apiA.post("/api/keys", "{\"name\":\"ci\",\"scopes\":[\"ingest\"]}", acct.token()).body()
                .get("api_key").asText();
        try (SseClient refused = SseClient.open(a.uri(), ingestOnly)) {
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Test
    void listenerConnectionDropped_reconnects_streamsAreToldToRefetch_andHearAgain() throws InterruptedException {
        Api.Account acct = apiA.signup();
        try (SseClient stream = SseClient.open(a.uri(), acct.token())) {
            assertThat(stream.next("ready", PROMISE)).isNotNull();
            int killed = TestServers.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'llmlab-live'")
                    .mapTo(Integer.class).one());
            assertThat(killed).as("every instance's listening connection").isGreaterThanOrEqualTo(2);

            assertThat(stream.next("ready", Duration.ofSeconds(10))).as("told to refetch once listening again")
                    .isNotNull();
            apiB.post("/api/events/track", event(null), acct.apiKey());
            assertThat(stream.next("usage", PROMISE)).isNotNull();
        }
    }
}
