package dev.llmlab.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changes between two catalogs, model by model: models added and removed, price periods
 * (effective dates) added and removed, every rate that differs within a period present in both
 * (base rates and tiers), the service-tier rate sets of a period present in both (a set gained is a
 * {@link ServiceTierAdded}, a set lost a {@link ServiceTierRemoved}, a rate that differs within a
 * set both have a {@link RateChanged} of the field {@code service_tiers[<tier>].<rate>}, or
 * {@code service_tiers[<tier>@<geo>].<rate>} for an inference geography), models that become
 * priced or unpriced, aliases, name patterns
 * ({@code match}) and fine-tuned rates: a model's {@code fine_tuned} block gained or lost is a
 * {@link FineTunedChanged}, and within one both catalogs have, its periods and rates are compared
 * like a model's, under the name {@code ft:<model>}. Rates are compared as
 * numbers ({@code 2.50} equals {@code 2.5}); sources and notes are not compared. Immutable.
 *
 * <pre>{@code
 * PriceCatalog builtIn = PriceCatalog.loadDefault();
 * PriceDiff diff = PriceDiff.between(builtIn.withOverrides(PriceCatalog.fromFile(current)),
 *         builtIn.withOverrides(PriceCatalog.fromFile(proposed)));
 * for (PriceDiff.Change c : diff.changes()) {
 *     if (c instanceof PriceDiff.RateChanged r) {
 *         System.out.println(r.provider() + "/" + r.model() + " " + r.field() + ": " + r.before() + " -> " + r.after());
 *     }
 * }
 * }</pre>
 */
public final class PriceDiff {
    /** The rate fields of a price file, in its order, with how to read each from {@link Rates}. */
    private static final Map<String, Function<Rates, Optional<BigDecimal>>> FIELDS = fields();

    private final List<Change> changes;

