package dev.llmlab.server.ingest;

import dev.llmlab.spi.Usage;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One validated usage event as a client sent it.
 *
 * @param id the client's event id (idempotency key), or a fresh one when the client sent none
 * @param usage the normalized usage
 * @param occurredAt when the call was made (selects the price in force)
 * @param durationMs the call's duration in milliseconds, or null
 * @param tags string tags (project, feature, user…), never null
 * @param tagsJson the tags as a JSON object text
 */
public record IncomingEvent(UUID id, Usage usage, Instant occurredAt, Double durationMs, Map<String, String> tags,
        String tagsJson) {
    /** Checks the parts. */
    public IncomingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(occurredAt, "occurredAt");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(tagsJson, "tagsJson");
    }
}
