package dev.llmlab.server.budget;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes the budgets' hourly spend rows ({@code budget_spend_hourly}) older than
 * {@link #KEEP}, every ten minutes, so the table holds about two days of hours per budget. The
 * spike rule reads the current hour and the 24 before it only, and ingest and re-pricing never
 * write an hour older than that, so a deleted row is never needed again. Any number of instances
 * may run it: the delete is idempotent.
 */
@Singleton
public final class HourlySpendPruner {
    /** How long an hourly row is kept: twice the spike baseline, so a slow clock never loses one. */
    public static final Duration KEEP = Duration.ofHours(48);
    private static final System.Logger LOG = System.getLogger(HourlySpendPruner.class.getName());
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public HourlySpendPruner(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs on the scheduler; a failure is logged and retried at the next run. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void tick() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning the budgets' hourly spend failed; retrying in 10 minutes: "
                    + e.getMessage());
        }
    }

    /**
     * @param now the present
     * @return how many hourly rows older than {@code now − KEEP} were deleted
     */
    public int prune(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM budget_spend_hourly WHERE hour_start < :before")
                .bind("before", Timestamp.from(now.minus(KEEP)))
                .execute());
    }
}
