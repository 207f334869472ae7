package dev.llmlab.server.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins are throttled. Failures are counted per account (by email, whether or not an
 * account has it) and per client address. While fewer than the threshold have been counted, an
 * attempt never waits; from the threshold on, the next attempt must wait {@code firstDelay},
 * doubling with each further failure up to {@code maxDelay}. A count is forgotten after
 * {@code window} without a failure; a successful login forgets the account's count at once (never
 * the address's, or an attacker could clear it by logging in to an account of their own).
 *
 * <pre>{@code
 * LoginLimits.DEFAULT.delay(5, 5)   // 1 s: the 6th attempt after 5 failures waits a second
 * LoginLimits.DEFAULT.delay(15, 5)  // 15 min: 1,024 s capped
 * }</pre>
 *
 * @param accountFailures failures of one account before attempts must wait, at least 1
 * @param addressFailures failures from one address before attempts must wait, at least 1 (higher:
 *     many people can share an address behind NAT)
 * @param firstDelay the wait once a threshold is reached; positive
 * @param maxDelay the longest wait; at least {@code firstDelay}
 * @param window how long without a failure before a count is forgotten; at least {@code maxDelay}
 */
public record LoginLimits(int accountFailures, int addressFailures, Duration firstDelay, Duration maxDelay,
        Duration window) {
    /** 5 per account, 50 per address, then 1 s doubling to 15 min; forgotten after an hour. */
    public static final LoginLimits DEFAULT = new LoginLimits(5, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofHours(1));

    /** Checks that the limits make sense together. */
    public LoginLimits {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(window, "window");
        if (accountFailures < 1 || addressFailures < 1) {
            throw new IllegalArgumentException("failure thresholds must be >= 1, were " + accountFailures + " and "
                    + addressFailures);
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
                || window.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay <= window, were " + firstDelay + ", "
                    + maxDelay + ", " + window);
        }
    }

    /**
     * @param failures failures counted so far, >= 0
     * @param threshold the count from which attempts wait
     * @return how long the next attempt must wait: zero below the threshold, then {@code firstDelay}
     *     doubled once per failure beyond it, at most {@code maxDelay}
     */
    public Duration delay(int failures, int threshold) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        Duration d = firstDelay;
        for (int i = threshold; i < failures && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
