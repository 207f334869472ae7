package dev.llmlab.server.recommend;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The reads recommendations are made from: aggregates of one account's events in a period, per
 * provider and model (the totals tables keep no token breakdown by prompt size or tag, so these read
 * the events), and the account's month budgets.
 */
@Singleton
public final class RecommendationQueries {
    /** Prompts up to this many tokens count as simple for {@code cheaper_model}. */
    static final long SHORT_PROMPT_TOKENS = 2_000;
    /** Prompts from this many tokens count as large for {@code prompt_caching} (OpenAI's caching minimum). */
    static final long LARGE_PROMPT_TOKENS = 1_024;
    /**
     * Tag keys that mark an event as non-interactive traffic (any value but {@code false}), besides
     * {@code interactive = false}.
     */
    static final List<String> BATCH_TAG_KEYS = List.of("batch", "job", "pipeline", "cron", "backfill");
    // a call already billed at another tier (batch, flex, priority) is not one to move to the batch API
    private static final String BATCH_CONDITION = "service_tier = 'standard'"
            + " AND coalesce(tags->>'interactive', '') <> 'true' AND ("
            + "tags->>'interactive' = 'false' OR EXISTS (SELECT 1 FROM jsonb_each_text(tags) t"
            + " WHERE t.key = ANY(:batch_keys) AND t.value <> 'false'))";
    private static final String MODEL_USAGE = "SELECT provider, priced_as, count(*) AS all_calls, sum(cost_usd) AS all_cost, "
            + slice("short", "input_tokens <= " + SHORT_PROMPT_TOKENS) + ", "
            + slice("large", "input_tokens >= " + LARGE_PROMPT_TOKENS) + ", "
            + slice("batch", BATCH_CONDITION)
            + " FROM events WHERE user_id = :user_id AND occurred_at >= :from AND occurred_at < :to"
            + " AND cost_usd IS NOT NULL GROUP BY provider, priced_as ORDER BY provider, priced_as";
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public RecommendationQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Token counts and cost of a set of calls.
     *
     * @param calls how many events
     * @param input all prompt tokens (cache reads and writes included)
     * @param cacheRead prompt tokens read from the cache
     * @param cacheWrite prompt tokens written to the cache (1-hour writes included)
     * @param cacheWrite1h the 1-hour part of the cache writes
     * @param output all generated tokens
     * @param cost their stored cost
     */
    public record Slice(long calls, BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
            BigDecimal cacheWrite1h, BigDecimal output, BigDecimal cost) {
        /** @return the prompt tokens billed at the plain input rate */
        public BigDecimal uncachedInput() {
            return input.subtract(cacheRead).subtract(cacheWrite);
        }
    }

    /**
     * The priced events of one model in a period.
     *
     * @param provider the provider as sent
     * @param model the catalog's name of the model ({@code priced_as})
     * @param calls every priced event of the model
     * @param cost their stored cost
     * @param shortPrompts the events with prompts of at most 2,000 tokens
     * @param largePrompts the events with prompts of at least 1,024 tokens
     * @param batch the events tagged as non-interactive
     */
    public record ModelUsage(String provider, String model, long calls, BigDecimal cost, Slice shortPrompts,
            Slice largePrompts, Slice batch) {
    }

    /**
     * The unpriced events of one model in a period.
     *
     * @param provider the provider as sent
     * @param model the model as sent
     * @param calls how many
     * @param reason why they are unpriced (one of the reasons, when they differ)
     */
    public record UnpricedModel(String provider, String model, long calls, String reason) {
    }

    /**
     * An account-wide monthly budget.
     *
     * @param id the budget
     * @param limit its monthly limit in USD
     * @param timeZone the zone its months are read in
     */
    public record MonthBudget(UUID id, BigDecimal limit, String timeZone) {
    }

    /** @return the account's priced events in [from, to), per provider and model */
    public List<ModelUsage> modelUsage(UUID userId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery(MODEL_USAGE)
                .bind("user_id", userId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .bindArray("batch_keys", String.class, BATCH_TAG_KEYS.toArray())
                .map((rs, ctx) -> new ModelUsage(rs.getString("provider"), rs.getString("priced_as"),
                        rs.getLong("all_calls"), rs.getBigDecimal("all_cost"), slice(rs, "short"), slice(rs, "large"),
                        slice(rs, "batch")))
                .list());
    }

    /** @return the account's unpriced events in [from, to), per provider and model, most calls first */
    public List<UnpricedModel> unpriced(UUID userId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT provider, model, count(*) AS calls, min(unpriced_reason) AS reason FROM events
                WHERE user_id = :user_id AND occurred_at >= :from AND occurred_at < :to AND cost_usd IS NULL
                GROUP BY provider, model ORDER BY calls DESC, provider, model
                """)
                .bind("user_id", userId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new UnpricedModel(rs.getString("provider"), rs.getString("model"),
                        rs.getLong("calls"), rs.getString("reason")))
                .list());
    }

    /**
     * Reads only the columns a forecast needs, so the budgets' own code may grow freely.
     *
     * @return the account's budgets over whole months and all of its spending (no scope), oldest first
     */
    public List<MonthBudget> monthBudgets(UUID userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id, monthly_limit_usd, time_zone FROM budgets
                WHERE user_id = :user_id AND period = 'month'
                  AND coalesce(scope -> 'tags', '{}'::jsonb) = '{}'::jsonb AND scope ->> 'provider' IS NULL
                  AND scope ->> 'model' IS NULL AND scope ->> 'api_key_id' IS NULL
                ORDER BY created_at, id
                """)
                .bind("user_id", userId)
                .map((rs, ctx) -> new MonthBudget(rs.getObject("id", UUID.class), rs.getBigDecimal("monthly_limit_usd"),
                        rs.getString("time_zone")))
                .list());
    }

    private static String slice(String name, String condition) {
        String f = " FILTER (WHERE " + condition + ")";
        return "count(*)" + f + " AS " + name + "_calls"
                + ", coalesce(sum(input_tokens)" + f + ", 0) AS " + name + "_input"
                + ", coalesce(sum(cache_read_tokens)" + f + ", 0) AS " + name + "_cache_read"
                + ", coalesce(sum(cache_write_tokens)" + f + ", 0) AS " + name + "_cache_write"
                + ", coalesce(sum(cache_write_1h_tokens)" + f + ", 0) AS " + name + "_cache_write_1h"
                + ", coalesce(sum(output_tokens)" + f + ", 0) AS " + name + "_output"
                + ", coalesce(sum(cost_usd)" + f + ", 0) AS " + name + "_cost";
    }

    private static Slice slice(ResultSet rs, String name) throws SQLException {
        return new Slice(rs.getLong(name + "_calls"), rs.getBigDecimal(name + "_input"),
                rs.getBigDecimal(name + "_cache_read"), rs.getBigDecimal(name + "_cache_write"),
                rs.getBigDecimal(name + "_cache_write_1h"), rs.getBigDecimal(name + "_output"),
                rs.getBigDecimal(name + "_cost"));
    }
}
