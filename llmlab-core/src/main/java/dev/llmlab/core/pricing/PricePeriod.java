package dev.llmlab.core.pricing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices of one model from a date on, until the next period of the same model begins: base
 * rates, optional tiers keyed on prompt size, and where the figures come from.
 */
public final class PricePeriod {
    private final Instant effectiveFrom;
    private final Rates rates;
    private final List<PriceTier> tiers;
    private final String source;
    private final String note;
    private final CompiledRates compiledBase;
    private final CompiledRates[] compiledTiers;
    private final long[] tierThresholds;

    private PricePeriod(Instant effectiveFrom, Rates rates, List<PriceTier> tiers, String source, String note) {
        this.effectiveFrom = Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        this.rates = Objects.requireNonNull(rates, "rates");
        List<PriceTier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparingLong(PriceTier::aboveInputTokens));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).aboveInputTokens() == sorted.get(i - 1).aboveInputTokens()) {
                throw new IllegalArgumentException("two tiers above " + sorted.get(i).aboveInputTokens()
                        + " input tokens");
            }
        }
        this.tiers = List.copyOf(sorted);
        this.source = source;
        this.note = note;
        this.compiledBase = CompiledRates.of(rates);
        this.compiledTiers = new CompiledRates[sorted.size()];
        this.tierThresholds = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            compiledTiers[i] = CompiledRates.of(sorted.get(i).rates());
            tierThresholds[i] = sorted.get(i).aboveInputTokens();
        }
    }

    /**
     * @param effectiveFrom when these prices took effect; not null
     * @param rates the base rates; not null
     * @param tiers rates for larger prompts; not null, may be empty
     * @param source where the figures were read (a pricing page URL), or null
     * @param note a remark for people reading the catalog, or null
     * @return the period
     */
    public static PricePeriod of(Instant effectiveFrom, Rates rates, List<PriceTier> tiers, String source,
            String note) {
        return new PricePeriod(effectiveFrom, rates, tiers, source, note);
    }

    /** @return when these prices took effect */
    public Instant effectiveFrom() {
        return effectiveFrom;
    }

    /** @return the effective date as written in price files: a date when at midnight UTC */
    public String effectiveFromText() {
        return effectiveFrom.atOffset(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                ? effectiveFrom.atOffset(ZoneOffset.UTC).toLocalDate().toString()
                : effectiveFrom.toString();
    }

    /** @return the base rates */
    public Rates rates() {
        return rates;
    }

    /** @return the tiers, ascending by threshold */
    public List<PriceTier> tiers() {
        return tiers;
    }

    /** @return where the figures were read, if recorded */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** @return a remark, if any */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** The tier index in force for a prompt of this size, -1 for the base rates. */
    int tierIndex(long inputTokens) {
        int found = -1;
        for (int i = 0; i < tierThresholds.length; i++) {
            if (inputTokens > tierThresholds[i]) {
                found = i;
            }
        }
        return found;
    }

    CompiledRates compiled(int tierIndex) {
        return tierIndex < 0 ? compiledBase : compiledTiers[tierIndex];
    }

    @Override
    public String toString() {
        return "PricePeriod{from=" + effectiveFromText() + ", " + rates + (tiers.isEmpty() ? "" : ", tiers=" + tiers)
                + '}';
    }
}
