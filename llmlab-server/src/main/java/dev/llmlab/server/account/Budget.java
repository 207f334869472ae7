package dev.llmlab.server.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A monthly spending limit of an account.
 *
 * @param id the budget id
 * @param userId the owning account
 * @param monthlyLimitUsd the limit in USD, exact, positive
 * @param alertChannel where alerts go (slack, discord, email, webhook), or null
 * @param alertAt50Percent alert at half the limit
 * @param alertAt80Percent alert at 80% of the limit
 * @param createdAt when it was set
 */
@MappedEntity("budgets")
public record Budget(@Id UUID id, UUID userId, BigDecimal monthlyLimitUsd, @Nullable String alertChannel,
        @MappedProperty("alert_at_50_percent") boolean alertAt50Percent,
        @MappedProperty("alert_at_80_percent") boolean alertAt80Percent, Instant createdAt) {
}
