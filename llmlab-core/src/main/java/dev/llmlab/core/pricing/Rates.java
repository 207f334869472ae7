package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.Checks;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The rates of one model in one price period (or one tier of it), in US dollars per million
 * tokens, exact. A class without its own rate is billed by an explicit fallback rule:
 * <ul>
 *   <li>cache reads and 5-minute cache writes at the input rate;</li>
 *   <li>1-hour cache writes at the 5-minute write rate, else the input rate;</li>
 *   <li>input audio at the input rate, output audio at the output rate;</li>
 *   <li>output and web search have no fallback: a usage that has them while the rate is missing
 *       is {@linkplain CostResult#isPriced() unpriced}, never priced at $0.</li>
 * </ul>
 * Web search is in US dollars per thousand requests.
 */
public final class Rates {
    private final BigDecimal input;
    private final BigDecimal cacheRead;
    private final BigDecimal cacheWrite;
    private final BigDecimal cacheWrite1h;
    private final BigDecimal output;
    private final BigDecimal inputAudio;
    private final BigDecimal outputAudio;
    private final BigDecimal webSearchPer1k;

    private Rates(Builder b) {
        this.input = Objects.requireNonNull(b.input, "input rate");
        this.cacheRead = b.cacheRead;
        this.cacheWrite = b.cacheWrite;
        this.cacheWrite1h = b.cacheWrite1h;
        this.output = b.output;
        this.inputAudio = b.inputAudio;
        this.outputAudio = b.outputAudio;
        this.webSearchPer1k = b.webSearchPer1k;
    }

    /** @return a builder; the input rate is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return USD per million uncached input tokens */
    public BigDecimal input() {
        return input;
    }

    /** @return USD per million cache-read tokens, if priced apart from input */
    public Optional<BigDecimal> cacheRead() {
        return Optional.ofNullable(cacheRead);
    }

    /** @return USD per million 5-minute cache-write tokens, if priced apart from input */
    public Optional<BigDecimal> cacheWrite() {
        return Optional.ofNullable(cacheWrite);
    }

    /** @return USD per million 1-hour cache-write tokens, if priced apart */
    public Optional<BigDecimal> cacheWrite1h() {
        return Optional.ofNullable(cacheWrite1h);
    }

    /** @return USD per million output tokens; empty for models that produce none (embeddings) */
    public Optional<BigDecimal> output() {
        return Optional.ofNullable(output);
    }

    /** @return USD per million input audio tokens, if priced apart from input */
    public Optional<BigDecimal> inputAudio() {
        return Optional.ofNullable(inputAudio);
    }

    /** @return USD per million output audio tokens, if priced apart from output */
    public Optional<BigDecimal> outputAudio() {
        return Optional.ofNullable(outputAudio);
    }

    /** @return USD per thousand web search requests, if the model bills them */
    public Optional<BigDecimal> webSearchPer1k() {
        return Optional.ofNullable(webSearchPer1k);
    }

    /** @return the rate billed for cache reads after the fallback rule */
    public BigDecimal effectiveCacheRead() {
        return cacheRead != null ? cacheRead : input;
    }

    /** @return the rate billed for 5-minute cache writes after the fallback rule */
    public BigDecimal effectiveCacheWrite() {
        return cacheWrite != null ? cacheWrite : input;
    }

    /** @return the rate billed for 1-hour cache writes after the fallback rule */
    public BigDecimal effectiveCacheWrite1h() {
        return cacheWrite1h != null ? cacheWrite1h : effectiveCacheWrite();
    }

    /** @return the rate billed for input audio after the fallback rule */
    public BigDecimal effectiveInputAudio() {
        return inputAudio != null ? inputAudio : input;
    }

    /** @return the rate billed for output audio after the fallback rule, null when no output rate */
    BigDecimal effectiveOutputAudio() {
        return outputAudio != null ? outputAudio : output;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Rates)) {
            return false;
        }
        Rates r = (Rates) o;
        return same(input, r.input) && same(cacheRead, r.cacheRead) && same(cacheWrite, r.cacheWrite)
                && same(cacheWrite1h, r.cacheWrite1h) && same(output, r.output)
                && same(inputAudio, r.inputAudio) && same(outputAudio, r.outputAudio)
                && same(webSearchPer1k, r.webSearchPer1k);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (BigDecimal d : new BigDecimal[] {input, cacheRead, cacheWrite, cacheWrite1h, output, inputAudio,
                outputAudio, webSearchPer1k}) {
            h = 31 * h + (d == null ? 0 : d.stripTrailingZeros().hashCode());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Rates{input=").append(input.toPlainString());
        append(sb, "cache_read", cacheRead);
        append(sb, "cache_write", cacheWrite);
        append(sb, "cache_write_1h", cacheWrite1h);
        append(sb, "output", output);
        append(sb, "input_audio", inputAudio);
        append(sb, "output_audio", outputAudio);
        append(sb, "web_search_per_1k", webSearchPer1k);
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String name, BigDecimal value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value.toPlainString());
        }
    }

    /** Builds {@link Rates}; every rate must be zero or positive. */
    public static final class Builder {
        private BigDecimal input;
        private BigDecimal cacheRead;
        private BigDecimal cacheWrite;
        private BigDecimal cacheWrite1h;
        private BigDecimal output;
        private BigDecimal inputAudio;
        private BigDecimal outputAudio;
        private BigDecimal webSearchPer1k;

        private Builder() {
        }

        /** @param usdPerMillion the uncached input rate; required */
        public Builder input(BigDecimal usdPerMillion) {
            this.input = check("input", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the cache-read rate, or null to bill reads at the input rate */
        public Builder cacheRead(BigDecimal usdPerMillion) {
            this.cacheRead = check("cache_read", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the 5-minute cache-write rate, or null for the input rate */
        public Builder cacheWrite(BigDecimal usdPerMillion) {
            this.cacheWrite = check("cache_write", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the 1-hour cache-write rate, or null for the 5-minute rate */
        public Builder cacheWrite1h(BigDecimal usdPerMillion) {
            this.cacheWrite1h = check("cache_write_1h", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the output rate, or null for a model without output */
        public Builder output(BigDecimal usdPerMillion) {
            this.output = check("output", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the input audio rate, or null for the input rate */
        public Builder inputAudio(BigDecimal usdPerMillion) {
            this.inputAudio = check("input_audio", usdPerMillion);
            return this;
        }

        /** @param usdPerMillion the output audio rate, or null for the output rate */
        public Builder outputAudio(BigDecimal usdPerMillion) {
            this.outputAudio = check("output_audio", usdPerMillion);
            return this;
        }

        /** @param usdPerThousand the web search fee per thousand requests, or null for none */
        public Builder webSearchPer1k(BigDecimal usdPerThousand) {
            this.webSearchPer1k = check("web_search_per_1k", usdPerThousand);
            return this;
        }

        private static BigDecimal check(String field, BigDecimal value) {
            return value == null ? null : Checks.notNegative(field + " rate", value);
        }

        /**
         * @return the rates
         * @throws NullPointerException when no input rate was set
         */
        public Rates build() {
            return new Rates(this);
        }
    }
}
