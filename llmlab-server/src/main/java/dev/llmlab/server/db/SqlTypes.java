package dev.llmlab.server.db;

import java.math.BigDecimal;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * The SQL types LLMlab's Jdbi statements bind, registered once: the element types of the arrays
 * that {@link Columns} binds ({@code unnest(:ids, :costs, …)}). Money and token sums are
 * {@link BigDecimal} ↔ {@code numeric}, text is {@code text}; {@code UUID} ↔ {@code uuid},
 * {@code Long} ↔ {@code int8} and {@code Double} ↔ {@code float8} are Jdbi's own.
 *
 * <p>{@link JdbiFactory} installs it on the server's Jdbi. The stores that bind arrays install it
 * on the Jdbi they are given as well, since the CLI ({@code llmlab reprice}), the load harness and
 * tests make their own; installing it again changes nothing (a {@link JdbiPlugin.Singleton}).
 */
public final class SqlTypes extends JdbiPlugin.Singleton {
    /**
     * @param jdbi a Jdbi; not null
     * @return the same Jdbi, with these types installed
     */
    public static Jdbi installOn(Jdbi jdbi) {
        return jdbi.installPlugin(new SqlTypes());
    }

    @Override
    public void customizeJdbi(Jdbi jdbi) {
        jdbi.registerArrayType(BigDecimal.class, "numeric");
        jdbi.registerArrayType(String.class, "text");
    }
}
