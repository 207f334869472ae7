package dev.llmlab.server.summary;

import dev.llmlab.server.http.ApiException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A calendar period (day, ISO week from Monday, month) in a time zone: the local midnight that
 * starts it and the one that starts the next. DST days are 23 or 25 hours long, as they are.
 *
 * <p>Totals are kept in 15-minute UTC buckets, so a period can be summed exactly only if every
 * local midnight in it (its start, its end and each day's start in between) falls on a quarter
 * hour of UTC, i.e. the zone's offset there is a whole number of quarter hours. That holds for
 * every zone in use today (+05:30, +05:45, −09:30 …) but not for {@code +04:07}, nor for historic
 * offsets such as local mean time before ~1900 or Africa/Monrovia's −0:44:30 until 1972; such a
 * period is refused on {@code tz} rather than summed wrongly. Dates are limited to the years
 * 0001–9999, so every period's bounds are valid instants and PostgreSQL timestamps.
 *
 * @param name {@code day}, {@code week} or {@code month}
 * @param zone the time zone the calendar is read in
 * @param from the first instant of the period
 * @param to the first instant after it
 */
public record Period(String name, ZoneId zone, ZonedDateTime from, ZonedDateTime to) {
    /** The first date a period may contain. */
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    /** The last date a period may be asked for (a week containing it ends in year 10000). */
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    private static final long BUCKET_SECONDS = 900;

    /**
     * @param name the period name, any case
     * @param zone the zone; not null
     * @param day a local date inside the period; not null
     * @return the period containing that date
     * @throws ApiException 400 on {@code period} when the name is unknown, on {@code at} when the
     *     date is outside 0001-01-01..9999-12-31, on {@code tz} when a day of the period does not
     *     start on a quarter hour of UTC in that zone
     */
    public static Period containing(String name, ZoneId zone, LocalDate day) {
        String n = name.toLowerCase(Locale.ROOT);
        if (day.isBefore(MIN_DATE) || day.isAfter(MAX_DATE)) {
            throw ApiException.invalid("at", "at must be a date from " + MIN_DATE + " to " + MAX_DATE + ", was " + day);
        }
        LocalDate start;
        LocalDate end;
        switch (n) {
            case "day" -> {
                start = day;
                end = day.plusDays(1);
            }
            case "week" -> {
                start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                end = start.plusWeeks(1);
            }
            case "month" -> {
                start = day.withDayOfMonth(1);
                end = start.plusMonths(1);
            }
            default -> throw ApiException.invalid("period", "period must be day, week or month, was '"
                    + SummaryRequest.shown(name) + "'");
        }
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            requireQuarterHour(zone, d);
        }
        return new Period(n, zone, start.atStartOfDay(zone), end.atStartOfDay(zone));
    }

    /** @return the period containing an instant */
    public static Period containing(String name, ZoneId zone, Instant at) {
        return containing(name, zone, at.atZone(zone).toLocalDate());
    }

    /** @return the local dates of the period, in order */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from.toLocalDate(); d.isBefore(to.toLocalDate()); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** @return the instant each local date of {@link #days()} begins at, in the same order */
    public List<Instant> dayStarts() {
        return days().stream().map(d -> d.atStartOfDay(zone).toInstant()).toList();
    }

    private static void requireQuarterHour(ZoneId zone, LocalDate day) {
        ZonedDateTime midnight = day.atStartOfDay(zone);
        if (Math.floorMod(midnight.toEpochSecond(), BUCKET_SECONDS) != 0 || midnight.getNano() != 0) {
            ZoneOffset offset = midnight.getOffset();
            throw ApiException.invalid("tz", "tz " + SummaryRequest.shown(zone.getId()) + " is "
                    + describe(offset) + " UTC on " + day + " (offset " + offset.getId() + "), and totals are kept in"
                    + " 15-minute UTC buckets: a day that does not start on a quarter hour of UTC cannot be summed"
                    + " exactly. Use a zone whose offset is a whole number of quarter hours in that period"
                    + " (e.g. +05:00, +05:45, Asia/Kolkata)");
        }
    }

    private static String describe(ZoneOffset offset) {
        Duration d = Duration.ofSeconds(Math.abs(offset.getTotalSeconds()));
        String amount = d.toHours() + " h " + d.toMinutesPart() + " min"
                + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
        return amount + (offset.getTotalSeconds() >= 0 ? " ahead of" : " behind");
    }
}
