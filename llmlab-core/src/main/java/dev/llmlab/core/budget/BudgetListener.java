package dev.llmlab.core.budget;

/**
 * Told when a budget's spend crosses one of its thresholds. Called exactly once per threshold per
 * budget period, from LLMlab's background worker thread: keep it quick, and hand slow work
 * (sending a message) to your own executor. An exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface BudgetListener {
    /**
     * @param alert the budget, the threshold crossed and the spend so far; never null
     */
    void onThreshold(BudgetAlert alert);
}
