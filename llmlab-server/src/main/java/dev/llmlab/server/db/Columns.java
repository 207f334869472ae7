package dev.llmlab.server.db;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The columns of a batch of rows, each bound as one SQL array, so that one statement carries the
 * whole batch: {@code INSERT … SELECT … FROM unnest(:ids, :costs, …)}. Each column names its
 * parameter, its element type (registered with Jdbi, see {@link SqlTypes}) and how to read it from
 * a row; Jdbi builds the arrays.
 *
 * <pre>{@code
 * static final Columns<PricedEvent> EVENTS = Columns.<PricedEvent>of()
 *         .with("ids", UUID.class, p -> p.event().id())
 *         .with("cost", BigDecimal.class, p -> p.result().cost().total());
 *
 * EVENTS.bind(handle.createQuery(INSERT), events).mapTo(UUID.class).list();
 * }</pre>
 *
 * @param <T> the row type
 */
public final class Columns<T> {
    private final List<Column<T>> columns;

    private Columns(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    private record Column<T>(String name, Class<?> type, Function<? super T, ?> value) {
    }

    /**
     * @param <T> the row type
     * @return no columns yet
     */
    public static <T> Columns<T> of() {
        return new Columns<>(List.of());
    }

    /**
     * @param name the statement's parameter, without the colon
     * @param type the element type; each value is one of it, or null
     * @param value reads the column from a row
     * @return these columns and this one
     */
    public Columns<T> with(String name, Class<?> type, Function<? super T, ?> value) {
        List<Column<T>> more = new ArrayList<>(columns);
        more.add(new Column<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(value, "value")));
        return new Columns<>(more);
    }

    /**
     * @param part reads from a row the value that {@code more} reads its columns from
     * @param more columns of a part of a row (e.g. an event's price)
     * @param <R> the part's type
     * @return these columns and those of the part
     */
    public <R> Columns<T> with(Function<? super T, ? extends R> part, Columns<R> more) {
        List<Column<T>> all = new ArrayList<>(columns);
        for (Column<R> c : more.columns) {
            all.add(new Column<>(c.name(), c.type(), row -> c.value().apply(part.apply(row))));
        }
        return new Columns<>(all);
    }

    /**
     * Binds every column of the rows, in the rows' order.
     *
     * @param statement the statement naming each column's parameter
     * @param rows the rows
     * @param <S> the statement type
     * @return the statement
     */
    public <S extends SqlStatement<S>> S bind(S statement, List<? extends T> rows) {
        int n = rows.size();
        for (Column<T> c : columns) {
            Object[] values = (Object[]) Array.newInstance(c.type(), n);
            for (int i = 0; i < n; i++) {
                values[i] = c.value().apply(rows.get(i));
            }
            statement.bindArray(c.name(), c.type(), values);
        }
        return statement;
    }
}
