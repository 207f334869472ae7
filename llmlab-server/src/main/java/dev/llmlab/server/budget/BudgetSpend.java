package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.db.Columns;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.summary.Period;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Counts stored events against the account's budgets and creates their alerts, inside the
 * transaction that stores the events (so spend, alerts and the alerts' deliveries commit with the
 * events or not at all).
 *
 * <p>Each budget's spend per period is one {@code budget_spend} row, moved by
 * {@code INSERT … ON CONFLICT DO UPDATE SET spent_usd = spent_usd + delta RETURNING spent_usd}, the
 * last statement of the transaction, so its row lock is held only until the commit. Under that lock
 * the spend before this transaction is {@code new − delta}, and the intervals
 * {@code (old, new]} of all transactions on the row follow one another without overlap: a threshold
 * {@code t} is crossed by exactly the one transaction with {@code old < t % × limit ≤ new}, however
 * many instances ingest at once; a re-sent event was dropped by the events insert and adds nothing.
 * The alert's insert is also {@code ON CONFLICT (budget_id, dedupe_key) DO NOTHING}, with the dedupe
 * key {@code threshold:<t>:<period start>}, so even a limit edited mid-period alerts once per
 * threshold and period. An alert gets one {@code alert_deliveries} row per channel (pending, due
 * now): the outbox the sender reads.
 *
 * <p>Alerts are made for the period that contains now only: a late event of a period that has
 * ended is counted but does not page. The forecast overrun ({@code forecast:<period start>}) fires
 * once per budget and period when the linear forecast ({@link BudgetState}) exceeds the limit, but
 * only once 10 % of the period has elapsed and the spend is at least 1 % of the limit, so a quiet
 * or bursty start does not page.
 */
@Singleton
public final class BudgetSpend {
    /** Part of the period that must have elapsed before a forecast overrun alerts. */
    static final double FORECAST_MIN_ELAPSED = 0.10;
    /** Percent of the limit that must be spent before a forecast overrun alerts. */
    static final BigDecimal FORECAST_MIN_PERCENT = BigDecimal.ONE;

    private static final String UPSERT = """
            INSERT INTO budget_spend (budget_id, period_start, spent_usd, events, updated_at)
            SELECT b, timestamptz 'epoch' + p * interval '1 second', s, n, now()
            FROM unnest(:budget, :period_s, :spent, :events) AS t(b, p, s, n)
            ORDER BY b, p
            ON CONFLICT (budget_id, period_start) DO UPDATE
                SET spent_usd = budget_spend.spent_usd + EXCLUDED.spent_usd,
                    events = budget_spend.events + EXCLUDED.events,
                    updated_at = EXCLUDED.updated_at
            RETURNING budget_id, extract(epoch FROM period_start)::bigint AS period_s, spent_usd
            """;
    private static final Columns<Map.Entry<Key, Delta>> SPEND = Columns.<Map.Entry<Key, Delta>>of()
            .with("budget", UUID.class, e -> e.getKey().budgetId())
            .with("period_s", Long.class, e -> e.getKey().periodStart())
            .with("spent", BigDecimal.class, e -> e.getValue().cost)
            .with("events", Long.class, e -> e.getValue().events);

    private final String publicUrl;

    /** @param config the dashboard's address for the links in alerts */
    @Inject
    public BudgetSpend(ServerConfig config) {
        this(config.publicUrl());
    }

