package dev.llmlab.server.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.db.SqlTypes;
import dev.llmlab.server.http.JsonBodies;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Budgets of an account, read and written with Jdbi: their thresholds are an integer array and their
 * scope and channels {@code jsonb}, and ingest loads an account's budgets inside its own
 * transaction ({@link #load(Handle, UUID)}). The seed's columns ({@code monthly_limit_usd} — the
 * limit of every period — {@code alert_channel} and the two flags) are kept filled, so the
 * summary's budget and older readers see the same budget.
 */
@Singleton
public final class Budgets {
    private static final String COLUMNS = "id, user_id, name, monthly_limit_usd, period, time_zone, thresholds, scope,"
            + " channels, mode, alert_channel, created_at, updated_at";
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public Budgets(Jdbi jdbi) {
        this.jdbi = SqlTypes.installOn(jdbi);
    }

    /**
     * @param userId the owner
     * @param settings the budget
     * @param now when it is created
     * @return the stored budget
     */
    public StoredBudget create(UUID userId, BudgetRequest settings, Instant now) {
        StoredBudget b = new StoredBudget(UUID.randomUUID(), userId, settings, now, null);
        jdbi.useHandle(h -> bindSettings(h.createUpdate("""
                INSERT INTO budgets (id, user_id, name, monthly_limit_usd, period, time_zone, thresholds, scope,
                                     channels, mode, alert_channel, alert_at_50_percent, alert_at_80_percent,
                                     created_at)
                VALUES (:id, :user_id, :name, :limit, :period, :zone, :thresholds, CAST(:scope AS jsonb),
                        CAST(:channels AS jsonb), :mode, :alert_channel, :at50, :at80, :now)
                """), settings)
                .bind("id", b.id())
                .bind("user_id", userId)
                .bind("now", Timestamp.from(now))
                .execute());
        return b;
    }

    /**
     * @param userId the owner
     * @param id the budget
     * @param settings its new settings
     * @param now when it is edited
     * @return the edited budget, or empty when the account has no such budget
     */
    public Optional<StoredBudget> update(UUID userId, UUID id, BudgetRequest settings, Instant now) {
        int rows = jdbi.withHandle(h -> bindSettings(h.createUpdate("""
                UPDATE budgets SET name = :name, monthly_limit_usd = :limit, period = :period, time_zone = :zone,
                       thresholds = :thresholds, scope = CAST(:scope AS jsonb), channels = CAST(:channels AS jsonb),
                       mode = :mode, alert_channel = :alert_channel, alert_at_50_percent = :at50,
                       alert_at_80_percent = :at80, updated_at = :now
                WHERE id = :id AND user_id = :user_id
                """), settings)
                .bind("id", id)
                .bind("user_id", userId)
                .bind("now", Timestamp.from(now))
                .execute());
        return rows == 0 ? Optional.empty() : find(userId, id);
    }

    /** @return the account's budget, or empty when it has none with this id */
    public Optional<StoredBudget> find(UUID userId, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM budgets WHERE id = :id AND user_id = :u")
                .bind("id", id)
                .bind("u", userId)
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    /** @return the account's budgets, oldest first */
    public List<StoredBudget> list(UUID userId) {
        return jdbi.withHandle(h -> load(h, userId));
    }

    /**
     * @param h an open handle (ingest's transaction)
     * @param userId the account
     * @return the account's budgets, oldest first
     */
    public static List<StoredBudget> load(Handle h, UUID userId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM budgets WHERE user_id = :u ORDER BY created_at, id")
                .bind("u", userId)
                .map((rs, ctx) -> read(rs))
                .list();
    }

    /** @return whether a budget was deleted (false when the account has none with this id) */
    public boolean delete(UUID userId, UUID id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM budgets WHERE id = :id AND user_id = :u")
                .bind("id", id)
                .bind("u", userId)
                .execute()) > 0;
    }

    /**
     * @param budgetId the budget
     * @param periodStart the first instant of one of its periods
     * @return what it has spent in that period (0 when nothing was counted)
     */
    public BigDecimal spent(UUID budgetId, Instant periodStart) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT spent_usd FROM budget_spend WHERE budget_id = :b AND period_start = :p")
                .bind("b", budgetId)
                .bind("p", Timestamp.from(periodStart))
                .mapTo(BigDecimal.class)
                .findOne()
                .orElse(BigDecimal.ZERO));
    }

    private static <S extends SqlStatement<S>> S bindSettings(S s, BudgetRequest r) {
        return s.bind("name", r.name())
                .bind("limit", r.limitUsd())
                .bind("period", r.period())
                .bind("zone", r.timeZone().getId())
                .bindArray("thresholds", Integer.class, r.thresholds())
                .bind("scope", r.scope().toJson().toString())
                .bind("channels", r.storedChannels().toString())
                .bind("mode", r.mode())
                .bind("alert_channel", r.alertChannel())
                .bind("at50", r.thresholds().contains(50))
                .bind("at80", r.thresholds().contains(80));
    }

    private static StoredBudget read(ResultSet rs) throws SQLException {
        ObjectNode o = JsonBodies.object();
        o.put("name", rs.getString("name"));
        o.put("limit_usd", rs.getBigDecimal("monthly_limit_usd").toPlainString());
        o.put("period", rs.getString("period"));
        o.put("time_zone", rs.getString("time_zone"));
        Array thresholds = rs.getArray("thresholds");
        List<Integer> t = new ArrayList<>();
        for (Object v : (Object[]) thresholds.getArray()) {
            t.add(((Number) v).intValue());
        }
        t.forEach(o.putArray("thresholds")::add);
        o.set("scope", json(rs.getString("scope")));
        o.set("channels", json(rs.getString("channels")));
        o.put("mode", rs.getString("mode"));
        // Read back through the request's rules, so a stored budget is always one a request could make.
        BudgetRequest parsed = BudgetRequest.from(o);
        BudgetRequest settings = new BudgetRequest(parsed.name(), parsed.limitUsd(), parsed.period(), parsed.timeZone(),
                parsed.thresholds(), parsed.scope(), parsed.channels(), parsed.mode(), rs.getString("alert_channel"));
        Timestamp updated = rs.getTimestamp("updated_at");
        return new StoredBudget(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), settings,
                rs.getTimestamp("created_at").toInstant(), updated == null ? null : updated.toInstant());
    }

    private static JsonNode json(String text) {
        try {
            return JsonBodies.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a budget's stored JSON cannot be read", e);
        }
    }
}
