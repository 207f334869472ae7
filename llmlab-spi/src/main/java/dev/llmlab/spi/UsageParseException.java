package dev.llmlab.spi;

/**
 * A provider response could not be turned into {@link Usage}: it was malformed, an error body,
 * or carried no usage. The message says what was missing or wrong; it never means "zero tokens".
 */
public class UsageParseException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with the body, naming the field where there is one
     */
    public UsageParseException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong with the body
     * @param cause the underlying parser failure
     */
    public UsageParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
