package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.Checks;
import dev.llmlab.spi.ServiceTier;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to track one call: the provider whose adapter reads the usage, tags, a model name to record
 * instead of the one the response names, the service tier for responses that do not name one, and
 * an estimated maximum cost that hard budgets reserve
 * before the call. Immutable: each method returns a copy, so build one per kind of call and reuse
 * it (e.g. in a {@code static final} field).
 *
 * <pre>{@code
 * static final CallOptions SUMMARIZE = CallOptions.provider("openai")
 *         .tag("feature", "summarize")
 *         .estimatedMaxCostUsd(new BigDecimal("0.02"));
 *
 * String body = lab.track(SUMMARIZE.tag("user", userId), () -> http.send(request, ofString()).body());
 * }</pre>
 */
public final class CallOptions {
    private final String provider;
    private final String model;
    private final Map<String, String> tags;
    private final BigDecimal estimatedMaxCostUsd;
    private final ServiceTier serviceTier;

    private CallOptions(String provider, String model, Map<String, String> tags, BigDecimal estimate,
            ServiceTier serviceTier) {
        this.provider = provider;
        this.model = model;
        this.tags = tags;
        this.estimatedMaxCostUsd = estimate;
        this.serviceTier = serviceTier;
    }

    /**
     * @param provider the provider name or alias (e.g. {@code "openai"}); null to detect it from
     *     the response body
     * @return options for a call to that provider, without tags
     */
    public static CallOptions provider(String provider) {
        return new CallOptions(provider, null, Map.of(), null, null);
    }

    /** @return the provider name, or null to detect it from the body */
    public String provider() {
        return provider;
    }

    /** @return the model to record instead of the response's, or null */
    public String model() {
        return model;
    }

    /** @return the tags, unmodifiable */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return the service tier to record when the response does not name one, or null */
    public ServiceTier serviceTier() {
        return serviceTier;
    }

    /**
     * Records the call at this service tier when the response does not say which tier billed it
     * (a {@code Usage} built by hand, a body without {@code service_tier}). A tier the response
     * reports always wins: OpenAI may serve a {@code flex} request at {@code default}, and that is
     * what it bills.
     *
     * @param tier the tier the request asked for, e.g. {@link ServiceTier#BATCH}; not null
     * @return a copy with the tier set
     */
    public CallOptions serviceTier(ServiceTier tier) {
        return new CallOptions(provider, model, tags, estimatedMaxCostUsd, Objects.requireNonNull(tier, "serviceTier"));
    }

    /** @return the declared estimated maximum cost, or null */
    public BigDecimal estimatedMaxCostUsd() {
        return estimatedMaxCostUsd;
    }

    /**
     * @param key the tag key, e.g. {@code "feature"}; not null
     * @param value the tag value; not null
     * @return a copy with the tag added (replacing a tag of the same key)
     */
    public CallOptions tag(String key, String value) {
        Objects.requireNonNull(key, "tag key");
        Objects.requireNonNull(value, "tag value of '" + key + "'");
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.put(key, value);
        return new CallOptions(provider, model, Collections.unmodifiableMap(copy), estimatedMaxCostUsd, serviceTier);
    }

    /**
     * @param more tags to add; not null, no null keys or values
     * @return a copy with the tags added
     */
    public CallOptions tags(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(tags);
        more.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "tag key"),
                Objects.requireNonNull(v, "tag value of '" + k + "'")));
        return new CallOptions(provider, model, Collections.unmodifiableMap(copy), estimatedMaxCostUsd, serviceTier);
    }

    /**
     * Records this model name instead of the one the response names: for responses that name no
     * model (Cohere), or to price under the name the request used.
     *
     * @param name the model name; not null
     * @return a copy with the model set
     */
    public CallOptions model(String name) {
        return new CallOptions(provider, Objects.requireNonNull(name, "model"), tags, estimatedMaxCostUsd, serviceTier);
    }

    /**
     * Declares the most this call can cost (e.g. priced from its {@code max_tokens}; see
     * {@code LlmLab.estimateMaxCostUsd}). Hard budgets reserve it before the call and settle to
     * the real cost after, so concurrent calls cannot jointly overshoot.
     *
     * @param usd the estimated maximum cost; not negative
     * @return a copy with the estimate set
     * @throws IllegalArgumentException when the estimate is negative
     */
    public CallOptions estimatedMaxCostUsd(BigDecimal usd) {
        return new CallOptions(provider, model, tags, Checks.notNegative("estimatedMaxCostUsd", usd), serviceTier);
    }

    @Override
    public String toString() {
        return "CallOptions{provider=" + provider + ", model=" + model + ", tags=" + tags + ", estimatedMaxCostUsd="
                + (estimatedMaxCostUsd == null ? null : estimatedMaxCostUsd.toPlainString())
                + (serviceTier == null ? "" : ", serviceTier=" + serviceTier) + '}';
    }
}
