package dev.llmlab.server.recommend;

import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.recommend.Recommendation.Kind;
import dev.llmlab.server.recommend.RecommendationQueries.ModelUsage;
import dev.llmlab.server.recommend.RecommendationQueries.MonthBudget;
import dev.llmlab.server.recommend.RecommendationQueries.Slice;
import dev.llmlab.server.recommend.RecommendationQueries.UnpricedModel;
import dev.llmlab.server.summary.Period;
import dev.llmlab.server.summary.SummaryQueries;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Finds where an account could spend less, from its own events in a period, and estimates each
 * saving per month with the catalog in force. The rules, their assumptions and formulas are those of
 * docs/server.md, "Recommendations":
 *
 * <ul>
 *   <li>Every re-pricing is linear in the token sums, at the base rates in force now (tiers are not
 *       applied: the short prompts of {@code cheaper_model} never reach one, and elsewhere this
 *       under-states the saving). Audio and web searches are not re-priced.</li>
 *   <li>A saving of the period is scaled to a month: × (seconds of the month containing the period's
 *       start ÷ seconds of the period elapsed so far), rounded half up to 6 decimals. For a period
 *       that is over and a whole month, the factor is 1.</li>
 *   <li>Savings overlap (the same calls can appear under several kinds): they are not to be added.</li>
 * </ul>
 */
@Singleton
public final class RecommendationService {
    /** Savings below this, in USD per month, are not shown (except budgets and unpriced models). */
    public static final BigDecimal MIN_MONTHLY_SAVING_USD = BigDecimal.ONE;
    /** Average output, in tokens, up to which calls with short prompts are offered a cheaper model. */
    static final long SHORT_OUTPUT_TOKENS = 300;
    /** Large-prompt calls a model needs in the period before caching is recommended. */
    static final long MIN_LARGE_PROMPT_CALLS = 20;
    /** Below this share of prompt tokens read from the cache, caching is recommended. */
    static final BigDecimal LOW_CACHE_READ_SHARE = new BigDecimal("0.10");
    /** Share of the uncached prompt tokens of large-prompt calls assumed cacheable. */
    static final BigDecimal ASSUMED_CACHEABLE_SHARE = new BigDecimal("0.5");
    /**
     * What the batch APIs bill, as a share of standard prices: 50 % at OpenAI (Batch API), Anthropic
     * (Message Batches) and Google (Gemini Batch Mode), per their pricing pages. The catalog has no
     * batch rates yet, so this is a documented constant and the saving an estimate.
     */
    static final BigDecimal BATCH_PRICE_SHARE = new BigDecimal("0.5");
    /** Providers whose batch API bills {@link #BATCH_PRICE_SHARE}. */
    static final Set<String> BATCH_PROVIDERS = Set.of("openai", "anthropic", "google");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Comparator<Recommendation> RANKED = Comparator
            .comparing(Recommendation::monthlySavingUsd, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Recommendation::kind)
            .thenComparing(Recommendation::id);
    private final RecommendationQueries queries;
    private final SummaryQueries totals;
    private final ServerConfig config;

    /**
     * @param queries the event aggregates and budgets
     * @param totals the period totals (a budget's month spend)
     * @param config the server's configuration: its catalog in force
     */
    public RecommendationService(RecommendationQueries queries, SummaryQueries totals, ServerConfig config) {
        this.queries = queries;
        this.totals = totals;
        this.config = config;
    }

