package dev.llmlab.core.tracking;

/**
 * One sink's delivery counters.
 *
 * @param name the sink's name
 * @param delivered events the sink accepted
 * @param failedWrites write attempts that threw (each retried)
 * @param backlog events waiting for this sink (after a failure)
 * @param droppedFromBacklog events dropped because the backlog exceeded its bound
 * @param lastError the last write failure, or null
 */
public record SinkStats(String name, long delivered, long failedWrites, long backlog, long droppedFromBacklog,
        String lastError) {
}
