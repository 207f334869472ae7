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
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p><b>Spend spikes.</b> The same statement moves the budget's {@code budget_spend_hourly} row of
 * each UTC hour an event falls in (hours older than the current one minus {@link #BASELINE_HOURS}
 * are never read again and are not written). A spike ({@code budget.spend_spike}, dedupe key
 * {@code spike:<hour start>}) fires when, after a batch, the current hour's spend is at least
 * {@link #SPIKE_MULTIPLIER} times the mean hourly spend of the baseline, and at least
 * {@link #minimumSpike the minimum volume} (the larger of {@link #SPIKE_MINIMUM_USD} and
 * {@link #SPIKE_MINIMUM_PERCENT} % of the limit). The baseline is the whole hours of the 24 before
 * the current one that began after the budget was created (hours without spend count as zero); a
 * budget younger than one whole hour has no baseline and does not spike. The comparison is exact:
 * {@code current × hours ≥ 3 × sum}. Only the current hour alerts; it is read under its row lock,
 * so the batch that makes the condition true sees every earlier batch's spend of that hour.
 *
 * <p><b>Cost per batch.</b> The account's budgets are kept parsed in memory per account with the
 * account's {@code users.budgets_version} (a trigger bumps it on every change to its budgets); the
 * events insert returns that version, so a batch re-reads the budgets only when they changed. Alerts
 * already known to exist (forecast and spike keys, seen committed) are remembered, so a budget that
 * stays over its forecast or in a spike is not looked up on every batch.
 */
@Singleton
public final class BudgetSpend {
    /** Part of the period that must have elapsed before a forecast overrun alerts. */
    static final double FORECAST_MIN_ELAPSED = 0.10;
    /** Percent of the limit that must be spent before a forecast overrun alerts. */
    static final BigDecimal FORECAST_MIN_PERCENT = BigDecimal.ONE;
    /** How many times the baseline's mean hourly spend the current hour must reach to spike. */
    static final BigDecimal SPIKE_MULTIPLIER = BigDecimal.valueOf(3);
    /** The least spend of an hour that can spike, whatever the limit. */
    static final BigDecimal SPIKE_MINIMUM_USD = BigDecimal.valueOf(5);
    /** The least spend of an hour that can spike, as a percent of the limit (if larger). */
    static final BigDecimal SPIKE_MINIMUM_PERCENT = BigDecimal.ONE;
    /** Hours before the current one that make the spike's baseline. */
    static final int BASELINE_HOURS = 24;
    /** Accounts whose parsed budgets are kept; past it the memory starts over (a re-read each). */
    private static final int CACHED_ACCOUNTS = 10_000;
    /** Alert keys remembered as existing; past it the memory starts over (one look-up each). */
    private static final int KNOWN_ALERTS = 100_000;

    /**
     * Moves the hourly rows and the period rows in one round trip, and returns the period rows and,
     * for the budgets given a baseline start ({@code :f_budget}, {@code :f_from_s}), the current
     * hour's row with the sum of the baseline hours as this statement's snapshot saw them (this
     * statement's own changes to earlier hours are not in it: the caller adds them).
     */
    private static final String UPSERT = """
            WITH hourly AS (
                INSERT INTO budget_spend_hourly (budget_id, hour_start, spent_usd)
                SELECT b, timestamptz 'epoch' + hs * interval '1 second', s
                FROM unnest(:h_budget, :h_hour_s, :h_spent) AS t(b, hs, s)
                ORDER BY b, hs
                ON CONFLICT (budget_id, hour_start) DO UPDATE
                    SET spent_usd = budget_spend_hourly.spent_usd + EXCLUDED.spent_usd
                RETURNING budget_id, hour_start, spent_usd
            ), period AS (
                INSERT INTO budget_spend (budget_id, period_start, spent_usd, events, updated_at)
                SELECT b, timestamptz 'epoch' + p * interval '1 second', s, n, now()
                FROM unnest(:budget, :period_s, :spent, :events) AS t(b, p, s, n)
                ORDER BY b, p
                ON CONFLICT (budget_id, period_start) DO UPDATE
                    SET spent_usd = budget_spend.spent_usd + EXCLUDED.spent_usd,
                        events = budget_spend.events + EXCLUDED.events,
                        updated_at = EXCLUDED.updated_at
                RETURNING budget_id, period_start, spent_usd
            )
            SELECT false AS hourly, budget_id, extract(epoch FROM period_start)::bigint AS start_s, spent_usd,
                   NULL::numeric AS baseline_usd
            FROM period
            UNION ALL
            SELECT true, h.budget_id, extract(epoch FROM h.hour_start)::bigint, h.spent_usd,
                   (SELECT coalesce(sum(x.spent_usd), 0) FROM budget_spend_hourly x
                    WHERE x.budget_id = h.budget_id
                      AND x.hour_start >= timestamptz 'epoch' + f.from_s * interval '1 second'
                      AND x.hour_start < h.hour_start)
            FROM hourly h
            JOIN unnest(:f_budget, :f_from_s) AS f(b, from_s) ON f.b = h.budget_id
            WHERE h.hour_start = timestamptz 'epoch' + :current_hour_s * interval '1 second'
            """;
    private static final Columns<Map.Entry<Key, Delta>> SPEND = Columns.<Map.Entry<Key, Delta>>of()
            .with("budget", UUID.class, e -> e.getKey().budgetId())
            .with("period_s", Long.class, e -> e.getKey().periodStart())
            .with("spent", BigDecimal.class, e -> e.getValue().cost)
            .with("events", Long.class, e -> e.getValue().events);
    private static final Columns<Map.Entry<Key, Sum>> HOURLY = Columns.<Map.Entry<Key, Sum>>of()
            .with("h_budget", UUID.class, e -> e.getKey().budgetId())
            .with("h_hour_s", Long.class, e -> e.getKey().periodStart())
            .with("h_spent", BigDecimal.class, e -> e.getValue().usd);
    private static final Columns<Map.Entry<UUID, Long>> BASELINE_FROM = Columns.<Map.Entry<UUID, Long>>of()
            .with("f_budget", UUID.class, Map.Entry::getKey)
            .with("f_from_s", Long.class, Map.Entry::getValue);

    private final String publicUrl;
    private final Map<UUID, Cached> budgetsByAccount = new ConcurrentHashMap<>();
    private final Set<String> knownAlerts = ConcurrentHashMap.newKeySet();

    /** @param config the dashboard's address for the links in alerts */
    @Inject
    public BudgetSpend(ServerConfig config) {
        this(config.publicUrl());
    }

    /** @param publicUrl the dashboard's address (no trailing slash), or null */
    public BudgetSpend(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** One budget's period or hour (its first second since the epoch). */
    private record Key(UUID budgetId, long periodStart) {
    }

    /** An account's budgets as parsed at one {@code budgets_version}. */
    private record Cached(long version, List<StoredBudget> budgets) {
    }

    /** What a transaction adds to one budget's hour. */
    private static final class Sum {
        BigDecimal usd = BigDecimal.ZERO;
    }

    /** What a transaction adds to one budget's period. */
    private static final class Delta {
        BigDecimal cost = BigDecimal.ZERO;
        long events;
        Period period;
    }

    /**
     * Adds the events to the spend of the budgets whose scope they match, and creates the alerts
     * this spend crosses, reading the account's budgets afresh. Call it last in the transaction
     * that stored the events.
     *
     * @param h the transaction that stored the events
     * @param userId the account
     * @param spends the newly stored priced events (never duplicates)
     * @param now the transaction's instant, for the current period and the forecast
     */
    public void count(Handle h, UUID userId, List<Spend> spends, Instant now) {
        count(h, userId, null, spends, now);
    }

    /**
     * Adds the events to the spend of the budgets whose scope they match, and creates the alerts
     * this spend crosses. Call it last in the transaction that stored the events.
     *
     * @param h the transaction that stored the events
     * @param userId the account
     * @param budgetsVersion the account's {@code users.budgets_version} as read in this transaction
     *     (the parsed budgets kept for it are used), or null to read the budgets
     * @param spends the newly stored priced events (never duplicates)
     * @param now the transaction's instant, for the current period, the hour and the forecast
     */
    public void count(Handle h, UUID userId, Long budgetsVersion, List<Spend> spends, Instant now) {
        if (spends.isEmpty()) {
            return;
        }
        List<StoredBudget> budgets = budgets(h, userId, budgetsVersion);
        if (budgets.isEmpty()) {
            return;
        }
        alert(h, userId, move(h, budgets, spends, now, true), now);
    }

    /**
     * Moves the spend of the account's budgets by re-pricing's differences, in the transaction that
     * re-prices the events: the periods' and the hours' spend alike. A corrected price does not
     * page: no alert is made.
     *
     * @param h the re-pricing transaction
     * @param userId the account
     * @param changes each changed event's difference
     */
    public static void adjust(Handle h, UUID userId, List<Spend> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<StoredBudget> budgets = Budgets.load(h, userId);
        if (!budgets.isEmpty()) {
            move(h, budgets, changes, Instant.now(), false);
        }
    }

    private List<StoredBudget> budgets(Handle h, UUID userId, Long version) {
        if (version == null) {
            return Budgets.load(h, userId);
        }
        Cached c = budgetsByAccount.get(userId);
        if (c != null && c.version() == version) {
            return c.budgets();
        }
        // Read in this transaction after the version was: the budgets are at least that new. They are
        // kept under the version read before them, so a later change is never hidden by this entry.
        List<StoredBudget> budgets = List.copyOf(Budgets.load(h, userId));
        if (budgetsByAccount.size() >= CACHED_ACCOUNTS) {
            budgetsByAccount.clear();
        }
        budgetsByAccount.put(userId, new Cached(version, budgets));
        return budgets;
    }

    /** The first second of the UTC hour containing an instant. */
    static long hourOf(Instant at) {
        long s = at.getEpochSecond();
        return s - Math.floorMod(s, 3600L);
    }

    private static Moved move(Handle h, List<StoredBudget> budgets, List<Spend> spends, Instant now, boolean alerting) {
        long currentHour = hourOf(now);
        long oldestHour = currentHour - BASELINE_HOURS * 3600L;
        Comparator<Key> order = Comparator.comparing(Key::budgetId).thenComparing(Key::periodStart);
        Map<Key, Delta> deltas = new TreeMap<>(order);
        Map<Key, Sum> hours = new TreeMap<>(order);
        Map<UUID, StoredBudget> byId = new HashMap<>();
        // Each event's lower-cased provider and model and its hour, once per batch, not once per budget.
        int n = spends.size();
        String[] providers = new String[n];
        String[] models = new String[n];
        long[] hourOf = new long[n];
        for (int i = 0; i < n; i++) {
            Spend e = spends.get(i);
            providers[i] = e.provider().toLowerCase(Locale.ROOT);
            models[i] = e.model().toLowerCase(Locale.ROOT);
            hourOf[i] = hourOf(e.occurredAt());
        }
        for (StoredBudget b : budgets) {
            byId.put(b.id(), b);
            BudgetRequest s = b.settings();
            BudgetScope scope = s.scope();
            // A batch's events mostly share a period and an hour: add to the last ones without a map look-up.
            Period last = null;
            Delta lastDelta = null;
            long lastHour = Long.MIN_VALUE;
            Sum lastSum = null;
            for (int i = 0; i < n; i++) {
                Spend e = spends.get(i);
                if (!scope.matchesLowerCase(providers[i], models[i], e.tags(), e.apiKeyId())) {
                    continue;
                }
                if (last == null || !contains(last, e.occurredAt())) {
                    Period p = periodOf(s, e.occurredAt());
                    if (p == null) {
                        continue;
                    }
                    last = p;
                    lastDelta = deltas.computeIfAbsent(new Key(b.id(), p.from().toEpochSecond()), k -> new Delta());
                    lastDelta.period = p;
                }
                lastDelta.cost = lastDelta.cost.add(e.costUsd());
                lastDelta.events += e.events();
                long hour = hourOf[i];
                if (hour >= oldestHour) {
                    if (hour != lastHour) {
                        lastHour = hour;
                        lastSum = hours.computeIfAbsent(new Key(b.id(), hour), k -> new Sum());
                    }
                    lastSum.usd = lastSum.usd.add(e.costUsd());
                }
            }
        }
        if (deltas.isEmpty()) {
            return Moved.NONE;
        }
        // Only a budget whose current hour moved can spike; its baseline starts at the first whole
        // hour after its creation, at most BASELINE_HOURS back.
        Map<UUID, Long> baselineFrom = new TreeMap<>();
        if (alerting) {
            for (Key k : hours.keySet()) {
                if (k.periodStart() == currentHour) {
                    long created = byId.get(k.budgetId()).createdAt().getEpochSecond();
                    long firstWhole = hourOf(Instant.ofEpochSecond(created)) + (created % 3600 == 0 ? 0 : 3600);
                    baselineFrom.put(k.budgetId(), Math.max(oldestHour, firstWhole));
                }
            }
        }
        List<Crossing> crossings = new ArrayList<>();
        List<Spike> spikes = new ArrayList<>();
        var query = h.createQuery(UPSERT).bind("current_hour_s", currentHour);
        SPEND.bind(query, new ArrayList<>(deltas.entrySet()));
        HOURLY.bind(query, new ArrayList<>(hours.entrySet()));
        BASELINE_FROM.bind(query, new ArrayList<>(baselineFrom.entrySet()));
        query.map((rs, ctx) -> {
            UUID budgetId = rs.getObject("budget_id", UUID.class);
            long start = rs.getLong("start_s");
            BigDecimal spent = rs.getBigDecimal("spent_usd");
            if (rs.getBoolean("hourly")) {
                long from = baselineFrom.get(budgetId);
                BigDecimal baseline = rs.getBigDecimal("baseline_usd");
                // The snapshot of the baseline does not hold this statement's own earlier hours.
                for (Map.Entry<Key, Sum> e : hours.entrySet()) {
                    Key k = e.getKey();
                    if (k.budgetId().equals(budgetId) && k.periodStart() >= from && k.periodStart() < currentHour) {
                        baseline = baseline.add(e.getValue().usd);
                    }
                }
                spikes.add(new Spike(byId.get(budgetId), currentHour, spent, baseline,
                        (int) ((currentHour - from) / 3600)));
            } else {
                Key k = new Key(budgetId, start);
                Delta d = deltas.get(k);
                crossings.add(new Crossing(byId.get(budgetId), d.period, spent.subtract(d.cost), spent));
            }
            return budgetId;
        }).list();
        return new Moved(crossings, spikes);
    }

    /** What one batch moved: the periods, and the current hours with their baselines. */
    private record Moved(List<Crossing> crossings, List<Spike> spikes) {
        static final Moved NONE = new Moved(List.of(), List.of());
    }

    /**
     * One budget's current hour after this transaction.
     *
     * @param hourStart the hour's first second since the epoch
     * @param spent what the hour has spent
     * @param baseline what the baseline hours spent
     * @param baselineHours how many hours the baseline has (0: the budget is too young)
     */
    private record Spike(StoredBudget budget, long hourStart, BigDecimal spent, BigDecimal baseline, int baselineHours) {
        boolean fires() {
            if (baselineHours <= 0 || spent.compareTo(minimumSpike(budget.settings().limitUsd())) < 0) {
                return false;
            }
            return spent.multiply(BigDecimal.valueOf(baselineHours)).compareTo(SPIKE_MULTIPLIER.multiply(baseline)) >= 0;
        }

        /** @return the baseline's mean hourly spend, 6 decimals half up (for reading) */
        BigDecimal mean() {
            return baseline.divide(BigDecimal.valueOf(baselineHours), 6, RoundingMode.HALF_UP);
        }
    }

    /** @return the least spend of an hour that can spike for a limit: the larger of $5 and 1 % of it */
    static BigDecimal minimumSpike(BigDecimal limitUsd) {
        return SPIKE_MINIMUM_USD.max(limitUsd.multiply(SPIKE_MINIMUM_PERCENT).movePointLeft(2));
    }

    /** One budget's period moved from {@code before} to {@code after} by this transaction. */
    private record Crossing(StoredBudget budget, Period period, BigDecimal before, BigDecimal after) {
    }

    /** An alert to create unless it exists: its kind, its crossing, and for a spike the hour. */
    private record Candidate(String type, Crossing crossing, Spike spike) {
        String key() {
            return crossing.budget().id() + " " + dedupeKey(type, null, crossing.period(), spike);
        }
    }

    private void alert(Handle h, UUID userId, Moved moved, Instant now) {
        List<Candidate> candidates = new ArrayList<>();
        Map<UUID, Crossing> current = new HashMap<>();
        for (Crossing c : moved.crossings()) {
            if (!contains(c.period(), now)) {
                continue;
            }
            current.put(c.budget().id(), c);
            BudgetRequest s = c.budget().settings();
            for (int t : s.thresholds()) {
                BigDecimal at = s.limitUsd().multiply(BigDecimal.valueOf(t)).movePointLeft(2);
                if (c.before().compareTo(at) < 0 && c.after().compareTo(at) >= 0) {
                    insertAlert(h, userId, c, "budget.threshold_crossed", t, null, now);
                }
            }
            if (BudgetState.elapsedFraction(c.period(), now) >= FORECAST_MIN_ELAPSED
                    && BudgetState.percent(c.after(), s.limitUsd()).compareTo(FORECAST_MIN_PERCENT) >= 0
                    && BudgetState.forecast(c.period(), c.after(), now).compareTo(s.limitUsd()) > 0) {
                candidates.add(new Candidate("budget.forecast_overrun", c, null));
            }
        }
        for (Spike spike : moved.spikes()) {
            if (!spike.fires()) {
                continue;
            }
            Crossing c = current.get(spike.budget().id());
            if (c == null) {
                // This batch's events of the hour fell before the current period began (a period that
                // starts within the hour): the alert reports the current period as it stands.
                Period p = periodOf(spike.budget().settings(), now);
                if (p == null) {
                    continue;
                }
                BigDecimal spent = h.createQuery(
                                "SELECT spent_usd FROM budget_spend WHERE budget_id = :b AND period_start = :p")
                        .bind("b", spike.budget().id())
                        .bind("p", Timestamp.from(p.from().toInstant()))
                        .mapTo(BigDecimal.class)
                        .findOne()
                        .orElse(BigDecimal.ZERO);
                c = new Crossing(spike.budget(), p, spent, spent);
            }
            candidates.add(new Candidate("budget.spend_spike", c, spike));
        }
        candidates.removeIf(k -> knownAlerts.contains(k.key()));
        if (candidates.isEmpty()) {
            return;
        }
        // A forecast stays above the limit, and a spike above its baseline, for many batches once
        // they are: look up which already exist with one query rather than attempt an insert (with
        // its payload's queries) for each on every batch. Only alerts seen committed are remembered:
        // one this transaction inserts might still be rolled back.
        List<UUID> ids = candidates.stream().map(k -> k.crossing().budget().id()).toList();
        List<String> keys = candidates.stream().map(k -> dedupeKey(k.type(), null, k.crossing().period(), k.spike()))
                .toList();
        Set<String> existing = new HashSet<>(h.createQuery("""
                        SELECT a.budget_id || ' ' || a.dedupe_key FROM alerts a
                        JOIN unnest(:ids, :keys) AS k(b, d) ON a.budget_id = k.b AND a.dedupe_key = k.d""")
                .bindArray("ids", UUID.class, ids)
                .bindArray("keys", String.class, keys)
                .mapTo(String.class)
                .list());
        if (knownAlerts.size() + existing.size() > KNOWN_ALERTS) {
            knownAlerts.clear();
        }
        knownAlerts.addAll(existing);
        for (Candidate k : candidates) {
            if (!existing.contains(k.key())) {
                insertAlert(h, userId, k.crossing(), k.type(), null, k.spike(), now);
            }
        }
    }

    private static String dedupeKey(String type, Integer threshold, Period p, Spike spike) {
        String start = p.from().toInstant().toString();
        return switch (type) {
            case "budget.threshold_crossed" -> "threshold:" + threshold + ":" + start;
            case "budget.forecast_overrun" -> "forecast:" + start;
            case "budget.spend_spike" -> "spike:" + Instant.ofEpochSecond(spike.hourStart());
            default -> throw new IllegalArgumentException(type);
        };
    }

    private void insertAlert(Handle h, UUID userId, Crossing c, String type, Integer threshold, Spike spike,
            Instant now) {
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
        if (spike != null) {
            payload.put("hour_from", Instant.ofEpochSecond(spike.hourStart()).toString());
            payload.put("hour_spent_usd", Amounts.plain(spike.spent()));
            payload.put("baseline_hourly_usd", Amounts.plain(spike.mean()));
            payload.put("baseline_hours", spike.baselineHours());
        }
        if (s.scope().readableFromUsageTotals()) {
            payload.set("top_models", topModels(h, userId, s.scope(), c.period()));
        }
        if (s.scope().equals(BudgetScope.ACCOUNT)) {
            payload.set("top_tags", topTags(h, userId, c.period()));
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
                .bind("dedupe", dedupeKey(type, threshold, c.period(), spike))
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

    /**
     * The three tags (key and value) the account spent most on in the period, from the tag totals
     * and the deltas not yet folded into them (this transaction's included). The tag totals are kept
     * per account, so only a budget over the whole account can read its tags from them.
     */
    private static ArrayNode topTags(Handle h, UUID userId, Period p) {
        ArrayNode top = JsonBodies.MAPPER.createArrayNode();
        h.createQuery("""
                        SELECT tag_key, tag_value, sum(cost_usd) AS cost FROM (
                            SELECT tag_key, tag_value, cost_usd FROM tag_totals
                            WHERE user_id = :u AND bucket >= :from AND bucket < :to
                            UNION ALL
                            SELECT tag_key, tag_value, cost_usd FROM tag_deltas
                            WHERE user_id = :u AND bucket >= :from AND bucket < :to
                        ) t
                        GROUP BY tag_key, tag_value
                        HAVING sum(cost_usd) > 0
                        ORDER BY cost DESC, tag_key, tag_value
                        LIMIT 3""")
                .bind("u", userId)
                .bind("from", Timestamp.from(p.from().toInstant()))
                .bind("to", Timestamp.from(p.to().toInstant()))
                .map((rs, ctx) -> top.addObject()
                        .put("key", rs.getString("tag_key"))
                        .put("value", rs.getString("tag_value"))
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
