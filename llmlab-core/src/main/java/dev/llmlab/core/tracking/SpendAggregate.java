package dev.llmlab.core.tracking;

import dev.llmlab.core.budget.BudgetPeriod;
import dev.llmlab.core.budget.Forecast;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An in-memory sink that adds up spend by day (in one time zone), provider, model and tag, with
 * exact {@link BigDecimal} sums. Every {@link dev.llmlab.core.LlmLab} tracker has one
 * ({@code lab.spend()}); it can also be used alone. Thread-safe: the worker adds batches under a
 * lock, and queries take the same lock.
 *
 * <p>Memory grows with days × models and days × tag values, not with the number of events.
 * Periods: a day starts at local midnight in the aggregate's zone, a week on Monday (ISO), a month
 * on its first day.
 */
public final class SpendAggregate implements TrackingSink {
    private final ZoneId zone;
    private final HashMap<ModelKey, Acc> byModelDay = new HashMap<>();
    private final HashMap<TagKey, Acc> byTagDay = new HashMap<>();
    // Cache of the local day of the last event: days change rarely, LocalDate.ofInstant is not free.
    private long dayStartMs = Long.MAX_VALUE;
    private long dayEndMs = Long.MIN_VALUE;
    private long epochDay;

    private SpendAggregate(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @param zone the time zone whose local days the spend is counted in; not null
     * @return an empty aggregate
     */
    public static SpendAggregate create(ZoneId zone) {
        return new SpendAggregate(Objects.requireNonNull(zone, "zone"));
    }

    /** @return an empty aggregate counting days in UTC */
    public static SpendAggregate utc() {
        return create(ZoneOffset.UTC);
    }

    /** @return the time zone days are counted in */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized void write(List<TrackedEvent> batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            add(batch.get(i));
        }
    }

