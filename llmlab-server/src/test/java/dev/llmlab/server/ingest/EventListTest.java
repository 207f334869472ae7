package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events}: the account's events, newest first, keyset-paginated, filtered. */
class EventListTest {
    private final Api api = TestServers.api();

    private static String event(UUID id, String model, String at, String tags) {
        return Events.event(id, "openai", model, 1000, 0, 100, at, tags);
    }

    private List<String> ids(Api.Response r) {
        List<String> ids = new ArrayList<>();
        r.body().get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    @Test
    void list_newestFirst_withEveryField() {
        Api.Account a = api.signup();
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        UUID unpriced = UUID.randomUUID();
        api.post("/api/events/track", Events.batch(List.of(
                event(older, "gpt-4o", "2025-05-01T10:00:00Z", "{\"project\":\"search\"}"),
                event(newer, "gpt-4o-mini", "2025-05-02T10:00:00.123456Z", null),
                event(unpriced, "gpt-9-imaginary", "2025-05-01T12:00:00Z", null))), a.apiKey());

        Api.Response r = api.get("/api/events", a.apiKey());

        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r)).containsExactly(newer.toString(), unpriced.toString(), older.toString());
        assertThat(r.body().get("next_before").isNull()).isTrue();
        JsonNode o = r.body().get("events").get(2);
        assertThat(o.get("occurred_at").asText()).isEqualTo("2025-05-01T10:00:00Z");
        assertThat(o.get("provider").asText()).isEqualTo("openai");
        assertThat(o.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(o.get("input_tokens").asLong()).isEqualTo(1000);
        assertThat(o.get("output_tokens").asLong()).isEqualTo(100);
        assertThat(o.get("cache_read_tokens").asLong()).isZero();
        assertThat(o.get("cache_write_tokens").asLong()).isZero();
        assertThat(o.get("input_audio_tokens").asLong()).isZero();
        assertThat(o.get("web_search_requests").asLong()).isZero();
        assertThat(o.get("reasoning_tokens").isNull()).isTrue();
        // 1000 × 2.50 / 1M + 100 × 10.00 / 1M, exactly, as a string (as the ingest answer showed it)
        assertThat(o.get("cost_usd").isTextual()).isTrue();
        assertThat(o.get("cost_usd").asText()).isEqualTo("0.003500");
        assertThat(o.get("priced_as").asText()).isEqualTo("gpt-4o");
        assertThat(o.get("unpriced_reason").isNull()).isTrue();
        assertThat(o.get("duration_ms").asDouble()).isEqualTo(120.0);
        assertThat(o.get("tags").get("project").asText()).isEqualTo("search");
        assertThat(r.body().get("events").get(0).get("occurred_at").asText()).isEqualTo("2025-05-02T10:00:00.123456Z");
        JsonNode u = r.body().get("events").get(1);
        assertThat(u.get("cost_usd").isNull()).isTrue();
        assertThat(u.get("unpriced_reason").asText()).isNotBlank();
    }

    @Test
    void serviceTierAndGeography_areListed_andFilterTheList() {
        Api.Account a = api.signup();
        UUID standard = UUID.randomUUID();
        UUID batch = UUID.randomUUID();
        UUID usOnly = UUID.randomUUID();
        String tierBatch = event(batch, "gpt-4o-mini", "2025-11-02T10:00:00Z", null);
        String geoUs = Events.event(usOnly, "anthropic", "claude-sonnet-4-5", 1000, 0, 100, "2025-11-03T10:00:00Z",
                null);
        api.post("/api/events/track", Events.batch(List.of(
                event(standard, "gpt-4o-mini", "2025-11-01T10:00:00Z", null),
                tierBatch.substring(0, tierBatch.length() - 1) + ",\"service_tier\":\"batch\"}",
                geoUs.substring(0, geoUs.length() - 1) + ",\"inference_geo\":\"us\"}")), a.apiKey());

        Api.Response r = api.get("/api/events", a.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r)).containsExactly(usOnly.toString(), batch.toString(), standard.toString());
        JsonNode us = r.body().get("events").get(0);
        assertThat(us.get("service_tier").asText()).isEqualTo("standard");
        assertThat(us.get("inference_geo").asText()).isEqualTo("us");
        JsonNode b = r.body().get("events").get(1);
        assertThat(b.get("service_tier").asText()).isEqualTo("batch");
        assertThat(b.get("inference_geo").isNull()).isTrue();
        // 1000 × 0.075 / 1M + 100 × 0.30 / 1M: gpt-4o-mini's batch rates, as ingest priced it
        assertThat(b.get("cost_usd").asText()).as(b.toString()).isEqualTo("0.000105");
        JsonNode s = r.body().get("events").get(2);
        assertThat(s.get("service_tier").asText()).isEqualTo("standard");
        assertThat(s.get("inference_geo").isNull()).isTrue();

