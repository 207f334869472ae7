package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.Checks;
import java.time.Duration;

/**
 * When a file sink (the JSON-lines file, the HTTP sink's spool) forces its writes to the disk
 * with {@code FileChannel.force}. Written data reaches the operating system at once in every case;
 * the policy decides what a power loss or kernel crash can lose (a JVM crash loses nothing that
 * was written).
 *
 * <ul>
 *   <li>{@link #everyBatch()} (the default): after each batch; loses nothing acknowledged.</li>
 *   <li>{@link #interval(Duration)}: after a batch when the last force is older than the
 *       interval; loses at most about that long.</li>
 *   <li>{@link #never()}: leaves it to the OS (typically up to 30 s) and forces only on close.</li>
 * </ul>
 */
public final class FsyncPolicy {
    private static final FsyncPolicy EVERY_BATCH = new FsyncPolicy(0);
    private static final FsyncPolicy NEVER = new FsyncPolicy(-1);

    private final long intervalNanos;

    private FsyncPolicy(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** @return force after every batch */
    public static FsyncPolicy everyBatch() {
        return EVERY_BATCH;
    }

    /** @return force only on close */
    public static FsyncPolicy never() {
        return NEVER;
    }

    /**
     * @param interval the longest time between forces while writing; positive
     * @return force after a batch once the interval has passed
     */
    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Checks.positive("fsync interval", interval).toNanos());
    }

    /**
     * @param lastForceNanos {@link System#nanoTime()} of the last force
     * @param nowNanos the current {@link System#nanoTime()}
     * @return true when a batch just written should be forced now
     */
    boolean dueAfterBatch(long lastForceNanos, long nowNanos) {
        if (intervalNanos == 0) {
            return true;
        }
        return intervalNanos > 0 && nowNanos - lastForceNanos >= intervalNanos;
    }

    @Override
    public String toString() {
        return intervalNanos == 0 ? "EVERY_BATCH" : intervalNanos < 0 ? "NEVER" : "INTERVAL(" + Duration.ofNanos(intervalNanos) + ")";
    }
}
