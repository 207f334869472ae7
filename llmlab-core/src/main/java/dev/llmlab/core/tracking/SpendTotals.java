package dev.llmlab.core.tracking;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Totals over a set of events: exact spend and counts. Unpriced events and failed calls are
 * counted but add nothing to {@code costUsd}, so a non-zero {@code unpricedEvents} says the
 * spend is incomplete.
 *
 * @param costUsd the exact sum of the priced events' costs
 * @param events all events
 * @param pricedEvents events with a cost
 * @param unpricedEvents events with usage that could not be priced (unknown model)
 * @param errorEvents events whose call failed or whose usage could not be read
 * @param inputTokens the sum of input tokens (cache included)
 * @param cacheReadTokens the sum of cache-read tokens
 * @param cacheWriteTokens the sum of cache-write tokens
 * @param outputTokens the sum of output tokens (reasoning included)
 */
public record SpendTotals(BigDecimal costUsd, long events, long pricedEvents, long unpricedEvents, long errorEvents,
        long inputTokens, long cacheReadTokens, long cacheWriteTokens, long outputTokens) {
    /** Nothing. */
    public static final SpendTotals ZERO = new SpendTotals(BigDecimal.ZERO, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Checks the cost is not null. */
    public SpendTotals {
        Objects.requireNonNull(costUsd, "costUsd");
    }

    /**
     * @param o other totals; not null
     * @return the sum
     */
    public SpendTotals plus(SpendTotals o) {
        return new SpendTotals(costUsd.add(o.costUsd), events + o.events, pricedEvents + o.pricedEvents,
                unpricedEvents + o.unpricedEvents, errorEvents + o.errorEvents, inputTokens + o.inputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens, outputTokens + o.outputTokens);
    }
}
