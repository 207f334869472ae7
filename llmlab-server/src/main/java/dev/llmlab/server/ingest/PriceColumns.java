package dev.llmlab.server.ingest;

import dev.llmlab.core.pricing.Cost;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.server.db.Columns;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The price of an event as the {@code events} table keeps it, one column per part: the cost and
 * its breakdown (null when unpriced), what it was priced as and with which price, or why it has no
 * price. Ingest writes them for new events, re-pricing for changed ones.
 */
public final class PriceColumns {
    /**
     * Parameters {@code :cost}, {@code :cost_input}, {@code :cost_cache_read},
     * {@code :cost_cache_write}, {@code :cost_output}, {@code :cost_web_search}, {@code :priced_as},
     * {@code :price_id}, {@code :unpriced_reason}.
     */
    public static final Columns<CostResult> COLUMNS = Columns.<CostResult>of()
            .with("cost", BigDecimal.class, r -> part(r, Cost::total))
            .with("cost_input", BigDecimal.class, r -> part(r, Cost::input))
            .with("cost_cache_read", BigDecimal.class, r -> part(r, Cost::cacheRead))
            .with("cost_cache_write", BigDecimal.class, r -> part(r, Cost::cacheWrite))
            .with("cost_output", BigDecimal.class, r -> part(r, Cost::output))
            .with("cost_web_search", BigDecimal.class, r -> part(r, Cost::webSearch))
            .with("priced_as", String.class, r -> r.isPriced() ? r.pricedAs() : null)
            .with("price_id", String.class, r -> r.isPriced() ? r.priceId() : null)
            .with("unpriced_reason", String.class, r -> r.isPriced() ? null : r.unpricedReason());

    private PriceColumns() {
    }

    private static BigDecimal part(CostResult r, Function<Cost, BigDecimal> part) {
        return r.isPriced() ? part.apply(r.cost()) : null;
    }
}