    /**
     * Adds one event.
     *
     * @param e the event; not null
     */
    public synchronized void add(TrackedEvent e) {
        long ms = e.timestampMillis();
        if (ms < dayStartMs || ms >= dayEndMs) {
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(ms), zone);
            epochDay = day.toEpochDay();
            dayStartMs = day.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEndMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        int day = (int) epochDay;
        String provider = e.provider() == null ? "" : e.provider();
        String model = e.model() == null ? "" : e.model();
        byModelDay.computeIfAbsent(new ModelKey(day, provider, model), k -> new Acc()).add(e);
        Map<String, String> tags = e.tags();
        if (!tags.isEmpty()) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                byTagDay.computeIfAbsent(new TagKey(day, t.getKey(), t.getValue()), k -> new Acc()).add(e);
            }
        }
    }

    /** @return totals over every event ever added */
    public synchronized SpendTotals total() {
        Acc sum = new Acc();
        byModelDay.values().forEach(sum::add);
        return sum.snapshot();
    }

    /**
     * @param from the first local day, inclusive; not null
     * @param to the last local day, exclusive; not null
     * @return totals over events in the range
     */
    public synchronized SpendTotals between(LocalDate from, LocalDate to) {
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        Acc sum = new Acc();
        byModelDay.forEach((k, v) -> {
            if (k.day >= a && k.day < b) {
                sum.add(v);
            }
        });
        return sum.snapshot();
    }

    /**
     * @param period day, week or month; not null
     * @param now an instant in the period wanted; not null
     * @return totals over the period containing {@code now}, in this aggregate's zone
     */
    public SpendTotals period(BudgetPeriod period, Instant now) {
        LocalDate first = period.firstDay(now, zone);
        return between(first, period.nextFirstDay(first));
    }

    /**
     * @param now the current instant; not null
     * @return the projection of this calendar month's spend to its end at the current burn rate
     */
    public Forecast monthEndForecast(Instant now) {
        return Forecast.monthEnd(period(BudgetPeriod.MONTH, now).costUsd(), zone, now);
    }

    /**
     * @param from first day, inclusive; not null
     * @param to last day, exclusive; not null
     * @return totals per provider, sorted by name
     */
    public synchronized Map<String, SpendTotals> byProvider(LocalDate from, LocalDate to) {
        Map<String, Acc> out = new TreeMap<>();
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        byModelDay.forEach((k, v) -> {
            if (k.day >= a && k.day < b) {
                out.computeIfAbsent(k.provider, x -> new Acc()).add(v);
            }
        });
        return snapshot(out);
    }

    /**
     * @param from first day, inclusive; not null
     * @param to last day, exclusive; not null
     * @return totals per {@code provider/model}, sorted
     */
    public synchronized Map<String, SpendTotals> byModel(LocalDate from, LocalDate to) {
        Map<String, Acc> out = new TreeMap<>();
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        byModelDay.forEach((k, v) -> {
            if (k.day >= a && k.day < b) {
                out.computeIfAbsent(k.provider + "/" + k.model, x -> new Acc()).add(v);
            }
        });
        return snapshot(out);
    }

    /**
     * @param tagKey a tag key, e.g. {@code "feature"}; not null
     * @param from first day, inclusive; not null
     * @param to last day, exclusive; not null
     * @return totals per value of the tag, sorted; events without the tag are not included
     */
    public synchronized Map<String, SpendTotals> byTag(String tagKey, LocalDate from, LocalDate to) {
        Map<String, Acc> out = new TreeMap<>();
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        byTagDay.forEach((k, v) -> {
            if (k.day >= a && k.day < b && k.key.equals(tagKey)) {
                out.computeIfAbsent(k.value, x -> new Acc()).add(v);
            }
        });
        return snapshot(out);
    }

    /**
     * @param from first day, inclusive; not null
     * @param to last day, exclusive; not null
     * @return exact spend per local day that had events, in date order
     */
    public synchronized Map<LocalDate, SpendTotals> daily(LocalDate from, LocalDate to) {
        Map<Long, Acc> out = new TreeMap<>();
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        byModelDay.forEach((k, v) -> {
            if (k.day >= a && k.day < b) {
                out.computeIfAbsent((long) k.day, x -> new Acc()).add(v);
            }
        });
        Map<LocalDate, SpendTotals> result = new TreeMap<>();
        out.forEach((d, acc) -> result.put(LocalDate.ofEpochDay(d), acc.snapshot()));
        return result;
    }

    private static Map<String, SpendTotals> snapshot(Map<String, Acc> in) {
        Map<String, SpendTotals> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.snapshot()));
        return out;
    }

    private static final class ModelKey {
        final int day;
        final String provider;
        final String model;
        final int hash;

        ModelKey(int day, String provider, String model) {
            this.day = day;
            this.provider = provider;
            this.model = model;
            this.hash = (day * 31 + provider.hashCode()) * 31 + model.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ModelKey)) {
                return false;
            }
            ModelKey k = (ModelKey) o;
            return day == k.day && provider.equals(k.provider) && model.equals(k.model);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class TagKey {
        final int day;
        final String key;
        final String value;
        final int hash;

        TagKey(int day, String key, String value) {
            this.day = day;
            this.key = key;
            this.value = value;
            this.hash = (day * 31 + key.hashCode()) * 31 + value.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof TagKey)) {
                return false;
            }
            TagKey k = (TagKey) o;
            return day == k.day && key.equals(k.key) && value.equals(k.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Mutable running totals, guarded by the aggregate's lock. */
    private static final class Acc {
        BigDecimal cost = BigDecimal.ZERO;
        long events;
        long priced;
        long unpriced;
        long errors;
        long input;
        long cacheRead;
        long cacheWrite;
        long output;

        void add(TrackedEvent e) {
            events++;
            if (e.isError()) {
                errors++;
            }
            BigDecimal c = e.costUsd();
            if (c != null) {
                priced++;
                cost = cost.add(c);
            } else if (e.usage() != null) {
                unpriced++;
            }
            Usage u = e.usage();
            if (u != null) {
                input += u.inputTokens();
                cacheRead += u.cacheReadTokens();
                cacheWrite += u.cacheWriteTokens();
                output += u.outputTokens();
            }
        }

        void add(Acc o) {
            cost = cost.add(o.cost);
            events += o.events;
            priced += o.priced;
            unpriced += o.unpriced;
            errors += o.errors;
            input += o.input;
            cacheRead += o.cacheRead;
            cacheWrite += o.cacheWrite;
            output += o.output;
        }

        SpendTotals snapshot() {
            return new SpendTotals(cost, events, priced, unpriced, errors, input, cacheRead, cacheWrite, output);
        }
    }
}
