package dev.llmlab.core.pricing;

import java.math.BigDecimal;

/**
 * Rates brought to one decimal scale as unscaled longs, so that pricing a usage record is a few
 * long multiplications instead of BigDecimal arithmetic. Exact: every rate is represented without
 * rounding, and {@link CostCalculator} falls back to BigDecimal when a product would overflow.
 */
final class CompiledRates {
    /** Cost components, in the order of {@link Cost}'s parts. */
    static final int INPUT = 0;
    static final int INPUT_AUDIO = 1;
    static final int CACHE_READ = 2;
    static final int CACHE_WRITE_5M = 3;
    static final int CACHE_WRITE_1H = 4;
    static final int OUTPUT = 5;
    static final int OUTPUT_AUDIO = 6;
    static final int WEB_SEARCH = 7;
    static final int PARTS = 8;

    /** Rates per million units (web search: per million requests) for each part; null = no rate. */
    final BigDecimal[] rates = new BigDecimal[PARTS];
    /** The same rates unscaled at {@link #scale}; valid only when {@link #compact}. */
    final long[] unscaled = new long[PARTS];
    final int scale;
    final boolean compact;

    private CompiledRates(Rates r) {
        rates[INPUT] = r.input();
        rates[INPUT_AUDIO] = r.effectiveInputAudio();
        rates[CACHE_READ] = r.effectiveCacheRead();
        rates[CACHE_WRITE_5M] = r.effectiveCacheWrite();
        rates[CACHE_WRITE_1H] = r.effectiveCacheWrite1h();
        rates[OUTPUT] = r.output().orElse(null);
        rates[OUTPUT_AUDIO] = r.effectiveOutputAudio();
        // per thousand requests -> per million requests, so every part divides by 10^6
        rates[WEB_SEARCH] = r.webSearchPer1k().map(v -> v.movePointRight(3)).orElse(null);
        int s = 0;
        for (BigDecimal rate : rates) {
            if (rate != null) {
                s = Math.max(s, rate.scale());
            }
        }
        boolean fits = s <= 18;
        for (int i = 0; i < PARTS && fits; i++) {
            if (rates[i] != null) {
                BigDecimal scaled = rates[i].setScale(s);
                if (scaled.unscaledValue().bitLength() > 62) {
                    fits = false;
                } else {
                    unscaled[i] = scaled.unscaledValue().longValue();
                }
            }
        }
        this.scale = s;
        this.compact = fits;
    }

    static CompiledRates of(Rates rates) {
        return new CompiledRates(rates);
    }
}
