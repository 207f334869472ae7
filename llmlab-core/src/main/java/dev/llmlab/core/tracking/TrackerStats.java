package dev.llmlab.core.tracking;

import java.util.List;

/**
 * A tracker's counters, for monitoring that nothing is lost silently.
 *
 * @param enqueued events handed to the queue
 * @param dropped events dropped because the queue was full (per the {@link QueueFullPolicy}) or
 *     the tracker was closed
 * @param processed events the worker has priced and passed to the sinks
 * @param queued events waiting in the queue now
 * @param internalErrors failures inside LLMlab that were contained (never reached a caller)
 * @param sinks per-sink delivery counters
 */
public record TrackerStats(long enqueued, long dropped, long processed, long queued, long internalErrors,
        List<SinkStats> sinks) {
    /** Copies the list. */
    public TrackerStats {
        sinks = List.copyOf(sinks);
    }
}
