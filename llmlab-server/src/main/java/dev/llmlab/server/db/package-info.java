/**
 * The database: connecting (embedded PostgreSQL or {@code DATABASE_URL}), migrating, and the two
 * ways the server reads and writes it.
 *
 * <h2>Repositories for plain CRUD, Jdbi for bulk and analytic SQL</h2>
 *
 * <ul>
 *   <li><b>Micronaut Data JDBC repositories</b> ({@code dev.llmlab.server.account}:
 *       {@code UserRepository}, {@code ApiKeyRepository}, {@code BudgetRepository},
 *       {@code ProviderKeyRepository}) for one entity's row at a time: save it, find it by id, by
 *       owner or by a unique key, delete it, or one single-row {@code UPDATE} by key (revoking an
 *       API key). Their entities are the records of that package.</li>
 *   <li><b>Jdbi</b> ({@link org.jdbi.v3.core.Jdbi}, made by {@link dev.llmlab.server.db.JdbiFactory}
 *       with {@link dev.llmlab.server.db.SqlTypes}) for everything else: statements over many rows
 *       at once (ingest's batch insert and total deltas, re-pricing, the compactor's folds), the
 *       summary's aggregates, and work that must hold a lock or check a condition across rows in one
 *       transaction (the cap of 50 API keys, login throttling). Budgets are read and written with
 *       Jdbi ({@code dev.llmlab.server.budget.Budgets}): their thresholds are an integer array,
 *       their scope and channels {@code jsonb}, and ingest loads them in its own transaction. A batch of rows travels as one array
 *       per column ({@code unnest(:a, :b, …)}), bound by {@link dev.llmlab.server.db.Columns}; the
 *       arrays' element types are registered once, in {@link dev.llmlab.server.db.SqlTypes}.</li>
 * </ul>
 *
 * <p>A new query goes to a repository when it reads or writes one row of one table by key, and to
 * Jdbi otherwise. Both use the same connection pool; Jdbi runs its own transactions.
 */
package dev.llmlab.server.db;
