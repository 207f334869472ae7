package dev.llmlab.server.live;

import org.jdbi.v3.core.Handle;

/**
 * Carries {@link UsageNotice}s from the instance that stored events to the live streams of every
 * instance. The ingest calls {@link #stored} inside its transaction and {@link #committed} after the
 * commit; a bus acts in one of the two: PostgreSQL NOTIFY inside the transaction (delivered only if
 * it commits), Redis PUBLISH after it.
 *
 * <p>Implementations are thread-safe and never throw from {@link #committed}: the events are
 * stored by then, and a lost notice only delays a dashboard until its next refetch.
 */
public interface UsageBus extends AutoCloseable {
    /** A bus that carries nothing (tools and tests without a server). */
    UsageBus NONE = new UsageBus() {
    };

    /**
     * Called inside the ingest transaction, after the events were inserted.
     *
     * @param h the transaction's handle
     * @param notice what was stored
     */
    default void stored(Handle h, UsageNotice notice) {
    }

    /**
     * Called once the ingest transaction committed.
     *
     * @param notice what was stored
     */
    default void committed(UsageNotice notice) {
    }

    /** Stops listening and frees the connections (the server stops). */
    @Override
    default void close() {
    }
}
