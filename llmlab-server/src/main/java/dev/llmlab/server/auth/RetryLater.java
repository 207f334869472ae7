package dev.llmlab.server.auth;

import dev.llmlab.server.http.ApiException;
import java.time.Duration;

/**
 * A refusal the client should retry after a while: 429 {@code too_many_attempts} (login throttled)
 * or 503 {@code busy} (every password worker and queue slot taken). Answered with a
 * {@code Retry-After} header in whole seconds.
 */
public final class RetryLater extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    private RetryLater(int status, String code, String message, long retryAfterSeconds) {
        super(status, code, message, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @param wait how long until the next attempt is allowed
     * @return 429 {@code too_many_attempts}; the same for an email with or without an account
     */
    public static RetryLater tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new RetryLater(429, "too_many_attempts", "too many failed logins for this email or from this address;"
                + " try again in " + seconds + " s", seconds);
    }

    /** @return 503 {@code busy}: the server is checking as many passwords as it can */
    public static RetryLater busy() {
        return new RetryLater(503, "busy", "the server is checking as many passwords as it can; try again in 1 s", 1);
    }

    /** @return the value of the {@code Retry-After} header, at least 1 */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
