package dev.llmlab.server.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** LLMlab API keys; every lookup but the authentication one is scoped to an account. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKey, UUID> {
    /**
     * @param keyHash SHA-256 of a presented key
     * @return the key with that hash, revoked or not
     */
    Optional<ApiKey> findByKeyHash(byte[] keyHash);

    /**
     * @param userId the account
     * @return its keys, oldest first
     */
    List<ApiKey> findByUserIdOrderByCreatedAt(UUID userId);

    /**
     * @param id the key
     * @param userId the account that must own it
     * @return the key if it is that account's
     */
    Optional<ApiKey> findByIdAndUserId(UUID id, UUID userId);

    /**
     * Revokes a key of an account; revoking twice keeps the first time.
     *
     * @return 1 when the account owns the key, else 0
     */
    @Query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :at) WHERE id = :id AND user_id = :userId")
    long revoke(UUID id, UUID userId, Instant at);
}