        assertThat(ids(api.get("/api/events?service_tier=batch", a.token()))).containsExactly(batch.toString());
        assertThat(ids(api.get("/api/events?service_tier=standard", a.token())))
                .containsExactly(usOnly.toString(), standard.toString());
        assertThat(ids(api.get("/api/events?service_tier=priority", a.token()))).isEmpty();
        assertThat(ids(api.get("/api/events?service_tier=batch&provider=anthropic", a.token()))).isEmpty();
        assertThat(ids(api.get("/api/events?service_tier=", a.token()))).hasSize(3);
    }

    @Test
    void pages_followNextBefore_withoutGapsOrRepeats_evenWithEqualTimes() {
        Api.Account a = api.signup();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // pairs of events at the same instant: the id breaks the tie
            batch.add(event(UUID.randomUUID(), "gpt-4o", "2025-06-0" + (1 + i / 2) + "T00:00:00Z", null));
        }
        api.post("/api/events/track", Events.batch(batch), a.apiKey());
        List<String> all = ids(api.get("/api/events?limit=200", a.token()));
        assertThat(all).hasSize(7);

        List<String> paged = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            Api.Response r = api.get("/api/events?limit=3" + (before == null ? "" : "&before=" + before), a.token());
            assertThat(r.status()).isEqualTo(200);
            paged.addAll(ids(r));
            before = r.body().get("next_before").isNull() ? null : r.body().get("next_before").asText();
            pages++;
        } while (before != null && pages < 10);
        assertThat(paged).isEqualTo(all);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filters_byModelProviderTagAndTime() {
        Api.Account a = api.signup();
        UUID search = UUID.randomUUID();
        UUID chat = UUID.randomUUID();
        UUID mini = UUID.randomUUID();
        UUID claude = UUID.randomUUID();
        api.post("/api/events/track", Events.batch(List.of(
                event(search, "gpt-4o", "2025-05-01T10:00:00Z", "{\"project\":\"search\",\"team\":\"a\"}"),
                event(chat, "gpt-4o", "2025-05-02T10:00:00Z", "{\"project\":\"chat\",\"team\":\"a\"}"),
                event(mini, "gpt-4o-mini", "2025-05-03T10:00:00Z", "{\"project\":\"search\",\"team\":\"b\"}"),
                Events.event(claude, "anthropic", "claude-sonnet-4-5", 10, 0, 10, "2025-05-04T10:00:00Z", null))),
                a.apiKey());

        assertThat(ids(api.get("/api/events?model=gpt-4o", a.token()))).containsExactly(chat.toString(), search.toString());
        assertThat(ids(api.get("/api/events?provider=anthropic", a.token()))).containsExactly(claude.toString());
        assertThat(ids(api.get("/api/events?tag.project=search", a.token())))
                .containsExactly(mini.toString(), search.toString());
        assertThat(ids(api.get("/api/events?tag.project=search&tag.team=a", a.token()))).containsExactly(search.toString());
        assertThat(ids(api.get("/api/events?from=2025-05-02&to=2025-05-03T10:00:00Z", a.token())))
                .containsExactly(chat.toString());
        assertThat(ids(api.get("/api/events?from=2025-05-03T12:00:00%2B02:00", a.token())))
                .containsExactly(claude.toString(), mini.toString());
        assertThat(ids(api.get("/api/events?model=&provider=&limit=", a.token()))).hasSize(4);
    }

    @Test
    void otherAccountsEvents_areNeverListed() {
        Api.Account a = api.signup();
        Api.Account b = api.signup();
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        api.post("/api/events/track", event(mine, "gpt-4o", "2025-05-01T10:00:00Z", null), a.apiKey());
        api.post("/api/events/track", event(theirs, "gpt-4o", "2025-05-01T11:00:00Z", null), b.apiKey());
        // even the same event id sent by both accounts stays each account's own
        api.post("/api/events/track", event(mine, "gpt-4o-mini", "2025-05-01T12:00:00Z", null), b.apiKey());

        assertThat(ids(api.get("/api/events", a.token()))).containsExactly(mine.toString());
        assertThat(api.get("/api/events", a.token()).body().get("events").get(0).get("model").asText())
                .isEqualTo("gpt-4o");
        assertThat(ids(api.get("/api/events", b.token()))).containsExactly(mine.toString(), theirs.toString());

        // B's cursor used by A: positions only, never B's rows
        String cursor = api.get("/api/events?limit=1", b.token()).body().get("next_before").asText();
        assertThat(ids(api.get("/api/events?before=" + cursor, a.token()))).containsExactly(mine.toString());
    }

    @Test
    void credentials_needRead() {
        Api.Account a = api.signup();
        assertThat(api.get("/api/events", null).status()).isEqualTo(401);
        String ingestOnly = api.post("/api/keys", "{\"name\":\"ci\",\"scopes\":[\"ingest\"]}", a.token()).body()
                .get("api_key").asText();
        assertThat(api.get("/api/events", ingestOnly).status()).isEqualTo(403);
        String readOnly = api.post("/api/keys", "{\"name\":\"dash\",\"scopes\":[\"read\"]}", a.token()).body()
                .get("api_key").asText();
        assertThat(api.get("/api/events", readOnly).status()).isEqualTo(200);
    }

    @Test
    void badParameters_are400_namingTheParameter() {
        Api.Account a = api.signup();
        String[][] cases = {
            {"limit=0", "limit"},
            {"limit=201", "limit"},
            {"limit=ten", "limit"},
            {"before=not-a-cursor", "before"},
            {"before=" + java.util.Base64.getUrlEncoder().encodeToString("e1:x:y".getBytes()), "before"},
            {"from=yesterday", "from"},
            {"to=2025-13-01", "to"},
            {"from=2025-05-02&to=2025-05-01", "to"},
            {"from=2025-05-01T10:00:00 02:00", "from"},
            {"model=a&model=b", "model"},
            {"tag.=x", "tag."},
            {"tag." + "k".repeat(65) + "=x", "tag." + "k".repeat(65)},
            {"sort=asc", "sort"},
            {"provider=%FF", "provider"},
            {"model=" + "m".repeat(201), "model"},
            {"service_tier=default", "service_tier"},
            {"service_tier=Batch", "service_tier"},
            {"service_tier=batch&service_tier=flex", "service_tier"},
        };
        for (String[] c : cases) {
            Api.Response r = api.get("/api/events?" + c[0].replace(" ", "+"), a.token());
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo("invalid_field");
            assertThat(r.errorField()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.body().get("error").get("message").asText()).as(c[0]).isNotBlank();
        }
    }

    @Test
    void aPageAfterACursor_isOneIndexSeek_withoutSortingTheAccountsEvents() {
        UUID user = UUID.randomUUID();
        EventQuery q = EventQuery.parse("limit=50&before="
                + new EventQuery.Cursor(EventStore.micros(java.time.Instant.parse("2025-05-01T00:00:00Z")), user).encode());
        String plan = TestServers.jdbi().withHandle(h -> {
            h.execute("SET enable_seqscan = off"); // the test database is small: make the planner show the index path
            try {
                return String.join("\n", EventList.statement(h, "EXPLAIN ", user, q).mapTo(String.class).list());
            } finally {
                h.execute("RESET enable_seqscan");
            }
        });
        assertThat(plan).contains("events_user_recent_idx").doesNotContain("Sort");
    }
}
