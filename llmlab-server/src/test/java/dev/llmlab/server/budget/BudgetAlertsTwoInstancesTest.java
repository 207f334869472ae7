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
 * every threshold alerts exactly once, with one delivery per channel, the spend is exact, and a
 * spend spike alerts exactly once for the hour.
 */
class BudgetAlertsTwoInstancesTest {
    private static final int EVENTS = 200;

    @Test
    void concurrentBatchesOnTwoInstances_withResentEvents_alertOncePerThreshold() throws Exception {
        awayFromTheHoursEnd();
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
        // A budget of two days with no spend: its baseline is 24 hours of zero, so the current hour
        // spikes once it reaches the minimum ($5 here, the limit being 25 USD at most).
        Api.Response spiky = first.post("/api/budgets", "{\"name\":\"spiky\",\"limit_usd\":\""
                + unit.multiply(BigDecimal.valueOf(100)).toPlainString() + "\",\"thresholds\":[1000],"
                + "\"channels\":[{\"type\":\"email\",\"to\":\"ops@example.com\"},"
                + "{\"type\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"secret\":\"0123456789abcdef\"}]}",
                a.token());
        assertThat(spiky.status()).as(spiky.text()).isEqualTo(201);
        String spikyId = spiky.body().get("id").asText();
        TestServers.jdbi().useHandle(h -> h.execute(
                "UPDATE budgets SET created_at = now() - interval '2 days' WHERE id = CAST(? AS uuid)", spikyId));

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

        List<Map<String, Object>> spikes = TestServers.jdbi().withHandle(h -> h.createQuery("""
                        SELECT dedupe_key, (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id) AS n
                        FROM alerts a WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.spend_spike'""")
                .bind("b", spikyId).mapToMap().list());
        String hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
        assertThat(spikes).extracting(m -> m.get("dedupe_key")).containsExactly("spike:" + hour);
        assertThat(spikes).extracting(m -> ((Number) m.get("n")).intValue()).containsExactly(2);
        BigDecimal hourly = TestServers.jdbi().withHandle(h -> h.createQuery(
                        "SELECT spent_usd FROM budget_spend_hourly WHERE budget_id = CAST(:b AS uuid)")
                .bind("b", spikyId).mapTo(BigDecimal.class).one());
        assertThat(hourly).isEqualByComparingTo(unit.multiply(BigDecimal.valueOf(EVENTS)));
    }

    /** Waits for the next hour when this one ends within a minute, so the run stays in one hour. */
    private static void awayFromTheHoursEnd() throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        if (java.time.Duration.between(now, next).toSeconds() < 60) {
            Thread.sleep(java.time.Duration.between(now, next).toMillis() + 1_000);
        }
    }
}
