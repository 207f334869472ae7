package dev.llmlab.server.reprice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.llmlab.server.budget.BudgetSpend;
import dev.llmlab.server.budget.Spend;
import dev.llmlab.server.http.JsonBodies;
import java.time.OffsetDateTime;
import java.util.HashMap;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.db.Columns;
import dev.llmlab.server.db.DatabaseException;
import dev.llmlab.server.db.SqlTypes;
import dev.llmlab.server.ingest.PriceColumns;
import dev.llmlab.server.ingest.StoredEvent;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Re-prices stored events of a time range with a (corrected) catalog. {@link #plan} only reads and
 * reports what would change; {@link #apply} writes the new prices and moves the period and tag
 * totals by the difference, in one transaction, and with them the spend of the budgets the changed
 * events count in (by the same differences, so ingest running meanwhile loses nothing).
 *
 * <p>Safe while ingest runs: totals are adjusted by appending deltas (as ingest does), and an
 * event is updated only if its stored cost is still the one the plan was computed from.
 *
 * <pre>{@code
 * Repricer repricer = new Repricer(jdbi, catalog);
 * Repricer.Plan plan = repricer.plan(from, to);
 * System.out.println(plan.report());
 * repricer.apply(plan);
 * }</pre>
 */
public final class Repricer {
    private static final int CHUNK = 1_000;
    private static final String APPLY = """
            WITH c AS (
                SELECT * FROM unnest(:user_ids, :ids, :old_cost, :cost, :cost_input, :cost_cache_read,
                                     :cost_cache_write, :cost_output, :cost_web_search, :priced_as, :price_id,
                                     :unpriced_reason)
                    AS t(user_id, id, old_cost, cost_usd, input_cost_usd, cache_read_cost_usd, cache_write_cost_usd,
                         output_cost_usd, web_search_cost_usd, priced_as, price_id, unpriced_reason)
            ), upd AS (
                UPDATE events e SET cost_usd = c.cost_usd, input_cost_usd = c.input_cost_usd,
                       cache_read_cost_usd = c.cache_read_cost_usd, cache_write_cost_usd = c.cache_write_cost_usd,
                       output_cost_usd = c.output_cost_usd, web_search_cost_usd = c.web_search_cost_usd,
                       priced_as = c.priced_as, price_id = c.price_id, unpriced_reason = c.unpriced_reason
                FROM c
                WHERE e.user_id = c.user_id AND e.id = c.id AND e.cost_usd IS NOT DISTINCT FROM c.old_cost
                RETURNING e.user_id, e.provider, e.model, e.tags, e.occurred_at, e.api_key_id,
                          coalesce(c.cost_usd, 0) - coalesce(c.old_cost, 0) AS d_cost,
                          (c.cost_usd IS NULL)::int - (c.old_cost IS NULL)::int AS d_unpriced
            ), totals AS (
                INSERT INTO usage_deltas (user_id, bucket, provider, model, events, unpriced_events, cost_usd,
                                          input_tokens, output_tokens)
                SELECT user_id, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00') AS b,
                       provider, model, 0, sum(d_unpriced), sum(d_cost), 0, 0
                FROM upd GROUP BY user_id, b, provider, model
                RETURNING 1
            ), tag_rows AS (
                INSERT INTO tag_deltas (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
                SELECT upd.user_id, t.key,
                       date_bin('15 minutes', upd.occurred_at, timestamptz '2000-01-01 00:00:00+00') AS b,
                       t.value, 0, sum(d_unpriced), sum(d_cost)
                FROM upd CROSS JOIN LATERAL jsonb_each_text(upd.tags) AS t(key, value)
                GROUP BY upd.user_id, t.key, b, t.value
                RETURNING 1
            )
            SELECT user_id, provider, model, tags::text AS tags, occurred_at, api_key_id, d_cost, d_unpriced FROM upd
            """;

    /** The changed events' columns, as {@link #APPLY} unnests them. */
    private static final Columns<Change> CHANGES = Columns.<Change>of()
            .with("user_ids", UUID.class, Change::userId)
            .with("ids", UUID.class, Change::id)
            .with("old_cost", BigDecimal.class, Change::oldCost)
            .with(Change::result, PriceColumns.COLUMNS);

    private final Jdbi jdbi;
    private final CostCalculator calculator;

    /**
     * @param jdbi the database; not null. {@link SqlTypes} are installed on it
     * @param catalog the prices to apply; not null
     */
    public Repricer(Jdbi jdbi, PriceCatalog catalog) {
        this.jdbi = SqlTypes.installOn(Objects.requireNonNull(jdbi, "jdbi"));
        this.calculator = CostCalculator.of(Objects.requireNonNull(catalog, "catalog"));
    }

    /** One event whose price changes. */
    record Change(UUID userId, UUID id, String provider, String model, BigDecimal oldCost, CostResult result) {
        BigDecimal newCost() {
            return result.isPriced() ? result.cost().total() : null;
        }
    }

    /**
     * Before and after of one model's changed events.
     *
     * @param provider the provider
     * @param model the model
     * @param events how many events change price
     * @param before their priced events' cost before
     * @param after their priced events' cost after
     * @param unpricedBefore how many were unpriced before
     * @param unpricedAfter how many are unpriced after
     */
    public record ModelDiff(String provider, String model, long events, BigDecimal before, BigDecimal after,
            long unpricedBefore, long unpricedAfter) {
        static ModelDiff of(Change c) {
            return new ModelDiff(c.provider(), c.model(), 1, c.oldCost() == null ? BigDecimal.ZERO : c.oldCost(),
                    c.newCost() == null ? BigDecimal.ZERO : c.newCost(), c.oldCost() == null ? 1 : 0,
                    c.newCost() == null ? 1 : 0);
        }

        ModelDiff plus(ModelDiff o) {
            return new ModelDiff(provider, model, events + o.events, before.add(o.before), after.add(o.after),
                    unpricedBefore + o.unpricedBefore, unpricedAfter + o.unpricedAfter);
        }
    }

    /**
     * What a re-pricing would do.
     *
     * @param from start of the range, inclusive
     * @param to end of the range, exclusive
     * @param scanned events read
     * @param changes the events whose price changes
     * @param byModel before/after by model, for the changed events
     */
    public record Plan(Instant from, Instant to, long scanned, List<Change> changes, List<ModelDiff> byModel) {
        /** @return events whose price changes */
        public int changed() {
            return changes.size();
        }

        /** @return the changed events' total before (priced ones) */
        public BigDecimal before() {
            return byModel.stream().map(ModelDiff::before).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** @return the changed events' total after (priced ones) */
        public BigDecimal after() {
            return byModel.stream().map(ModelDiff::after).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** @return a report for people */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append("re-pricing events from ").append(from).append(" to ").append(to).append('\n');
            sb.append("events scanned: ").append(scanned).append(", price changes: ").append(changed()).append('\n');
            for (ModelDiff d : byModel) {
                sb.append(String.format("  %-10s %-32s %8d events  %s -> %s  (%s)%s%n", d.provider(), d.model(),
                        d.events(), d.before().toPlainString(), d.after().toPlainString(),
                        signed(d.after().subtract(d.before())),
                        d.unpricedBefore() != d.unpricedAfter() ? "  unpriced " + d.unpricedBefore() + " -> "
                                + d.unpricedAfter() : ""));
            }
            sb.append("total of changed events: ").append(before().toPlainString()).append(" -> ")
                    .append(after().toPlainString()).append(" USD (").append(signed(after().subtract(before())))
                    .append(")\n");
            return sb.toString();
        }

        private static String signed(BigDecimal d) {
            return (d.signum() >= 0 ? "+" : "") + d.toPlainString();
        }
    }

    /**
     * Computes the new price of every event in [from, to) and keeps those that change. Reads only.
     *
     * @param from start, inclusive; not null
     * @param to end, exclusive; not null
     * @return the plan
     */
    public Plan plan(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the range is empty: from " + from + " is not before to " + to);
        }
        List<Change> changes = new ArrayList<>();
        long[] scanned = {0};
        try {
            scan(from, to, changes, scanned);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read events to re-price: " + e.getMessage(), e);
        }
        return summarize(from, to, scanned[0], changes);
    }

    private void scan(Instant from, Instant to, List<Change> changes, long[] scanned) throws SQLException {
        jdbi.useTransaction(h -> {
            h.getConnection().setReadOnly(true);
            h.createQuery("""
                    SELECT user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                           cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                           output_audio_tokens, web_search_requests, service_tier, inference_geo, cost_usd, price_id,
                           unpriced_reason, occurred_at
                    FROM events WHERE occurred_at >= :from AND occurred_at < :to
                    """)
                    .bind("from", from.atOffset(ZoneOffset.UTC))
                    .bind("to", to.atOffset(ZoneOffset.UTC))
                    .setFetchSize(5_000)
                    .map((rs, ctx) -> row(rs))
                    .forEach(c -> {
                        scanned[0]++;
                        if (c != null) {
                            changes.add(c);
                        }
                    });
        });
    }

    private static Plan summarize(Instant from, Instant to, long scanned, List<Change> changes) {
        Map<String, ModelDiff> byModel = new TreeMap<>();
        for (Change c : changes) {
            byModel.merge(c.provider() + "\u0000" + c.model(), ModelDiff.of(c), ModelDiff::plus);
        }
        return new Plan(from, to, scanned, List.copyOf(changes), List.copyOf(byModel.values()));
    }

    private Change row(ResultSet rs) throws SQLException {
        Usage usage = StoredEvent.usage(rs);
        Instant at = rs.getObject("occurred_at", java.time.OffsetDateTime.class).toInstant();
        CostResult r = calculator.price(usage, at);
        BigDecimal old = rs.getBigDecimal("cost_usd");
        BigDecimal now = r.isPriced() ? r.cost().total() : null;
        boolean same = old == null ? now == null
                : now != null && old.compareTo(now) == 0 && Objects.equals(rs.getString("price_id"), r.priceId());
        if (same) {
            return null;
        }
        return new Change(rs.getObject("user_id", UUID.class), rs.getObject("id", UUID.class), rs.getString("provider"),
                rs.getString("model"), old, r);
    }

    /**
     * Writes the plan's prices and moves the totals by the differences, in one transaction.
     *
     * @param plan a plan from {@link #plan}
     * @return events updated (fewer than planned if some changed meanwhile)
     */
    public long apply(Plan plan) {
        return jdbi.inTransaction(h -> {
            long updated = 0;
            for (int i = 0; i < plan.changes().size(); i += CHUNK) {
                updated += applyChunk(h, plan.changes().subList(i, Math.min(plan.changes().size(), i + CHUNK)));
            }
            h.createUpdate("""
                    INSERT INTO reprice_runs (id, applied_at, range_from, range_to, events_changed, cost_before_usd,
                                              cost_after_usd)
                    VALUES (:id, now(), :from, :to, :n, :before, :after)
                    """)
                    .bind("id", UUID.randomUUID())
                    .bind("from", plan.from().atOffset(ZoneOffset.UTC))
                    .bind("to", plan.to().atOffset(ZoneOffset.UTC))
                    .bind("n", updated)
                    .bind("before", plan.before())
                    .bind("after", plan.after())
                    .execute();
            return updated;
        });
    }

    private static long applyChunk(Handle h, List<Change> changes) {
        Map<UUID, List<Spend>> byAccount = new HashMap<>();
        long[] updated = {0};
        CHANGES.bind(h.createQuery(APPLY), changes).map((rs, ctx) -> {
            updated[0]++;
            OffsetDateTime at = rs.getObject("occurred_at", OffsetDateTime.class);
            byAccount.computeIfAbsent(rs.getObject("user_id", UUID.class), u -> new ArrayList<>())
                    .add(new Spend(at.toInstant(), rs.getString("provider"), rs.getString("model"),
                            tags(rs.getString("tags")), rs.getObject("api_key_id", UUID.class),
                            rs.getBigDecimal("d_cost"), -rs.getInt("d_unpriced")));
            return null;
        }).forEach(x -> { });
        byAccount.forEach((user, spends) -> BudgetSpend.adjust(h, user, spends));
        return updated[0];
    }

    private static Map<String, String> tags(String json) {
        try {
            return JsonBodies.MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's stored tags cannot be read", e);
        }
    }
}
