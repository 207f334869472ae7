package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one database, ingesting for one account at once, with re-sent events:
 * every threshold alerts exactly once, with one delivery per channel, and the spend is exact.
 */
class BudgetAlertsTwoInstancesTest {
    private static final int EVENTS = 200;

    @Test
    void concurrentBatchesOnTwoInstances_withResentEvents_alertOncePerThreshold() throws Exception {
        Api first = new Api(TestServers.first().uri());
        Api second = new Api(TestServers.second().uri());
        Api.Account a = first.signup();
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<String> distinct = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            distinct.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 100_000, 0, 0, at, null));
        }
        BigDecimal unit = new BigDecimal(new Api(TestServers.first().uri()).post("/api/events/track",
                Events.event(UUID.randomUUID(), "openai", "gpt-4o", 100_000, 0, 0, at, null), first.signup().apiKey())
                .body().get("events").get(0).get("cost_usd").asText());
        // 200 events of one unit against a limit of 100 units: 50, 80, 100, 150 and 200 % are crossed.
        Api.Response created = first.post("/api/budgets", "{\"limit_usd\":\""
                + unit.multiply(BigDecimal.valueOf(100)).toPlainString() + "\",\"thresholds\":[50,80,100,150,200],"
                + "\"channels\":[{\"type\":\"slack\",\"url\":\"https://hooks.slack.com/services/T/B/x\"},"
                + "{\"type\":\"email\",\"to\":\"ops@example.com\"},"
                + "{\"type\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"secret\":\"0123456789abcdef\"}]}",
                a.token());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String budgetId = created.body().get("id").asText();

        // Every event twice (re-sent), shuffled into batches of 10, sent by 8 threads alternating instances.
        List<String> sends = new ArrayList<>(distinct);
        sends.addAll(distinct);
        Collections.shuffle(sends, new Random(7));
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < sends.size(); i += 10) {
            batches.add(new ArrayList<>(new java.util.LinkedHashSet<>(sends.subList(i, i + 10))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                Api api = i % 2 == 0 ? first : second;
                String body = Events.batch(batches.get(i));
                done.add(pool.submit(() -> api.post("/api/events/track", body, a.apiKey()).status()));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        List<Map<String, Object>> alerts = TestServers.jdbi().withHandle(h -> h.createQuery("""
                        SELECT threshold_percent, (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id) AS n,
                               (SELECT string_agg(channel_type, ',' ORDER BY channel_index) FROM alert_deliveries d
                                WHERE d.alert_id = a.id) AS channels
                        FROM alerts a WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.threshold_crossed'
                        ORDER BY threshold_percent""")
                .bind("b", budgetId).mapToMap().list());
        assertThat(alerts).extracting(m -> m.get("threshold_percent")).containsExactly(50, 80, 100, 150, 200);
        assertThat(alerts).extracting(m -> ((Number) m.get("n")).intValue()).containsOnly(3);
        assertThat(alerts).extracting(m -> m.get("channels")).containsOnly("slack,email,webhook");
        long forecasts = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM alerts WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.forecast_overrun'")
                .bind("b", budgetId).mapTo(Long.class).one());
        assertThat(forecasts).isLessThanOrEqualTo(1);
        assertThat(new BigDecimal(first.get("/api/budgets/" + budgetId, a.token()).body().get("state")
                .get("spent_usd").asText())).isEqualByComparingTo(unit.multiply(BigDecimal.valueOf(EVENTS)));
        assertThat(Events.count(a.userId())).isEqualTo(EVENTS);
    }
}
