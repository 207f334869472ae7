package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ingest keeps an account's budgets parsed between batches; every change to them, through the API
 * or straight in the table, is seen by the next batch.
 */
class BudgetsVersionTest {
    private final Api api = TestServers.api();

    private Api.Response track(Api.Account a, String provider) {
        return api.post("/api/events/track", Events.event(UUID.randomUUID(), provider,
                provider.equals("openai") ? "gpt-4o" : "claude-sonnet-4-5", 100_000, 0, 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), null), a.apiKey());
    }

    private BigDecimal spent(Api.Account a, String id) {
        return new BigDecimal(api.get("/api/budgets/" + id, a.token()).body().get("state").get("spent_usd").asText());
    }

    @Test
    void editedScope_isUsedByTheNextBatch() {
        Api.Account a = api.signup();
        String id = api.post("/api/budgets", "{\"limit_usd\":\"1000\"}", a.token()).body().get("id").asText();
        assertThat(track(a, "openai").status()).isEqualTo(200);
        BigDecimal first = spent(a, id);
        assertThat(first).isPositive();

        assertThat(api.patch("/api/budgets/" + id, "{\"scope\":{\"provider\":\"anthropic\"}}", a.token()).status())
                .isEqualTo(200);
        assertThat(track(a, "openai").status()).isEqualTo(200);

        assertThat(spent(a, id)).isEqualByComparingTo(first);
    }

    @Test
    void deletedBudget_isNotCountedByTheNextBatch() {
        Api.Account a = api.signup();
        String gone = api.post("/api/budgets", "{\"limit_usd\":\"1000\"}", a.token()).body().get("id").asText();
        String kept = api.post("/api/budgets", "{\"limit_usd\":\"1000\"}", a.token()).body().get("id").asText();
        assertThat(track(a, "openai").status()).isEqualTo(200);

        assertThat(api.delete("/api/budgets/" + gone, a.token()).status()).isEqualTo(204);
        Api.Response second = track(a, "openai");

        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(spent(a, kept)).isEqualByComparingTo(new BigDecimal(second.body().get("events").get(0)
                .get("cost_usd").asText()).multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void budgetWrittenStraightIntoTheTable_isCountedByTheNextBatch() {
        Api.Account a = api.signup();
        api.post("/api/budgets", "{\"limit_usd\":\"1000\"}", a.token());
        assertThat(track(a, "openai").status()).isEqualTo(200);
        UUID direct = UUID.randomUUID();
        TestServers.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO budgets (id, user_id, monthly_limit_usd, alert_at_50_percent, alert_at_80_percent,
                                             created_at)
                        VALUES (:id, :u, 1000, true, true, now())""")
                .bind("id", direct).bind("u", a.userId()).execute());

        Api.Response r = track(a, "openai");

        assertThat(spent(a, direct.toString())).isEqualByComparingTo(r.body().get("events").get(0).get("cost_usd")
                .asText());
    }
}
