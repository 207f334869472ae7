package dev.llmlab.server.alerts;

/** What one attempt to deliver an alert through a channel came to. */
public sealed interface Delivery {
    /** @return the receiver's HTTP status, or null (e-mail, or no answer) */
    Integer httpStatus();

    /**
     * The receiver acknowledged the alert.
     *
     * @param httpStatus its 2xx status, or null for e-mail
     */
    record Delivered(Integer httpStatus) implements Delivery {
    }

    /**
     * The attempt failed.
     *
     * @param httpStatus the receiver's status, or null when there was no answer
     * @param error what went wrong, one line, without secrets
     * @param permanent true when trying again cannot help (a refused target, a removed channel)
     */
    record Failed(Integer httpStatus, String error, boolean permanent) implements Delivery {
    }
}
