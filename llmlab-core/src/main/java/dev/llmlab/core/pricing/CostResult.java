package dev.llmlab.core.pricing;

import dev.llmlab.spi.Usage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of pricing one usage record: either priced, with the exact {@link Cost} and the
 * catalog entry it was priced as, or explicitly unpriced with a reason a person can act on. An
 * unpriced result is never a cost of zero.
 */
public final class CostResult {
    private final Usage usage;
    private final Cost cost;
    private final ModelPrice price;
    private final PricePeriod period;
    private final int tierIndex;
    private final String reason;
    private final List<String> suggestions;

    private CostResult(Usage usage, Cost cost, ModelPrice price, PricePeriod period, int tierIndex, String reason,
            List<String> suggestions) {
        this.usage = usage;
        this.cost = cost;
        this.price = price;
        this.period = period;
        this.tierIndex = tierIndex;
        this.reason = reason;
        this.suggestions = suggestions;
    }

    static CostResult priced(Usage usage, Cost cost, ModelPrice price, PricePeriod period, int tierIndex) {
        return new CostResult(usage, cost, price, period, tierIndex, null, List.of());
    }

    static CostResult unpriced(Usage usage, String reason, List<String> suggestions) {
        return new CostResult(usage, null, null, null, -1, Objects.requireNonNull(reason), List.copyOf(suggestions));
    }

    /** @return the usage that was priced */
    public Usage usage() {
        return usage;
    }

    /** @return true when a cost was computed */
    public boolean isPriced() {
        return cost != null;
    }

    /**
     * @return the cost
     * @throws UnknownModelException when the usage is unpriced, with the reason and suggestions
     */
    public Cost cost() {
        if (cost == null) {
            throw new UnknownModelException(reason, suggestions);
        }
        return cost;
    }

    /** @return the cost, or empty when unpriced */
    public Optional<Cost> costIfPriced() {
        return Optional.ofNullable(cost);
    }

    /** @return the canonical catalog name the usage was priced as (e.g. {@code gpt-4o}), or null */
    public String pricedAs() {
        return price == null ? null : price.model();
    }

    /**
     * @return the id of the exact price used, {@code provider/model@effective-from}, with
     *     {@code >N} appended when a tier above N input tokens applied; null when unpriced
     */
    public String priceId() {
        if (price == null) {
            return null;
        }
        String id = price.id() + "@" + period.effectiveFromText();
        return tierIndex < 0 ? id : id + ">" + period.tiers().get(tierIndex).aboveInputTokens();
    }

    /** @return the catalog entry used, if priced */
    public Optional<ModelPrice> modelPrice() {
        return Optional.ofNullable(price);
    }

    /** @return the price period used, if priced */
    public Optional<PricePeriod> period() {
        return Optional.ofNullable(period);
    }

    /** @return the threshold of the tier that applied, empty for base rates or when unpriced */
    public OptionalLong tierAboveInputTokens() {
        return tierIndex < 0 ? OptionalLong.empty() : OptionalLong.of(period.tiers().get(tierIndex).aboveInputTokens());
    }

    /** @return why the usage is unpriced, or null when priced */
    public String unpricedReason() {
        return reason;
    }

    /** @return the closest known model names when the model was unknown; otherwise empty */
    public List<String> suggestions() {
        return suggestions;
    }

    @Override
    public String toString() {
        return isPriced() ? "CostResult{" + priceId() + ", " + cost + '}' : "CostResult{unpriced: " + reason + '}';
    }
}
