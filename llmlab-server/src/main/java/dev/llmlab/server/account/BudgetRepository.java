package dev.llmlab.server.account;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Budgets, scoped to an account. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface BudgetRepository extends CrudRepository<Budget, UUID> {
    /** @return the account's budgets, oldest first */
    List<Budget> findByUserIdOrderByCreatedAt(UUID userId);

    /** @return the budget if the account owns it */
    Optional<Budget> findByIdAndUserId(UUID id, UUID userId);

    /** @return how many rows were deleted: 0 when the budget is not the account's */
    long deleteByIdAndUserId(UUID id, UUID userId);
}
