package dev.llmlab.server.ingest;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Folds the deltas that ingest and re-pricing append ({@code usage_deltas}, {@code tag_deltas})
 * into the period totals, every second, in bounded transactions. Each fold deletes a set of delta
 * rows and adds them to the totals in one atomic statement, so a summary (which reads totals and
 * deltas in one statement) never sees a delta twice or not at all. Any number of instances may
 * run it; an advisory lock lets one work at a time.
 *
 * <p><b>A bad row does not stop the others.</b> Each fold runs in a savepoint. When it fails on the
 * data (SQLSTATE class 22 or 23, e.g. {@code bigint out of range} from rows written by hand), the
 * fold is retried account by account, and within a failing account group by group (one total
 * row's key); a group that still fails is <em>held</em>: its delta rows get {@code held_at} set and
 * stay where they are, so summaries keep counting them, and the compactor skips them from then
 * on. Each held group is logged once, in one line without a stack trace. Clearing {@code held_at}
 * (after correcting the rows) lets the compactor try them again.
 *
 * <p>Other failures (the database is unreachable, a statement is cancelled) are retried on the
 * next tick and logged rate-limited (see {@link #tick()}).
 */
@Singleton
public final class TotalsCompactor {
    private static final System.Logger LOG = System.getLogger(TotalsCompactor.class.getName());
    private static final long LOCK = 0x4c4c4d4c4142L; // "LLMLAB"
    private static final int LIMIT = 50_000;
    private static final long REPORT_EVERY_NANOS = Duration.ofMinutes(5).toNanos();
    /** Held groups already logged by this instance; bounded, oldest forgotten first. */
    private static final int LOGGED_GROUPS = 10_000;

    /** The two kinds of delta rows: where they are, what identifies a total row, how to fold them. */
    enum Kind {
        USAGE("usage_deltas", List.of("user_id", "bucket", "provider", "model"), """
                WITH d AS (
                    DELETE FROM usage_deltas WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM usage_deltas WHERE held_at IS NULL %s LIMIT :limit))
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
                """),
        TAGS("tag_deltas", List.of("user_id", "tag_key", "bucket", "tag_value"), """
                WITH d AS (
                    DELETE FROM tag_deltas WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM tag_deltas WHERE held_at IS NULL %s LIMIT :limit))
                    RETURNING *
                )
                INSERT INTO tag_totals AS g (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
                SELECT user_id, tag_key, bucket, tag_value, sum(events), sum(unpriced_events), sum(cost_usd)
                FROM d GROUP BY user_id, tag_key, bucket, tag_value ORDER BY user_id, tag_key, bucket, tag_value
                ON CONFLICT (user_id, tag_key, bucket, tag_value) DO UPDATE SET
                    events = g.events + excluded.events,
                    unpriced_events = g.unpriced_events + excluded.unpriced_events,
                    cost_usd = g.cost_usd + excluded.cost_usd
                """);

        final String table;
        final List<String> key;
        private final String fold;

        Kind(String table, List<String> key, String fold) {
            this.table = table;
            this.key = key;
            this.fold = fold;
        }

        /** @return the fold of at most {@code :limit} pending rows matching {@code scope} */
        String fold(Map<String, Object> scope) {
            return fold.formatted(filter(scope));
        }
    }

    private final Jdbi jdbi;
    private final Set<String> loggedGroups = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > LOGGED_GROUPS;
                }
            }));
    private long failures;
    private boolean episodeReported;
    private long lastReport = System.nanoTime() - REPORT_EVERY_NANOS;

    /** @param jdbi the database */
    public TotalsCompactor(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs every second on the scheduler; a failure is retried on the next tick. Logging is
     * rate-limited even when the database flaps: at most one failure report every five minutes
     * (the first with its stack trace, later ones in one line), and a recovery line only after a
     * reported failure.
     */
    @Scheduled(fixedDelay = "1s", initialDelay = "1s")
    synchronized void tick() {
        try {
            compact();
            if (failures > 0 && episodeReported) {
                LOG.log(System.Logger.Level.INFO, "folding total deltas works again after " + failures
                        + " failed attempt(s)");
            }
            failures = 0;
            episodeReported = false;
        } catch (RuntimeException e) {
            failures++;
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_EVERY_NANOS) {
                lastReport = now;
                episodeReported = true;
                if (failures == 1) {
                    LOG.log(System.Logger.Level.WARNING, "folding total deltas failed; retrying every second", e);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "folding total deltas still fails after " + failures
                            + " attempts: " + oneLine(e));
                }
            }
        }
    }

    /**
     * Folds pending deltas into the totals until none are left (or another instance holds the lock).
     * Rows that cannot be folded are held back (see the class description) and do not stop the rest.
     *
     * @return total rows written plus delta rows held back; 0 when nothing was pending
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
                return foldIsolating(h, Kind.USAGE) + foldIsolating(h, Kind.TAGS);
            });
            if (n <= 0) {
                return total;
            }
            total += n;
        }
    }

    /**
     * One fold of at most {@link #LIMIT} pending rows; if the data makes it fail, the same work
     * account by account and group by group, holding back the groups that cannot be folded.
     */
    private long foldIsolating(Handle h, Kind kind) {
        try {
            return inSavepoint(h, "fold_all", () -> fold(h, kind, Map.of()));
        } catch (RuntimeException e) {
            rethrowUnlessDataError(e);
        }
        long n = 0;
        for (UUID account : h.createQuery("SELECT DISTINCT user_id FROM " + kind.table + " WHERE held_at IS NULL")
                .mapTo(UUID.class).list()) {
            Map<String, Object> scope = Map.of("user_id", account);
            try {
                n += inSavepoint(h, "fold_account", () -> fold(h, kind, scope));
                continue;
            } catch (RuntimeException e) {
                rethrowUnlessDataError(e);
            }
            for (Map<String, Object> group : groups(h, kind, account)) {
                try {
                    n += inSavepoint(h, "fold_group", () -> fold(h, kind, group));
                } catch (RuntimeException e) {
                    rethrowUnlessDataError(e);
                    n += hold(h, kind, group, e);
                }
            }
        }
        return n;
    }

    private static long fold(Handle h, Kind kind, Map<String, Object> scope) {
        return h.createUpdate(kind.fold(scope)).bindMap(scope).bind("limit", LIMIT).execute();
    }

    /** @return the distinct total-row keys of an account's pending deltas */
    private static List<Map<String, Object>> groups(Handle h, Kind kind, UUID account) {
        String columns = String.join(", ", kind.key);
        return h.createQuery("SELECT DISTINCT " + columns + " FROM " + kind.table
                        + " WHERE held_at IS NULL AND user_id = :user_id")
                .bind("user_id", account)
                .map((rs, ctx) -> {
                    Map<String, Object> g = new LinkedHashMap<>();
                    for (String c : kind.key) {
                        g.put(c, c.equals("bucket") ? rs.getObject(c, java.time.OffsetDateTime.class)
                                : c.equals("user_id") ? rs.getObject(c, UUID.class) : rs.getString(c));
                    }
                    return g;
                })
                .list();
    }

    private long hold(Handle h, Kind kind, Map<String, Object> group, RuntimeException cause) {
        int rows = h.createUpdate("UPDATE " + kind.table + " SET held_at = now() WHERE held_at IS NULL "
                + filter(group)).bindMap(group).execute();
        String where = group.entrySet().stream().map(e -> e.getKey() + " = " + printable(e.getValue()))
                .collect(Collectors.joining(", "));
        if (loggedGroups.add(kind.table + group)) {
            LOG.log(System.Logger.Level.WARNING, "holding back " + rows + " " + kind.table + " row(s) that cannot be"
                    + " added to their total (" + where + "): " + oneLine(cause) + "; summaries still count them and"
                    + " every other delta keeps folding; correct or delete them, then set held_at to NULL to fold"
                    + " them again");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "holding back " + rows + " more " + kind.table + " row(s) ("
                    + where + ")");
        }
        return rows;
    }

    /** @return {@code AND col = :col ...} for every column of a scope (the names are ours, never input) */
    private static String filter(Map<String, Object> scope) {
        return scope.keySet().stream().map(c -> "AND " + c + " = :" + c).collect(Collectors.joining(" "));
    }

    private static long inSavepoint(Handle h, String name, java.util.function.LongSupplier work) {
        h.savepoint(name);
        try {
            long n = work.getAsLong();
            h.releaseSavepoint(name);
            return n;
        } catch (RuntimeException e) {
            h.rollbackToSavepoint(name);
            throw e;
        }
    }

    /** Data exceptions (22xxx) and constraint violations (23xxx) belong to the rows; anything else does not. */
    private static void rethrowUnlessDataError(RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return;
            }
        }
        throw e;
    }

    /** @return the deepest SQL message (with its SQLSTATE) or the exception's own, on one line */
    private static String oneLine(Throwable e) {
        Throwable c = e;
        String state = null;
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = e; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            if (t instanceof SQLException s) {
                c = s;
                state = s.getSQLState();
            }
        }
        String msg = String.valueOf(c.getMessage()).lines().findFirst().orElse("");
        return printable(msg) + (state == null ? "" : " [SQLSTATE " + state + "]");
    }

    /** @return a value fit for one log line: control characters escaped, at most 200 characters */
    private static String printable(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < s.length() && i < 200; i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch) || Character.isSurrogate(ch)) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return i < s.length() ? sb + "…" : sb.toString();
    }
}
