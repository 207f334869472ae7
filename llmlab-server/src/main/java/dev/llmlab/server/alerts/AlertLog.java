package dev.llmlab.server.alerts;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** An account's alerts with the state of their deliveries, newest first: {@code GET /api/alerts}. */
@Singleton
public final class AlertLog {
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public AlertLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * One delivery's state.
     *
     * @param channelIndex which entry of the budget's channels
     * @param channel its type
     * @param status pending, delivered or failed
     * @param attempts attempts made
     * @param lastError the last attempt's error, or null
     * @param deliveredAt when a receiver acknowledged, or null
     * @param nextAttemptAt when a pending delivery is tried next
     */
    public record DeliveryState(int channelIndex, String channel, String status, int attempts, String lastError,
            Instant deliveredAt, Instant nextAttemptAt) {
    }

    /**
     * An alert as listed.
     *
     * @param alert the alert
     * @param deliveries its deliveries by channel index
     */
    public record Entry(Alert alert, List<DeliveryState> deliveries) {
    }

    /**
     * @param userId the account
     * @param limit most alerts
     * @param before an alert id: only alerts listed after it (older); null for the newest
     * @return the alerts, or empty when {@code before} is not an alert of the account
     */
    public Optional<List<Entry>> list(UUID userId, int limit, UUID before) {
        return jdbi.inTransaction(h -> {
            if (before != null && h.createQuery("SELECT 1 FROM alerts WHERE id = :id AND user_id = :u")
                    .bind("id", before).bind("u", userId).mapTo(Integer.class).findOne().isEmpty()) {
                return Optional.empty();
            }
            // the cursor condition only when there is a cursor: a null uuid would be bound as text
            String after = before == null ? "" : "AND (a.created_at, a.id) < (SELECT created_at, id FROM alerts"
                    + " WHERE id = :before)";
            var query = h.createQuery("SELECT " + Outbox.ALERT_COLUMNS + """
                            FROM alerts a JOIN budgets b ON b.id = a.budget_id
                            WHERE a.user_id = :u %s
                            ORDER BY a.created_at DESC, a.id DESC
                            LIMIT :limit
                            """.formatted(after))
                    .bind("u", userId)
                    .bind("limit", limit);
            if (before != null) {
                query.bind("before", before);
            }
            List<Alert> alerts = query.map((rs, ctx) -> Outbox.alert(rs)).list();
            Map<UUID, List<DeliveryState>> deliveries = new LinkedHashMap<>();
            alerts.forEach(a -> deliveries.put(a.id(), new ArrayList<>()));
            if (!alerts.isEmpty()) {
                h.createQuery("""
                                SELECT alert_id, channel_index, channel_type, status, attempts, last_error, delivered_at,
                                    next_attempt_at
                                FROM alert_deliveries WHERE alert_id IN (<ids>) ORDER BY alert_id, channel_index
                                """)
                        .bindList("ids", new ArrayList<>(deliveries.keySet()))
                        .map((rs, ctx) -> {
                            OffsetDateTime delivered = rs.getObject("delivered_at", OffsetDateTime.class);
                            deliveries.get(rs.getObject("alert_id", UUID.class)).add(new DeliveryState(
                                    rs.getInt("channel_index"), rs.getString("channel_type"), rs.getString("status"),
                                    rs.getInt("attempts"), rs.getString("last_error"),
                                    delivered == null ? null : delivered.toInstant(),
                                    rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant()));
                            return 0;
                        })
                        .list();
            }
            List<Entry> out = new ArrayList<>();
            alerts.forEach(a -> out.add(new Entry(a, deliveries.get(a.id()))));
            return Optional.of(out);
        });
    }

    /** @return an amount as plain text ({@code 401.230000}), or null */
    static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
