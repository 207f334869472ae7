package dev.llmlab.core.pricing;

import dev.llmlab.spi.LlmLabException;
import java.util.List;

/**
 * Thrown by {@link CostResult#cost()} when the usage could not be priced: the model is not in the
 * catalog, no price was in force at the call's time, or a billed class has no rate. The message
 * says which, and lists the closest known model names where there are some.
 */
public final class UnknownModelException extends LlmLabException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> suggestions;

    /**
     * @param message why the usage is unpriced
     * @param suggestions the closest known model names, possibly empty
     */
    public UnknownModelException(String message, List<String> suggestions) {
        super(message);
        this.suggestions = List.copyOf(suggestions);
    }

    /** @return the closest known model names */
    public List<String> suggestions() {
        return suggestions;
    }
}
