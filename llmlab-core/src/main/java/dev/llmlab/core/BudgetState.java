package dev.llmlab.core;

import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetAlert;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.budget.BudgetStatus;
import dev.llmlab.core.budget.Forecast;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One budget's mutable state; every method holds the state's lock, so checks and updates are atomic. */
final class BudgetState {
    final Budget budget;
    private long periodStartMs = Long.MIN_VALUE;
    private long periodEndMs = Long.MIN_VALUE;
    private BigDecimal spent = BigDecimal.ZERO;
    private BigDecimal reserved = BigDecimal.ZERO;
    private long events;
    private final boolean[] fired;
    private final BigDecimal[] thresholdAmounts;

    BudgetState(Budget budget) {
        this.budget = budget;
        this.fired = new boolean[budget.thresholdsPercent().size()];
        this.thresholdAmounts = new BigDecimal[fired.length];
        for (int i = 0; i < fired.length; i++) {
            // exact: limit × percent / 100 only moves the decimal point
            thresholdAmounts[i] = budget.limitUsd().multiply(BigDecimal.valueOf(budget.thresholdsPercent().get(i)))
                    .movePointLeft(2);
        }
    }

    /** Moves to the period containing {@code ms} when that period is later than the current one. */
    private void rollTo(long ms) {
        if (ms < periodEndMs) {
            return;
        }
        Instant at = Instant.ofEpochMilli(ms);
        periodStartMs = budget.period().start(at, budget.zone()).toEpochMilli();
        periodEndMs = budget.period().end(at, budget.zone()).toEpochMilli();
        spent = BigDecimal.ZERO;
        events = 0;
        java.util.Arrays.fill(fired, false);
    }

    /**
     * Reserves room for a call, or says why not.
     *
     * @return null when reserved, else the exception to throw
     */
    synchronized BudgetExceededException tryReserve(BigDecimal estimate, long nowMs) {
        rollTo(nowMs);
        BigDecimal committed = spent.add(reserved);
        BigDecimal limit = budget.limitUsd();
        // Reached: no call goes ahead, even one declaring no estimate. Otherwise the call's declared
        // maximum must fit, so that concurrent callers can never jointly overshoot what they declared.
        if (committed.compareTo(limit) >= 0 || committed.add(estimate).compareTo(limit) > 0) {
            return new BudgetExceededException(budget.name(), spent, reserved, estimate, limit);
        }
        reserved = reserved.add(estimate);
        return null;
    }

    synchronized void release(BigDecimal estimate) {
        reserved = reserved.subtract(estimate);
    }

    /**
     * Adds an event's cost to the period its timestamp falls in; an event of an already closed
     * period is not counted (its period is over).
     *
     * @return the thresholds crossed by this event, each only once per period
     */
    synchronized List<BudgetAlert> add(BigDecimal cost, long eventMs) {
        rollTo(eventMs);
        if (eventMs < periodStartMs) {
            return List.of();
        }
        events++;
        spent = spent.add(cost);
        List<BudgetAlert> alerts = null;
        for (int i = 0; i < fired.length; i++) {
            if (!fired[i] && spent.compareTo(thresholdAmounts[i]) >= 0) {
                fired[i] = true;
                if (alerts == null) {
                    alerts = new ArrayList<>(2);
                }
                alerts.add(new BudgetAlert(budget, budget.thresholdsPercent().get(i), Instant.ofEpochMilli(periodStartMs),
                        spent, budget.limitUsd()));
            }
        }
        return alerts == null ? List.of() : alerts;
    }

    synchronized BudgetStatus status(long nowMs) {
        rollTo(nowMs);
        List<Integer> reached = new ArrayList<>();
        for (int i = 0; i < fired.length; i++) {
            if (fired[i]) {
                reached.add(budget.thresholdsPercent().get(i));
            }
        }
        Instant start = Instant.ofEpochMilli(periodStartMs);
        Instant end = Instant.ofEpochMilli(periodEndMs);
        return new BudgetStatus(budget, start, end, spent, reserved, events, reached,
                Forecast.linear(spent, start, end, Instant.ofEpochMilli(nowMs)));
    }
}
