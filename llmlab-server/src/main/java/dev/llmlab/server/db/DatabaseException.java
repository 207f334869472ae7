package dev.llmlab.server.db;

import dev.llmlab.spi.LlmLabException;

/** The database cannot be reached, started or migrated; the message says which and why. */
public class DatabaseException extends LlmLabException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public DatabaseException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
