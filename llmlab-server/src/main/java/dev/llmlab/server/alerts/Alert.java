package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.http.JsonBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert as stored by ingest, with the budget it belongs to: what every channel's message is made
 * from. {@code payload} is the webhook body fixed when the alert was created (see docs/alerts.md);
 * the top models and tags of a message come from it.
 *
 * @param id the alert id (the same on every retry)
 * @param userId the owning account
 * @param budgetId the budget
 * @param budgetName the budget's name
 * @param period the budget's period: day, week or month
 * @param type {@code budget.threshold_crossed}, {@code budget.forecast_overrun} or {@code budget.spend_spike}
 * @param thresholdPercent the threshold crossed, or null for the other types
 * @param periodStart the period's first instant
 * @param periodEnd the period's end (exclusive)
 * @param spentUsd spent in the period when the alert was created
 * @param limitUsd the budget's limit
 * @param forecastUsd the forecast for the whole period, or null
 * @param payload the webhook body, JSON text
 * @param createdAt when ingest created the alert
 */
public record Alert(UUID id, UUID userId, UUID budgetId, String budgetName, String period, String type,
        Integer thresholdPercent, Instant periodStart, Instant periodEnd, BigDecimal spentUsd, BigDecimal limitUsd,
        BigDecimal forecastUsd, String payload, Instant createdAt) {
    /** @return the payload parsed (an empty object when it is not JSON, which ingest never stores) */
    public JsonNode payloadJson() {
        try {
            return JsonBodies.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored payload of alert " + id + " is not JSON", e);
        }
    }
}