    private PriceDiff(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    private static Map<String, Function<Rates, Optional<BigDecimal>>> fields() {
        Map<String, Function<Rates, Optional<BigDecimal>>> m = new java.util.LinkedHashMap<>();
        m.put("input", r -> Optional.of(r.input()));
        m.put("cache_read", Rates::cacheRead);
        m.put("cache_write", Rates::cacheWrite);
        m.put("cache_write_1h", Rates::cacheWrite1h);
        m.put("output", Rates::output);
        m.put("input_audio", Rates::inputAudio);
        m.put("output_audio", Rates::outputAudio);
        m.put("web_search_per_1k", Rates::webSearchPer1k);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * @param before the catalog in force; not null
     * @param after the catalog that would replace it; not null
     * @return the changes, by provider and model, then by effective date
     */
    public static PriceDiff between(PriceCatalog before, PriceCatalog after) {
        Map<String, ModelPrice> old = byId(Objects.requireNonNull(before, "before"));
        Map<String, ModelPrice> now = byId(Objects.requireNonNull(after, "after"));
        TreeSet<String> ids = new TreeSet<>(old.keySet());
        ids.addAll(now.keySet());
        List<Change> out = new ArrayList<>();
        for (String id : ids) {
            ModelPrice a = old.get(id);
            ModelPrice b = now.get(id);
            if (a == null) {
                out.add(new ModelAdded(b.provider(), b.model(), b));
            } else if (b == null) {
                out.add(new ModelRemoved(a.provider(), a.model(), a));
            } else {
                compare(a, b, out);
            }
            patternsAndFineTuned(a, b, out);
        }
        return new PriceDiff(out);
    }

    private static Map<String, ModelPrice> byId(PriceCatalog catalog) {
        Map<String, ModelPrice> m = new TreeMap<>();
        for (ModelPrice p : catalog.models()) {
            m.put(p.id(), p);
        }
        return m;
    }

    private static void compare(ModelPrice a, ModelPrice b, List<Change> out) {
        String provider = a.provider();
        String model = a.model();
        if (!a.aliases().equals(b.aliases())) {
            TreeSet<String> added = new TreeSet<>(b.aliases());
            added.removeAll(a.aliases());
            TreeSet<String> removed = new TreeSet<>(a.aliases());
            removed.removeAll(b.aliases());
            if (!added.isEmpty() || !removed.isEmpty()) {
                out.add(new AliasesChanged(provider, model, List.copyOf(added), List.copyOf(removed)));
            }
        }
        String reasonA = a.unpricedReason().orElse(null);
        String reasonB = b.unpricedReason().orElse(null);
        if (!Objects.equals(reasonA, reasonB)) {
            out.add(new UnpricedReasonChanged(provider, model, reasonA, reasonB));
        }
        periods(provider, model, a, b, out);
    }

    /**
     * The patterns a model gains or loses and its fine-tuned rates, of a model in either catalog or
     * both (the other null): an added model's patterns and fine-tuned rates are changes of their own.
     */
    private static void patternsAndFineTuned(ModelPrice a, ModelPrice b, List<Change> out) {
        ModelPrice any = a != null ? a : b;
        List<String> before = a == null ? List.of() : a.patterns();
        List<String> after = b == null ? List.of() : b.patterns();
        TreeSet<String> added = new TreeSet<>(after);
        added.removeAll(before);
        TreeSet<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        if (!added.isEmpty() || !removed.isEmpty()) {
            out.add(new PatternsChanged(any.provider(), any.model(), List.copyOf(added), List.copyOf(removed)));
        }
        ModelPrice fa = a == null ? null : a.fineTuned().filter(ModelPrice::isPriced).orElse(null);
        ModelPrice fb = b == null ? null : b.fineTuned().filter(ModelPrice::isPriced).orElse(null);
        if (fa == null && fb == null) {
            return;
        }
        String name = (fa != null ? fa : fb).model();
        if (fa == null || fb == null) {
            out.add(new FineTunedChanged(any.provider(), name, fa, fb));
        } else {
            periods(any.provider(), name, fa, fb, out);
        }
    }

    private static void periods(String provider, String model, ModelPrice a, ModelPrice b, List<Change> out) {
        Map<Instant, PricePeriod> pa = new TreeMap<>();
        a.periods().forEach(p -> pa.put(p.effectiveFrom(), p));
        Map<Instant, PricePeriod> pb = new TreeMap<>();
        b.periods().forEach(p -> pb.put(p.effectiveFrom(), p));
        TreeSet<Instant> dates = new TreeSet<>(pa.keySet());
        dates.addAll(pb.keySet());
        for (Instant d : dates) {
            PricePeriod x = pa.get(d);
            PricePeriod y = pb.get(d);
            if (x == null) {
                out.add(new PeriodAdded(provider, model, y));
            } else if (y == null) {
                out.add(new PeriodRemoved(provider, model, x));
            } else {
                String from = x.effectiveFromText();
                rates(provider, model, from, "", x.rates(), y.rates(), out);
                Map<Long, Rates> ta = new TreeMap<>();
                x.tiers().forEach(t -> ta.put(t.aboveInputTokens(), t.rates()));
                Map<Long, Rates> tb = new TreeMap<>();
                y.tiers().forEach(t -> tb.put(t.aboveInputTokens(), t.rates()));
                TreeSet<Long> thresholds = new TreeSet<>(ta.keySet());
                thresholds.addAll(tb.keySet());
                for (Long t : thresholds) {
                    rates(provider, model, from, "tiers[>" + t + "].", ta.get(t), tb.get(t), out);
                }
                serviceTiers(provider, model, from, x, y, out);
            }
        }
    }

    /** The service-tier rate sets of one period both catalogs have, keyed by tier and geography. */
    private static void serviceTiers(String provider, String model, String from, PricePeriod x, PricePeriod y,
            List<Change> out) {
        Map<String, ServiceTierRates> sa = new TreeMap<>();
        x.serviceTiers().forEach(s -> sa.put(s.key(), s));
        Map<String, ServiceTierRates> sb = new TreeMap<>();
        y.serviceTiers().forEach(s -> sb.put(s.key(), s));
        TreeSet<String> keys = new TreeSet<>(sa.keySet());
        keys.addAll(sb.keySet());
        for (String key : keys) {
            ServiceTierRates a = sa.get(key);
            ServiceTierRates b = sb.get(key);
            if (a == null) {
                out.add(new ServiceTierAdded(provider, model, from, b));
            } else if (b == null) {
                out.add(new ServiceTierRemoved(provider, model, from, a));
            } else {
                String prefix = "service_tiers[" + key + "].";
                rates(provider, model, from, prefix, a.rates(), b.rates(), out);
                Map<Long, Rates> ta = new TreeMap<>();
                a.tiers().forEach(t -> ta.put(t.aboveInputTokens(), t.rates()));
                Map<Long, Rates> tb = new TreeMap<>();
                b.tiers().forEach(t -> tb.put(t.aboveInputTokens(), t.rates()));
                TreeSet<Long> thresholds = new TreeSet<>(ta.keySet());
                thresholds.addAll(tb.keySet());
                for (Long t : thresholds) {
                    rates(provider, model, from, prefix + "tiers[>" + t + "].", ta.get(t), tb.get(t), out);
                }
            }
        }
    }

    private static void rates(String provider, String model, String from, String prefix, Rates a, Rates b,
            List<Change> out) {
        for (Map.Entry<String, Function<Rates, Optional<BigDecimal>>> f : FIELDS.entrySet()) {
            BigDecimal x = a == null ? null : f.getValue().apply(a).orElse(null);
            BigDecimal y = b == null ? null : f.getValue().apply(b).orElse(null);
            boolean same = x == null ? y == null : y != null && x.compareTo(y) == 0;
            if (!same) {
                out.add(new RateChanged(provider, model, from, prefix + f.getKey(), x, y));
            }
        }
    }

    /** @return every change, by provider and model, then by effective date and field */
    public List<Change> changes() {
        return changes;
    }

    /** @return true when the two catalogs price everything alike */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        return "PriceDiff" + changes;
    }

    /** One difference, about one model. */
    public sealed interface Change
            permits ModelAdded, ModelRemoved, PeriodAdded, PeriodRemoved, RateChanged, UnpricedReasonChanged,
            AliasesChanged, PatternsChanged, FineTunedChanged, ServiceTierAdded, ServiceTierRemoved {
        /** @return the provider's canonical name */
        String provider();

        /** @return the model's canonical name */
        String model();
    }

    /**
     * A model only the new catalog has.
     *
     * @param provider the provider
     * @param model the model
     * @param price its entry in the new catalog
     */
    public record ModelAdded(String provider, String model, ModelPrice price) implements Change {
    }

    /**
     * A model only the old catalog has.
     *
     * @param provider the provider
     * @param model the model
     * @param price its entry in the old catalog
     */
    public record ModelRemoved(String provider, String model, ModelPrice price) implements Change {
    }

    /**
     * A price period (an effective date) only the new catalog has.
     *
     * @param provider the provider
     * @param model the model
     * @param period the new period
     */
    public record PeriodAdded(String provider, String model, PricePeriod period) implements Change {
    }

    /**
     * A price period only the old catalog has.
     *
     * @param provider the provider
     * @param model the model
     * @param period the period that goes
     */
    public record PeriodRemoved(String provider, String model, PricePeriod period) implements Change {
    }

    /**
     * A rate that differs within a period both catalogs have.
     *
     * @param provider the provider
     * @param model the model
     * @param effectiveFrom the period's effective date as price files write it
     * @param field the rate's name in a price file ({@code input}, {@code cache_read}, …), prefixed
     *     {@code tiers[>N].} for the tier above N input tokens, and {@code service_tiers[<tier>].} or
     *     {@code service_tiers[<tier>@<geo>].} ({@link ServiceTierRates#key()}) for a service-tier rate
     *     set, e.g. {@code service_tiers[batch].tiers[>272000].output}
     * @param before the old rate, or null when the old catalog has none
     * @param after the new rate, or null when the new catalog has none
     */
    public record RateChanged(String provider, String model, String effectiveFrom, String field, BigDecimal before,
            BigDecimal after) implements Change {
    }

    /**
     * A model that becomes unpriced, priced, or unpriced for another reason.
     *
     * @param provider the provider
     * @param model the model
     * @param before the old unpriced reason, or null when it was priced
     * @param after the new unpriced reason, or null when it is priced
     */
    public record UnpricedReasonChanged(String provider, String model, String before, String after)
            implements Change {
    }

    /**
     * Names a model gains or loses.
     *
     * @param provider the provider
     * @param model the model
     * @param added aliases only the new catalog has, sorted
     * @param removed aliases only the old catalog has, sorted
     */
    public record AliasesChanged(String provider, String model, List<String> added, List<String> removed)
            implements Change {
    }

    /**
     * Name patterns ({@code match}) a model gains or loses, also those of a model added or removed.
     *
     * @param provider the provider
     * @param model the model
     * @param added patterns only the new catalog has, sorted
     * @param removed patterns only the old catalog has, sorted
     */
    public record PatternsChanged(String provider, String model, List<String> added, List<String> removed)
            implements Change {
    }

    /**
     * Fine-tuned rates a model gains or loses (its {@code fine_tuned} block), also those of a model
     * added or removed. Changes within fine-tuned rates both catalogs have are {@link PeriodAdded},
     * {@link PeriodRemoved} and {@link RateChanged} of the model {@code ft:<model>}.
     *
     * @param provider the provider
     * @param model the fine-tuned entry's name, {@code ft:<model>}
     * @param before the old fine-tuned rates, or null when there were none
     * @param after the new fine-tuned rates, or null when there are none
     */
    public record FineTunedChanged(String provider, String model, ModelPrice before, ModelPrice after)
            implements Change {
    }

    /**
     * A service-tier rate set (a tier, with or without an inference geography) that a period both
     * catalogs have gains: calls at that tier and geography become priced at these rates.
     *
     * @param provider the provider
     * @param model the model
     * @param effectiveFrom the period's effective date as price files write it
     * @param rates the new rate set
     */
    public record ServiceTierAdded(String provider, String model, String effectiveFrom, ServiceTierRates rates)
            implements Change {
    }

    /**
     * A service-tier rate set that a period both catalogs have loses: calls at that tier and
     * geography become unpriced, or (a geography's set) billed at the tier's own rates.
     *
     * @param provider the provider
     * @param model the model
     * @param effectiveFrom the period's effective date as price files write it
     * @param rates the rate set that goes
     */
    public record ServiceTierRemoved(String provider, String model, String effectiveFrom, ServiceTierRates rates)
            implements Change {
    }
}
