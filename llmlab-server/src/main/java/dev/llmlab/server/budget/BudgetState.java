package dev.llmlab.server.budget;

import dev.llmlab.server.summary.Period;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a budget stands in one period.
 *
 * <p>The forecast is linear: the period's spend so far, divided by the time elapsed since the
 * period began, times the period's length ({@code spent / elapsed × length}), i.e. the burn rate
 * of the period so far, kept up to its end. Before a minute has elapsed (and for a period that has
 * ended) the forecast is what has been spent.
 *
 * @param period the period
 * @param spentUsd what the budget's scope spent in it, exact
 * @param remainingUsd limit minus spent (negative when over)
 * @param percentUsed spent as a percent of the limit, 2 decimals, half up
 * @param crossed the thresholds at or below {@code percentUsed}
 * @param forecastUsd the period's spend at the end, at the burn rate so far, 6 decimals
 * @param forecastExceeds whether the forecast is above the limit
 */
public record BudgetState(Period period, BigDecimal spentUsd, BigDecimal remainingUsd, BigDecimal percentUsed,
        List<Integer> crossed, BigDecimal forecastUsd, boolean forecastExceeds) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param budget the budget's settings
     * @param period the period
     * @param spent what it spent in the period
     * @param now the instant the forecast is made at
     * @return the state
     */
    public static BudgetState of(BudgetRequest budget, Period period, BigDecimal spent, Instant now) {
        BigDecimal limit = budget.limitUsd();
        BigDecimal percent = percent(spent, limit);
        List<Integer> crossed = budget.thresholds().stream()
                .filter(t -> BigDecimal.valueOf(t).compareTo(percent) <= 0)
                .toList();
        BigDecimal forecast = forecast(period, spent, now);
        return new BudgetState(period, spent, limit.subtract(spent), percent, crossed, forecast,
                forecast.compareTo(limit) > 0);
    }

    /** @return {@code spent} as a percent of {@code limit}, 2 decimals, half up */
    static BigDecimal percent(BigDecimal spent, BigDecimal limit) {
        return spent.multiply(HUNDRED).divide(limit, 2, RoundingMode.HALF_UP);
    }

    /** @return the linear forecast of the period's end (see the type's documentation) */
    static BigDecimal forecast(Period period, BigDecimal spent, Instant now) {
        Instant from = period.from().toInstant();
        Instant to = period.to().toInstant();
        long elapsed = Duration.between(from, now).toMillis();
        long length = Duration.between(from, to).toMillis();
        if (elapsed < 60_000 || elapsed >= length) {
            return spent.setScale(6, RoundingMode.HALF_UP);
        }
        return spent.multiply(BigDecimal.valueOf(length)).divide(BigDecimal.valueOf(elapsed), 6, RoundingMode.HALF_UP);
    }

    /** @return the fraction of the period elapsed at {@code now}, from 0 to 1 */
    static double elapsedFraction(Period period, Instant now) {
        long length = Duration.between(period.from().toInstant(), period.to().toInstant()).toMillis();
        long elapsed = Duration.between(period.from().toInstant(), now).toMillis();
        return Math.max(0, Math.min(1, (double) elapsed / length));
    }
}
