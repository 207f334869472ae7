package dev.llmlab.server.budget;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A budget as stored.
 *
 * @param id the budget's id
 * @param userId the owning account
 * @param settings what it is (limit, period, scope, channels …)
 * @param createdAt when it was created
 * @param updatedAt when it was last edited, or null
 */
public record StoredBudget(UUID id, UUID userId, BudgetRequest settings, Instant createdAt, Instant updatedAt) {
    /** Checks the parts. */
    public StoredBudget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
