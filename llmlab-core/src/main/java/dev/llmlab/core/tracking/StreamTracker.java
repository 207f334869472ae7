package dev.llmlab.core.tracking;

/**
 * Tracks one streamed (server-sent events) call whose usage arrives in its last events. Feed it
 * the stream as it arrives, by whole lines ({@link #line}) or by raw text pieces ({@link #text});
 * the event is recorded exactly once, when {@link #complete()}, {@link #fail(Throwable)} or
 * {@link #close()} is first called. A stream that ends without usage is recorded as an event with
 * status {@link EventStatus#NO_USAGE}, never as a zero cost.
 *
 * <p>Only the events that mention usage (plus the {@code event:} line before them) are retained,
 * up to 1 MiB, so a long stream's text is not held in memory. Methods may be called from any one
 * thread at a time; feeding never throws and never blocks. Always end the handle (try with
 * resources): a handle never ended records nothing and keeps its hard-budget reservation.
 *
 * <pre>{@code
 * try (StreamTracker tracked = lab.trackStream(CallOptions.provider("openai").tag("feature", "chat"))) {
 *     for (String line : sseLines) {
 *         tracked.line(line);
 *         forwardToClient(line);
 *     }
 * }
 * }</pre>
 */
public interface StreamTracker extends AutoCloseable {
    /**
     * @param line one line of the stream, without its line terminator; not null
     */
    void line(String line);

    /**
     * @param text a piece of the stream as received, possibly several lines or part of one; not null
     */
    void text(String text);

    /** Ends the stream normally and records the event (once). */
    void complete();

    /**
     * Ends the stream with a failure and records an error event (once); the usage received so far
     * is attached when it can be read.
     *
     * @param failure what went wrong; not null
     */
    void fail(Throwable failure);

    /** Same as {@link #complete()} unless the stream already ended. */
    @Override
    void close();
}