    /**
     * @param userId the account
     * @param period the period whose events are read
     * @param now the current instant: how much of the period has elapsed, and which prices are in force
     * @return the recommendations, ranked
     */
    public Recommendations recommend(UUID userId, Period period, Instant now) {
        PriceCatalog catalog = config.catalog();
        Instant from = period.from().toInstant();
        Instant to = period.to().toInstant();
        long elapsed = Duration.between(from, now.isBefore(to) ? now : to).getSeconds();
        List<Recommendation> out = new ArrayList<>();
        if (elapsed > 0) {
            Period month = Period.containing("month", period.zone(), period.from().toLocalDate());
            Scale scale = new Scale(Duration.between(month.from(), month.to()).getSeconds(), elapsed);
            List<ModelUsage> usage = queries.modelUsage(userId, from, to);
            BigDecimal spend = usage.stream().map(ModelUsage::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
            for (ModelUsage u : usage) {
                ModelPrice price = catalog.find(u.provider(), u.model()).orElse(null);
                Rates rates = price == null ? null : ratesAt(price, now);
                if (rates == null) {
                    continue; // the model left the catalog since: nothing to re-price with
                }
                cheaperModel(catalog, price, rates, u, spend, scale, now, out);
                promptCaching(price, rates, u, spend, scale, out);
                batchPricing(price, rates, u, spend, scale, out);
            }
            for (UnpricedModel m : queries.unpriced(userId, from, to)) {
                out.add(unpriced(m));
            }
        }
        for (MonthBudget b : queries.monthBudgets(userId)) {
            budgetForecast(userId, b, period, now, out);
        }
        List<Recommendation> shown = out.stream()
                .filter(r -> r.monthlySavingUsd() == null || r.kind() == Kind.BUDGET_FORECAST
                        || r.monthlySavingUsd().compareTo(MIN_MONTHLY_SAVING_USD) >= 0)
                .sorted(RANKED)
                .toList();
        return new Recommendations(period, shown);
    }

    private void cheaperModel(PriceCatalog catalog, ModelPrice price, Rates rates, ModelUsage u, BigDecimal spend,
            Scale scale, Instant now, List<Recommendation> out) {
        Slice s = u.shortPrompts();
        if (s.calls() == 0 || s.output().compareTo(BigDecimal.valueOf(SHORT_OUTPUT_TOKENS * s.calls())) > 0) {
            return;
        }
        String cheaper = CheaperModels.cheaperThan(price.provider(), price.model()).orElse(null);
        ModelPrice cheaperPrice = cheaper == null ? null : catalog.find(price.provider(), cheaper).orElse(null);
        Rates cheaperRates = cheaperPrice == null ? null : ratesAt(cheaperPrice, now);
        if (cheaperRates == null) {
            return;
        }
        BigDecimal current = cost(rates, s);
        BigDecimal alternative = cost(cheaperRates, s);
        BigDecimal saving = current.subtract(alternative);
        Map<String, Object> e = evidence(price, s, spend, saving);
        e.put("cheaper_model", cheaper);
        e.put("avg_output_tokens", s.output().divide(BigDecimal.valueOf(s.calls()), 2, RoundingMode.HALF_UP).toPlainString());
        e.put("cost_at_current_prices_usd", Amounts.plain(current));
        e.put("cost_at_cheaper_prices_usd", Amounts.plain(alternative));
        out.add(new Recommendation(Recommendation.stableId(Kind.CHEAPER_MODEL, price.id()), Kind.CHEAPER_MODEL,
                "Try " + cheaper + " for the short calls to " + price.model(),
                s.calls() + " calls to " + price.id() + " had prompts of at most "
                        + RecommendationQueries.SHORT_PROMPT_TOKENS + " tokens and outputs of "
                        + e.get("avg_output_tokens") + " tokens on average (rule: prompt <= "
                        + RecommendationQueries.SHORT_PROMPT_TOKENS + " tokens, average output <= "
                        + SHORT_OUTPUT_TOKENS + " tokens). The same tokens at " + cheaper + "'s prices cost "
                        + Amounts.plain(alternative) + " USD instead of " + Amounts.plain(current)
                        + " USD. This compares prices only: check on your own calls that " + cheaper
                        + " answers well enough before switching.",
                scale.monthly(saving), e));
    }

    private void promptCaching(ModelPrice price, Rates rates, ModelUsage u, BigDecimal spend, Scale scale,
            List<Recommendation> out) {
        Slice s = u.largePrompts();
        if (rates.cacheRead().isEmpty() || s.calls() < MIN_LARGE_PROMPT_CALLS || s.input().signum() == 0
                || s.cacheRead().compareTo(s.input().multiply(LOW_CACHE_READ_SHARE)) >= 0) {
            return;
        }
        BigDecimal cacheable = s.uncachedInput().multiply(ASSUMED_CACHEABLE_SHARE);
        BigDecimal saving = perMillion(cacheable, rates.input().subtract(rates.effectiveCacheRead()));
        Map<String, Object> e = evidence(price, s, spend, saving);
        e.put("cache_read_share_percent", percent(s.cacheRead(), s.input()));
        e.put("assumed_cacheable_share", ASSUMED_CACHEABLE_SHARE.toPlainString());
        out.add(new Recommendation(Recommendation.stableId(Kind.PROMPT_CACHING, price.id()), Kind.PROMPT_CACHING,
                "Cache the large prompts of " + price.model(),
                s.calls() + " calls to " + price.id() + " sent prompts of at least "
                        + RecommendationQueries.LARGE_PROMPT_TOKENS + " tokens, and " + e.get("cache_read_share_percent")
                        + " % of their prompt tokens were read from the cache (rule: at least " + MIN_LARGE_PROMPT_CALLS
                        + " such calls, under 10 % read from the cache). Put the unchanging part of the prompt"
                        + " (instructions, tools, documents) first and mark it cacheable. Estimate: half of their"
                        + " uncached prompt tokens billed at the cache-read rate instead of the input rate;"
                        + " the premium some providers bill for cache writes is not counted.",
                scale.monthly(saving), e));
    }

    private void batchPricing(ModelPrice price, Rates rates, ModelUsage u, BigDecimal spend, Scale scale,
            List<Recommendation> out) {
        Slice s = u.batch();
        if (s.calls() == 0 || !BATCH_PROVIDERS.contains(price.provider())) {
            return;
        }
        BigDecimal current = cost(rates, s);
        BigDecimal saving = current.subtract(current.multiply(BATCH_PRICE_SHARE));
        Map<String, Object> e = evidence(price, s, spend, saving);
        e.put("batch_price_share", BATCH_PRICE_SHARE.toPlainString());
        e.put("cost_at_current_prices_usd", Amounts.plain(current));
        out.add(new Recommendation(Recommendation.stableId(Kind.BATCH_PRICING, price.id()), Kind.BATCH_PRICING,
                "Send the non-interactive calls to " + price.model() + " through the batch API",
                s.calls() + " calls to " + price.id() + " were tagged as non-interactive (tag interactive=false,"
                        + " or a tag " + String.join(", ", RecommendationQueries.BATCH_TAG_KEYS)
                        + " with a value other than false). " + price.provider() + "'s batch API bills 50 % of"
                        + " standard prices for results within 24 hours. Estimate: the catalog has no batch"
                        + " prices; 50 % is the discount the providers publish.",
                scale.monthly(saving), e));
    }

    private static Recommendation unpriced(UnpricedModel m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("provider", m.provider());
        e.put("model", m.model());
        e.put("calls", m.calls());
        e.put("unpriced_reason", m.reason());
        return new Recommendation(Recommendation.stableId(Kind.UNPRICED_MODEL, m.provider() + "/" + m.model()),
                Kind.UNPRICED_MODEL, "Add a price for " + m.provider() + "/" + m.model(),
                m.calls() + " calls could not be priced (" + m.reason() + "): their cost is unknown and in no"
                        + " total. Add the model to a price file (LLMLAB_PRICES) and re-price the period.",
                null, e);
    }

    private void budgetForecast(UUID userId, MonthBudget b, Period period, Instant now, List<Recommendation> out) {
        Period month;
        try {
            ZoneId zone = ZoneId.of(b.timeZone());
            Instant to = period.to().toInstant();
            Instant from = period.from().toInstant();
            // the budget's month under way, or for a period that is over the month of its middle
            Instant ref = now.isBefore(to) ? now : from.plus(Duration.between(from, to).dividedBy(2));
            month = Period.containing("month", zone, ref);
        } catch (DateTimeException | ApiException e) {
            return; // a zone the budget code would not store: no forecast rather than a wrong one
        }
        Instant from = month.from().toInstant();
        Instant to = month.to().toInstant();
        long elapsed = Duration.between(from, now.isBefore(to) ? now : to).getSeconds();
        if (elapsed <= 0) {
            return;
        }
        BigDecimal spent = totals.byModel(userId, from, to).stream().map(m -> m.totals().cost())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long length = Duration.between(from, to).getSeconds();
        BigDecimal forecast = spent.multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(elapsed), 6, RoundingMode.HALF_UP);
        if (forecast.compareTo(b.limit()) <= 0) {
            return;
        }
        BigDecimal overrun = forecast.subtract(b.limit()).setScale(6, RoundingMode.HALF_UP);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("budget_id", b.id().toString());
        e.put("monthly_limit_usd", Amounts.plain(b.limit()));
        e.put("month_from", ISO.format(month.from()));
        e.put("month_to", ISO.format(month.to()));
        e.put("spent_usd", Amounts.plain(spent));
        e.put("forecast_usd", Amounts.plain(forecast));
        e.put("elapsed_percent", percent(BigDecimal.valueOf(elapsed), BigDecimal.valueOf(length)));
        out.add(new Recommendation(Recommendation.stableId(Kind.BUDGET_FORECAST, b.id().toString()),
                Kind.BUDGET_FORECAST, "The month's spending is on course to pass its budget",
                "At the rate so far (" + Amounts.plain(spent) + " USD in " + e.get("elapsed_percent")
                        + " % of the month), the month ends at " + Amounts.plain(forecast) + " USD against a limit of "
                        + Amounts.plain(b.limit()) + " USD: " + Amounts.plain(overrun) + " USD over. The saving shown"
                        + " is that overrun: what keeping to the budget saves. Forecast = spent / time elapsed"
                        + " × length of the month.",
                overrun, e));
    }

