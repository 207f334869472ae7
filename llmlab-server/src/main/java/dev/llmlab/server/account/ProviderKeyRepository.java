package dev.llmlab.server.account;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Provider keys, scoped to an account. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProviderKeyRepository extends CrudRepository<ProviderKey, UUID> {
    /** @return the account's provider keys, oldest first */
    List<ProviderKey> findByUserIdOrderByCreatedAt(UUID userId);

    /** @return the key if the account owns it */
    Optional<ProviderKey> findByIdAndUserId(UUID id, UUID userId);

    /** @return how many rows were deleted: 0 when the key is not the account's */
    long deleteByIdAndUserId(UUID id, UUID userId);
}
