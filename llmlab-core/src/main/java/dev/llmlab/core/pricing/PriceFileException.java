package dev.llmlab.core.pricing;

import dev.llmlab.spi.LlmLabException;

/**
 * A price file (built-in or a user's override) is malformed. The message names the file, the
 * line and column for syntax errors or the field path (e.g. {@code models[3].prices[0].input})
 * for wrong values, and what was expected.
 */
public final class PriceFileException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    /** @param message the file, the place and what was expected */
    public PriceFileException(String message) {
        super(message);
    }

    /**
     * @param message the file, the place and what was expected
     * @param cause the underlying failure
     */
    public PriceFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
