package dev.llmlab.core.pricing;

import dev.llmlab.spi.ServiceTier;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices of one model from a date on, until the next period of the same model begins: base
 * rates, optional tiers keyed on prompt size, the rates of other service tiers and inference
 * geographies ({@link ServiceTierRates}), and where the figures come from.
 *
 * <p>The rates a usage bills are found once per period, not per call: the base and tier rates of
 * every service tier (and geography) are compiled when the period is built, indexed by the tier's
 * ordinal, so pricing a standard call costs what it did before service tiers existed.
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
    private final List<ServiceTierRates> serviceTiers;
    /** [service tier ordinal][1 + period tier index, 0 = base]; a null row: tier not offered. */
    private final CompiledRates[][] byServiceTier;
    /** Geographies with rates of their own, and their rows like {@link #byServiceTier}. */
    private final String[] geos;
    private final CompiledRates[][][] byGeo;

    private PricePeriod(Instant effectiveFrom, Rates rates, List<PriceTier> tiers, List<ServiceTierRates> serviceTiers,
            String source, String note) {
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
        this.serviceTiers = List.copyOf(serviceTiers);
        this.byServiceTier = new CompiledRates[ServiceTier.values().length][];
        CompiledRates[] standard = new CompiledRates[1 + compiledTiers.length];
        standard[0] = compiledBase;
        System.arraycopy(compiledTiers, 0, standard, 1, compiledTiers.length);
        byServiceTier[ServiceTier.STANDARD.ordinal()] = standard;
        List<String> geoNames = new ArrayList<>();
        for (ServiceTierRates s : this.serviceTiers) {
            s.inferenceGeo().filter(g -> !geoNames.contains(g)).ifPresent(geoNames::add);
        }
        this.geos = geoNames.toArray(new String[0]);
        this.byGeo = new CompiledRates[geos.length][ServiceTier.values().length][];
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (ServiceTierRates s : this.serviceTiers) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("two rate sets for service tier " + s.key());
            }
            CompiledRates[] row = new CompiledRates[1 + compiledTiers.length];
            row[0] = CompiledRates.of(s.rates());
            for (PriceTier t : s.tiers()) {
                int at = -1;
                for (int i = 0; i < tierThresholds.length; i++) {
                    if (tierThresholds[i] == t.aboveInputTokens()) {
                        at = i;
                    }
                }
                if (at < 0) {
                    throw new IllegalArgumentException("service tier " + s.key() + " has a tier above "
                            + t.aboveInputTokens() + " input tokens, but the period's tiers start above "
                            + java.util.Arrays.toString(tierThresholds) + "; use one of those thresholds");
                }
                row[1 + at] = CompiledRates.of(t.rates());
            }
            if (s.inferenceGeo().isPresent()) {
                byGeo[geoNames.indexOf(s.inferenceGeo().get())][s.serviceTier().ordinal()] = row;
            } else {
                byServiceTier[s.serviceTier().ordinal()] = row;
            }
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
        return new PricePeriod(effectiveFrom, rates, tiers, List.of(), source, note);
    }

    /**
     * @param effectiveFrom when these prices took effect; not null
     * @param rates the base rates (standard service tier); not null
     * @param tiers rates for larger prompts; not null, may be empty
     * @param serviceTiers rates at other service tiers and geographies; not null, may be empty
     * @param source where the figures were read (a pricing page URL), or null
     * @param note a remark for people reading the catalog, or null
     * @return the period
     * @throws IllegalArgumentException when two rate sets have the same tier and geography, or a
     *     rate set has a long-context tier at a threshold the period's tiers do not have
     */
    public static PricePeriod of(Instant effectiveFrom, Rates rates, List<PriceTier> tiers,
            List<ServiceTierRates> serviceTiers, String source, String note) {
        return new PricePeriod(effectiveFrom, rates, tiers, serviceTiers, source, note);
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

    /** @return the rates at service tiers other than standard and at geographies, in file order */
    public List<ServiceTierRates> serviceTiers() {
        return serviceTiers;
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

    /**
     * The rates a usage bills at a service tier and geography; null when this period has none
     * (see {@link #missingRates} for why).
     */
    CompiledRates compiled(ServiceTier serviceTier, String geo, int tierIndex) {
        CompiledRates[][] rows = byServiceTier;
        if (geo != null) {
            for (int i = 0; i < geos.length; i++) {
                if (geos[i].equals(geo)) {
                    rows = byGeo[i];
                    break;
                }
            }
        }
        CompiledRates[] row = rows[serviceTier.ordinal()];
        return row == null ? null : row[tierIndex + 1];
    }

    /** Why {@link #compiled(ServiceTier, String, int)} found nothing, for an unpriced result. */
    String missingRates(String id, ServiceTier serviceTier, String geo, int tierIndex) {
        boolean geoRates = geo != null && java.util.Arrays.asList(geos).contains(geo);
        String what = serviceTier.wireName() + " rates" + (geoRates ? " for inference_geo " + geo : "");
        CompiledRates[] row = geoRates ? byGeo[java.util.Arrays.asList(geos).indexOf(geo)][serviceTier.ordinal()]
                : byServiceTier[serviceTier.ordinal()];
        if (row != null) {
            return id + " has no " + what + " for prompts above " + tierThresholds[tierIndex]
                    + " input tokens (from " + effectiveFromText() + ")";
        }
        if (geoRates) {
            return id + " has no " + what + " (from " + effectiveFromText() + "), although inference_geo " + geo
                    + " changes its rates";
        }
        return id + " has no " + serviceTier.wireName() + " rates in force from " + effectiveFromText()
                + ": the model does not offer the " + serviceTier.wireName() + " service tier, or its price there is"
                + " not published (add the rates in a price override file)";
    }

    @Override
    public String toString() {
        return "PricePeriod{from=" + effectiveFromText() + ", " + rates + (tiers.isEmpty() ? "" : ", tiers=" + tiers)
                + (serviceTiers.isEmpty() ? "" : ", service_tiers=" + serviceTiers) + '}';
    }
}
