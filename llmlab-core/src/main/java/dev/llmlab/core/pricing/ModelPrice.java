package dev.llmlab.core.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the catalog knows about the price of one model: its canonical name, the other names
 * it answers to, and its price periods in time order.
 */
public final class ModelPrice {
    private final String provider;
    private final String model;
    private final List<String> aliases;
    private final List<PricePeriod> periods;
    private final long[] periodStarts;
    private final String origin;

    private ModelPrice(String provider, String model, List<String> aliases, List<PricePeriod> periods,
            String origin) {
        this.provider = lower(Objects.requireNonNull(provider, "provider"));
        this.model = lower(Objects.requireNonNull(model, "model"));
        if (this.model.isEmpty()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        List<String> a = new ArrayList<>();
        for (String alias : aliases) {
            a.add(lower(alias));
        }
        this.aliases = List.copyOf(a);
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no price period");
        }
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
        return new ModelPrice(provider, model, aliases, periods, origin);
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

    /** @return the price periods, oldest first */
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

    /** @return the latest period */
    public PricePeriod current() {
        return periods.get(periods.size() - 1);
    }

    @Override
    public String toString() {
        return "ModelPrice{" + id() + (aliases.isEmpty() ? "" : ", aliases=" + aliases) + ", periods=" + periods
                + '}';
    }
}
