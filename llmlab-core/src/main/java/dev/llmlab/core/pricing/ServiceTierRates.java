package dev.llmlab.core.pricing;

import dev.llmlab.spi.ServiceTier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rates of one price period at a service tier other than standard (batch, flex, priority), or
 * at an inference geography that costs more (Anthropic's US-only inference): a complete rate set
 * written in the price file, never a multiplier applied by code.
 *
 * <p>A rate set applies to the usage whose {@link dev.llmlab.spi.Usage#serviceTier()} is
 * {@link #serviceTier()} and, when {@link #inferenceGeo()} is set, whose
 * {@link dev.llmlab.spi.Usage#inferenceGeo()} is that geography. Its long-context tiers, if any,
 * use thresholds of the period's own tiers; a prompt in a period tier this rate set does not
 * repeat is unpriced rather than billed at the wrong rates.
 *
 * <pre>{@code
 * {"service_tier": "batch", "input": "0.625", "cache_read": "0.0625", "output": "5.00",
 *  "source": "https://platform.openai.com/docs/pricing"}
 * {"service_tier": "standard", "inference_geo": "us", "input": "5.50", "output": "27.50", …}
 * }</pre>
 */
public final class ServiceTierRates {
    private final ServiceTier serviceTier;
    private final String inferenceGeo;
    private final Rates rates;
    private final List<PriceTier> tiers;
    private final String source;
    private final String note;

    private ServiceTierRates(ServiceTier serviceTier, String inferenceGeo, Rates rates, List<PriceTier> tiers,
            String source, String note) {
        this.serviceTier = Objects.requireNonNull(serviceTier, "serviceTier");
        if (serviceTier == ServiceTier.STANDARD && inferenceGeo == null) {
            throw new IllegalArgumentException("standard rates without an inference_geo are the period's own rates;"
                    + " a \"standard\" service tier entry needs an inference_geo");
        }
        this.inferenceGeo = inferenceGeo;
        this.rates = Objects.requireNonNull(rates, "rates");
        List<PriceTier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparingLong(PriceTier::aboveInputTokens));
        this.tiers = List.copyOf(sorted);
        this.source = source;
        this.note = note;
    }

    /**
     * @param serviceTier the tier these rates bill; not null ({@code STANDARD} only with a geography)
     * @param inferenceGeo the inference geography these rates bill, lower case, or null for any
     * @param rates the rates for prompts below the period's first long-context tier; not null
     * @param tiers long-context rates, each at a threshold of the period's own tiers; not null
     * @param source where the figures were read, or null
     * @param note a remark, or null
     * @return the rate set
     * @throws IllegalArgumentException for standard rates without a geography
     */
    public static ServiceTierRates of(ServiceTier serviceTier, String inferenceGeo, Rates rates, List<PriceTier> tiers,
            String source, String note) {
        return new ServiceTierRates(serviceTier, inferenceGeo, rates, tiers, source, note);
    }

    /** @return the service tier these rates bill */
    public ServiceTier serviceTier() {
        return serviceTier;
    }

    /** @return the inference geography these rates bill, or empty when they bill any */
    public Optional<String> inferenceGeo() {
        return Optional.ofNullable(inferenceGeo);
    }

    /** @return the rates below the first long-context tier */
    public Rates rates() {
        return rates;
    }

    /** @return the long-context tiers, ascending by threshold */
    public List<PriceTier> tiers() {
        return tiers;
    }

    /** @return where the figures were read, if recorded */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** @return a remark, if any */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** @return the tier and geography as a price file keys them, e.g. {@code batch} or {@code standard@us} */
    public String key() {
        return serviceTier.wireName() + (inferenceGeo == null ? "" : "@" + inferenceGeo);
    }

    @Override
    public String toString() {
        return "ServiceTierRates{" + key() + ", " + rates + (tiers.isEmpty() ? "" : ", tiers=" + tiers) + '}';
    }
}
