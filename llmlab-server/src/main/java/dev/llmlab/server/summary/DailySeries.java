package dev.llmlab.server.summary;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Cost per local day split by provider or by model, for the dashboard's stacked chart: read from the
 * 15-minute totals and the deltas not yet folded in, like {@link SummaryQueries#daily}, so each day
 * of a series adds up to the summary's {@code daily} figure for that day.
 */
@Singleton
public final class DailySeries {
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public DailySeries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * One stack of the chart: a provider, or a provider's model, and its cost on each day.
     *
     * @param provider the provider
     * @param model the model, or null when split by provider
     * @param costs cost per day, in the order of the request's days (zero where it had none)
     * @param total their sum
     */
    public record Series(String provider, String model, List<BigDecimal> costs, BigDecimal total) {
    }

    /**
     * @param userId the account
     * @param request the days and the split
     * @return one series per provider or model with any cost or events in the span, most expensive
     *     first
     */
    public List<Series> read(UUID userId, DailyRequest request) {
        Period span = request.span();
        List<LocalDate> days = span.days();
        Long[] starts = span.dayStarts().stream().map(Instant::getEpochSecond).toArray(Long[]::new);
        String key = request.byModel() ? "provider, model" : "provider, NULL::text AS model";
        String group = request.byModel() ? "provider, model" : "provider";
        record Row(String provider, String model, int day, BigDecimal cost) {
        }
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("""
                SELECT %s,
                       width_bucket(bucket, ARRAY(SELECT timestamptz 'epoch' + s * interval '1 second'
                                                  FROM unnest(:starts) AS s ORDER BY s)) AS day,
                       sum(cost_usd) AS cost
                FROM (SELECT bucket, provider, model, cost_usd FROM usage_totals
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to
                      UNION ALL
                      SELECT bucket, provider, model, cost_usd FROM usage_deltas
                      WHERE user_id = :user_id AND bucket >= :from AND bucket < :to) t
                GROUP BY %s, day ORDER BY %s, day
                """.formatted(key, group, group))
                .bindArray("starts", Long.class, (Object[]) starts)
                .bind("user_id", userId)
                .bind("from", span.from().toInstant().atOffset(ZoneOffset.UTC))
                .bind("to", span.to().toInstant().atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new Row(rs.getString("provider"), rs.getString("model"), rs.getInt("day"),
                        rs.getBigDecimal("cost")))
                .list());
        Map<List<String>, BigDecimal[]> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            BigDecimal[] costs = byKey.computeIfAbsent(Arrays.asList(r.provider(), r.model()), k -> {
                BigDecimal[] zero = new BigDecimal[days.size()];
                Arrays.fill(zero, BigDecimal.ZERO);
                return zero;
            });
            costs[r.day() - 1] = costs[r.day() - 1].add(r.cost());
        }
        List<Series> out = new ArrayList<>();
        byKey.forEach((k, costs) -> out.add(new Series(k.get(0), k.get(1), List.of(costs),
                Arrays.stream(costs).reduce(BigDecimal.ZERO, BigDecimal::add))));
        out.sort((a, b) -> b.total().compareTo(a.total()));
        return out;
    }
}
