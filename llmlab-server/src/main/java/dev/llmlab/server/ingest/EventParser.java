package dev.llmlab.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.usage.UsageRecord;
import dev.llmlab.core.usage.UsageRecordException;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.JsonTrees;
import java.time.Instant;
import java.util.UUID;

/**
 * Validates one event of {@code POST /api/events/track} and turns it into an {@link IncomingEvent}.
 * An event is a usage record, read by {@link UsageRecords} (the reader of {@code llmlab cost} and
 * the tracker too: one validation, one set of messages) from the tree {@link JsonBodies} parsed.
 * Every refusal is a 400 naming the field (prefixed with {@code events[i].} inside a batch), the
 * value and what was expected. Fields a client may add (its own {@code cost_usd}…) are ignored:
 * the server prices every event itself.
 */
public final class EventParser {
    /** Longest tag key (a {@code group_by=tag:<key>} of the summary is held to it too). */
    public static final int MAX_TAG_KEY = UsageRecords.MAX_TAG_KEY_LENGTH;

    private EventParser() {
    }

    /**
     * @param node the event's JSON
     * @param prefix the field prefix for messages ({@code ""} or {@code "events[3]."})
     * @param now the server's time, for the default timestamp
     * @return the validated event; without an {@code id}, with a new random one (a retry of such
     *     an event cannot be recognised)
     * @throws ApiException 400 naming the field
     */
    public static IncomingEvent parse(JsonNode node, String prefix, Instant now) {
        if (node == null || !node.isObject()) {
            String where = prefix.isEmpty() ? "the event" : prefix.substring(0, prefix.length() - 1);
            throw ApiException.invalid(prefix.isEmpty() ? null : where, where + " must be a JSON object, was "
                    + JsonBodies.kind(node));
        }
        UsageRecord r;
        try {
            r = UsageRecords.read(JsonTrees.view((ObjectNode) node), prefix, now);
        } catch (UsageRecordException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        UUID id = r.id().orElseGet(UUID::randomUUID);
        Double duration = r.durationMs().isPresent() ? r.durationMs().getAsDouble() : null;
        return new IncomingEvent(id, r.usage(), r.timestamp(), duration, r.tags(), r.tagsJson());
    }
}
