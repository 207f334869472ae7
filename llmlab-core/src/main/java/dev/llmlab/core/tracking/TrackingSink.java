package dev.llmlab.core.tracking;

import java.util.List;

/**
 * Where tracked events go. The tracker's one background worker calls {@link #write} with batches
 * in the order events were processed; a sink is never called from two threads at once.
 *
 * <h2>Specification for implementors</h2>
 * <ul>
 *   <li>{@link #write} either takes the whole batch (returns normally) or none of it (throws). A
 *       batch that threw is offered again, alone to this sink, with exponential backoff, until it
 *       succeeds; the other sinks are not affected and never see it twice. A sink that might have
 *       kept part of a failed batch should deduplicate by {@link TrackedEvent#id()}.</li>
 *   <li>{@link #write} should not block for long: the worker serves every sink in turn.</li>
 *   <li>{@link #close} is called once, after the last write, when the tracker closes.</li>
 * </ul>
 */
public interface TrackingSink extends AutoCloseable {

    /** @return a short name for stats and logs, e.g. {@code "jsonl:/var/log/llm.jsonl"} */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Takes a batch of events.
     *
     * @param batch one or more events, oldest first; not to be modified or kept after return
     * @throws Exception when the batch was not taken; it will be offered again
     */
    void write(List<TrackedEvent> batch) throws Exception;

    /** Releases the sink's resources; called once by the tracker's {@code close()}. */
    @Override
    default void close() throws Exception {
    }
}
