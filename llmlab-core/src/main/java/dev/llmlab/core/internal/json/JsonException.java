package dev.llmlab.core.internal.json;

import dev.llmlab.spi.LlmLabException;

/** Text that is not valid JSON; the message ends with the line and column at fault. */
public final class JsonException extends LlmLabException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    JsonException(String message, int line, int column) {
        super(message + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    /** @return the 1-based line of the fault */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the fault */
    public int column() {
        return column;
    }
}
