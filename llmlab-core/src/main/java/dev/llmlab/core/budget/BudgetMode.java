package dev.llmlab.core.budget;

/** What a {@link Budget} does when spend reaches its limit. */
public enum BudgetMode {
    /** Only tells the {@link BudgetListener} as each threshold is crossed; calls go ahead. */
    SOFT,
    /**
     * Tells the listener as thresholds are crossed, and refuses calls in scope with a
     * {@link BudgetExceededException} before they are made once the period's spend (plus the
     * reservations of calls in flight) has reached the limit.
     */
    HARD
}
