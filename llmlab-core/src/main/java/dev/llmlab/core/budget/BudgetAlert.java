package dev.llmlab.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A budget's spend crossed a threshold.
 *
 * @param budget the budget; not null
 * @param thresholdPercent the threshold crossed, in percent of the limit (e.g. 80)
 * @param periodStart the start of the budget period the spend belongs to
 * @param spentUsd the period's exact spend when the threshold was crossed
 * @param limitUsd the budget's limit
 */
public record BudgetAlert(Budget budget, int thresholdPercent, Instant periodStart, BigDecimal spentUsd,
        BigDecimal limitUsd) {
    /** Checks that no component is null. */
    public BudgetAlert {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(spentUsd, "spentUsd");
        Objects.requireNonNull(limitUsd, "limitUsd");
    }
}
