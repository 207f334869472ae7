package dev.llmlab.spi;

/**
 * A usage record's counts are impossible: negative, or a subset larger than its whole. The
 * message names the field and the value; {@link #field()} names the field for programs.
 */
public class InvalidUsageException extends LlmLabException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /** @param message the field, its value and what was expected */
    public InvalidUsageException(String message) {
        this(null, message);
    }

    /**
     * @param field the field at fault in the usage vocabulary ({@code cache_read_tokens}), or null
     * @param message the field, its value and what was expected
     */
    public InvalidUsageException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * @return the field at fault in the usage vocabulary (for a subset larger than its whole, the
     *     subset: {@code cache_read_tokens}, {@code reasoning_tokens}…), or null when not known
     */
    public String field() {
        return field;
    }
}
