package dev.llmlab.core;

import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps every event it accepts; it can be told to fail its first writes or for a while. */
final class CollectingSink implements TrackingSink {
    private final List<TrackedEvent> events = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile long failUntilNanos;
    private volatile boolean failForWhile;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger failedWrites = new AtomicInteger();
    private final String name;
    volatile long slowNanos;

    CollectingSink(String name) {
        this.name = name;
    }

    CollectingSink failNextWrites(int n) {
        failuresLeft.set(n);
        return this;
    }

    CollectingSink failFor(java.time.Duration d) {
        failUntilNanos = System.nanoTime() + d.toNanos();
        failForWhile = true;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(List<TrackedEvent> batch) {
        writes.incrementAndGet();
        if (slowNanos > 0) {
            try {
                Thread.sleep(slowNanos / 1_000_000, (int) (slowNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || (failForWhile && System.nanoTime() - failUntilNanos < 0)) {
            failedWrites.incrementAndGet();
            throw new IllegalStateException(name + " is down");
        }
        synchronized (events) {
            events.addAll(batch);
        }
    }

    List<TrackedEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}
