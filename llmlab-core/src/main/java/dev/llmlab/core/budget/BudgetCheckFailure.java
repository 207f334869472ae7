package dev.llmlab.core.budget;

/**
 * What a tracker that asks the LLMlab server's budget check does with a call when the server
 * cannot answer (unreachable, slower than the timeout, an error status, an answer that is not a
 * budget check's).
 */
public enum BudgetCheckFailure {
    /** The call goes ahead, as if the server had no hard budget for it (the default). */
    FAIL_OPEN,
    /** The call is refused with a {@link BudgetCheckUnavailableException}. */
    FAIL_CLOSED
}
