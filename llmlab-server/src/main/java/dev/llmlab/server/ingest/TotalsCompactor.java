package dev.llmlab.server.ingest;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

/**
 * Folds the deltas that ingest and re-pricing append ({@code usage_deltas}, {@code tag_deltas})
 * into the period totals, every second, in bounded transactions. Each fold deletes a set of delta
 * rows and adds them to the totals in one atomic statement, so a summary (which reads totals and
 * deltas in one statement) never sees a delta twice or not at all. Any number of instances may
 * run it; an advisory lock lets one work at a time.
 */
@Singleton
public final class TotalsCompactor {
    private static final System.Logger LOG = System.getLogger(TotalsCompactor.class.getName());
    private static final long LOCK = 0x4c4c4d4c4142L; // "LLMLAB"
    private static final int LIMIT = 50_000;
    static final String FOLD_USAGE = """
            WITH d AS (
                DELETE FROM usage_deltas WHERE ctid = ANY(ARRAY(SELECT ctid FROM usage_deltas LIMIT :limit))
                RETURNING *
            )
            INSERT INTO usage_totals AS u (user_id, bucket, provider, model, events, unpriced_events, cost_usd,
                                           input_tokens, output_tokens)
            SELECT user_id, bucket, provider, model, sum(events), sum(unpriced_events), sum(cost_usd),
                   sum(input_tokens), sum(output_tokens)
            FROM d GROUP BY user_id, bucket, provider, model ORDER BY user_id, bucket, provider, model
            ON CONFLICT (user_id, bucket, provider, model) DO UPDATE SET
                events = u.events + excluded.events,
                unpriced_events = u.unpriced_events + excluded.unpriced_events,
                cost_usd = u.cost_usd + excluded.cost_usd,
                input_tokens = u.input_tokens + excluded.input_tokens,
                output_tokens = u.output_tokens + excluded.output_tokens
            """;
    static final String FOLD_TAGS = """
            WITH d AS (
                DELETE FROM tag_deltas WHERE ctid = ANY(ARRAY(SELECT ctid FROM tag_deltas LIMIT :limit))
                RETURNING *
            )
            INSERT INTO tag_totals AS g (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
            SELECT user_id, tag_key, bucket, tag_value, sum(events), sum(unpriced_events), sum(cost_usd)
            FROM d GROUP BY user_id, tag_key, bucket, tag_value ORDER BY user_id, tag_key, bucket, tag_value
            ON CONFLICT (user_id, tag_key, bucket, tag_value) DO UPDATE SET
                events = g.events + excluded.events,
                unpriced_events = g.unpriced_events + excluded.unpriced_events,
                cost_usd = g.cost_usd + excluded.cost_usd
            """;
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public TotalsCompactor(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs every second on the scheduler; failures are logged and retried on the next tick. */
    @Scheduled(fixedDelay = "1s", initialDelay = "1s")
    void tick() {
        try {
            compact();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "folding total deltas failed; retrying in a second", e);
        }
    }

    /**
     * Folds pending deltas into the totals until none are left (or another instance holds the lock).
     *
     * @return delta rows folded
     */
    public long compact() {
        long total = 0;
        while (true) {
            long n = jdbi.inTransaction(h -> {
                boolean mine = h.createQuery("SELECT pg_try_advisory_xact_lock(:k)").bind("k", LOCK)
                        .mapTo(Boolean.class).one();
                if (!mine) {
                    return -1L;
                }
                long a = h.createUpdate(FOLD_USAGE).bind("limit", LIMIT).execute();
                long b = h.createUpdate(FOLD_TAGS).bind("limit", LIMIT).execute();
                return a + b;
            });
            if (n <= 0) {
                return total;
            }
            total += n;
        }
    }
}
