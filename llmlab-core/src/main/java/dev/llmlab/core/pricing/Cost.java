package dev.llmlab.core.pricing;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The exact cost of one call in US dollars, with its breakdown by token class. Immutable. Amounts
 * are never rounded; {@link Amounts} formats them for people and for JSON.
 *
 * <p>The parts add up to the total exactly: {@code input + cacheRead + cacheWrite + output +
 * webSearch == total}. Equality compares amounts by value (1.0 equals 1.00).
 */
public final class Cost {
    private static final BigDecimal[] NO_BIG = null;

    private final long[] units; // compact form: unscaled amounts at `scale`, PARTS entries + total
    private final int scale;
    private final BigDecimal[] big; // overflow-safe form, same layout

    Cost(long[] units, int scale) {
        this.units = units;
        this.scale = scale;
        this.big = NO_BIG;
    }

    Cost(BigDecimal[] big) {
        this.units = null;
        this.scale = 0;
        this.big = big;
    }

    /** @return a zero cost */
    public static Cost zero() {
        return new Cost(new long[CompiledRates.PARTS + 1], 0);
    }

    private BigDecimal part(int i) {
        return units != null ? BigDecimal.valueOf(units[i], scale) : big[i];
    }

    /** @return the whole cost */
    public BigDecimal total() {
        return part(CompiledRates.PARTS);
    }

    /** @return uncached input, text and audio */
    public BigDecimal input() {
        return sum(CompiledRates.INPUT, CompiledRates.INPUT_AUDIO);
    }

    /** @return the audio part of {@link #input()} */
    public BigDecimal inputAudio() {
        return part(CompiledRates.INPUT_AUDIO);
    }

    /** @return cache reads */
    public BigDecimal cacheRead() {
        return part(CompiledRates.CACHE_READ);
    }

    /** @return cache writes, 5-minute and 1-hour */
    public BigDecimal cacheWrite() {
        return sum(CompiledRates.CACHE_WRITE_5M, CompiledRates.CACHE_WRITE_1H);
    }

    /** @return the 1-hour part of {@link #cacheWrite()} */
    public BigDecimal cacheWrite1h() {
        return part(CompiledRates.CACHE_WRITE_1H);
    }

    /** @return output, text and audio, reasoning included */
    public BigDecimal output() {
        return sum(CompiledRates.OUTPUT, CompiledRates.OUTPUT_AUDIO);
    }

    /** @return the audio part of {@link #output()} */
    public BigDecimal outputAudio() {
        return part(CompiledRates.OUTPUT_AUDIO);
    }

    /** @return per-request web search fees */
    public BigDecimal webSearch() {
        return part(CompiledRates.WEB_SEARCH);
    }

    private BigDecimal sum(int a, int b) {
        if (units != null) {
            return BigDecimal.valueOf(units[a] + units[b], scale); // parts' sum <= total: no overflow
        }
        return big[a].add(big[b]);
    }

    /**
     * @param other another cost; not null
     * @return the sum, part by part, exact
     */
    public Cost plus(Cost other) {
        BigDecimal[] sum = new BigDecimal[CompiledRates.PARTS + 1];
        for (int i = 0; i <= CompiledRates.PARTS; i++) {
            sum[i] = part(i).add(other.part(i));
        }
        return new Cost(sum);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Cost)) {
            return false;
        }
        Cost c = (Cost) o;
        for (int i = 0; i <= CompiledRates.PARTS; i++) {
            if (part(i).compareTo(c.part(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        BigDecimal[] norm = new BigDecimal[CompiledRates.PARTS + 1];
        for (int i = 0; i <= CompiledRates.PARTS; i++) {
            BigDecimal p = part(i);
            norm[i] = p.signum() == 0 ? BigDecimal.ZERO : p.stripTrailingZeros();
        }
        return Arrays.hashCode(norm);
    }

    @Override
    public String toString() {
        return "Cost{total=" + Amounts.plain(total()) + ", input=" + Amounts.plain(input()) + ", cache_read="
                + Amounts.plain(cacheRead()) + ", cache_write=" + Amounts.plain(cacheWrite()) + ", output="
                + Amounts.plain(output()) + ", web_search=" + Amounts.plain(webSearch()) + '}';
    }
}
