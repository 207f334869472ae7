package dev.llmlab.server.summary;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The aggregate reads of the summary, all on the 15-minute totals (plus the deltas not yet folded
 * into them, read in the same statement so the sum is exact): their cost grows with the number of
 * buckets × models in the period, not with the number of events.
 */
@Singleton
public final class SummaryQueries {
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public SummaryQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Totals of one model. */
    public record ModelTotal(String provider, String model, long events, long unpricedEvents, BigDecimal cost) {
    }

    /** Cost of one local day. */
    public record DayTotal(LocalDate day, BigDecimal cost) {
    }

    /** Totals of one tag value. */
    public record TagTotal(String value, long events, long unpricedEvents, BigDecimal cost) {
    }

    /** @return totals by model in [from, to), most expensive first */
    public List<ModelTotal> byModel(UUID userId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT provider, model, sum(events) AS events, sum(unpriced_events) AS unpriced, sum(cost_usd) AS cost
                FROM (SELECT provider, model, events, unpriced_events, cost_usd FROM usage_totals
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to
                      UNION ALL
                      SELECT provider, model, events, unpriced_events, cost_usd FROM usage_deltas
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to) t
                GROUP BY provider, model
                ORDER BY cost DESC, provider, model
                """)
                .bind("user_id", userId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new ModelTotal(rs.getString("provider"), rs.getString("model"), rs.getLong("events"),
                        rs.getLong("unpriced"), rs.getBigDecimal("cost")))
                .list());
    }

    /** @return cost per local day of {@code zone} in [from, to), days with events only */
    public List<DayTotal> daily(UUID userId, Instant from, Instant to, ZoneId zone) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT (bucket AT TIME ZONE :zone)::date AS day, sum(cost_usd) AS cost
                FROM (SELECT bucket, cost_usd FROM usage_totals
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to
                      UNION ALL
                      SELECT bucket, cost_usd FROM usage_deltas
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to) t
                GROUP BY day ORDER BY day
                """)
                .bind("zone", zone.getId())
                .bind("user_id", userId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new DayTotal(rs.getObject("day", LocalDate.class), rs.getBigDecimal("cost")))
                .list());
    }

    /** @return totals by value of one tag in [from, to), most expensive first */
    public List<TagTotal> byTag(UUID userId, String key, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT tag_value, sum(events) AS events, sum(unpriced_events) AS unpriced, sum(cost_usd) AS cost
                FROM (SELECT tag_value, events, unpriced_events, cost_usd FROM tag_totals
                      WHERE user_id = :user_id AND tag_key = :key AND bucket >= :from AND bucket < :to
                      UNION ALL
                      SELECT tag_value, events, unpriced_events, cost_usd FROM tag_deltas
                      WHERE user_id = :user_id AND tag_key = :key AND bucket >= :from AND bucket < :to) t
                GROUP BY tag_value ORDER BY cost DESC, tag_value
                """)
                .bind("user_id", userId)
                .bind("key", key)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new TagTotal(rs.getString("tag_value"), rs.getLong("events"), rs.getLong("unpriced"),
                        rs.getBigDecimal("cost")))
                .list());
    }
}
