package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.reprice.Repricer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Re-pricing moves a budget's spend with the totals, so it stays the summary's total. */
class BudgetRepriceTest {
    private final Api api = TestServers.api();

    private static BigDecimal spent(String budgetId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT spent_usd FROM budget_spend WHERE budget_id = CAST(:b AS uuid)"
                + " AND period_start = timestamptz '2024-08-01T00:00:00Z'")
                .bind("b", budgetId).mapTo(BigDecimal.class).one());
    }

    private BigDecimal summaryTotal(Api.Account a) {
        return new BigDecimal(api.get("/api/costs/summary?period=month&at=2024-08-15", a.token()).body()
                .get("total_usd").asText());
    }

    private BigDecimal summaryMini(Api.Account a) {
        for (JsonNode m : api.get("/api/costs/summary?period=month&at=2024-08-15", a.token()).body().get("by_model")) {
            if (m.get("model").asText().equals("gpt-4o-mini")) {
                return new BigDecimal(m.get("cost_usd").asText());
            }
        }
        throw new AssertionError("no gpt-4o-mini");
    }

    @Test
    void reprice_movesBudgetSpend_byTheDifference() {
        Api.Account a = api.signup();
        String all = api.post("/api/budgets", "{\"limit_usd\":\"100\"}", a.token()).body().get("id").asText();
        String mini = api.post("/api/budgets", "{\"limit_usd\":\"100\",\"scope\":{\"model\":\"gpt-4o-mini\"}}",
                a.token()).body().get("id").asText();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // a far-past month no other test uses
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000,
                    "2024-08-0" + (1 + i % 5) + "T12:00:00Z", "{\"project\":\"p\"}"));
        }
        events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0, "2024-08-02T12:00:00Z", null));
        api.post("/api/events/track", Events.batch(events), a.apiKey());
        BigDecimal before = summaryTotal(a);
        assertThat(before).isPositive();
        assertThat(spent(all)).isEqualByComparingTo(before);
        assertThat(spent(mini)).isEqualByComparingTo(summaryMini(a));

        PriceCatalog corrected = TestServers.catalog()
                .withOverrides(PriceCatalog.fromFile(TestServers.resource("prices/corrected-prices.json")));
        Repricer repricer = new Repricer(TestServers.jdbi(), corrected);
        repricer.apply(repricer.plan(Instant.parse("2024-08-01T00:00:00Z"), Instant.parse("2024-09-01T00:00:00Z")));

        BigDecimal after = summaryTotal(a);
        assertThat(after).isNotEqualByComparingTo(before);
        assertThat(spent(all)).isEqualByComparingTo(after);
        assertThat(spent(mini)).isEqualByComparingTo(summaryMini(a));
    }

    @Test
    void reprice_movesTheHourlySpend_byTheDifference() {
        Api.Account a = api.signup();
        String all = api.post("/api/budgets", "{\"limit_usd\":\"100000\"}", a.token()).body().get("id").asText();
        Instant now = Instant.now();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(Events.event(UUID.randomUUID(), "openai", i % 2 == 0 ? "gpt-4o-mini" : "gpt-4o", 1_000_000, 0,
                    1_000_000, now.minus(java.time.Duration.ofMinutes(40L * i + 1)).truncatedTo(
                            java.time.temporal.ChronoUnit.MILLIS).toString(), null));
        }
        api.post("/api/events/track", Events.batch(events), a.apiKey());
        String byHour = """
                SELECT coalesce(string_agg(e.hour || '=' || trim_scale(e.cost), ',' ORDER BY e.hour), '') FROM (
                    SELECT date_trunc('hour', occurred_at) AS hour, sum(cost_usd) AS cost FROM events
                    WHERE user_id = :u GROUP BY 1) e""";
        String hourly = """
                SELECT coalesce(string_agg(hour_start || '=' || trim_scale(spent_usd), ',' ORDER BY hour_start), '')
                FROM budget_spend_hourly WHERE budget_id = CAST(:b AS uuid)""";
        java.util.function.Supplier<String> expected = () -> TestServers.jdbi().withHandle(h -> h.createQuery(byHour)
                .bind("u", a.userId()).mapTo(String.class).one());
        java.util.function.Supplier<String> actual = () -> TestServers.jdbi().withHandle(h -> h.createQuery(hourly)
                .bind("b", all).mapTo(String.class).one());
        String before = expected.get();
        assertThat(actual.get()).isEqualTo(before);

        PriceCatalog corrected = TestServers.catalog()
                .withOverrides(PriceCatalog.fromFile(TestServers.resource("prices/corrected-prices.json")));
        Repricer repricer = new Repricer(TestServers.jdbi(), corrected);
        repricer.apply(repricer.plan(now.minus(java.time.Duration.ofHours(5)), now.plusSeconds(1)));

        assertThat(expected.get()).isNotEqualTo(before);
        assertThat(actual.get()).isEqualTo(expected.get());
    }
}
