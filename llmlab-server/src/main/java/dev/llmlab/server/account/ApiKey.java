package dev.llmlab.server.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.UUID;

/**
 * An LLMlab API key as stored: the SHA-256 of the key and its visible prefix, never the key.
 *
 * @param id the key's id
 * @param userId the owning account
 * @param name a label the user chose
 * @param prefix the first characters of the key, shown in lists
 * @param keyHash SHA-256 of the whole key
 * @param createdAt when it was made
 * @param revokedAt when it was revoked, or null while valid
 * @param scopes what the key may do ({@code ingest}, {@code read}, {@code manage}), at least one
 */
@MappedEntity("api_keys")
public record ApiKey(@Id UUID id, UUID userId, String name, String prefix, byte[] keyHash, Instant createdAt,
        @Nullable Instant revokedAt, @TypeDef(type = DataType.STRING_ARRAY) String[] scopes) {
}
