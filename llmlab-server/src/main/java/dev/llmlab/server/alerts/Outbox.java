package dev.llmlab.server.alerts;

import io.github.resilience4j.core.IntervalFunction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code alert_deliveries} outbox, read and written in short transactions that never span a
 * send: {@link #claim} takes due rows with {@code FOR UPDATE SKIP LOCKED} (so instances never take
 * the same row) and pushes their {@code next_attempt_at} a lease ahead (so no lock is held during
 * the network call, and a crashed sender's rows come due again when the lease ends);
 * {@link #record} counts the attempt, logs it in {@code alert_attempts} and decides what is next.
 * Times are the database's, the one clock all instances share.
 */
final class Outbox {
    private final Jdbi jdbi;
    private final AlertSettings settings;
    private final IntervalFunction backoff;

    /**
     * A delivery claimed for sending.
     *
     * @param deliveryId the delivery
     * @param channelIndex which entry of the budget's channels
     * @param channelType the channel type when the alert was created
     * @param alert the alert
     * @param channels the budget's channels now (JSON, secrets included)
     */
    record Claimed(UUID deliveryId, int channelIndex, String channelType, Alert alert, String channels) {
        /** @return the budget's current entry for this delivery, or null when it was removed */
        ChannelConfig channel() {
            List<ChannelConfig> all = ChannelConfig.parse(channels);
            return channelIndex < all.size() ? all.get(channelIndex) : null;
        }
    }

    Outbox(Jdbi jdbi, AlertSettings settings) {
        this.jdbi = jdbi;
        this.settings = settings;
        // exponential with ±50 % jitter, so receivers that come back are not hit by every sender at once
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.firstRetry(), 2.0, 0.5,
                settings.maxRetry());
    }

    /**
     * @param limit most deliveries to claim
     * @return due deliveries, now leased to the caller
     */
    List<Claimed> claim(int limit) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH due AS (
                            SELECT id FROM alert_deliveries
                            WHERE status = 'pending' AND next_attempt_at <= now()
                            ORDER BY next_attempt_at LIMIT :limit
                            FOR UPDATE SKIP LOCKED
                        ), leased AS (
                            UPDATE alert_deliveries d
                            SET next_attempt_at = now() + make_interval(secs => :lease)
                            FROM due WHERE d.id = due.id
                            RETURNING d.id, d.alert_id, d.channel_index, d.channel_type
                        )
                        SELECT l.id AS delivery_id, l.channel_index, l.channel_type, b.channels::text AS channels,
                        """ + ALERT_COLUMNS + """
                        FROM leased l JOIN alerts a ON a.id = l.alert_id JOIN budgets b ON b.id = a.budget_id
                        """)
                .bind("limit", limit)
                .bind("lease", settings.lease().toMillis() / 1000.0)
                .map((rs, ctx) -> new Claimed(rs.getObject("delivery_id", UUID.class), rs.getInt("channel_index"),
                        rs.getString("channel_type"), alert(rs), rs.getString("channels")))
                .list());
    }

    /** The columns {@link #alert(ResultSet)} reads, from {@code alerts a} joined to {@code budgets b}. */
    static final String ALERT_COLUMNS = """
            a.id, a.user_id, a.budget_id, b.name AS budget_name, b.period AS budget_period, a.type,
            a.threshold_percent, a.period_start, a.period_end, a.spent_usd, a.limit_usd, a.forecast_usd,
            a.payload::text AS payload, a.created_at
            """;

    static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("budget_id", UUID.class), rs.getString("budget_name"), rs.getString("budget_period"),
                rs.getString("type"), (Integer) rs.getObject("threshold_percent"),
                rs.getObject("period_start", OffsetDateTime.class).toInstant(),
                rs.getObject("period_end", OffsetDateTime.class).toInstant(), rs.getBigDecimal("spent_usd"),
                rs.getBigDecimal("limit_usd"), rs.getBigDecimal("forecast_usd"), rs.getString("payload"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /**
     * Records one attempt: delivered; failed for good (a permanent failure, or the retry window has
     * passed); or pending again after the backoff, never later than the end of the window, so the
     * last try happens at its end.
     *
     * @param deliveryId the claimed delivery
     * @param outcome what the attempt came to
     * @return the delivery's status afterwards, or null when it was no longer pending
     */
    String record(UUID deliveryId, Delivery outcome) {
        return jdbi.inTransaction(h -> {
            var row = h.createQuery("""
                            UPDATE alert_deliveries SET attempts = attempts + 1
                            WHERE id = :id AND status = 'pending'
                            RETURNING attempts, created_at, now() AS now
                            """)
                    .bind("id", deliveryId)
                    .map((rs, ctx) -> new Object[] {rs.getInt("attempts"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("now", OffsetDateTime.class).toInstant()})
                    .findOne().orElse(null);
            if (row == null) {
                return null;
            }
            int attempt = (Integer) row[0];
            Instant created = (Instant) row[1];
            Instant now = (Instant) row[2];
            String status;
            String error = null;
            Instant next = null;
            if (outcome instanceof Delivery.Failed f) {
                error = f.error();
                Instant deadline = created.plus(settings.retryWindow());
                Instant after = now.plusMillis(backoff.apply(attempt));
                if (f.permanent() || !now.isBefore(deadline)) {
                    status = "failed";
                } else {
                    status = "pending";
                    next = after.isAfter(deadline) ? deadline : after;
                }
            } else {
                status = "delivered";
            }
            update(h, deliveryId, status, error, next);
            h.createUpdate("""
                            INSERT INTO alert_attempts (delivery_id, attempt, attempted_at, outcome, http_status, error)
                            VALUES (:id, :attempt, now(), :outcome, :http, :error)
                            ON CONFLICT DO NOTHING
                            """)
                    .bind("id", deliveryId)
                    .bind("attempt", attempt)
                    .bind("outcome", status.equals("pending") ? "retry" : status)
                    .bind("http", outcome.httpStatus())
                    .bind("error", error)
                    .execute();
            return status;
        });
    }

    private static void update(Handle h, UUID id, String status, String error, Instant next) {
        h.createUpdate("""
                        UPDATE alert_deliveries SET status = :status,
                            last_error = coalesce(:error, last_error),
                            delivered_at = CASE WHEN :status = 'delivered' THEN now() ELSE delivered_at END,
                            next_attempt_at = coalesce(:next, next_attempt_at)
                        WHERE id = :id
                        """)
                .bind("id", id)
                .bind("status", status)
                .bind("error", error)
                .bindByType("next", next == null ? null : OffsetDateTime.ofInstant(next, java.time.ZoneOffset.UTC),
                        OffsetDateTime.class)
                .execute();
    }
}
