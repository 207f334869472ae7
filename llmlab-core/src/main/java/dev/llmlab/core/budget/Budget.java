package dev.llmlab.core.budget;

import dev.llmlab.core.internal.Checks;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A spending rule: a limit in US dollars per period (day, ISO week or calendar month in a chosen
 * time zone), thresholds at which a {@link BudgetListener} is told (default 50 %, 80 %, 100 %), a
 * scope (every call, or only calls carrying all the given tags) and a mode ({@link BudgetMode#SOFT}
 * only tells; {@link BudgetMode#HARD} also refuses calls once the limit is reached). Immutable.
 *
 * <pre>{@code
 * Budget budget = Budget.builder("chat-feature")
 *         .monthly(ZoneId.of("Europe/Paris"))
 *         .limitUsd("200.00")
 *         .tag("feature", "chat")
 *         .hard()
 *         .build();
 * }</pre>
 */
public final class Budget {
    private final String name;
    private final BudgetPeriod period;
    private final ZoneId zone;
    private final BigDecimal limitUsd;
    private final List<Integer> thresholds;
    private final Map<String, String> scopeTags;
    private final BudgetMode mode;

    private Budget(Builder b) {
        this.name = b.name;
        this.period = b.period;
        this.zone = b.zone;
        this.limitUsd = b.limitUsd;
        this.thresholds = List.copyOf(new TreeSet<>(b.thresholds));
        this.scopeTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.scopeTags));
        this.mode = b.mode;
    }

    /**
     * @param name a name for people and alerts; not null or blank
     * @return a builder: monthly in UTC, thresholds 50/80/100 %, every call in scope, soft mode;
     *     the limit must be set
     * @throws IllegalArgumentException when the name is blank
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the budget's name */
    public String name() {
        return name;
    }

    /** @return the period spend is added up over */
    public BudgetPeriod period() {
        return period;
    }

    /** @return the time zone periods are counted in */
    public ZoneId zone() {
        return zone;
    }

    /** @return the limit per period in US dollars, exact */
    public BigDecimal limitUsd() {
        return limitUsd;
    }

    /** @return the thresholds in percent of the limit, ascending */
    public List<Integer> thresholdsPercent() {
        return thresholds;
    }

    /** @return the tags a call must all carry to be in scope; empty means every call */
    public Map<String, String> scopeTags() {
        return scopeTags;
    }

    /** @return soft (alert only) or hard (also refuse calls) */
    public BudgetMode mode() {
        return mode;
    }

    /**
     * @param tags a call's tags; not null
     * @return true when the call counts against this budget
     */
    public boolean appliesTo(Map<String, String> tags) {
        for (Map.Entry<String, String> e : scopeTags.entrySet()) {
            if (!e.getValue().equals(tags.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Budget{" + name + ", " + mode + ", " + limitUsd.toPlainString() + " USD per " + period + " in " + zone
                + (scopeTags.isEmpty() ? "" : ", scope " + scopeTags) + ", thresholds " + thresholds + "%}";
    }

    /** Builds a {@link Budget}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private BudgetPeriod period = BudgetPeriod.MONTH;
        private ZoneId zone = ZoneOffset.UTC;
        private BigDecimal limitUsd;
        private List<Integer> thresholds = List.of(50, 80, 100);
        private final Map<String, String> scopeTags = new LinkedHashMap<>();
        private BudgetMode mode = BudgetMode.SOFT;

        private Builder(String name) {
            this.name = Checks.notBlank("budget name", name);
        }

        /**
         * @param value day, week or month; not null
         * @param timeZone the zone whose local midnight starts a period; not null
         * @return this builder
         */
        public Builder period(BudgetPeriod value, ZoneId timeZone) {
            this.period = Objects.requireNonNull(value, "period");
            this.zone = Objects.requireNonNull(timeZone, "zone");
            return this;
        }

        /** @param timeZone the zone; not null @return this builder, with a daily period */
        public Builder daily(ZoneId timeZone) {
            return period(BudgetPeriod.DAY, timeZone);
        }

        /** @param timeZone the zone; not null @return this builder, with a weekly (ISO) period */
        public Builder weekly(ZoneId timeZone) {
            return period(BudgetPeriod.WEEK, timeZone);
        }

        /** @param timeZone the zone; not null @return this builder, with a calendar-month period */
        public Builder monthly(ZoneId timeZone) {
            return period(BudgetPeriod.MONTH, timeZone);
        }

        /**
         * @param usd the limit per period in US dollars; positive
         * @return this builder
         * @throws IllegalArgumentException when the limit is not positive
         */
        public Builder limitUsd(BigDecimal usd) {
            this.limitUsd = Checks.positive("budget '" + name + "': limitUsd", usd);
            return this;
        }

        /**
         * @param usd the limit as a decimal string, e.g. {@code "200.00"}
         * @return this builder
         * @throws IllegalArgumentException when the text is not a positive decimal
         */
        public Builder limitUsd(String usd) {
            Objects.requireNonNull(usd, "limitUsd");
            try {
                return limitUsd(new BigDecimal(usd.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("budget '" + name + "': limitUsd must be a decimal number of dollars, was '"
                        + usd + "'", e);
            }
        }

        /**
         * @param percents thresholds in percent of the limit, each 1 to 1000 (above 100 %
         *     alerts on overshoot)
         * @return this builder
         * @throws IllegalArgumentException when a threshold is out of range or none is given
         */
        public Builder thresholdsPercent(int... percents) {
            Checks.argument(percents.length > 0, "budget '" + name + "': give at least one threshold");
            List<Integer> list = new ArrayList<>();
            for (int p : percents) {
                list.add(Checks.inRange("budget '" + name + "': thresholds", p, 1, 1000, "1..1000 percent"));
            }
            this.thresholds = list;
            return this;
        }

        /**
         * Narrows the scope to calls carrying this tag; several tags must all match.
         *
         * @param key the tag key; not null
         * @param value the tag value; not null
         * @return this builder
         */
        public Builder tag(String key, String value) {
            scopeTags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return this builder in soft mode (alerts only) */
        public Builder soft() {
            this.mode = BudgetMode.SOFT;
            return this;
        }

        /** @return this builder in hard mode (alerts, and refuses calls over the limit) */
        public Builder hard() {
            this.mode = BudgetMode.HARD;
            return this;
        }

        /**
         * @return the budget
         * @throws IllegalStateException when no limit was set
         */
        public Budget build() {
            Checks.required(limitUsd, "budget '" + name + "': limitUsd is required");
            return new Budget(this);
        }
    }
}
