package dev.llmlab.server.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * An account: one user, who owns API keys, events and budgets.
 *
 * @param id the account id
 * @param email the login, lower-cased
 * @param passwordHash {@code pbkdf2-sha256$iterations$salt$hash}
 * @param createdAt when the account was made
 * @param slackWebhook alert destination, or null
 * @param discordWebhook alert destination, or null
 */
@MappedEntity("users")
public record User(@Id UUID id, String email, String passwordHash, Instant createdAt,
        @Nullable String slackWebhook, @Nullable String discordWebhook) {
}
