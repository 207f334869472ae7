package dev.llmlab.core.providers;

import dev.llmlab.spi.LlmLabException;

/** Two provider adapters on the class path claim the same provider name or alias. */
public final class DuplicateProviderException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    /** @param message the name and both adapters' classes */
    public DuplicateProviderException(String message) {
        super(message);
    }
}
