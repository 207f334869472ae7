package dev.llmlab.server.summary;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What a group of events adds up to: how many, how many of them are unpriced, and the exact cost of
 * the priced ones. Counts are {@link BigInteger}s, as PostgreSQL sums them (numeric).
 *
 * @param events events in the group
 * @param unpricedEvents those of them without a price
 * @param cost the cost of the priced ones, exact
 */
public record Totals(BigInteger events, BigInteger unpricedEvents, BigDecimal cost) {
    /** No events. */
    public static final Totals ZERO = new Totals(BigInteger.ZERO, BigInteger.ZERO, BigDecimal.ZERO);

    /** Checks the parts. */
    public Totals {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(unpricedEvents, "unpricedEvents");
        Objects.requireNonNull(cost, "cost");
    }

    /** @return these and the other's events together */
    public Totals plus(Totals other) {
        return new Totals(events.add(other.events), unpricedEvents.add(other.unpricedEvents), cost.add(other.cost));
    }

    /** @return these without the other's events (a part of these) */
    public Totals minus(Totals other) {
        return new Totals(events.subtract(other.events), unpricedEvents.subtract(other.unpricedEvents),
                cost.subtract(other.cost));
    }

    /** @return whether any event of the group has a price; a group of unpriced events only has no cost, not $0 */
    public boolean priced() {
        return events.subtract(unpricedEvents).signum() > 0;
    }
}
