package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IngestFlowTest {
    private final Api api = TestServers.api();
    private final CostCalculator core = CostCalculator.of(TestServers.catalog());

    @Test
    void signupKeyIngestSummary_summaryEqualsCoreCalculator() {
        Api.Account a = api.signup();
        Api.Response key = api.post("/api/keys", "{\"name\":\"ci\"}", a.token());
        assertThat(key.status()).isEqualTo(201);
        String apiKey = key.body().get("api_key").asText();

        String[][] spec = {
            {"openai", "gpt-4o", "1200", "200", "300", "2025-10-01T12:00:00Z"},
            {"openai", "gpt-4o-2024-08-06", "5000", "0", "777", "2025-10-02T08:00:00Z"},
            {"openai", "gpt-4o-mini", "123457", "1000", "999", "2025-10-15T23:59:59Z"},
            {"anthropic", "claude-sonnet-4-5-20250929", "250000", "20000", "1234", "2025-10-20T10:00:00Z"},
            {"anthropic", "claude-sonnet-4-5", "1", "0", "1", "2025-10-31T23:59:59.999Z"},
            {"openai", "gpt-4o", "1000", "0", "1000", "2025-09-30T23:59:59Z"}, // September: outside October
        };
        List<String> events = new ArrayList<>();
        BigDecimal expectedOctober = BigDecimal.ZERO;
        Map<String, BigDecimal> byModel = new HashMap<>();
        for (String[] s : spec) {
            events.add(Events.event(UUID.randomUUID(), s[0], s[1], Long.parseLong(s[2]), Long.parseLong(s[3]),
                    Long.parseLong(s[4]), s[5], null));
            CostResult r = core.price(Usage.builder(s[0], s[1]).inputTokens(Long.parseLong(s[2]))
                    .cacheReadTokens(Long.parseLong(s[3])).outputTokens(Long.parseLong(s[4])).build(), Instant.parse(s[5]));
            assertThat(r.isPriced()).isTrue();
            if (s[5].startsWith("2025-10")) {
                expectedOctober = expectedOctober.add(r.cost().total());
                byModel.merge(s[1], r.cost().total(), BigDecimal::add);
            }
        }
        events.add(Events.event(UUID.randomUUID(), "openai", "gpt-9-imaginary", 100, 0, 10, "2025-10-03T00:00:00Z", null));

        Api.Response track = api.post("/api/events/track", Events.batch(events), apiKey);
        assertThat(track.status()).isEqualTo(200);
        assertThat(track.body().get("accepted").asInt()).isEqualTo(7);
        assertThat(track.body().get("duplicates").asInt()).isZero();
        JsonNode unknown = track.body().get("events").get(6);
        assertThat(unknown.get("cost_usd").isNull()).isTrue();
        assertThat(unknown.get("unpriced_reason").asText()).isNotBlank();

        Api.Response sum = api.get("/api/costs/summary?period=month&at=2025-10-15", a.token());
        assertThat(sum.status()).isEqualTo(200);
        JsonNode b = sum.body();
        assertThat(new BigDecimal(b.get("total_usd").asText())).isEqualByComparingTo(expectedOctober);
        assertThat(b.get("events").asLong()).isEqualTo(6);
        assertThat(b.get("unpriced_events").asLong()).isEqualTo(1);
        assertThat(b.get("from").asText()).isEqualTo("2025-10-01T00:00:00Z");
        assertThat(b.get("to").asText()).isEqualTo("2025-11-01T00:00:00Z");
        assertThat(b.get("daily")).hasSize(31);
        assertThat(b.get("budget").isNull()).isTrue();
        for (JsonNode m : b.get("by_model")) {
            if (m.get("model").asText().equals("gpt-9-imaginary")) {
                assertThat(m.get("cost_usd").isNull()).as("unpriced is null, never $0").isTrue();
                assertThat(m.get("unpriced_events").asLong()).isEqualTo(1);
            } else {
                assertThat(new BigDecimal(m.get("cost_usd").asText())).isEqualByComparingTo(byModel.get(m.get("model").asText()));
            }
        }
        BigDecimal providers = BigDecimal.ZERO;
        for (JsonNode p : b.get("by_provider")) {
            providers = providers.add(new BigDecimal(p.get("cost_usd").asText()));
        }
        assertThat(providers).isEqualByComparingTo(expectedOctober);
        BigDecimal daily = BigDecimal.ZERO;
        for (JsonNode d : b.get("daily")) {
            daily = daily.add(new BigDecimal(d.get("cost_usd").asText()));
        }
        assertThat(daily).isEqualByComparingTo(expectedOctober);
        // money is an exact decimal string: no exponent, nothing rounded away
        assertThat(b.get("total_usd").asText()).doesNotContain("E").matches("\\d+\\.\\d{6,}");
    }

    @Test
    void track_singleEvent_clientCostIgnored_serverPrices() {
        Api.Account a = api.signup();
        UUID id = UUID.randomUUID();
        Api.Response r = api.post("/api/events/track", "{\"id\":\"" + id + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"input_tokens\":1000000,\"output_tokens\":0,\"cost_usd\":\"0.01\",\"timestamp\":\"2025-01-01T00:00:00Z\"}",
                a.apiKey());
        assertThat(r.status()).isEqualTo(200);
        JsonNode e = r.body().get("events").get(0);
        assertThat(e.get("id").asText()).isEqualTo(id.toString());
        assertThat(e.get("cost_usd").asText()).isEqualTo("2.500000");
        assertThat(e.get("priced_as").asText()).isEqualTo("gpt-4o");
        Api.Response stored = api.get("/api/events/" + id, a.apiKey());
        assertThat(stored.body().get("cost_usd").asText()).isEqualTo("2.500000");
    }

    @Test
    void track_resentBatch_isDuplicate_neverBilledTwice() {
        Api.Account a = api.signup();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, "2025-05-05T10:00:00Z", "{\"project\":\"x\"}"));
        }
        String body = Events.batch(events);
        assertThat(api.post("/api/events/track", body, a.apiKey()).body().get("accepted").asInt()).isEqualTo(20);
        Api.Response again = api.post("/api/events/track", body, a.apiKey());
        assertThat(again.body().get("accepted").asInt()).isZero();
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(20);
        assertThat(again.body().get("events").get(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(again.body().get("events").get(0).get("cost_usd").asText()).isEqualTo("0.003500");
        assertThat(Events.count(a.userId())).isEqualTo(20);
        assertThat(Events.totalsCount(a.userId())).isEqualTo(20);
        JsonNode sum = api.get("/api/costs/summary?period=month&at=2025-05-05&group_by=tag:project", a.token()).body();
        assertThat(sum.get("total_usd").asText()).isEqualTo("0.070000");
        assertThat(sum.get("by_tag").get(0).get("value").asText()).isEqualTo("x");
        assertThat(sum.get("by_tag").get(0).get("events").asLong()).isEqualTo(20);
    }

    @Test
    void track_tagsWithQuotesBackslashesAndControlChars_roundTrip() {
        Api.Account a = api.signup();
        UUID id = UUID.randomUUID();
        String tags = "{\"pro\\\"ject\":\"a\\\\b\\nc\\u0001 é ✓\",\"env\":\"\"}";
        Api.Response r = api.post("/api/events/track", Events.event(id, "openai", "gpt-4o", 1, 0, 1, null, tags), a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode stored = api.get("/api/events/" + id, a.apiKey()).body().get("tags");
        assertThat(stored.get("pro\"ject").asText()).isEqualTo("a\\b\nc\u0001 é ✓");
        assertThat(stored.get("env").asText()).isEmpty();
    }

    @Test
    void track_sameIdTwiceInOneBatch_storedOnce() {
        Api.Account a = api.signup();
        UUID id = UUID.randomUUID();
        String e = Events.event(id, "openai", "gpt-4o", 10, 0, 10, null, null);
        Api.Response r = api.post("/api/events/track", Events.batch(List.of(e, e)), a.apiKey());
        assertThat(r.body().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.body().get("duplicates").asInt()).isEqualTo(1);
        assertThat(Events.count(a.userId())).isEqualTo(1);
    }

    @Test
    void track_concurrentResendsFromManyThreadsToTwoInstances_countOnce() throws Exception {
        Api.Account a = api.signup();
        Api other = new Api(TestServers.second().uri());
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(Events.event(UUID.randomUUID(), i % 2 == 0 ? "openai" : "anthropic",
                    i % 2 == 0 ? "gpt-4o-mini" : "claude-sonnet-4-5", 1000 + i, 0, 100, "2025-11-01T10:0" + (i % 10)
                    + ":00Z", "{\"team\":\"t" + (i % 3) + "\"}"));
        }
        List<String> bodies = new ArrayList<>();
        for (int t = 0; t < 8; t++) { // each thread sends the whole set, in its own order and slicing
            List<String> shuffled = new ArrayList<>(events);
            java.util.Collections.shuffle(shuffled, new java.util.Random(t));
            bodies.add(Events.batch(shuffled));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Api.Response>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Api target = t % 2 == 0 ? api : other;
            String body = bodies.get(t);
            futures.add(pool.submit(() -> target.post("/api/events/track", body, a.apiKey())));
        }
        int accepted = 0;
        int duplicates = 0;
        for (Future<Api.Response> f : futures) {
            Api.Response r = f.get();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            accepted += r.body().get("accepted").asInt();
            duplicates += r.body().get("duplicates").asInt();
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(300);
        assertThat(duplicates).isEqualTo(7 * 300);
        assertThat(Events.count(a.userId())).isEqualTo(300);
        assertThat(Events.totalsCount(a.userId())).isEqualTo(300);
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 300; i++) {
            expected = expected.add(core.price(Usage.builder(i % 2 == 0 ? "openai" : "anthropic",
                    i % 2 == 0 ? "gpt-4o-mini" : "claude-sonnet-4-5").inputTokens(1000 + i).outputTokens(100).build(),
                    Instant.parse("2025-11-01T10:00:00Z")).cost().total());
        }
        JsonNode sum = api.get("/api/costs/summary?period=month&at=2025-11-01&group_by=tag:team", a.token()).body();
        assertThat(new BigDecimal(sum.get("total_usd").asText())).isEqualByComparingTo(expected);
        long tagged = 0;
        for (JsonNode t : sum.get("by_tag")) {
            tagged += t.get("events").asLong();
        }
        assertThat(tagged).isEqualTo(300);
    }
}