    /** @param publicUrl the dashboard's address (no trailing slash), or null */
    public BudgetSpend(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** One budget's period. */
    private record Key(UUID budgetId, long periodStart) {
    }

    /** What a transaction adds to one budget's period. */
    private static final class Delta {
        BigDecimal cost = BigDecimal.ZERO;
        long events;
        Period period;
    }

    /**
     * Adds the events to the spend of the budgets whose scope they match, and creates the alerts
     * this spend crosses. Call it last in the transaction that stored the events.
     *
     * @param h the transaction that stored the events
     * @param userId the account
     * @param spends the newly stored priced events (never duplicates)
     * @param now the transaction's instant, for the current period and the forecast
     */
    public void count(Handle h, UUID userId, List<Spend> spends, Instant now) {
        alert(h, userId, move(h, userId, spends), now);
    }

    /**
     * Moves the spend of the account's budgets by re-pricing's differences, in the transaction that
     * re-prices the events. A corrected price does not page: no alert is made.
     *
     * @param h the re-pricing transaction
     * @param userId the account
     * @param changes each changed event's difference
     */
    public static void adjust(Handle h, UUID userId, List<Spend> changes) {
        move(h, userId, changes);
    }

    private static List<Crossing> move(Handle h, UUID userId, List<Spend> spends) {
        if (spends.isEmpty()) {
            return List.of();
        }
        List<StoredBudget> budgets = Budgets.load(h, userId);
        if (budgets.isEmpty()) {
            return List.of();
        }
        Map<Key, Delta> deltas = new TreeMap<>(Comparator.comparing(Key::budgetId).thenComparing(Key::periodStart));
        Map<UUID, StoredBudget> byId = new HashMap<>();
        for (StoredBudget b : budgets) {
            byId.put(b.id(), b);
            BudgetRequest s = b.settings();
            Period last = null;
            for (Spend e : spends) {
                if (!s.scope().matches(e.provider(), e.model(), e.tags(), e.apiKeyId())) {
                    continue;
                }
                Period p = last != null && contains(last, e.occurredAt()) ? last : periodOf(s, e.occurredAt());
                if (p == null) {
                    continue;
                }
                last = p;
                Delta d = deltas.computeIfAbsent(new Key(b.id(), p.from().toEpochSecond()), k -> new Delta());
                d.cost = d.cost.add(e.costUsd());
                d.events += e.events();
                d.period = p;
            }
        }
        if (deltas.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<Key, Delta>> rows = new ArrayList<>(deltas.entrySet());
        List<Crossing> crossings = new ArrayList<>();
        SPEND.bind(h.createQuery(UPSERT), rows).map((rs, ctx) -> {
            Key k = new Key(rs.getObject("budget_id", UUID.class), rs.getLong("period_s"));
            Delta d = deltas.get(k);
            BigDecimal spent = rs.getBigDecimal("spent_usd");
            crossings.add(new Crossing(byId.get(k.budgetId()), d.period, spent.subtract(d.cost), spent));
            return k;
        }).list();
        return crossings;
    }

    /** One budget's period moved from {@code before} to {@code after} by this transaction. */
    private record Crossing(StoredBudget budget, Period period, BigDecimal before, BigDecimal after) {
    }

    private void alert(Handle h, UUID userId, List<Crossing> crossings, Instant now) {
        if (crossings.isEmpty()) {
            return;
        }
        List<Crossing> forecastCandidates = new ArrayList<>();
        for (Crossing c : crossings) {
            if (!contains(c.period(), now)) {
                continue;
            }
            BudgetRequest s = c.budget().settings();
            for (int t : s.thresholds()) {
                BigDecimal at = s.limitUsd().multiply(BigDecimal.valueOf(t)).movePointLeft(2);
                if (c.before().compareTo(at) < 0 && c.after().compareTo(at) >= 0) {
                    insertAlert(h, userId, c, "budget.threshold_crossed", t, now);
                }
            }
            if (BudgetState.elapsedFraction(c.period(), now) >= FORECAST_MIN_ELAPSED
                    && BudgetState.percent(c.after(), s.limitUsd()).compareTo(FORECAST_MIN_PERCENT) >= 0
                    && BudgetState.forecast(c.period(), c.after(), now).compareTo(s.limitUsd()) > 0) {
                forecastCandidates.add(c);
            }
        }
        if (forecastCandidates.isEmpty()) {
            return;
        }
        // The forecast stays above the limit for many batches once it is: look up which already
        // fired with one query rather than attempt an insert for each budget on every batch.
        Set<String> fired = new HashSet<>(h.createQuery("""
                        SELECT budget_id || ' ' || dedupe_key FROM alerts
                        WHERE budget_id = ANY(:ids) AND dedupe_key LIKE 'forecast:%'""")
                .bindArray("ids", UUID.class, forecastCandidates.stream().map(c -> c.budget().id()).toList())
                .mapTo(String.class)
                .list());
        for (Crossing c : forecastCandidates) {
            if (!fired.contains(c.budget().id() + " " + dedupeKey("budget.forecast_overrun", null, c.period()))) {
                insertAlert(h, userId, c, "budget.forecast_overrun", null, now);
            }
        }
    }

    private static String dedupeKey(String type, Integer threshold, Period p) {
        String start = p.from().toInstant().toString();
        return switch (type) {
            case "budget.threshold_crossed" -> "threshold:" + threshold + ":" + start;
            case "budget.forecast_overrun" -> "forecast:" + start;
            default -> throw new IllegalArgumentException(type);
        };
    }

    private void insertAlert(Handle h, UUID userId, Crossing c, String type, Integer threshold, Instant now) {
        StoredBudget b = c.budget();
        BudgetRequest s = b.settings();
        UUID alertId = UUID.randomUUID();
        BigDecimal forecast = BudgetState.forecast(c.period(), c.after(), now);
        ObjectNode payload = JsonBodies.object();
        payload.put("type", type);
        payload.put("alert_id", alertId.toString());
        payload.put("budget_id", b.id().toString());
        payload.put("budget_name", s.name());
        if (threshold == null) {
            payload.putNull("threshold_percent");
        } else {
            payload.put("threshold_percent", threshold);
        }
        payload.put("period_from", c.period().from().toInstant().toString());
        payload.put("period_to", c.period().to().toInstant().toString());
        payload.put("limit_usd", Amounts.plain(s.limitUsd()));
        payload.put("spent_usd", Amounts.plain(c.after()));
        payload.put("percent_used", BudgetState.percent(c.after(), s.limitUsd()).toPlainString());
        payload.put("forecast_usd", Amounts.plain(forecast));
        if (s.scope().readableFromUsageTotals()) {
            payload.set("top_models", topModels(h, userId, s.scope(), c.period()));
        }
        payload.put("dashboard_url", publicUrl == null ? null : publicUrl + "/budgets/" + b.id());
        payload.put("created_at", now.toString());
        Timestamp at = Timestamp.from(now);
        boolean inserted = h.createQuery("""
                        INSERT INTO alerts (id, user_id, budget_id, type, threshold_percent, period_start, period_end,
                                            dedupe_key, spent_usd, limit_usd, forecast_usd, payload, created_at)
                        VALUES (:id, :user_id, :budget_id, :type, :threshold, :from, :to, :dedupe, :spent, :limit,
                                :forecast, CAST(:payload AS jsonb), :at)
                        ON CONFLICT (budget_id, dedupe_key) DO NOTHING
                        RETURNING id""")
                .bind("id", alertId)
                .bind("user_id", userId)
                .bind("budget_id", b.id())
                .bind("type", type)
                .bind("threshold", threshold)
                .bind("from", Timestamp.from(c.period().from().toInstant()))
                .bind("to", Timestamp.from(c.period().to().toInstant()))
                .bind("dedupe", dedupeKey(type, threshold, c.period()))
                .bind("spent", c.after())
                .bind("limit", s.limitUsd())
                .bind("forecast", forecast)
                .bind("payload", payload.toString())
                .bind("at", at)
                .mapTo(UUID.class)
                .findOne()
                .isPresent();
        if (!inserted || s.channels().isEmpty()) {
            return;
        }
        List<Integer> indexes = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < s.channels().size(); i++) {
            indexes.add(i);
            types.add(s.channels().get(i).type());
            ids.add(UUID.randomUUID());
        }
        h.createUpdate("""
                        INSERT INTO alert_deliveries (id, alert_id, channel_index, channel_type, status, attempts,
                                                      next_attempt_at, created_at)
                        SELECT id, :alert_id, i, t, 'pending', 0, :at, :at
                        FROM unnest(:ids, :indexes, :types) AS x(id, i, t)""")
                .bind("alert_id", alertId)
                .bind("at", at)
                .bindArray("ids", UUID.class, ids)
                .bindArray("indexes", Integer.class, indexes)
                .bindArray("types", String.class, types)
                .execute();
    }

    /**
     * The three models the scope spent most on in the period, from the usage totals and the deltas
     * not yet folded into them (this transaction's included).
     */
    private static ArrayNode topModels(Handle h, UUID userId, BudgetScope scope, Period p) {
        ArrayNode top = JsonBodies.MAPPER.createArrayNode();
        h.createQuery("""
                        SELECT provider, model, sum(cost_usd) AS cost FROM (
                            SELECT provider, model, cost_usd FROM usage_totals
                            WHERE user_id = :u AND bucket >= :from AND bucket < :to
                            UNION ALL
                            SELECT provider, model, cost_usd FROM usage_deltas
                            WHERE user_id = :u AND bucket >= :from AND bucket < :to
                        ) t
                        WHERE (CAST(:provider AS text) IS NULL OR lower(provider) = :provider)
                          AND (CAST(:model AS text) IS NULL OR lower(model) = :model)
                        GROUP BY provider, model
                        HAVING sum(cost_usd) > 0
                        ORDER BY cost DESC, provider, model
                        LIMIT 3""")
                .bind("u", userId)
                .bind("from", Timestamp.from(p.from().toInstant()))
                .bind("to", Timestamp.from(p.to().toInstant()))
                .bind("provider", scope.provider())
                .bind("model", scope.model())
                .map((rs, ctx) -> top.addObject()
                        .put("provider", rs.getString("provider"))
                        .put("model", rs.getString("model"))
                        .put("cost_usd", Amounts.plain(rs.getBigDecimal("cost"))))
                .list();
        return top;
    }

    private static boolean contains(Period p, Instant at) {
        return !at.isBefore(p.from().toInstant()) && at.isBefore(p.to().toInstant());
    }

    /**
     * @return the budget's period containing the instant, or null when its days do not start on a
     *     quarter hour of UTC there (historic local mean time): such a period cannot be summed from the
     *     totals either, so it is not counted
     */
    private static Period periodOf(BudgetRequest s, Instant at) {
        try {
            return s.periodAt(at);
        } catch (ApiException e) {
            return null;
        }
    }
}
