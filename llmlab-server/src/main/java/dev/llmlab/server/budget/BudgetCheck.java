package dev.llmlab.server.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.db.SqlTypes;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.summary.Period;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Answers whether a call of a given estimated cost may go ahead under the account's hard budgets
 * ({@code GET /api/budgets/check}).
 *
 * <p><b>The rule.</b> A call is allowed when, for every hard budget whose scope matches it,
 * {@code spent + estimate ≤ limit} and {@code spent < limit}: a call that fits exactly goes ahead,
 * and a budget that has reached its limit refuses every call, even one that declares no estimate
 * (the tracker's in-process rule). {@code spent} is the budget's {@code budget_spend} row of the
 * period containing now: the number {@code GET /api/budgets/{id}} shows, moved in the transaction
 * that stores the events, so the check sees an ingested event as soon as its ingest has answered.
 *
 * <p><b>Scope.</b> Matched as ingest counts events ({@link BudgetScope#matches}), except that a
 * call that names no provider (or model) matches a budget of any provider (or model): it may turn
 * out to be that one. A budget scoped to an API key matches a check made with that key only.
 *
 * <p>One query reads the account's hard budgets and their current spend (the latest
 * {@code budget_spend} row at or before now, used only when it is the current period's).
 */
@Singleton
public final class BudgetCheck {
    private static final String QUERY = """
            SELECT b.id, b.name, b.monthly_limit_usd, b.period, b.time_zone, CAST(b.scope AS text) AS scope,
                   s.period_start, s.spent_usd
            FROM budgets b
            LEFT JOIN LATERAL (
                SELECT period_start, spent_usd FROM budget_spend
                WHERE budget_id = b.id AND period_start <= :now
                ORDER BY period_start DESC LIMIT 1
            ) s ON true
            WHERE b.user_id = :u AND b.mode = 'hard'
            """;
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public BudgetCheck(Jdbi jdbi) {
        this.jdbi = SqlTypes.installOn(jdbi);
    }

    /**
     * One matching hard budget where it stands now.
     *
     * @param id the budget
     * @param name its name
     * @param limitUsd its limit
     * @param spentUsd what it spent in the current period
     * @param periodTo the end of the current period
     */
    public record Standing(UUID id, String name, BigDecimal limitUsd, BigDecimal spentUsd, Instant periodTo) {
        /** @return limit minus spent, negative when over */
        public BigDecimal remainingUsd() {
            return limitUsd.subtract(spentUsd);
        }

        /**
         * @param estimate a call's estimated cost
         * @return whether this budget lets the call go ahead (see the type's rule)
         */
        public boolean admits(BigDecimal estimate) {
            return spentUsd.compareTo(limitUsd) < 0 && spentUsd.add(estimate).compareTo(limitUsd) <= 0;
        }
    }

    /**
     * The answer: allowed or not, and the matching hard budgets, the binding one first (least
     * remaining, then the refusing ones before the others).
     *
     * @param allowed whether the call may go ahead
     * @param estimateUsd the estimate checked
     * @param budgets the matching hard budgets, binding first
     */
    public record Answer(boolean allowed, BigDecimal estimateUsd, List<Standing> budgets) {
        /** @return the answer's JSON: {@code {"allowed","estimated_cost_usd","budgets":[…],"reason"}} */
        public ObjectNode toJson() {
            ObjectNode o = JsonBodies.object();
            o.put("allowed", allowed);
            o.put("estimated_cost_usd", estimateUsd.toPlainString());
            ArrayNode list = o.putArray("budgets");
            for (Standing s : budgets) {
                list.addObject()
                        .put("id", s.id().toString())
                        .put("name", s.name())
                        .put("limit_usd", Amounts.plain(s.limitUsd()))
                        .put("spent_usd", Amounts.plain(s.spentUsd()))
                        .put("remaining_usd", Amounts.plain(s.remainingUsd()))
                        .put("period_to", s.periodTo().toString());
            }
            if (allowed) {
                o.putNull("reason");
            } else {
                Standing b = budgets.get(0);
                o.put("reason", "budget '" + b.name() + "' has " + Amounts.plain(b.remainingUsd()) + " USD left of its "
                        + Amounts.plain(b.limitUsd()) + " USD limit until " + b.periodTo() + "; a call estimated at "
                        + estimateUsd.toPlainString() + " USD does not fit");
            }
            return o;
        }
    }

    /**
     * @param userId the account
     * @param apiKeyId the key the check is made with, or null for a login token
     * @param request the call
     * @param now the instant whose periods count
     * @return the answer
     */
    public Answer check(UUID userId, UUID apiKeyId, BudgetCheckRequest request, Instant now) {
        List<Standing> matching = new ArrayList<>(2);
        jdbi.useHandle(h -> h.createQuery(QUERY)
                .bind("u", userId)
                .bind("now", Timestamp.from(now))
                .map((rs, ctx) -> {
                    BudgetScope scope = scope(rs.getString("scope"));
                    if (!matches(scope, request, apiKeyId)) {
                        return null;
                    }
                    Period period = periodOf(rs.getString("period"), rs.getString("time_zone"), now);
                    if (period == null) {
                        return null;
                    }
                    Timestamp start = rs.getTimestamp("period_start");
                    BigDecimal spent = start != null && start.toInstant().equals(period.from().toInstant())
                            ? rs.getBigDecimal("spent_usd") : BigDecimal.ZERO;
                    matching.add(new Standing(rs.getObject("id", UUID.class), rs.getString("name"),
                            rs.getBigDecimal("monthly_limit_usd"), spent, period.to().toInstant()));
                    return null;
                })
                .list());
        BigDecimal estimate = request.estimatedCostUsd();
        // Binding first: a refusing budget before an admitting one, then the least remaining.
        matching.sort(Comparator.comparing((Standing s) -> s.admits(estimate))
                .thenComparing(Standing::remainingUsd)
                .thenComparing(Standing::id));
        boolean allowed = matching.stream().allMatch(s -> s.admits(estimate));
        return new Answer(allowed, estimate, List.copyOf(matching));
    }

    private static boolean matches(BudgetScope scope, BudgetCheckRequest call, UUID apiKeyId) {
        // An unnamed provider or model is any: stand in the budget's own, so only the rest decides.
        String provider = call.provider() != null ? call.provider() : scope.provider() != null ? scope.provider() : "";
        String model = call.model() != null ? call.model() : scope.model() != null ? scope.model() : "";
        return scope.matches(provider, model, call.tags(), apiKeyId);
    }

    private static BudgetScope scope(String json) {
        try {
            return BudgetScope.from(JsonBodies.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a budget's stored scope cannot be read", e);
        }
    }

    /** @return the period containing now, or null where ingest counts nothing either (see BudgetSpend) */
    private static Period periodOf(String period, String zone, Instant now) {
        try {
            return Period.containing(period, ZoneId.of(zone), now);
        } catch (ApiException e) {
            return null;
        }
    }
}
