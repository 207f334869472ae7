package dev.llmlab.core.budget;

import dev.llmlab.spi.LlmLabException;
import java.math.BigDecimal;

/**
 * Thrown by a tracked call, before the call is made, when a hard {@link Budget} in its scope has
 * no room left for it, in process or on the LLMlab server ({@code serverBudgetCheck}). The call was
 * not made, and nothing was recorded for it. Its one subclass,
 * {@link BudgetCheckUnavailableException}, refuses a call because the server could not be asked and
 * the tracker was told to fail closed.
 */
public class BudgetExceededException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    private final String budgetName;
    private final transient BigDecimal spentUsd;
    private final transient BigDecimal reservedUsd;
    private final transient BigDecimal limitUsd;

    /**
     * @param budgetName the budget that refused the call
     * @param spentUsd the period's spend so far
     * @param reservedUsd the estimated cost reserved by calls in flight
     * @param requestedUsd the estimated maximum cost of the refused call (zero when not declared)
     * @param limitUsd the budget's limit
     */
    public BudgetExceededException(String budgetName, BigDecimal spentUsd, BigDecimal reservedUsd,
            BigDecimal requestedUsd, BigDecimal limitUsd) {
        super("budget '" + budgetName + "' has no room for this call: spent " + spentUsd.toPlainString()
                + " + reserved by calls in flight " + reservedUsd.toPlainString() + " + this call's estimate "
                + requestedUsd.toPlainString() + " would exceed the limit of " + limitUsd.toPlainString() + " USD");
        this.budgetName = budgetName;
        this.spentUsd = spentUsd;
        this.reservedUsd = reservedUsd;
        this.limitUsd = limitUsd;
    }

    /**
     * For {@link BudgetCheckUnavailableException}: a refusal without a budget's figures.
     *
     * @param message why the call was refused
     */
    BudgetExceededException(String message) {
        super(message);
        this.budgetName = null;
        this.spentUsd = null;
        this.reservedUsd = null;
        this.limitUsd = null;
    }

    /**
     * @return the name of the budget that refused the call; null for a
     *     {@link BudgetCheckUnavailableException}
     */
    public String budgetName() {
        return budgetName;
    }

    /**
     * @return the period's spend when the call was refused (for a server budget, as the server last
     *     answered); null for a {@link BudgetCheckUnavailableException}
     */
    public BigDecimal spentUsd() {
        return spentUsd;
    }

    /**
     * @return what calls in flight had reserved when the call was refused (for a server budget, the
     *     estimates of the calls let through since the server last answered); null for a
     *     {@link BudgetCheckUnavailableException}
     */
    public BigDecimal reservedUsd() {
        return reservedUsd;
    }

    /** @return the budget's limit; null for a {@link BudgetCheckUnavailableException} */
    public BigDecimal limitUsd() {
        return limitUsd;
    }
}
