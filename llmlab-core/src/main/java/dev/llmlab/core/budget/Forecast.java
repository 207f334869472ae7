package dev.llmlab.core.budget;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A projection of a period's spend to the period's end at the current burn rate: the average
 * spend per second since the period began, times the whole period's length. It assumes the rest
 * of the period looks like its start, so it is rough in the first hours of a period.
 *
 * <p>This is the one place the tracker rounds money: a projection is an estimate, so it is
 * rounded to 6 decimal places (half up); the spend it starts from stays exact.
 *
 * @param periodStart the start of the period
 * @param periodEnd the end (exclusive) of the period
 * @param asOf the instant the projection was made
 * @param spentUsd the exact spend from the period's start to {@code asOf}
 * @param projectedUsd the projected spend for the whole period, rounded to 6 decimals
 */
public record Forecast(Instant periodStart, Instant periodEnd, Instant asOf, BigDecimal spentUsd,
        BigDecimal projectedUsd) {
    /** The scale projections are rounded to. */
    public static final int SCALE = 6;

    /** Checks that no component is null. */
    public Forecast {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(spentUsd, "spentUsd");
        Objects.requireNonNull(projectedUsd, "projectedUsd");
    }

    /**
     * Projects spend linearly to the period's end.
     *
     * @param spentUsd spend from {@code start} to {@code now}; not null
     * @param start the period's start; not null
     * @param end the period's end; after {@code start}
     * @param now the current instant; clamped into the period
     * @return the forecast; the spend itself when the period is over, and the spend so far when
     *     less than a second of the period has passed
     */
    public static Forecast linear(BigDecimal spentUsd, Instant start, Instant end, Instant now) {
        Objects.requireNonNull(spentUsd, "spentUsd");
        long total = Duration.between(start, end).toMillis();
        if (total <= 0) {
            throw new IllegalArgumentException("period end " + end + " must be after its start " + start);
        }
        long elapsed = Math.min(total, Math.max(0, Duration.between(start, now).toMillis()));
        BigDecimal projected;
        if (elapsed >= total) {
            projected = spentUsd;
        } else if (elapsed < 1000) {
            projected = spentUsd;
        } else {
            projected = spentUsd.multiply(BigDecimal.valueOf(total))
                    .divide(BigDecimal.valueOf(elapsed), MathContext.DECIMAL128);
        }
        return new Forecast(start, end, now, spentUsd, projected.setScale(SCALE, RoundingMode.HALF_UP));
    }

    /**
     * Projects a calendar month's spend to its end.
     *
     * @param monthToDateUsd spend since the month began in {@code zone}; not null
     * @param zone the time zone months are counted in; not null
     * @param now the current instant; not null
     * @return the month-end forecast
     */
    public static Forecast monthEnd(BigDecimal monthToDateUsd, ZoneId zone, Instant now) {
        return linear(monthToDateUsd, BudgetPeriod.MONTH.start(now, zone), BudgetPeriod.MONTH.end(now, zone), now);
    }
}
