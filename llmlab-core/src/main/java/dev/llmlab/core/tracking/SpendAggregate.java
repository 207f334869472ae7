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
    /** Costs are summed as whole pico-dollars (scale 12) in a long while they fit: exact, and cheap. */
    private static final int UNIT_SCALE = 12;

    private final ZoneId zone;
    private final HashMap<Long, Day> days = new HashMap<>();
    // The day of the last event: events arrive in time order, so the day rarely changes.
    private Day current;
    private long dayStartMs = Long.MAX_VALUE;
    private long dayEndMs = Long.MIN_VALUE;

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
        Day day = current;
        if (ms < dayStartMs || ms >= dayEndMs) {
            LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(ms), zone);
            day = days.computeIfAbsent(date.toEpochDay(), Day::new);
            current = day;
            dayStartMs = date.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEndMs = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        BigDecimal cost = e.costUsd();
        long units = 0;
        BigDecimal big = null;
        if (cost != null) {
            if (cost.scale() <= UNIT_SCALE) {
                try {
                    units = cost.movePointRight(UNIT_SCALE).longValueExact();
                } catch (ArithmeticException tooLarge) {
                    big = cost;
                }
            } else {
                big = cost; // finer than a pico-dollar: kept exact as BigDecimal
            }
        }
        String provider = e.provider() == null ? "" : e.provider();
        String model = e.model() == null ? "" : e.model();
        day.models.computeIfAbsent(provider, k -> new HashMap<>()).computeIfAbsent(model, k -> new Acc())
                .add(e, units, big);
        Map<String, String> tags = e.tags();
        if (!tags.isEmpty()) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                day.tags.computeIfAbsent(t.getKey(), k -> new HashMap<>()).computeIfAbsent(t.getValue(), k -> new Acc())
                        .add(e, units, big);
            }
        }
    }

    /** @return totals over every event ever added */
    public synchronized SpendTotals total() {
        Acc sum = new Acc();
        days.values().forEach(d -> d.forEachModel((p, m, acc) -> sum.add(acc)));
        return sum.snapshot();
    }

    /**
     * @param from the first local day, inclusive; not null
     * @param to the last local day, exclusive; not null
     * @return totals over events in the range
     */
    public synchronized SpendTotals between(LocalDate from, LocalDate to) {
        Acc sum = new Acc();
        forDays(from, to, d -> d.forEachModel((p, m, acc) -> sum.add(acc)));
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
        forDays(from, to, d -> d.forEachModel((p, m, acc) -> out.computeIfAbsent(p, x -> new Acc()).add(acc)));
        return snapshot(out);
    }

    /**
     * @param from first day, inclusive; not null
     * @param to last day, exclusive; not null
     * @return totals per {@code provider/model}, sorted
     */
    public synchronized Map<String, SpendTotals> byModel(LocalDate from, LocalDate to) {
        Map<String, Acc> out = new TreeMap<>();
        forDays(from, to, d -> d.forEachModel((p, m, acc) -> out.computeIfAbsent(p + "/" + m, x -> new Acc()).add(acc)));
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
        forDays(from, to, d -> {
            HashMap<String, Acc> values = d.tags.get(tagKey);
            if (values != null) {
                values.forEach((v, acc) -> out.computeIfAbsent(v, x -> new Acc()).add(acc));
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
        Map<LocalDate, SpendTotals> result = new TreeMap<>();
        forDays(from, to, d -> {
            Acc sum = new Acc();
            d.forEachModel((p, m, acc) -> sum.add(acc));
            result.put(LocalDate.ofEpochDay(d.epochDay), sum.snapshot());
        });
        return result;
    }

    private void forDays(LocalDate from, LocalDate to, java.util.function.Consumer<Day> action) {
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        for (Day d : days.values()) {
            if (d.epochDay >= a && d.epochDay < b) {
                action.accept(d);
            }
        }
    }

    private static Map<String, SpendTotals> snapshot(Map<String, Acc> in) {
        Map<String, SpendTotals> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.snapshot()));
        return out;
    }

    /** One local day's buckets: provider → model → totals, and tag key → value → totals. */
    private static final class Day {
        final long epochDay;
        final HashMap<String, HashMap<String, Acc>> models = new HashMap<>();
        final HashMap<String, HashMap<String, Acc>> tags = new HashMap<>();

        Day(long epochDay) {
            this.epochDay = epochDay;
        }

        void forEachModel(ModelVisitor visitor) {
            models.forEach((p, byModel) -> byModel.forEach((m, acc) -> visitor.visit(p, m, acc)));
        }
    }

    @FunctionalInterface
    private interface ModelVisitor {
        void visit(String provider, String model, Acc acc);
    }

    /** Mutable running totals, guarded by the aggregate's lock. */
    private static final class Acc {
        long costUnits; // pico-dollars
        BigDecimal costBig = BigDecimal.ZERO; // what does not fit costUnits exactly
        long events;
        long priced;
        long unpriced;
        long errors;
        long input;
        long cacheRead;
        long cacheWrite;
        long output;

        void add(TrackedEvent e, long units, BigDecimal big) {
            events++;
            if (e.isError()) {
                errors++;
            }
            if (e.costUsd() != null) {
                priced++;
                addCost(units, big);
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

        private void addCost(long units, BigDecimal big) {
            long sum = costUnits + units;
            if (((costUnits ^ sum) & (units ^ sum)) < 0) { // overflow: move the running sum to BigDecimal
                costBig = costBig.add(BigDecimal.valueOf(costUnits, UNIT_SCALE));
                costUnits = units;
            } else {
                costUnits = sum;
            }
            if (big != null) {
                costBig = costBig.add(big);
            }
        }

        void add(Acc o) {
            addCost(o.costUnits, o.costBig.signum() == 0 ? null : o.costBig);
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
            BigDecimal cost = BigDecimal.valueOf(costUnits, UNIT_SCALE).add(costBig);
            cost = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
            if (cost.scale() < 0) {
                cost = cost.setScale(0);
            }
            return new SpendTotals(cost, events, priced, unpriced, errors, input, cacheRead, cacheWrite, output);
        }
    }
}
