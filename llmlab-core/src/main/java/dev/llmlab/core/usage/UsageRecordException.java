package dev.llmlab.core.usage;

import dev.llmlab.spi.LlmLabException;

/**
 * A usage record that {@link UsageRecords} refuses: malformed JSON, not an object, or a field
 * missing, of the wrong type or out of range. The message names the field, the value and what was
 * expected ({@code "input_tokens must be a whole number between 0 and 1000000000000, was 1200.5"});
 * {@link #field()} names the field for programs.
 */
public final class UsageRecordException extends LlmLabException {
    private static final long serialVersionUID = 1L;
    private final String field;

    UsageRecordException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /**
     * @return the field at fault, with the prefix the caller gave ({@code events[3].input_tokens},
     *     {@code tags.project}), or null when the fault is not in one field (malformed JSON, a
     *     record that is not an object)
     */
    public String field() {
        return field;
    }
}
