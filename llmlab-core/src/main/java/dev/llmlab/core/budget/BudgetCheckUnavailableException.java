package dev.llmlab.core.budget;

/**
 * Thrown by a tracked call, before the call is made, when the tracker asks the LLMlab server's
 * budget check ({@code LlmLab.Builder.serverBudgetCheck}) with {@link BudgetCheckFailure#FAIL_CLOSED}
 * and the server could not answer: unreachable, too slow, an error status, or an answer that is not
 * a budget check's. A {@link BudgetExceededException}, so code that handles a refused call handles
 * this one too; its budget name and amounts are null. The message says why the server could not be
 * asked, never the API key.
 */
public final class BudgetCheckUnavailableException extends BudgetExceededException {
    private static final long serialVersionUID = 1L;

    /** @param why why the server could not be asked; not null */
    public BudgetCheckUnavailableException(String why) {
        super("the call was refused because the LLMlab server's budget check could not be asked (the tracker fails"
                + " closed): " + why);
    }
}
