package dev.llmlab.core.pricing;

import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Prices normalized usage with a {@link PriceCatalog}, exactly. Thread-safe; build one and share
 * it.
 *
 * <p>cost = uncached input × input rate + cache reads × cache-read rate + 5-minute cache writes ×
 * write rate + 1-hour cache writes × 1-hour rate + output × output rate (audio parts at their
 * audio rates) + web search requests × fee, at the price period in force at the call's instant
 * and the tier its prompt size selects, at the rates of the usage's service tier (batch, flex,
 * priority) and inference geography where the price list gives them. Nothing is rounded.
 *
 * <p>A usage is unpriced, with a reason, when its model is unknown, when the catalog knows the
 * model but does not price it ({@link ModelPrice#unpricedReason()}: billed per image, per second,
 * per character, or no published price), before the model's first price period, when its service
 * tier (or geography) has no rates in the price list — a tier the model does not offer is not
 * billed at the standard rates — or when it bills
 * output or web search that the model's rates lack.
 *
 * <pre>{@code
 * CostCalculator calculator = CostCalculator.of(PriceCatalog.loadDefault());
 * CostResult result = calculator.price(usage, Instant.now());
 * if (result.isPriced()) {
 *     BigDecimal usd = result.cost().total();
 * }
 * }</pre>
 */
public final class CostCalculator {
    private final PriceCatalog catalog;
    private final Clock clock;

    private CostCalculator(PriceCatalog catalog, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param catalog the prices to use; not null
     * @return a calculator
     */
    public static CostCalculator of(PriceCatalog catalog) {
        return new CostCalculator(catalog, Clock.systemUTC());
    }

    /** @return the catalog this calculator prices with */
    public PriceCatalog catalog() {
        return catalog;
    }

    /**
     * Prices usage at the current instant.
     *
     * @param usage the usage; not null
     * @return the result, priced or explicitly unpriced; never null
     */
    public CostResult price(Usage usage) {
        return price(usage, clock.instant());
    }

    /**
     * Prices usage at the prices in force at an instant.
     *
     * @param usage the usage; not null
     * @param at when the call was made; not null
     * @return the result, priced or explicitly unpriced; never null
     */
    public CostResult price(Usage usage, Instant at) {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(at, "at");
        PriceCatalog.Lookup lookup = catalog.lookup(usage.provider(), usage.model());
        if (lookup.price == null) {
            return CostResult.unpriced(usage, lookup.reason, lookup.suggestions);
        }
        ModelPrice price = lookup.price;
        if (price.unpricedMessage != null) {
            return CostResult.unpriced(usage, price.unpricedMessage, List.of());
        }
        int p = price.periodIndex(at.getEpochSecond());
        if (p < 0) {
            return CostResult.unpriced(usage, "no price for " + price.id() + " in force at " + at
                    + "; its prices start " + price.periods().get(0).effectiveFromText(), List.of());
        }
        PricePeriod period = price.periods().get(p);
        int tier = period.tierIndex(usage.inputTokens());
        ServiceTier serviceTier = usage.serviceTier();
        String geo = usage.inferenceGeo();
        CompiledRates rates = serviceTier == ServiceTier.STANDARD && geo == null ? period.compiled(tier)
                : period.compiled(serviceTier, geo, tier);
        if (rates == null) {
            return CostResult.unpriced(usage, period.missingRates(price.id(), serviceTier, geo, tier), List.of());
        }
        String missing = missingRate(usage, rates);
        if (missing != null) {
            return CostResult.unpriced(usage, price.id() + " has no " + missing + " rate, but the usage bills "
                    + missing, List.of());
        }
        return CostResult.priced(usage, compute(usage, rates), price, period, tier);
    }

    private static String missingRate(Usage u, CompiledRates r) {
        if (u.outputTokens() > 0 && r.rates[CompiledRates.OUTPUT] == null) {
            return "output";
        }
        if (u.webSearchRequests() > 0 && r.rates[CompiledRates.WEB_SEARCH] == null) {
            return "web search";
        }
        return null;
    }

    static Cost compute(Usage u, CompiledRates r) {
        long[] counts = counts(u);
        if (r.compact) {
            try {
                long[] units = new long[CompiledRates.PARTS + 1];
                long total = 0;
                for (int i = 0; i < CompiledRates.PARTS; i++) {
                    long c = counts[i];
                    if (c != 0) {
                        long v = Math.multiplyExact(c, r.unscaled[i]);
                        units[i] = v;
                        total = Math.addExact(total, v);
                    }
                }
                units[CompiledRates.PARTS] = total;
                return new Cost(units, r.scale + 6);
            } catch (ArithmeticException overflow) {
                // fall through to exact BigDecimal arithmetic
            }
        }
        BigDecimal[] parts = new BigDecimal[CompiledRates.PARTS + 1];
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < CompiledRates.PARTS; i++) {
            BigDecimal rate = r.rates[i];
            BigDecimal v = counts[i] == 0 || rate == null ? BigDecimal.ZERO
                    : BigDecimal.valueOf(counts[i]).multiply(rate).movePointLeft(6);
            parts[i] = v;
            total = total.add(v);
        }
        parts[CompiledRates.PARTS] = total;
        return new Cost(parts);
    }

    private static long[] counts(Usage u) {
        long[] c = new long[CompiledRates.PARTS];
        c[CompiledRates.INPUT] = u.uncachedInputTokens() - u.inputAudioTokens();
        c[CompiledRates.INPUT_AUDIO] = u.inputAudioTokens();
        c[CompiledRates.CACHE_READ] = u.cacheReadTokens();
        c[CompiledRates.CACHE_WRITE_5M] = u.cacheWriteTokens() - u.cacheWrite1hTokens();
        c[CompiledRates.CACHE_WRITE_1H] = u.cacheWrite1hTokens();
        c[CompiledRates.OUTPUT] = u.outputTokens() - u.outputAudioTokens();
        c[CompiledRates.OUTPUT_AUDIO] = u.outputAudioTokens();
        c[CompiledRates.WEB_SEARCH] = u.webSearchRequests();
        return c;
    }
}
