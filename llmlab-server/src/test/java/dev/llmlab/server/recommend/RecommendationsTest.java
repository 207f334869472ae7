package dev.llmlab.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/recommendations} on seeded histories in October 2025 (a month that is over, so the
 * monthly factor of a month is 1), with the test catalog: gpt-4o 2.50 / cache read 1.25 / output
 * 10.00, gpt-4o-mini 0.15 / 0.075 / 0.60, claude-sonnet-4-5 3.00 / 0.30 / 15.00 USD per million.
 *
 * <p>Account A:
 * <ul>
 *   <li>1,000 × gpt-4o, 1,500 in / 100 out: stored 1000 × (0.00375 + 0.001) = 4.75.
 *       cheaper_model: at gpt-4o-mini 1.5M × 0.15 + 0.1M × 0.60 = 0.225 + 0.06 = 0.285, saving
 *       4.75 − 0.285 = 4.465. prompt_caching (prompts ≥ 1,024, no cache reads): 0.5 × 1.5M ×
 *       (2.50 − 1.25) = 0.9375, under $1: hidden.</li>
 *   <li>40 × claude-sonnet-4-5, 100,000 in of which 5,000 cache reads (5 %), 1,000 out: stored 40 ×
 *       (95,000 × 3 + 5,000 × 0.30 + 1,000 × 15) / 1M = 40 × 0.3015 = 12.06. prompt_caching:
 *       0.5 × 3.8M × (3.00 − 0.30) = 5.13.</li>
 *   <li>15 × gpt-4o-mini, 1M in / 100k out (0.21 each, 3.15): 5 tagged job=nightly, 5
 *       interactive=false (non-interactive: 10 calls, 2.10), 5 interactive=true with job=x (not).
 *       batch_pricing: 2.10 × 0.5 = 1.05.</li>
 *   <li>3 × openai gpt-9: unpriced.</li>
 *   <li>Spend 4.75 + 12.06 + 3.15 = 19.96 against a budget of 10: budget_forecast, overrun 9.96.</li>
 * </ul>
 *
 * <p>Account B: the 1,000 gpt-4o calls of A alone, all on 2025-10-07 (a Tuesday), and a budget of
 * 1,000 USD that its 4.75 never approaches.
 */
class RecommendationsTest {
    private static final Api API = TestServers.api();
    private static Api.Account a;
    private static Api.Account b;
    private static String budgetId;

