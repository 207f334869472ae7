package dev.llmlab.server.ingest;

import dev.llmlab.core.pricing.CostResult;
import java.util.Objects;

/**
 * An event with the server's price for it.
 *
 * @param event the validated event
 * @param result the price, or the explicit reason it has none
 */
public record PricedEvent(IncomingEvent event, CostResult result) {
    /** Checks the parts. */
    public PricedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(result, "result");
    }
}
