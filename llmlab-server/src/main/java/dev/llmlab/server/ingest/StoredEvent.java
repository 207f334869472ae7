package dev.llmlab.server.ingest;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored, with its price.
 *
 * @param id the client's event id
 * @param provider the provider
 * @param model the model as sent
 * @param inputTokens input tokens, cache included
 * @param outputTokens output tokens, reasoning included
 * @param costUsd the exact cost, or null when unpriced
 * @param pricedAs the catalog model it was priced as, or null
 * @param priceId the exact price used, or null
 * @param unpricedReason why it has no price, or null
 * @param tagsJson the tags as JSON
 * @param occurredAt when the call was made
 */
public record StoredEvent(UUID id, String provider, String model, long inputTokens, long outputTokens,
        BigDecimal costUsd, String pricedAs, String priceId, String unpricedReason, String tagsJson,
        Instant occurredAt) {
    static StoredEvent from(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getObject("id", UUID.class), rs.getString("provider"), rs.getString("model"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getBigDecimal("cost_usd"),
                rs.getString("priced_as"), rs.getString("price_id"), rs.getString("unpriced_reason"),
                rs.getString("tags"), rs.getTimestamp("occurred_at").toInstant());
    }
}
