package dev.llmlab.server.summary;

import dev.llmlab.server.account.Budget;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The costs of an account in one period, as {@link SummaryService} adds them up.
 *
 * @param period the period summed
 * @param total every event of the period
 * @param byProvider per provider, most expensive first (then by name)
 * @param byModel per model, most expensive first (then by provider and model)
 * @param daily the cost of every day of the period up to today, and of later days that have events
 * @param tagKey the tag grouped by, or null
 * @param byTag per value of the tag, most expensive first, then a row of the events without the tag
 *     (value null) when there are any; null unless grouped by a tag
 * @param budget the account's oldest budget against its month, or null when it has none
 */
public record Summary(Period period, Totals total, List<ProviderTotal> byProvider,
        List<SummaryQueries.ModelTotal> byModel, List<SummaryQueries.DayTotal> daily, String tagKey,
        List<SummaryQueries.TagTotal> byTag, List<SummaryQueries.TierTotal> byServiceTier, BudgetStatus budget) {
    /** Checks the parts and keeps immutable copies of the lists. */
    public Summary {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(total, "total");
        byProvider = List.copyOf(byProvider);
        byModel = List.copyOf(byModel);
        daily = List.copyOf(daily);
        byTag = byTag == null ? null : List.copyOf(byTag);
        byServiceTier = byServiceTier == null ? null : List.copyOf(byServiceTier);
    }

    /**
     * Totals of one provider.
     *
     * @param provider the provider
     * @param totals its events
     */
    public record ProviderTotal(String provider, Totals totals) {
    }

    /**
     * A budget against the spending of the month containing the period's start.
     *
     * @param budget the budget
     * @param month that month, in the summary's time zone
     * @param spent the cost of the month's priced events
     */
    public record BudgetStatus(Budget budget, Period month, BigDecimal spent) {
        /** @return what is left of the limit; negative once exceeded */
        public BigDecimal remaining() {
            return budget.monthlyLimitUsd().subtract(spent);
        }

        /** @return the share of the limit spent, in percent, rounded half up to 2 decimals (for people) */
        public BigDecimal percentUsed() {
            return spent.multiply(BigDecimal.valueOf(100)).divide(budget.monthlyLimitUsd(), 2, RoundingMode.HALF_UP);
        }

        /** @return whether the month spent more than the limit */
        public boolean exceeded() {
            return spent.compareTo(budget.monthlyLimitUsd()) > 0;
        }
    }
}
