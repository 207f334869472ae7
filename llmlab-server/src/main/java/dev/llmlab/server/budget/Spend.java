package dev.llmlab.server.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One newly stored, priced event as budgets count it, or the change re-pricing made to one.
 *
 * @param occurredAt when the call was made (it decides the period)
 * @param provider the provider as sent
 * @param model the model as sent
 * @param tags the event's tags
 * @param apiKeyId the API key that ingested it, or null
 * @param costUsd its exact cost (for a re-pricing: new minus old, maybe negative)
 * @param events priced events it adds: 1 for a stored event; for a re-pricing +1 when it became
 *     priced, −1 when it became unpriced, else 0
 */
public record Spend(Instant occurredAt, String provider, String model, Map<String, String> tags, UUID apiKeyId,
        BigDecimal costUsd, int events) {
    /**
     * A newly stored priced event.
     *
     * @param occurredAt when the call was made
     * @param provider the provider as sent
     * @param model the model as sent
     * @param tags the event's tags
     * @param apiKeyId the API key that ingested it, or null
     * @param costUsd its exact cost
     */
    public Spend(Instant occurredAt, String provider, String model, Map<String, String> tags, UUID apiKeyId,
            BigDecimal costUsd) {
        this(occurredAt, provider, model, tags, apiKeyId, costUsd, 1);
    }
}
