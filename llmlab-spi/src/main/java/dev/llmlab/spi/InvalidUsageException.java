package dev.llmlab.spi;

/**
 * A usage record's counts are impossible: negative, or a subset larger than its whole. The
 * message names the field and the value.
 */
public class InvalidUsageException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    /** @param message the field, its value and what was expected */
    public InvalidUsageException(String message) {
        super(message);
    }
}