    private static Map<String, Object> evidence(ModelPrice price, Slice s, BigDecimal spend, BigDecimal saving) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("provider", price.provider());
        e.put("model", price.model());
        e.put("calls", s.calls());
        e.put("input_tokens", s.input().toBigIntegerExact());
        e.put("cache_read_tokens", s.cacheRead().toBigIntegerExact());
        e.put("cache_write_tokens", s.cacheWrite().toBigIntegerExact());
        e.put("output_tokens", s.output().toBigIntegerExact());
        e.put("cost_usd", Amounts.plain(s.cost()));
        e.put("share_of_spend_percent", percent(s.cost(), spend));
        e.put("period_saving_usd", Amounts.plain(saving));
        return e;
    }

    /** @return the base rates in force at an instant (else the latest), or null for a model without prices */
    private static Rates ratesAt(ModelPrice price, Instant at) {
        if (!price.isPriced()) {
            return null;
        }
        return price.periodAt(at).orElseGet(price::current).rates();
    }

    /** @return the tokens of a slice at a model's base rates, exactly */
    private static BigDecimal cost(Rates r, Slice s) {
        BigDecimal fiveMinuteWrites = s.cacheWrite().subtract(s.cacheWrite1h());
        return perMillion(s.uncachedInput(), r.input())
                .add(perMillion(s.cacheRead(), r.effectiveCacheRead()))
                .add(perMillion(fiveMinuteWrites, r.effectiveCacheWrite()))
                .add(perMillion(s.cacheWrite1h(), r.effectiveCacheWrite1h()))
                .add(perMillion(s.output(), r.output().orElse(BigDecimal.ZERO)));
    }

    private static BigDecimal perMillion(BigDecimal tokens, BigDecimal usdPerMillion) {
        return tokens.multiply(usdPerMillion).movePointLeft(6);
    }

    /** @return part / whole in percent, rounded half up to 2 decimals (for people); 0.00 of nothing */
    private static String percent(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return "0.00";
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Scales a saving of the elapsed part of a period to a month. */
    private record Scale(long monthSeconds, long elapsedSeconds) {
        BigDecimal monthly(BigDecimal saving) {
            return saving.multiply(BigDecimal.valueOf(monthSeconds))
                    .divide(BigDecimal.valueOf(elapsedSeconds), 6, RoundingMode.HALF_UP);
        }
    }
}
