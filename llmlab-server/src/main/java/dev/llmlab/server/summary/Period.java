package dev.llmlab.server.summary;

import dev.llmlab.server.http.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A calendar period (day, ISO week from Monday, month) in a time zone: the local midnight that
 * starts it and the one that starts the next. DST days are 23 or 25 hours long, as they are.
 *
 * @param name {@code day}, {@code week} or {@code month}
 * @param zone the time zone the calendar is read in
 * @param from the first instant of the period
 * @param to the first instant after it
 */
public record Period(String name, ZoneId zone, ZonedDateTime from, ZonedDateTime to) {
    /**
     * @param name the period name
     * @param zone the zone
     * @param day a local date inside the period
     * @return the period containing that date
     * @throws ApiException 400 on {@code period} when the name is unknown
     */
    public static Period containing(String name, ZoneId zone, LocalDate day) {
        String n = name.toLowerCase(Locale.ROOT);
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
            default -> throw ApiException.invalid("period", "period must be day, week or month, was '" + name + "'");
        }
        return new Period(n, zone, start.atStartOfDay(zone), end.atStartOfDay(zone));
    }

    /** @return the period containing an instant */
    public static Period containing(String name, ZoneId zone, Instant at) {
        return containing(name, zone, at.atZone(zone).toLocalDate());
    }
}
