package dev.llmlab.core.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of LLMlab's builders and factories, in one place, so that every bad setting
 * is refused the same way: a {@link NullPointerException} naming a missing argument, an
 * {@link IllegalArgumentException} whose message names the setting, what was expected and the
 * value ({@code "maxBatchSize must be >= 1, was 0"}), an {@link IllegalStateException} for a
 * required setting that was never given. Each check returns its value, so a setter reads
 * {@code this.maxBatchSize = Checks.atLeast("maxBatchSize", value, 1);}.
 *
 * <p>The shaped checks ({@code atLeast}, {@code inRange}, {@code positive}, {@code notNegative},
 * {@code notBlank}) build their message only when they fail, so they may stand on a hot path;
 * {@link #argument} and {@link #required} take a message the caller has built, for builders.
 *
 * <p>Internal: the module does not export this package; it is public only so that the builders of
 * every package of {@code llmlab-core} share it. {@code llmlab-spi}'s {@code Usage.Builder} keeps
 * its own checks: it cannot see the core, and impossible counts are data, reported as
 * {@code InvalidUsageException}.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the value
     * @param min the least value allowed
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<what> must be >= <min>, was <value>"} when below
     */
    public static int atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the value
     * @param min the least value allowed
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<what> must be >= <min>, was <value>"} when below
     */
    public static long atLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the value
     * @param min the least value allowed
     * @param max the greatest value allowed
     * @param range the range as people read it, e.g. {@code "2 to 2^30"} or {@code "1..1000 percent"}
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<what> must be <range>, was <value>"} when outside
     */
    public static int inRange(String what, int value, int min, int max, String range) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + range + ", was " + value);
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the duration
     * @return {@code value}
     * @throws NullPointerException naming {@code what} when the duration is null
     * @throws IllegalArgumentException {@code "<what> must be > 0, was <value>"} when zero or negative
     */
    public static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, was " + value);
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the amount
     * @return {@code value}
     * @throws NullPointerException naming {@code what} when the amount is null
     * @throws IllegalArgumentException {@code "<what> must be > 0, was <value>"} (plain decimal)
     *     when zero or negative
     */
    public static BigDecimal positive(String what, BigDecimal value) {
        Objects.requireNonNull(value, what);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, was " + value.toPlainString());
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the amount
     * @return {@code value}
     * @throws NullPointerException naming {@code what} when the amount is null
     * @throws IllegalArgumentException {@code "<what> must be >= 0, was <value>"} (plain decimal)
     *     when negative
     */
    public static BigDecimal notNegative(String what, BigDecimal value) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value.toPlainString());
        }
        return value;
    }

    /**
     * @param what the setting's name, as the message starts with it
     * @param value the text
     * @return {@code value}
     * @throws NullPointerException naming {@code what} when the text is null
     * @throws IllegalArgumentException {@code "<what> must not be blank"} when empty or white space
     */
    public static String notBlank(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /**
     * A check that fits none of the shapes above.
     *
     * @param valid whether the argument is acceptable
     * @param message what was expected and what was given
     * @throws IllegalArgumentException with the message when not valid
     */
    public static void argument(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * For {@code build()}: a setting without a default must have been given.
     *
     * @param value the setting, null when never given
     * @param message which setting is missing and what it is for
     * @param <T> the setting's type
     * @return {@code value}
     * @throws IllegalStateException with the message when the value is null
     */
    public static <T> T required(T value, String message) {
        if (value == null) {
            throw new IllegalStateException(message);
        }
        return value;
    }
}
