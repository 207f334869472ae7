package dev.llmlab.core.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The period over which a {@link Budget} adds up spend, in a chosen time zone: a calendar day, an
 * ISO week (Monday to Sunday), or a calendar month. Periods start at local midnight, so a day is
 * 23 or 25 hours long across a daylight-saving change.
 */
public enum BudgetPeriod {
    /** A calendar day, from local midnight. */
    DAY,
    /** An ISO week, from Monday local midnight. */
    WEEK,
    /** A calendar month, from the first day's local midnight. */
    MONTH;

    /**
     * @param at an instant; not null
     * @param zone the time zone periods are counted in; not null
     * @return the first local date of the period containing {@code at}
     */
    public LocalDate firstDay(Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(Objects.requireNonNull(at, "at"), Objects.requireNonNull(zone, "zone"));
        switch (this) {
            case DAY:
                return day;
            case WEEK:
                return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default:
                return day.withDayOfMonth(1);
        }
    }

    /**
     * @param firstDay the first day of a period
     * @return the first day of the next period
     */
    public LocalDate nextFirstDay(LocalDate firstDay) {
        switch (this) {
            case DAY:
                return firstDay.plusDays(1);
            case WEEK:
                return firstDay.plusWeeks(1);
            default:
                return firstDay.plusMonths(1);
        }
    }

    /**
     * @param at an instant; not null
     * @param zone the time zone; not null
     * @return the start of the period containing {@code at}
     */
    public Instant start(Instant at, ZoneId zone) {
        return firstDay(at, zone).atStartOfDay(zone).toInstant();
    }

    /**
     * @param at an instant; not null
     * @param zone the time zone; not null
     * @return the end (exclusive) of the period containing {@code at}
     */
    public Instant end(Instant at, ZoneId zone) {
        return nextFirstDay(firstDay(at, zone)).atStartOfDay(zone).toInstant();
    }
}
