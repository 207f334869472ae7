package dev.llmlab.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A budget's state in its current period.
 *
 * @param budget the budget
 * @param periodStart the current period's start
 * @param periodEnd the current period's end (exclusive)
 * @param spentUsd exact spend recorded in the period
 * @param reservedUsd estimated costs reserved by calls in flight (hard budgets)
 * @param events the number of events counted in the period
 * @param thresholdsReached the thresholds (percent) already crossed in the period
 * @param forecast the period-end projection at the current burn rate
 */
public record BudgetStatus(Budget budget, Instant periodStart, Instant periodEnd, BigDecimal spentUsd,
        BigDecimal reservedUsd, long events, List<Integer> thresholdsReached, Forecast forecast) {
    /** Checks for nulls and copies the list. */
    public BudgetStatus {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(spentUsd, "spentUsd");
        Objects.requireNonNull(reservedUsd, "reservedUsd");
        thresholdsReached = List.copyOf(thresholdsReached);
    }

    /** @return the limit minus spend and reservations; negative when over */
    public BigDecimal remainingUsd() {
        return budget.limitUsd().subtract(spentUsd).subtract(reservedUsd);
    }

    /** @return true when the period's spend has reached the limit */
    public boolean exhausted() {
        return spentUsd.compareTo(budget.limitUsd()) >= 0;
    }
}
