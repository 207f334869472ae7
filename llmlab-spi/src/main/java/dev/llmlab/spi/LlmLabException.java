package dev.llmlab.spi;

/**
 * The one unchecked base exception of LLMlab. Every failure that LLMlab reports to a caller is
 * this type or one of its subclasses, so a caller that wants to guard against LLMlab alone can
 * catch this.
 */
public class LlmLabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the field and value at fault where there is one
     */
    public LlmLabException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public LlmLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
