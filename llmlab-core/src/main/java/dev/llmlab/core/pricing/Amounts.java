package dev.llmlab.core.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The two places where money becomes text. {@link #plain} is exact (for JSON and storage);
 * {@link #display} rounds, and is for people only.
 */
public final class Amounts {
    private static final int MIN_SCALE = 6;

    private Amounts() {
    }

    /**
     * Formats an amount exactly, without exponent, with at least six decimals and as many more as
     * the exact value needs: {@code 0.00575} is {@code "0.005750"}, {@code 1E-7} is
     * {@code "0.0000001"}.
     *
     * @param amount the amount; not null
     * @return the exact decimal string
     */
    public static String plain(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal v = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
        if (v.scale() < MIN_SCALE) {
            v = v.setScale(MIN_SCALE);
        }
        return v.toPlainString();
    }

    /**
     * Rounds an amount for display: four decimals, or two significant digits below
     * {@code 0.0001} so that sub-cent costs do not show as zero. Half-up rounding.
     *
     * @param amount the amount; not null
     * @return e.g. {@code "12.3457"}, {@code "0.000012"}
     */
    public static String display(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal abs = amount.abs();
        if (abs.signum() != 0 && abs.compareTo(new BigDecimal("0.0001")) < 0) {
            int scale = Math.max(4, abs.scale() - abs.precision() + 2);
            return amount.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return amount.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
