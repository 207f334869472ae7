package dev.llmlab.server.summary;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The aggregate reads of the summary, all on the 15-minute totals (plus the deltas not yet folded
 * into them, read in the same statement so the sum is exact): their cost grows with the number of
 * buckets × models in the period, not with the number of events.
 *
 * <p>Sums cannot overflow: PostgreSQL sums bigint and numeric columns as numeric, and the counts
 * are read as {@link java.math.BigInteger} (they fit a long for every row ingest writes; rows held back by
 * {@link dev.llmlab.server.ingest.TotalsCompactor} because they could not be folded are still
 * summed, exactly).
 */
@Singleton
public final class SummaryQueries {
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public SummaryQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Totals of one model.
     *
     * @param provider the provider
     * @param model the model as sent
     * @param totals its events
     */
    public record ModelTotal(String provider, String model, Totals totals) {
    }

    /**
     * Cost of one local day.
     *
     * @param day the date in the period's zone
     * @param cost its priced events' cost
     */
    public record DayTotal(LocalDate day, BigDecimal cost) {
    }

    /**
     * Totals of one tag value.
     *
     * @param value the value, or null for the events without the tag
     * @param totals its events
     */
    public record TagTotal(String value, Totals totals) {
    }

    /**
     * Totals of one service tier.
     *
     * @param serviceTier standard, batch, flex or priority
     * @param totals its events
     */
    public record TierTotal(String serviceTier, Totals totals) {
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
                .map((rs, ctx) -> new ModelTotal(rs.getString("provider"), rs.getString("model"), totals(rs)))
                .list());
    }

    /**
     * Cost per local day of a period. The days' bounds come from {@link Period} (java.time's zone
     * rules), not from PostgreSQL's: it reads {@code '+05:00'} as a POSIX zone, five hours
     * <em>west</em> of UTC, and its zone database may differ from the JDK's.
     *
     * @return cost per local day of the period, days with events only, in order
     */
    public List<DayTotal> daily(UUID userId, Period period) {
        List<LocalDate> days = period.days();
        Long[] starts = period.dayStarts().stream().map(Instant::getEpochSecond).toArray(Long[]::new);
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT width_bucket(bucket, ARRAY(SELECT timestamptz 'epoch' + s * interval '1 second'
                                                  FROM unnest(:starts) AS s ORDER BY s)) AS day,
                       sum(cost_usd) AS cost
                FROM (SELECT bucket, cost_usd FROM usage_totals
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to
                      UNION ALL
                      SELECT bucket, cost_usd FROM usage_deltas
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to) t
                GROUP BY day ORDER BY day
                """)
                .bindArray("starts", Long.class, (Object[]) starts)
                .bind("user_id", userId)
                .bind("from", period.from().toInstant().atOffset(ZoneOffset.UTC))
                .bind("to", period.to().toInstant().atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new DayTotal(days.get(rs.getInt("day") - 1), rs.getBigDecimal("cost")))
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
                .map((rs, ctx) -> new TagTotal(rs.getString("tag_value"), totals(rs)))
                .list());
    }

    /**
     * Totals by service tier in [from, to), most expensive first. Read from the period's events
     * rather than from the 15-minute totals, which do not keep the tier: a query that grows with
     * the period's events, asked for only with {@code group_by=service_tier}.
     */
    public List<TierTotal> byServiceTier(UUID userId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT service_tier, count(*) AS events, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced,
                       coalesce(sum(cost_usd), 0) AS cost
                FROM events WHERE user_id = :user_id AND occurred_at >= :from AND occurred_at < :to
                GROUP BY service_tier ORDER BY cost DESC, service_tier
                """)
                .bind("user_id", userId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new TierTotal(rs.getString("service_tier"), totals(rs)))
                .list());
    }

    /** Reads the columns {@code events}, {@code unpriced} and {@code cost} every aggregate selects. */
    private static Totals totals(ResultSet rs) throws SQLException {
        return new Totals(rs.getBigDecimal("events").toBigIntegerExact(),
                rs.getBigDecimal("unpriced").toBigIntegerExact(), rs.getBigDecimal("cost"));
    }
}
