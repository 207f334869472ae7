package dev.llmlab.server.recommend;

import dev.llmlab.server.summary.Period;
import java.util.List;
import java.util.Objects;

/**
 * The recommendations for one account and period.
 *
 * @param period the period whose events were read
 * @param items ranked: highest monthly saving first, those of unknown saving last
 */
public record Recommendations(Period period, List<Recommendation> items) {
    /** Checks the parts and keeps an immutable copy of the list. */
    public Recommendations {
        Objects.requireNonNull(period, "period");
        items = List.copyOf(items);
    }
}
