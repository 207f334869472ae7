package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.db.SqlTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The spend-spike rule, driven through {@link BudgetSpend} at a fixed instant (12:30 UTC of a day
 * in a month no other test uses): the current hour's spend against 3× the mean of the whole hours
 * of the 24 before it since the budget was created, and against the minimum volume.
 */
class SpendSpikeTest {
    private static final Instant NOW = Instant.parse("2025-03-10T12:30:00Z");
    private static final Instant HOUR = Instant.parse("2025-03-10T12:00:00Z");
    private final Api api = TestServers.api();
    private final Jdbi jdbi = SqlTypes.installOn(TestServers.jdbi());
    private final BudgetSpend spend = new BudgetSpend("https://llmlab.example.com");

    private UUID budget(Api.Account a, String limit, Instant createdAt) {
        Api.Response r = api.post("/api/budgets", "{\"limit_usd\":\"" + limit + "\",\"thresholds\":[1000]}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        UUID id = UUID.fromString(r.body().get("id").asText());
        jdbi.useHandle(h -> h.createUpdate("UPDATE budgets SET created_at = :at WHERE id = :id")
                .bind("at", Timestamp.from(createdAt)).bind("id", id).execute());
        return id;
    }

    /** Gives the budget {@code usd} in each hour of {@code hours} hours ending before {@code before}. */
    private void history(UUID budget, Instant before, int hours, String usd) {
        for (int i = 1; i <= hours; i++) {
            Instant hour = before.minus(Duration.ofHours(i));
            jdbi.useHandle(h -> h.createUpdate(
                            "INSERT INTO budget_spend_hourly (budget_id, hour_start, spent_usd) VALUES (:b, :h, :s)")
                    .bind("b", budget).bind("h", Timestamp.from(hour)).bind("s", new BigDecimal(usd)).execute());
        }
    }

    private void count(Api.Account a, Instant at, String usd, Instant now) {
        Spend s = new Spend(at, "openai", "gpt-4o", Map.of("project", "search"), null, new BigDecimal(usd));
        jdbi.useTransaction(h -> spend.count(h, a.userId(), List.of(s), now));
    }

    private List<JsonNode> spikes(UUID budget) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload::text FROM alerts WHERE budget_id = :b AND type = 'budget.spend_spike'
                        ORDER BY created_at""")
                .bind("b", budget).mapTo(String.class).list()).stream().map(SpendSpikeTest::json).toList();
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BigDecimal hourly(UUID budget, Instant hour) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT spent_usd FROM budget_spend_hourly WHERE budget_id = :b AND hour_start = :h")
                .bind("b", budget).bind("h", Timestamp.from(hour)).mapTo(BigDecimal.class).findOne()
                .orElse(BigDecimal.ZERO));
    }

    @Test
    void spike_firesAtExactlyThreeTimesTheMean_once_withItsPayload() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z"));
        history(b, HOUR, 24, "4"); // mean 4.00 an hour: a spike is 12.00 (above the $5 minimum)

        count(a, NOW.minusSeconds(60), "11.999999", NOW);
        assertThat(spikes(b)).isEmpty();
        count(a, NOW.minusSeconds(30), "0.000001", NOW);
        count(a, NOW.minusSeconds(10), "5", NOW);

        List<JsonNode> spikes = spikes(b);
        assertThat(spikes).hasSize(1);
        JsonNode p = spikes.get(0);
        assertThat(p.get("type").asText()).isEqualTo("budget.spend_spike");
        assertThat(p.get("threshold_percent").isNull()).isTrue();
        assertThat(p.get("hour_from").asText()).isEqualTo("2025-03-10T12:00:00Z");
        assertThat(p.get("hour_spent_usd").asText()).isEqualTo("12.000000");
        assertThat(p.get("baseline_hourly_usd").asText()).isEqualTo("4.000000");
        assertThat(p.get("baseline_hours").asInt()).isEqualTo(24);
        assertThat(p.get("spent_usd").asText()).isEqualTo("12.000000");
        assertThat(p.get("period_from").asText()).isEqualTo("2025-03-01T00:00:00Z");
        String key = jdbi.withHandle(h -> h.createQuery(
                        "SELECT dedupe_key FROM alerts WHERE budget_id = :b AND type = 'budget.spend_spike'")
                .bind("b", b).mapTo(String.class).one());
        assertThat(key).isEqualTo("spike:2025-03-10T12:00:00Z");
        assertThat(hourly(b, HOUR)).isEqualByComparingTo("17");
    }

    @Test
    void spike_needsTheMinimumVolume_fiveDollarsOrOnePercentOfTheLimit() {
        Api.Account a = api.signup();
        UUID small = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z")); // minimum $5
        Api.Account other = api.signup();
        UUID large = budget(other, "1000", Instant.parse("2025-03-01T00:00:00Z")); // minimum $10

        count(a, NOW, "4.999999", NOW);
        count(other, NOW, "9.999999", NOW);
        assertThat(spikes(small)).isEmpty();
        assertThat(spikes(large)).isEmpty();
        count(a, NOW, "0.000001", NOW);
        count(other, NOW, "0.000001", NOW);
        assertThat(spikes(small)).hasSize(1);
        assertThat(spikes(large)).hasSize(1);
        assertThat(spikes(small).get(0).get("baseline_hourly_usd").asText()).isEqualTo("0.000000");
    }

    @Test
    void baseline_countsOnlyWholeHoursSinceTheBudgetWasCreated() {
        Api.Account a = api.signup();
        // Created 09:10: the baseline is 10:00 and 11:00 (2 hours), not the $300 of 09:00 before it.
        UUID b = budget(a, "100", Instant.parse("2025-03-10T09:10:00Z"));
        history(b, HOUR, 3, "2"); // 11:00, 10:00, 09:00 at $2 …
        jdbi.useHandle(h -> h.createUpdate("UPDATE budget_spend_hourly SET spent_usd = 300 WHERE budget_id = :b"
                + " AND hour_start = timestamptz '2025-03-10T09:00:00Z'").bind("b", b).execute());

        count(a, NOW, "6", NOW);

        List<JsonNode> spikes = spikes(b);
        assertThat(spikes).hasSize(1);
        assertThat(spikes.get(0).get("baseline_hours").asInt()).isEqualTo(2);
        assertThat(spikes.get(0).get("baseline_hourly_usd").asText()).isEqualTo("2.000000");
    }

    @Test
    void budgetYoungerThanAWholeHour_doesNotSpike() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-10T11:05:00Z"));

        count(a, NOW, "500", NOW);

        assertThat(spikes(b)).isEmpty();
        assertThat(hourly(b, HOUR)).isEqualByComparingTo("500");
    }

    @Test
    void lateEventOfAnEarlierHour_isCounted_butDoesNotPage() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z"));

        count(a, NOW.minus(Duration.ofHours(2)), "500", NOW);

        assertThat(spikes(b)).isEmpty();
        assertThat(hourly(b, HOUR.minus(Duration.ofHours(2)))).isEqualByComparingTo("500");
    }

    @Test
    void eventOlderThanTheBaseline_movesThePeriod_butWritesNoHour() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z"));

        count(a, Instant.parse("2025-03-02T12:00:00Z"), "3", NOW);

        long rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM budget_spend_hourly WHERE budget_id = :b")
                .bind("b", b).mapTo(Long.class).one());
        assertThat(rows).isZero();
        BigDecimal period = jdbi.withHandle(h -> h.createQuery("SELECT spent_usd FROM budget_spend WHERE budget_id = :b")
                .bind("b", b).mapTo(BigDecimal.class).one());
        assertThat(period).isEqualByComparingTo("3");
    }

    @Test
    void nextHour_spikesAgain_onlyWhenItPassesItsOwnBaseline() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z"));
        count(a, NOW, "24", NOW); // spikes 12:00 over a zero baseline
        Instant next = NOW.plus(Duration.ofHours(1));

        // 13:00's baseline holds 12:00's $24: mean $1, so $2.999999 is no spike and $3 is.
        count(a, next, "2.999999", next);
        assertThat(spikes(b)).hasSize(1);
        count(a, next, "0.000001", next);
        assertThat(spikes(b)).hasSize(1); // 3.00 is below the $5 minimum
        count(a, next, "2", next);

        assertThat(spikes(b)).extracting(p -> p.get("hour_from").asText())
                .containsExactly("2025-03-10T12:00:00Z", "2025-03-10T13:00:00Z");
    }

    @Test
    void prune_deletesHoursStartedMoreThanTwoDaysAgo_only() {
        Api.Account a = api.signup();
        UUID b = budget(a, "100", Instant.parse("2025-03-01T00:00:00Z"));
        history(b, HOUR, 50, "1");

        int deleted = new HourlySpendPruner(jdbi).prune(NOW);

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(hourly(b, HOUR.minus(Duration.ofHours(47)))).isEqualByComparingTo("1");
        assertThat(hourly(b, HOUR.minus(Duration.ofHours(48)))).isEqualByComparingTo("0");
        assertThat(hourly(b, HOUR.minus(Duration.ofHours(50)))).isEqualByComparingTo("0");
    }
}
