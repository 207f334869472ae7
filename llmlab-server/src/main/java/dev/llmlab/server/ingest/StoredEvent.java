package dev.llmlab.server.ingest;

import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored, with its price.
 *
 * @param id the client's event id
 * @param usage the usage as stored: provider, model (as sent) and every count
 * @param costUsd the exact cost, or null when unpriced
 * @param pricedAs the catalog model it was priced as, or null
 * @param priceId the exact price used, or null
 * @param unpricedReason why it has no price, or null
 * @param tagsJson the tags as JSON
 * @param occurredAt when the call was made
 */
public record StoredEvent(UUID id, Usage usage, BigDecimal costUsd, String pricedAs, String priceId,
        String unpricedReason, String tagsJson, Instant occurredAt) {
    static StoredEvent from(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getObject("id", UUID.class), usage(rs), rs.getBigDecimal("cost_usd"),
                rs.getString("priced_as"), rs.getString("price_id"), rs.getString("unpriced_reason"),
                rs.getString("tags"), rs.getTimestamp("occurred_at").toInstant());
    }

    /**
     * @param rs a row of {@code events} holding the provider, the model and every count
     * @return the row's usage; {@code reasoning_tokens} null is unknown; the service tier and
     *     inference geography as stored
     * @throws SQLException when a column is missing
     */
    public static Usage usage(ResultSet rs) throws SQLException {
        Usage.Builder b = Usage.builder(rs.getString("provider"), rs.getString("model"))
                .inputTokens(rs.getLong("input_tokens"))
                .cacheReadTokens(rs.getLong("cache_read_tokens"))
                .cacheWriteTokens(rs.getLong("cache_write_tokens"))
                .cacheWrite1hTokens(rs.getLong("cache_write_1h_tokens"))
                .outputTokens(rs.getLong("output_tokens"))
                .inputAudioTokens(rs.getLong("input_audio_tokens"))
                .outputAudioTokens(rs.getLong("output_audio_tokens"))
                .webSearchRequests(rs.getLong("web_search_requests"))
                .serviceTier(ServiceTier.fromWireName(rs.getString("service_tier")))
                .inferenceGeo(rs.getString("inference_geo"));
        long reasoning = rs.getLong("reasoning_tokens");
        if (!rs.wasNull()) {
            b.reasoningTokens(reasoning);
        }
        return b.build();
    }
}
