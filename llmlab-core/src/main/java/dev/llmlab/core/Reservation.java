package dev.llmlab.core;

import java.math.BigDecimal;

/**
 * Room reserved in hard budgets for one call in flight, to be settled with the call's real cost
 * by {@link Budgets#settle}. Settling twice has no effect.
 */
final class Reservation {
    /** No room reserved: the call is in no hard budget's scope. */
    static final Reservation NONE = new Reservation(new BudgetState[0], BigDecimal.ZERO);

    final BudgetState[] states;
    final BigDecimal estimateUsd;
    private boolean settled;

    Reservation(BudgetState[] states, BigDecimal estimateUsd) {
        this.states = states;
        this.estimateUsd = estimateUsd;
    }

    /** @return the estimated maximum cost reserved, zero when none was declared */
    BigDecimal estimateUsd() {
        return estimateUsd;
    }

    synchronized boolean markSettled() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }
}
