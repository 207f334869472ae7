package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.Checks;
import java.time.Duration;

/**
 * What the caller's thread does when the tracker's bounded event queue is full (the worker
 * cannot keep up, or a burst outruns it).
 *
 * <ul>
 *   <li>{@link #dropNewest()} (the default): the new event is dropped at once and counted in
 *       {@code stats().dropped()}; the caller never waits.</li>
 *   <li>{@link #block(Duration)}: the caller waits up to the timeout for room (checking every
 *       50 µs), then drops the event and counts it; the caller's result is never affected.</li>
 * </ul>
 * Drops are never silent: they are counted, and the first drop and every 10,000th after it are
 * logged at WARNING.
 */
public final class QueueFullPolicy {
    private static final QueueFullPolicy DROP_NEWEST = new QueueFullPolicy(Duration.ZERO);

    private final Duration maxWait;

    private QueueFullPolicy(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** @return drop the new event and count it; never wait */
    public static QueueFullPolicy dropNewest() {
        return DROP_NEWEST;
    }

    /**
     * @param timeout the longest a caller waits for room; positive
     * @return wait for room, then drop and count
     */
    public static QueueFullPolicy block(Duration timeout) {
        return new QueueFullPolicy(Checks.positive("block timeout", timeout));
    }

    /** @return how long a caller may wait for room; zero for {@link #dropNewest()} */
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public String toString() {
        return maxWait.isZero() ? "DROP_NEWEST" : "BLOCK(" + maxWait + ")";
    }
}
