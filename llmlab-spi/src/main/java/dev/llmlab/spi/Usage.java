package dev.llmlab.spi;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The token usage of one LLM call in LLMlab's normalized vocabulary, whatever the provider
 * reported. Immutable and thread-safe.
 *
 * <p>The counts mean the same for every provider:
 * <ul>
 *   <li>{@code input_tokens}: all prompt tokens, <em>including</em> cache reads and writes;</li>
 *   <li>{@code cache_read_tokens}: the part of the input served from the provider's cache;</li>
 *   <li>{@code cache_write_tokens}: the part of the input written to the cache, of which
 *       {@code cache_write_1h_tokens} were written with a one-hour lifetime (Anthropic);</li>
 *   <li>{@code output_tokens}: all generated tokens, <em>including</em> reasoning tokens;</li>
 *   <li>{@code reasoning_tokens}: the reasoning part of the output, absent when the provider did
 *       not say;</li>
 *   <li>{@code input_audio_tokens} / {@code output_audio_tokens}: the audio part of the uncached
 *       input / of the output;</li>
 *   <li>{@code web_search_requests}: server-side web searches billed per request.</li>
 * </ul>
 * Besides the counts, a usage says how the provider served the call, where it says so: the
 * {@linkplain #serviceTier() service tier} (batch, flex, priority; standard when not reported) and
 * the {@linkplain #inferenceGeo() inference geography} (Anthropic's {@code inference_geo}), both
 * of which can change the rates.
 * Subsets never exceed their whole; the builder rejects counts that are negative or inconsistent,
 * naming the field.
 *
 * <pre>{@code
 * Usage usage = Usage.builder("openai", "gpt-4o")
 *         .inputTokens(1200).cacheReadTokens(200).outputTokens(300)
 *         .build();
 * }</pre>
 */
public final class Usage {
    private final String provider;
    private final String model;
    private final long inputTokens;
    private final long cacheReadTokens;
    private final long cacheWriteTokens;
    private final long cacheWrite1hTokens;
    private final long outputTokens;
    private final long reasoningTokens; // -1: not reported
    private final long inputAudioTokens;
    private final long outputAudioTokens;
    private final long webSearchRequests;
    private final ServiceTier serviceTier; // null: not reported, billed as standard
    private final String inferenceGeo;

    private Usage(Builder b) {
        this.provider = b.provider;
        this.model = b.model;
        this.inputTokens = b.inputTokens;
        this.cacheReadTokens = b.cacheReadTokens;
        this.cacheWriteTokens = b.cacheWriteTokens;
        this.cacheWrite1hTokens = b.cacheWrite1hTokens;
        this.outputTokens = b.outputTokens;
        this.reasoningTokens = b.reasoningTokens;
        this.inputAudioTokens = b.inputAudioTokens;
        this.outputAudioTokens = b.outputAudioTokens;
        this.webSearchRequests = b.webSearchRequests;
        this.serviceTier = b.serviceTier;
        this.inferenceGeo = b.inferenceGeo;
    }

    /**
     * Starts a usage record.
     *
     * @param provider the provider's canonical name, e.g. {@code "openai"}; not null
     * @param model the model the response (or request) named; null when the provider's response
     *     does not say (Cohere), to be supplied later with {@link #withModel(String)}
     * @return a builder with every count at zero and reasoning tokens not reported
     */
    public static Builder builder(String provider, String model) {
        return new Builder(provider, model);
    }

    /** @return the provider's canonical name, lower case, never null */
    public String provider() {
        return provider;
    }

    /** @return the model name as reported, or null when the response did not name one */
    public String model() {
        return model;
    }

    /** @return all prompt tokens, including cache reads and writes */
    public long inputTokens() {
        return inputTokens;
    }

    /** @return prompt tokens served from the cache (a subset of input) */
    public long cacheReadTokens() {
        return cacheReadTokens;
    }

    /** @return prompt tokens written to the cache (a subset of input), 5-minute and 1-hour */
    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    /** @return the part of {@link #cacheWriteTokens()} written with a one-hour lifetime */
    public long cacheWrite1hTokens() {
        return cacheWrite1hTokens;
    }

    /** @return prompt tokens neither read from nor written to the cache */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWriteTokens;
    }

    /** @return all generated tokens, including reasoning tokens */
    public long outputTokens() {
        return outputTokens;
    }

    /** @return the reasoning part of the output, empty when the provider did not report it */
    public OptionalLong reasoningTokens() {
        return reasoningTokens < 0 ? OptionalLong.empty() : OptionalLong.of(reasoningTokens);
    }

    /** @return the audio part of the uncached input */
    public long inputAudioTokens() {
        return inputAudioTokens;
    }

    /** @return the audio part of the output */
    public long outputAudioTokens() {
        return outputAudioTokens;
    }

    /** @return server-side web search requests billed per request */
    public long webSearchRequests() {
        return webSearchRequests;
    }

    /**
     * @return the service tier the call was billed at; {@link ServiceTier#STANDARD} when the usage
     *     does not say (see {@link #serviceTierReported()}), never null
     */
    public ServiceTier serviceTier() {
        return serviceTier == null ? ServiceTier.STANDARD : serviceTier;
    }

    /**
     * @return whether the response (or the record) named the service tier, {@code standard}
     *     included; false when {@link #serviceTier()} is standard only by default
     */
    public boolean serviceTierReported() {
        return serviceTier != null;
    }

    /**
     * @return where the provider ran the inference when the response says so and it can change the
     *     rates, lower case (Anthropic: {@code "us"}, {@code "global"}); null when not reported
     */
    public String inferenceGeo() {
        return inferenceGeo;
    }

    /**
     * @param tier the service tier to record; not null
     * @return this usage with the service tier set (and so reported)
     */
    public Usage withServiceTier(ServiceTier tier) {
        Objects.requireNonNull(tier, "serviceTier");
        return tier == serviceTier ? this : toBuilder().serviceTier(tier).build();
    }

    /**
     * @param newModel the model name to record, e.g. the one the request named; not null
     * @return this usage with the model replaced
     */
    public Usage withModel(String newModel) {
        Objects.requireNonNull(newModel, "model");
        return toBuilder().model(newModel).build();
    }

    /** @return a builder holding this record's values */
    public Builder toBuilder() {
        Builder b = new Builder(provider, model);
        b.inputTokens = inputTokens;
        b.cacheReadTokens = cacheReadTokens;
        b.cacheWriteTokens = cacheWriteTokens;
        b.cacheWrite1hTokens = cacheWrite1hTokens;
        b.outputTokens = outputTokens;
        b.reasoningTokens = reasoningTokens;
        b.inputAudioTokens = inputAudioTokens;
        b.outputAudioTokens = outputAudioTokens;
        b.webSearchRequests = webSearchRequests;
        b.serviceTier = serviceTier;
        b.inferenceGeo = inferenceGeo;
        return b;
    }

    /**
     * Equal when every count, the provider, the model, the service tier billed and the inference
     * geography are: a usage whose response said {@code standard} equals one that did not say.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Usage)) {
            return false;
        }
        Usage u = (Usage) o;
        return inputTokens == u.inputTokens && cacheReadTokens == u.cacheReadTokens
                && cacheWriteTokens == u.cacheWriteTokens && cacheWrite1hTokens == u.cacheWrite1hTokens
                && outputTokens == u.outputTokens && reasoningTokens == u.reasoningTokens
                && inputAudioTokens == u.inputAudioTokens && outputAudioTokens == u.outputAudioTokens
                && webSearchRequests == u.webSearchRequests && provider.equals(u.provider)
                && Objects.equals(model, u.model) && serviceTier() == u.serviceTier()
                && Objects.equals(inferenceGeo, u.inferenceGeo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, model, inputTokens, cacheReadTokens, cacheWriteTokens,
                cacheWrite1hTokens, outputTokens, reasoningTokens, inputAudioTokens, outputAudioTokens,
                webSearchRequests, serviceTier(), inferenceGeo);
    }

    @Override
    public String toString() {
        return "Usage{provider=" + provider + ", model=" + model + ", input_tokens=" + inputTokens
                + ", cache_read_tokens=" + cacheReadTokens + ", cache_write_tokens=" + cacheWriteTokens
                + ", cache_write_1h_tokens=" + cacheWrite1hTokens + ", output_tokens=" + outputTokens
                + ", reasoning_tokens=" + (reasoningTokens < 0 ? "null" : reasoningTokens)
                + ", input_audio_tokens=" + inputAudioTokens + ", output_audio_tokens=" + outputAudioTokens
                + ", web_search_requests=" + webSearchRequests
                + (serviceTier == null ? "" : ", service_tier=" + serviceTier.wireName())
                + (inferenceGeo == null ? "" : ", inference_geo=" + inferenceGeo) + '}';
    }

    /** Builds a {@link Usage}; not thread-safe. Counts default to zero. */
    public static final class Builder {
        private String provider;
        private String model;
        private long inputTokens;
        private long cacheReadTokens;
        private long cacheWriteTokens;
        private long cacheWrite1hTokens;
        private long outputTokens;
        private long reasoningTokens = -1;
        private long inputAudioTokens;
        private long outputAudioTokens;
        private long webSearchRequests;
        private ServiceTier serviceTier;
        private String inferenceGeo;

        private Builder(String provider, String model) {
            provider(provider);
            this.model = model;
        }

        /** @param value the provider's canonical name; not null or blank */
        public Builder provider(String value) {
            Objects.requireNonNull(value, "provider");
            if (value.isBlank()) {
                throw new InvalidUsageException("provider", "provider must not be blank");
            }
            this.provider = value;
            return this;
        }

        /** @param value the model name, or null when unknown */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** @param value all prompt tokens, including cache reads and writes */
        public Builder inputTokens(long value) {
            this.inputTokens = value;
            return this;
        }

        /** @param value prompt tokens read from the cache */
        public Builder cacheReadTokens(long value) {
            this.cacheReadTokens = value;
            return this;
        }

        /** @param value prompt tokens written to the cache, all lifetimes */
        public Builder cacheWriteTokens(long value) {
            this.cacheWriteTokens = value;
            return this;
        }

        /** @param value the part of the cache writes with a one-hour lifetime */
        public Builder cacheWrite1hTokens(long value) {
            this.cacheWrite1hTokens = value;
            return this;
        }

        /** @param value all generated tokens, including reasoning */
        public Builder outputTokens(long value) {
            this.outputTokens = value;
            return this;
        }

        /** @param value the reasoning part of the output */
        public Builder reasoningTokens(long value) {
            this.reasoningTokens = value;
            if (value < 0) {
                throw new InvalidUsageException("reasoning_tokens", "reasoning_tokens must be >= 0, was " + value);
            }
            return this;
        }

        /** Marks reasoning tokens as not reported by the provider. */
        public Builder reasoningTokensUnknown() {
            this.reasoningTokens = -1;
            return this;
        }

        /** @param value the audio part of the uncached input */
        public Builder inputAudioTokens(long value) {
            this.inputAudioTokens = value;
            return this;
        }

        /** @param value the audio part of the output */
        public Builder outputAudioTokens(long value) {
            this.outputAudioTokens = value;
            return this;
        }

        /** @param value web search requests billed per request */
        public Builder webSearchRequests(long value) {
            this.webSearchRequests = value;
            return this;
        }

        /**
         * @param value the service tier the provider reports having billed, or null when it does
         *     not say (billed as standard)
         */
        public Builder serviceTier(ServiceTier value) {
            this.serviceTier = value;
            return this;
        }

        /**
         * @param value where the provider ran the inference as it reports it (Anthropic's
         *     {@code inference_geo}, e.g. {@code "us"}), or null when not reported; stored in lower
         *     case; 1 to 32 letters, digits, {@code -} or {@code _}
         * @throws InvalidUsageException naming {@code inference_geo} for any other text
         */
        public Builder inferenceGeo(String value) {
            if (value == null) {
                this.inferenceGeo = null;
                return this;
            }
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            boolean ok = !v.isEmpty() && v.length() <= 32;
            for (int i = 0; i < v.length() && ok; i++) {
                char ch = v.charAt(i);
                ok = ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_';
            }
            if (!ok) {
                throw new InvalidUsageException("inference_geo", "inference_geo must be 1 to 32 letters, digits,"
                        + " '-' or '_' (e.g. \"us\"), was '" + (value.length() > 60 ? value.substring(0, 60) + "…" : value)
                        + "'");
            }
            this.inferenceGeo = v;
            return this;
        }

        /**
         * @return the usage record
         * @throws InvalidUsageException naming the field when a count is negative or a subset
         *     exceeds its whole
         */
        public Usage build() {
            nonNegative("input_tokens", inputTokens);
            nonNegative("cache_read_tokens", cacheReadTokens);
            nonNegative("cache_write_tokens", cacheWriteTokens);
            nonNegative("cache_write_1h_tokens", cacheWrite1hTokens);
            nonNegative("output_tokens", outputTokens);
            nonNegative("input_audio_tokens", inputAudioTokens);
            nonNegative("output_audio_tokens", outputAudioTokens);
            nonNegative("web_search_requests", webSearchRequests);
            long cached = cacheReadTokens + cacheWriteTokens; // both >= 0: overflow shows as negative
            if (cached < 0 || cached > inputTokens) {
                throw new InvalidUsageException("cache_read_tokens", "cache_read_tokens + cache_write_tokens ("
                        + cacheReadTokens + " + " + cacheWriteTokens + ") must not exceed input_tokens (" + inputTokens + ")");
            }
            if (cacheWrite1hTokens > cacheWriteTokens) {
                throw new InvalidUsageException("cache_write_1h_tokens", "cache_write_1h_tokens (" + cacheWrite1hTokens
                        + ") must not exceed cache_write_tokens (" + cacheWriteTokens + ")");
            }
            if (inputAudioTokens > inputTokens - cached) {
                throw new InvalidUsageException("input_audio_tokens", "input_audio_tokens (" + inputAudioTokens
                        + ") must not exceed the uncached input tokens (" + (inputTokens - cached) + ")");
            }
            if (reasoningTokens > outputTokens) {
                throw new InvalidUsageException("reasoning_tokens", "reasoning_tokens (" + reasoningTokens
                        + ") must not exceed output_tokens (" + outputTokens + ")");
            }
            if (outputAudioTokens > outputTokens) {
                throw new InvalidUsageException("output_audio_tokens", "output_audio_tokens (" + outputAudioTokens
                        + ") must not exceed output_tokens (" + outputTokens + ")");
            }
            return new Usage(this);
        }

        private static void nonNegative(String field, long value) {
            if (value < 0) {
                throw new InvalidUsageException(field, field + " must be >= 0, was " + value);
            }
        }
    }
}
