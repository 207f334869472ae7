package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the catalog knows about the price of one model: its canonical name, the other names
 * it answers to (aliases, and name patterns such as {@code ft:gpt-4o-mini-2024-07-18:acme:*}),
 * and either its price periods in time order or, for a model LLMlab knows but cannot price from
 * tokens (billed per image, per second of audio, per character), the reason it is unpriced. A
 * model that can be fine-tuned also carries the rates its fine-tuned versions bill at
 * ({@link #fineTuned()}).
 *
 * <pre>{@code
 * ModelPrice dalle = ModelPrice.unpriced("openai", "dall-e-3", List.of(),
 *         "billed per image generated; LLMlab prices tokens only", null);
 * dalle.unpricedReason();   // Optional[billed per image generated; LLMlab prices tokens only]
 * }</pre>
 */
public final class ModelPrice {
    /** How the catalog names the fine-tuned rates of a model: {@code ft:gpt-4o-mini}, OpenAI's own prefix. */
    static final String FINE_TUNED_PREFIX = "ft:";

    private final String provider;
    private final String model;
    private final List<String> aliases;
    private final List<NamePattern> patterns;
    private final List<PricePeriod> periods;
    private final long[] periodStarts;
    private final String origin;
    private final String unpricedReason;
    /** The fine_tuned periods as given, or null when the file gives none. */
    private final List<PricePeriod> fineTunedPeriods;
    /** What fine-tuned names of this model resolve to; null on an entry that is itself fine-tuned rates. */
    private final ModelPrice fineTuned;
    /** What {@link CostCalculator} answers for this model when it is unpriced, built once. */
    final String unpricedMessage;

    private ModelPrice(String provider, String model, List<String> aliases, List<NamePattern> patterns,
            List<PricePeriod> periods, String unpricedReason, List<PricePeriod> fineTunedPeriods, String origin,
            boolean isFineTunedRates) {
        this.provider = lower(Objects.requireNonNull(provider, "provider"));
        this.model = Checks.notBlank("model", lower(Objects.requireNonNull(model, "model")));
        List<String> a = new ArrayList<>();
        for (String alias : aliases) {
            a.add(lower(alias));
        }
        this.aliases = List.copyOf(a);
        this.patterns = List.copyOf(patterns);
        if (unpricedReason != null) {
            Checks.notBlank("model " + model + ": the unpriced reason", unpricedReason);
            if (!periods.isEmpty()) {
                throw new IllegalArgumentException("model " + model + " has both price periods and an unpriced"
                        + " reason; give one or the other");
            }
        } else if (periods.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no price period");
        }
        this.unpricedReason = unpricedReason == null ? null : unpricedReason.trim();
        List<PricePeriod> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(PricePeriod::effectiveFrom));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException("model " + model + " has two price periods from "
                        + sorted.get(i).effectiveFromText());
            }
        }
        this.periods = List.copyOf(sorted);
        this.periodStarts = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            periodStarts[i] = sorted.get(i).effectiveFrom().getEpochSecond();
        }
        this.origin = origin == null ? "built-in" : origin;
        this.unpricedMessage = this.unpricedReason == null ? null
                : this.provider + "/" + this.model + " is not priced by LLMlab: " + this.unpricedReason;
        this.fineTunedPeriods = fineTunedPeriods == null ? null : List.copyOf(fineTunedPeriods);
        if (isFineTunedRates) {
            this.fineTuned = null;
        } else if (fineTunedPeriods == null) {
            this.fineTuned = new ModelPrice(this.provider, FINE_TUNED_PREFIX + this.model, List.of(), List.of(),
                    List.of(), "fine-tuned " + this.model + " has no published fine-tuned inference price; add one in"
                    + " a price override file (see docs/prices.md)", null, this.origin, true);
        } else {
            this.fineTuned = new ModelPrice(this.provider, FINE_TUNED_PREFIX + this.model, List.of(), List.of(),
                    fineTunedPeriods, null, null, this.origin, true);
        }
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @param provider the provider's canonical name; not null
     * @param model the model's canonical name; not null
     * @param aliases other names the model answers to; not null
     * @param periods at least one price period; not null
     * @param origin where this entry was read ("built-in" or a file), or null for built-in
     * @return the model price
     */
    public static ModelPrice of(String provider, String model, List<String> aliases, List<PricePeriod> periods,
            String origin) {
        return new ModelPrice(provider, model, aliases, List.of(), periods, null, null, origin, false);
    }

    /**
     * A model the catalog knows but does not price: one billed by a unit other than tokens, or one
     * whose price is not published. Pricing its usage gives an unpriced result with this reason,
     * never a cost of zero and never "unknown model".
     *
     * @param provider the provider's canonical name; not null
     * @param model the model's canonical name; not null
     * @param aliases other names the model answers to; not null
     * @param reason why it is unpriced, e.g. {@code "billed per image generated; LLMlab prices
     *     tokens only"}; not null or blank
     * @param origin where this entry was read ("built-in" or a file), or null for built-in
     * @return the model entry, without price periods
     * @throws IllegalArgumentException when the reason is blank
     */
    public static ModelPrice unpriced(String provider, String model, List<String> aliases, String reason,
            String origin) {
        return new ModelPrice(provider, model, aliases, List.of(), List.of(), Objects.requireNonNull(reason, "reason"),
                null, origin, false);
    }

    /**
     * This model answering also to names that match patterns, e.g. every fine-tuned model of one
     * organisation: {@code ft:gpt-4o-mini-2024-07-18:acme:*}. A pattern is a glob whose only
     * wildcard is {@code *}, anchored at both ends, case-insensitive; it never takes a name the
     * catalog lists as a model or alias, and the most specific matching pattern wins (see
     * docs/prices.md).
     *
     * <pre>{@code
     * ModelPrice support = ModelPrice.of("openai", "acme-support", List.of(), periods, null)
     *         .withPatterns(List.of("ft:gpt-4o-mini-2024-07-18:acme:support:*"));
     * }</pre>
     *
     * @param newPatterns the patterns; not null, replacing any this entry had
     * @return a copy of this entry with the patterns
     * @throws IllegalArgumentException naming a pattern without {@code *}, with fewer than three
     *     other characters (such as {@code *} alone), or with a blank inside
     */
    public ModelPrice withPatterns(List<String> newPatterns) {
        List<NamePattern> compiled = new ArrayList<>();
        for (String p : newPatterns) {
            compiled.add(NamePattern.of(Objects.requireNonNull(p, "pattern")));
        }
        return new ModelPrice(provider, model, aliases, compiled, periods, unpricedReason, fineTunedPeriods, origin,
                fineTuned == null);
    }

    /**
     * This model with the rates its fine-tuned versions bill at: a fine-tuned model's name
     * ({@code ft:gpt-4o-mini-2024-07-18:acme::AbC123}) resolves to {@link #fineTuned()}, which
     * prices it with these periods. Without them, fine-tuned versions of this model are unpriced
     * with the reason that no fine-tuned price is published.
     *
     * @param fineTunedPeriods at least one price period; not null
     * @return a copy of this entry with fine-tuned rates
     * @throws IllegalArgumentException when there is no period, or two start at one instant
     */
    public ModelPrice withFineTuned(List<PricePeriod> fineTunedPeriods) {
        if (fineTuned == null) {
            throw new IllegalArgumentException(id() + " is itself fine-tuned rates");
        }
        if (fineTunedPeriods.isEmpty()) {
            throw new IllegalArgumentException("model " + model + ": fine-tuned rates need at least one price period");
        }
        return new ModelPrice(provider, model, aliases, patterns, periods, unpricedReason, fineTunedPeriods, origin,
                false);
    }

    /** The same entry under another provider name, alias list and patterns, everything else kept. */
    ModelPrice renamed(String newProvider, List<String> newAliases, List<NamePattern> newPatterns) {
        return new ModelPrice(newProvider, model, newAliases, newPatterns, periods, unpricedReason, fineTunedPeriods,
                origin, fineTuned == null);
    }

    /** @return the provider's canonical name */
    public String provider() {
        return provider;
    }

    /** @return the canonical model name, lower case */
    public String model() {
        return model;
    }

    /** @return other names for the model, lower case */
    public List<String> aliases() {
        return aliases;
    }

    /** @return the name patterns this model answers to, lower case; usually empty */
    public List<String> patterns() {
        return patterns.stream().map(NamePattern::text).toList();
    }

    List<NamePattern> namePatterns() {
        return patterns;
    }

    /**
     * The entry fine-tuned versions of this model are priced as, named {@code ft:<model>} (e.g.
     * {@code ft:gpt-4o-mini}): priced with the fine-tuned rates of the price file, or, where the file
     * gives none, unpriced with the reason {@code "fine-tuned <model> has no published fine-tuned
     * inference price; ..."}. A {@link CostResult} of a fine-tuned call names it in
     * {@link CostResult#pricedAs()} and {@link CostResult#priceId()}
     * ({@code openai/ft:gpt-4o-mini@2024-07-18}).
     *
     * @return that entry; empty only for an entry that is itself the fine-tuned rates of a model
     */
    public Optional<ModelPrice> fineTuned() {
        return Optional.ofNullable(fineTuned);
    }

    /** @return true when the model has price periods; false for a model known but not priced */
    public boolean isPriced() {
        return unpricedReason == null;
    }

    /**
     * @return why the catalog does not price this model (its billing unit, or no published
     *     price), or empty for a priced model
     */
    public Optional<String> unpricedReason() {
        return Optional.ofNullable(unpricedReason);
    }

    /** @return the price periods, oldest first; empty for a model that is not priced */
    public List<PricePeriod> periods() {
        return periods;
    }

    /** @return {@code "built-in"}, or the file an override came from */
    public String origin() {
        return origin;
    }

    /** @return {@code provider/model}, the catalog id of this model */
    public String id() {
        return provider + "/" + model;
    }

    /**
     * @param at the instant to price at; not null
     * @return the period in force at that instant, or empty before the first one
     */
    public Optional<PricePeriod> periodAt(Instant at) {
        int i = periodIndex(at.getEpochSecond());
        return i < 0 ? Optional.empty() : Optional.of(periods.get(i));
    }

    int periodIndex(long epochSecond) {
        for (int i = periodStarts.length - 1; i >= 0; i--) {
            if (periodStarts[i] <= epochSecond) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the latest period
     * @throws java.util.NoSuchElementException for a model that is not priced (see
     *     {@link #isPriced()})
     */
    public PricePeriod current() {
        if (periods.isEmpty()) {
            throw new java.util.NoSuchElementException(unpricedMessage);
        }
        return periods.get(periods.size() - 1);
    }

    @Override
    public String toString() {
        return "ModelPrice{" + id() + (aliases.isEmpty() ? "" : ", aliases=" + aliases)
                + (patterns.isEmpty() ? "" : ", patterns=" + patterns)
                + (unpricedReason == null ? ", periods=" + periods : ", unpriced: " + unpricedReason)
                + (fineTunedPeriods == null ? "" : ", fine-tuned=" + fineTunedPeriods) + '}';
    }
}
