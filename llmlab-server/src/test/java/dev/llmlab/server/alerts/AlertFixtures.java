package dev.llmlab.server.alerts;

import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Budgets, alerts and outbox rows written straight into the tables (as ingest writes them), and
 * reading a delivery back.
 */
final class AlertFixtures {
    static final String PAYLOAD = """
            {"type": "budget.threshold_crossed", "alert_id": "%s", "budget_id": "%s", "budget_name": "search team",
             "threshold_percent": 80, "period_from": "2026-11-01T00:00:00Z", "period_to": "2026-12-01T00:00:00Z",
             "limit_usd": "500.00", "spent_usd": "401.230000", "percent_used": "80.25", "forecast_usd": "612.000000",
             "top_models": [{"provider": "openai", "model": "gpt-4o", "cost_usd": "300.100000"},
                            {"provider": "anthropic", "model": "claude-sonnet-4", "cost_usd": "90.000000"},
                            {"provider": "openai", "model": "gpt-4o-mini", "cost_usd": "11.130000"},
                            {"provider": "google", "model": "gemini-2.5-pro", "cost_usd": "0.000001"}],
             "top_tags": [{"key": "project", "value": "search", "cost_usd": "401.230000"}],
             "dashboard_url": "https://llmlab.example.com/budgets/%s", "created_at": "2026-11-20T10:00:00Z"}
            """;
    private static final Jdbi JDBI = TestServers.jdbi();

    private AlertFixtures() {
    }

    /** A delivery's row. */
    record Row(String status, int attempts, String lastError, Instant deliveredAt) {
    }

    /** @return a new budget "search team" of 500 USD a month with these channels (JSON array) */
    static UUID budget(UUID user, String channelsJson) {
        UUID id = UUID.randomUUID();
        JDBI.useHandle(h -> h.createUpdate("""
                        INSERT INTO budgets (id, user_id, monthly_limit_usd, alert_channel, alert_at_50_percent,
                            alert_at_80_percent, created_at, name, period, channels)
                        VALUES (:id, :u, 500, NULL, true, true, now(), 'search team', 'month', CAST(:c AS jsonb))
                        """)
                .bind("id", id).bind("u", user).bind("c", channelsJson).execute());
        return id;
    }

    /** @return a new 80 % threshold alert of the budget, created at {@code createdAt}, with {@link #PAYLOAD} */
    static UUID alert(UUID user, UUID budget, Instant createdAt) {
        UUID id = UUID.randomUUID();
        JDBI.useHandle(h -> h.createUpdate("""
                        INSERT INTO alerts (id, user_id, budget_id, type, threshold_percent, period_start, period_end,
                            dedupe_key, spent_usd, limit_usd, forecast_usd, payload, created_at)
                        VALUES (:id, :u, :b, 'budget.threshold_crossed', 80, '2026-11-01T00:00:00Z',
                            '2026-12-01T00:00:00Z', :key, 401.230000, 500, 612.000000, CAST(:p AS jsonb), :at)
                        """)
                .bind("id", id).bind("u", user).bind("b", budget).bind("key", "threshold:80:" + id)
                .bind("p", PAYLOAD.formatted(id, budget, budget))
                .bind("at", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC)).execute());
        return id;
    }

    /** @return a pending delivery of the alert to channel {@code index}, due now, created at {@code createdAt} */
    static UUID delivery(UUID alert, int index, String type, Instant createdAt) {
        UUID id = UUID.randomUUID();
        JDBI.useHandle(h -> h.createUpdate("""
                        INSERT INTO alert_deliveries (id, alert_id, channel_index, channel_type, status, attempts,
                            next_attempt_at, created_at)
                        VALUES (:id, :a, :i, :t, 'pending', 0, now(), :at)
                        """)
                .bind("id", id).bind("a", alert).bind("i", index).bind("t", type)
                .bind("at", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC)).execute());
        return id;
    }

    /** @return the delivery's row now */
    static Row row(UUID delivery) {
        return JDBI.withHandle(h -> h.createQuery(
                        "SELECT status, attempts, last_error, delivered_at FROM alert_deliveries WHERE id = :id")
                .bind("id", delivery)
                .map((rs, ctx) -> {
                    OffsetDateTime d = rs.getObject("delivered_at", OffsetDateTime.class);
                    return new Row(rs.getString(1), rs.getInt(2), rs.getString(3), d == null ? null : d.toInstant());
                })
                .one());
    }

    /** @return the outcomes of the delivery's attempts in order, e.g. {@code [retry, retry, delivered]} */
    static java.util.List<String> attempts(UUID delivery) {
        return JDBI.withHandle(h -> h.createQuery(
                        "SELECT outcome || ':' || coalesce(http_status::text, '-') FROM alert_attempts"
                                + " WHERE delivery_id = :id ORDER BY attempt")
                .bind("id", delivery).mapTo(String.class).list());
    }

    /** Waits (up to {@code within}) until the condition holds. */
    static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + within + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
