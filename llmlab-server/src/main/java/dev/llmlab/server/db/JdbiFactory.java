package dev.llmlab.server.db;

import io.micronaut.context.annotation.Factory;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Jdbi over the server's connection pool, for the hand-written SQL (ingest, totals, summaries,
 * re-pricing, key creation, login throttling), with LLMlab's {@link SqlTypes}.
 */
@Factory
public class JdbiFactory {
    /**
     * @param dataSource the pool Micronaut made from {@code datasources.default}
     * @return Jdbi on the raw pool (Jdbi manages its own transactions)
     */
    @Singleton
    public Jdbi jdbi(DataSource dataSource) {
        return SqlTypes.installOn(Jdbi.create(DelegatingDataSource.unwrapDataSource(dataSource)));
    }
}
