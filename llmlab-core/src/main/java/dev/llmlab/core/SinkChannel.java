package dev.llmlab.core;

import dev.llmlab.core.tracking.SinkStats;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One sink as the worker serves it: its own backlog of events it has not accepted yet, and its own
 * retry schedule, so a failing sink is retried alone and the sinks that succeeded never see an
 * event twice. Worker thread only, except the stats fields (volatile).
 */
final class SinkChannel {
    private static final System.Logger LOG = System.getLogger(SinkChannel.class.getName());

    final TrackingSink sink;
    private final String name;
    private final ArrayDeque<TrackedEvent> backlog = new ArrayDeque<>();
    private final int maxBacklog;
    private final int maxBatch;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private long backoffNanos;
    private long nextAttemptNanos;
    private boolean failing;

    private volatile long delivered;
    private volatile long failedWrites;
    private volatile long droppedFromBacklog;
    private volatile int backlogSize;
    private volatile String lastError;

    SinkChannel(TrackingSink sink, int maxBacklog, int maxBatch, long initialBackoffNanos, long maxBackoffNanos) {
        this.sink = sink;
        String n;
        try {
            n = sink.name();
        } catch (RuntimeException e) {
            n = sink.getClass().getName();
        }
        this.name = n;
        this.maxBacklog = maxBacklog;
        this.maxBatch = maxBatch;
        this.initialBackoffNanos = initialBackoffNanos;
        this.maxBackoffNanos = maxBackoffNanos;
        this.backoffNanos = initialBackoffNanos;
    }

    /** Offers newly processed events: written at once when the sink is healthy, else queued behind its backlog. */
    void offer(List<TrackedEvent> events, long now) {
        if (events.isEmpty()) {
            return;
        }
        if (backlog.isEmpty() && now - nextAttemptNanos >= 0 && tryWrite(events, now)) {
            return;
        }
        backlog.addAll(events);
        trim();
        backlogSize = backlog.size();
        retryDue(now); // a busy worker is never idle: retry here too, oldest first, once the backoff has passed
    }

    /** Retries the backlog when its backoff has passed. */
    void retryDue(long now) {
        while (!backlog.isEmpty() && now - nextAttemptNanos >= 0) {
            int n = Math.min(maxBatch, backlog.size());
            List<TrackedEvent> chunk = new ArrayList<>(n);
            java.util.Iterator<TrackedEvent> it = backlog.iterator();
            for (int i = 0; i < n; i++) {
                chunk.add(it.next());
            }
            if (!tryWrite(chunk, now)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                backlog.pollFirst();
            }
            backlogSize = backlog.size();
        }
    }

    /** Closing: retry a failing sink at once rather than after a backoff that may outlast the close timeout. */
    void expedite(long now) {
        nextAttemptNanos = now;
        backoffNanos = initialBackoffNanos;
    }

    boolean hasBacklog() {
        return !backlog.isEmpty();
    }

    /** @return when the next retry is due, in nanoTime, meaningful when there is a backlog */
    long nextAttemptNanos() {
        return nextAttemptNanos;
    }

    private boolean tryWrite(List<TrackedEvent> events, long now) {
        try {
            sink.write(Collections.unmodifiableList(events));
        } catch (Throwable t) { // a sink's failure of any kind must not stop the worker
            failedWrites++;
            lastError = t.toString();
            nextAttemptNanos = now + backoffNanos;
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "LLMlab sink " + name + " failed; retrying with backoff, "
                        + "keeping its events: " + t, t);
            }
            failing = true;
            backoffNanos = Math.min(maxBackoffNanos, backoffNanos * 2);
            return false;
        }
        delivered += events.size();
        if (failing) {
            LOG.log(System.Logger.Level.INFO, "LLMlab sink " + name + " recovered");
        }
        failing = false;
        backoffNanos = initialBackoffNanos;
        return true;
    }

    private void trim() {
        while (backlog.size() > maxBacklog) {
            backlog.pollFirst();
            long d = ++droppedFromBacklog;
            if (d == 1 || d % 10_000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "LLMlab sink " + name + " has been failing with " + maxBacklog
                        + " events waiting; dropped the oldest (" + d + " so far)");
            }
        }
    }

    SinkStats stats() {
        return new SinkStats(name, delivered, failedWrites, backlogSize, droppedFromBacklog, lastError);
    }

    void close() {
        try {
            sink.close();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab sink " + name + " failed to close: " + t, t);
        }
    }
}
