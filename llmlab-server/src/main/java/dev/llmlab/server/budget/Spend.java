package dev.llmlab.server.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One newly stored, priced event, as budgets count it.
 *
 * @param occurredAt when the call was made (it decides the period)
 * @param provider the provider as sent
 * @param model the model as sent
 * @param tags the event's tags
 * @param apiKeyId the API key that ingested it, or null
 * @param costUsd its exact cost
 */
public record Spend(Instant occurredAt, String provider, String model, Map<String, String> tags, UUID apiKeyId,
        BigDecimal costUsd) {
}
