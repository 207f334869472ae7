package dev.llmlab.server.summary;

import dev.llmlab.server.account.Budget;
import dev.llmlab.server.account.BudgetRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Adds up an account's costs for a period: the totals by model, day and tag come from
 * {@link SummaryQueries}; the totals by provider, the whole, the row of events without the tag, the
 * days without events and the budget's standing are derived here, exactly.
 */
@Singleton
public final class SummaryService {
    private static final Comparator<Summary.ProviderTotal> MOST_EXPENSIVE_FIRST = Comparator
            .comparing((Summary.ProviderTotal p) -> p.totals().cost()).reversed()
            .thenComparing(Summary.ProviderTotal::provider);
    private final SummaryQueries queries;
    private final BudgetRepository budgets;

    /**
     * @param queries the aggregate queries
     * @param budgets budgets
     */
    public SummaryService(SummaryQueries queries, BudgetRepository budgets) {
        this.queries = queries;
        this.budgets = budgets;
    }

    /**
     * @param userId the account
     * @param request the period, zone and grouping
     * @param now the current instant: days after today are left out of {@code daily} unless they have
     *     events
     * @return the summary
     */
    public Summary summarize(UUID userId, SummaryRequest request, Instant now) {
        Period p = request.period();
        List<SummaryQueries.ModelTotal> byModel = queries.byModel(userId, p.from().toInstant(), p.to().toInstant());
        Totals total = Totals.ZERO;
        Map<String, Totals> providers = new LinkedHashMap<>();
        for (SummaryQueries.ModelTotal m : byModel) {
            total = total.plus(m.totals());
            providers.merge(m.provider(), m.totals(), Totals::plus);
        }
        List<Summary.ProviderTotal> byProvider = providers.entrySet().stream()
                .map(e -> new Summary.ProviderTotal(e.getKey(), e.getValue()))
                .sorted(MOST_EXPENSIVE_FIRST)
                .toList();
        String tagKey = request.tagKey();
        return new Summary(p, total, byProvider, byModel, daily(userId, p, now), tagKey,
                tagKey == null ? null : byTag(userId, p, tagKey, total),
                request.byServiceTier() ? queries.byServiceTier(userId, p.from().toInstant(), p.to().toInstant()) : null,
                budget(userId, p, total.cost()));
    }

    private List<SummaryQueries.DayTotal> daily(UUID userId, Period p, Instant now) {
        Map<LocalDate, BigDecimal> days = new LinkedHashMap<>();
        for (SummaryQueries.DayTotal d : queries.daily(userId, p)) {
            days.put(d.day(), d.cost());
        }
        List<SummaryQueries.DayTotal> daily = new ArrayList<>();
        LocalDate last = p.to().toLocalDate().minusDays(1);
        LocalDate today = now.atZone(p.zone()).toLocalDate();
        if (today.isBefore(last) && !today.isBefore(p.from().toLocalDate())) {
            last = today; // the current period: no rows for days still to come
        }
        for (LocalDate d = p.from().toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            daily.add(new SummaryQueries.DayTotal(d, days.getOrDefault(d, BigDecimal.ZERO)));
        }
        for (Map.Entry<LocalDate, BigDecimal> e : days.entrySet()) {
            if (e.getKey().isAfter(last)) { // events stamped in the future (clock skew) still show
                daily.add(new SummaryQueries.DayTotal(e.getKey(), e.getValue()));
            }
        }
        return daily;
    }

    private List<SummaryQueries.TagTotal> byTag(UUID userId, Period p, String key, Totals total) {
        List<SummaryQueries.TagTotal> rows = new ArrayList<>(
                queries.byTag(userId, key, p.from().toInstant(), p.to().toInstant()));
        Totals tagged = rows.stream().map(SummaryQueries.TagTotal::totals).reduce(Totals.ZERO, Totals::plus);
        if (total.events().compareTo(tagged.events()) > 0) {
            rows.add(new SummaryQueries.TagTotal(null, total.minus(tagged))); // the events without this tag
        }
        return rows;
    }

    private Summary.BudgetStatus budget(UUID userId, Period p, BigDecimal periodCost) {
        List<Budget> list = budgets.findByUserIdOrderByCreatedAt(userId);
        if (list.isEmpty()) {
            return null;
        }
        Period month = p.name().equals("month") ? p : Period.containing("month", p.zone(), p.from().toLocalDate());
        BigDecimal spent = month == p ? periodCost
                : queries.byModel(userId, month.from().toInstant(), month.to().toInstant()).stream()
                        .map(m -> m.totals().cost()).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Summary.BudgetStatus(list.get(0), month, spent);
    }
}
