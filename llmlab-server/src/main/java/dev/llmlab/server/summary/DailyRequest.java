package dev.llmlab.server.summary;

import dev.llmlab.server.http.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /api/costs/daily?tz=…&at=…&group_by=provider|model}: {@code tz} and
 * {@code at} are read and checked as for the summary ({@link SummaryRequest}); the series covers the
 * {@value #DAYS} local days ending with the day of {@code at} (default today).
 *
 * @param days the local days, oldest first, each checked to start on a quarter hour of UTC
 * @param byModel true to split each day by model, false by provider
 */
public record DailyRequest(List<Period> days, boolean byModel) {
    /** How many days the series covers. */
    public static final int DAYS = 30;

    /** Keeps an immutable copy. */
    public DailyRequest {
        days = List.copyOf(days);
    }

    /**
     * @param rawQuery the query string as sent, still percent-encoded; null for none
     * @param now the current instant (the default {@code at}); not null
     * @return the request
     * @throws ApiException 400 naming {@code tz}, {@code at} or {@code group_by}
     */
    public static DailyRequest parse(String rawQuery, Instant now) {
        Map<String, String> q = SummaryRequest.decode(rawQuery);
        ZoneId zone = SummaryRequest.zone(q.get("tz"));
        LocalDate last = SummaryRequest.day(q.get("at"), zone, now);
        String groupBy = q.getOrDefault("group_by", "");
        if (!groupBy.isEmpty() && !groupBy.equals("provider") && !groupBy.equals("model")) {
            throw ApiException.invalid("group_by", "group_by must be provider or model, was '"
                    + SummaryRequest.shown(groupBy) + "'");
        }
        List<Period> days = new ArrayList<>(DAYS);
        for (int back = DAYS - 1; back >= 0; back--) {
            days.add(Period.containing("day", zone, last.minusDays(back)));
        }
        return new DailyRequest(days, groupBy.equals("model"));
    }

    /** @return the whole span, first day's start to last day's end */
    public Period span() {
        return new Period("days", days.get(0).zone(), days.get(0).from(), days.get(days.size() - 1).to());
    }
}
