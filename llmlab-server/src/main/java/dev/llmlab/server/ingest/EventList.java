package dev.llmlab.server.ingest;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * An account's stored events, newest first ({@code GET /api/events}), a page at a time. Pages are
 * keyset-paginated on ({@code occurred_at}, {@code id}) — the index {@code events_user_recent_idx}
 * — so a deep page costs what the first one does, and an event stored while a client pages never
 * shifts or repeats the rows that follow.
 */
@Singleton
public final class EventList {
    private static final String SELECT = """
            SELECT id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
                   output_tokens, reasoning_tokens, input_audio_tokens, output_audio_tokens, web_search_requests,
                   cost_usd, priced_as, price_id, unpriced_reason, duration_ms, tags::text AS tags, occurred_at,
                   service_tier, inference_geo,
                   (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_us
            FROM events
            WHERE user_id = :user_id
            """;
    private static final String AT = "timestamptz 'epoch' + :%s * interval '1 microsecond'";
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public EventList(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A listed event.
     *
     * @param event the event as stored
     * @param durationMs how long the call took, or null when the client did not say
     * @param cursor the position right after this event, for the next page
     */
    public record Listed(StoredEvent event, Double durationMs, EventQuery.Cursor cursor) {
    }

    /**
     * @param userId the account; only its events are read
     * @param query filters, page size and position
     * @return at most {@code query.limit()} events, newest first
     */
    public List<Listed> page(UUID userId, EventQuery query) {
        return jdbi.withHandle(h -> statement(h, "", userId, query).map((rs, ctx) -> {
            double d = rs.getDouble("duration_ms");
            Double duration = rs.wasNull() ? null : d;
            StoredEvent e = StoredEvent.from(rs);
            return new Listed(e, duration, new EventQuery.Cursor(rs.getLong("occurred_us"), e.id()));
        }).list());
    }

    /**
     * @param prefix put before the statement ({@code EXPLAIN} in tests of the plan), or empty
     * @return the page's statement, bound
     */
    static Query statement(Handle h, String prefix, UUID userId, EventQuery query) {
        // Only the conditions in use are written: a generic plan of "(:x IS NULL OR …)" could not
        // seek the index to the cursor and would read every newer event of the account again.
        StringBuilder sql = new StringBuilder(prefix).append(SELECT);
        EventQuery.Cursor before = query.before();
        if (before != null) {
            sql.append(" AND (occurred_at, id) < (").append(AT.formatted("before_us")).append(", :before_id)");
        }
        if (query.provider() != null) {
            sql.append(" AND provider = :provider");
        }
        if (query.model() != null) {
            sql.append(" AND model = :model");
        }
        if (query.serviceTier() != null) {
            sql.append(" AND service_tier = :service_tier");
        }
        if (!query.tags().isEmpty()) {
            sql.append(" AND tags @> CAST(:tags AS jsonb)");
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ").append(AT.formatted("from_us"));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ").append(AT.formatted("to_us"));
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        Query q = h.createQuery(sql.toString()).bind("user_id", userId).bind("limit", query.limit());
        if (before != null) {
            q.bind("before_us", before.occurredMicros()).bind("before_id", before.id());
        }
        if (query.provider() != null) {
            q.bind("provider", query.provider());
        }
        if (query.model() != null) {
            q.bind("model", query.model());
        }
        if (query.serviceTier() != null) {
            q.bind("service_tier", query.serviceTier().wireName());
        }
        if (!query.tags().isEmpty()) {
            q.bind("tags", query.tagsJson());
        }
        if (query.from() != null) {
            q.bind("from_us", EventStore.micros(query.from()));
        }
        if (query.to() != null) {
            q.bind("to_us", EventStore.micros(query.to()));
        }
        return q;
    }
}