    @BeforeAll
    static void seed() {
        a = API.signup();
        b = API.signup();
        budgetId = API.post("/api/budgets", "{\"monthly_limit_usd\":\"10\"}", a.token()).body().get("id").asText();
        track(a, repeat(1000, i -> Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1500, 0, 100,
                "2025-10-%02dT12:00:00Z".formatted(1 + i % 28), null)));
        List<String> rest = new ArrayList<>();
        rest.addAll(repeat(40, i -> Events.event(UUID.randomUUID(), "anthropic", "claude-sonnet-4-5", 100_000, 5_000,
                1_000, "2025-10-15T08:00:00Z", null)));
        rest.addAll(repeat(5, i -> Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 100_000,
                "2025-10-20T02:00:00Z", "{\"job\":\"nightly\"}")));
        rest.addAll(repeat(5, i -> Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 100_000,
                "2025-10-21T02:00:00Z", "{\"interactive\":\"false\",\"project\":\"etl\"}")));
        rest.addAll(repeat(5, i -> Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 100_000,
                "2025-10-22T02:00:00Z", "{\"interactive\":\"true\",\"job\":\"x\"}")));
        rest.addAll(repeat(3, i -> Events.event(UUID.randomUUID(), "openai", "gpt-9", 10, 0, 10,
                "2025-10-23T02:00:00Z", null)));
        track(a, rest);
        API.post("/api/budgets", "{\"monthly_limit_usd\":\"1000\"}", b.token());
        track(b, repeat(1000, i -> Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1500, 0, 100,
                "2025-10-07T12:00:00Z", null)));
    }

    @Test
    void month_everyKind_rankedBySaving_withHandComputedSavings() {
        Api.Response r = API.get("/api/recommendations?period=month&at=2025-10-15", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = r.body();
        assertThat(body.get("period_from").asText()).isEqualTo("2025-10-01T00:00:00Z");
        assertThat(body.get("period_to").asText()).isEqualTo("2025-11-01T00:00:00Z");
        JsonNode recs = body.get("recommendations");
        assertThat(kinds(recs)).containsExactly("budget_forecast", "prompt_caching", "cheaper_model", "batch_pricing",
                "unpriced_model");
        assertThat(savings(recs)).containsExactly("9.960000", "5.130000", "4.465000", "1.050000", null);

        JsonNode budget = recs.get(0).get("evidence");
        assertThat(budget.get("budget_id").asText()).isEqualTo(budgetId);
        assertThat(budget.get("spent_usd").asText()).isEqualTo("19.960000");
        assertThat(budget.get("forecast_usd").asText()).isEqualTo("19.960000");
        assertThat(budget.get("monthly_limit_usd").asText()).isEqualTo("10.000000");

        JsonNode caching = recs.get(1).get("evidence");
        assertThat(caching.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(caching.get("calls").asLong()).isEqualTo(40);
        assertThat(caching.get("input_tokens").asLong()).isEqualTo(4_000_000);
        assertThat(caching.get("cache_read_tokens").asLong()).isEqualTo(200_000);
        assertThat(caching.get("cache_read_share_percent").asText()).isEqualTo("5.00");
        assertThat(caching.get("cost_usd").asText()).isEqualTo("12.060000");
        assertThat(caching.get("share_of_spend_percent").asText()).isEqualTo("60.42"); // 12.06 / 19.96

        JsonNode cheaper = recs.get(2);
        assertThat(cheaper.get("detail").asText()).contains("check on your own calls");
        assertThat(cheaper.get("evidence").get("model").asText()).isEqualTo("gpt-4o");
        assertThat(cheaper.get("evidence").get("cheaper_model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(cheaper.get("evidence").get("calls").asLong()).isEqualTo(1000);
        assertThat(cheaper.get("evidence").get("avg_output_tokens").asText()).isEqualTo("100.00");
        assertThat(cheaper.get("evidence").get("cost_at_cheaper_prices_usd").asText()).isEqualTo("0.285000");
        assertThat(cheaper.get("evidence").get("share_of_spend_percent").asText()).isEqualTo("23.80"); // 4.75 / 19.96

        JsonNode batch = recs.get(3).get("evidence");
        assertThat(batch.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(batch.get("calls").asLong()).isEqualTo(10); // interactive=true is never batch, whatever else
        assertThat(batch.get("cost_usd").asText()).isEqualTo("2.100000");

        JsonNode unpriced = recs.get(4);
        assertThat(unpriced.get("estimated_monthly_savings_usd").isNull()).isTrue();
        assertThat(unpriced.get("evidence").get("model").asText()).isEqualTo("gpt-9");
        assertThat(unpriced.get("evidence").get("calls").asLong()).isEqualTo(3);
        assertThat(unpriced.get("evidence").get("unpriced_reason").asText()).contains("gpt-9");
    }

    @Test
    void savingUnderOneDollarAMonth_isNotShown() {
        // gpt-4o's large prompts are never read from the cache, but caching them saves 0.9375 a month
        JsonNode recs = API.get("/api/recommendations?period=month&at=2025-10-15", b.apiKey()).body()
                .get("recommendations");
        assertThat(kinds(recs)).containsExactly("cheaper_model");
        assertThat(savings(recs)).containsExactly("4.465000");
    }

    @Test
    void currentMonth_budgetForecastExtrapolatesTheSpendSoFar() {
        Api.Account c = API.signup();
        API.post("/api/budgets", "{\"monthly_limit_usd\":\"1\"}", c.token());
        Instant now = Instant.now();
        Instant monthStart = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant at = now.minusSeconds(60).isBefore(monthStart) ? monthStart : now.minusSeconds(60);
        // 1M gpt-4o input tokens: 2.50 spent so far, over the limit of 1 even before extrapolating
        track(c, List.of(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0, at.toString(), null)));
        JsonNode recs = API.get("/api/recommendations?period=month", c.token()).body().get("recommendations");
        assertThat(kinds(recs)).containsExactly("budget_forecast");
        JsonNode e = recs.get(0).get("evidence");
        BigDecimal forecast = new BigDecimal(e.get("forecast_usd").asText());
        assertThat(e.get("spent_usd").asText()).isEqualTo("2.500000");
        assertThat(forecast).isGreaterThanOrEqualTo(new BigDecimal("2.5"));
        assertThat(new BigDecimal(recs.get(0).get("estimated_monthly_savings_usd").asText()))
                .isEqualByComparingTo(forecast.subtract(BigDecimal.ONE));
    }

    @Test
    void otherAccountsEvents_neverCounted() {
        // B sees its own 1,000 gpt-4o calls, not A's 1,000 as well, and none of A's other models or budget
        JsonNode recs = API.get("/api/recommendations?period=month&at=2025-10-15", b.token()).body()
                .get("recommendations");
        assertThat(recs.size()).isEqualTo(1);
        assertThat(recs.get(0).get("evidence").get("calls").asLong()).isEqualTo(1000);
        assertThat(recs.get(0).get("evidence").get("cost_usd").asText()).isEqualTo("4.750000");
        assertThat(recs.get(0).get("evidence").get("share_of_spend_percent").asText()).isEqualTo("100.00");
    }

    @Test
    void week_savingScaledToTheMonth() {
        // the week 2025-10-06..12 of a 31-day month: × 31 / 7. cheaper_model 4.465 × 31 / 7 = 19.7735714…;
        // prompt_caching 0.9375 × 31 / 7 = 4.1517857…, now over the threshold
        JsonNode body = API.get("/api/recommendations?period=week&at=2025-10-07", b.token()).body();
        assertThat(body.get("period_from").asText()).isEqualTo("2025-10-06T00:00:00Z");
        JsonNode recs = body.get("recommendations");
        assertThat(kinds(recs)).containsExactly("cheaper_model", "prompt_caching");
        assertThat(savings(recs)).containsExactly("19.773571", "4.151786");
        assertThat(recs.get(0).get("evidence").get("period_saving_usd").asText()).isEqualTo("4.465000");
    }

    @Test
    void id_isStableAcrossPeriodsAndAccounts_forTheSameKindAndModel() {
        JsonNode month = API.get("/api/recommendations?period=month&at=2025-10-15", b.token()).body();
        JsonNode week = API.get("/api/recommendations?period=week&at=2025-10-07", b.token()).body();
        String id = month.get("recommendations").get(0).get("id").asText();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(week.get("recommendations").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void periodWithoutEvents_hasNoRecommendations() {
        JsonNode body = API.get("/api/recommendations?period=month&at=2025-09-15", b.token()).body();
        assertThat(body.get("recommendations").size()).isZero();
    }

    @Test
    void withoutCredentials_401_andKeyWithoutRead_403() {
        assertThat(API.get("/api/recommendations?period=month", null).status()).isEqualTo(401);
        String ingestOnly = API.post("/api/keys", "{\"scopes\":[\"ingest\"]}", b.token()).body().get("api_key").asText();
        Api.Response r = API.get("/api/recommendations?period=month", ingestOnly);
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void badPeriod_400NamingIt() {
        Api.Response r = API.get("/api/recommendations?period=year", b.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("period");
    }

    private static void track(Api.Account account, List<String> events) {
        Api.Response r = API.post("/api/events/track", Events.batch(events), account.apiKey());
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(events.size());
    }

    private static List<String> repeat(int n, IntFunction<String> event) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event.apply(i));
        }
        return out;
    }

    private static List<String> kinds(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.forEach(r -> out.add(r.get("kind").asText()));
        return out;
    }

    private static List<String> savings(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.forEach(r -> out.add(r.get("estimated_monthly_savings_usd").isNull() ? null
                : r.get("estimated_monthly_savings_usd").asText()));
        return out;
    }
}
