package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.Checks;
import java.util.Objects;

/**
 * Rates that replace a period's base rates for every token of a call whose prompt is larger than
 * a threshold, as Gemini 2.5 Pro does above 200k prompt tokens and Claude Sonnet's long context.
 * The threshold compares against {@code input_tokens}, cache reads and writes included.
 */
public final class PriceTier {
    private final long aboveInputTokens;
    private final Rates rates;

    private PriceTier(long aboveInputTokens, Rates rates) {
        this.aboveInputTokens = Checks.atLeast("above_input_tokens", aboveInputTokens, 0L);
        this.rates = Objects.requireNonNull(rates, "rates");
    }

    /**
     * @param aboveInputTokens the tier applies when input tokens are strictly more than this
     * @param rates the rates of the whole call in this tier; not null
     * @return the tier
     */
    public static PriceTier of(long aboveInputTokens, Rates rates) {
        return new PriceTier(aboveInputTokens, rates);
    }

    /** @return the threshold: the tier applies when input tokens exceed it */
    public long aboveInputTokens() {
        return aboveInputTokens;
    }

    /** @return the rates in this tier */
    public Rates rates() {
        return rates;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceTier && ((PriceTier) o).aboveInputTokens == aboveInputTokens
                && ((PriceTier) o).rates.equals(rates);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(aboveInputTokens) * 31 + rates.hashCode();
    }

    @Override
    public String toString() {
        return "PriceTier{above_input_tokens=" + aboveInputTokens + ", " + rates + '}';
    }
}
