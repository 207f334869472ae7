package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole answer of {@code GET /api/costs/summary} for one account, to the letter: groups by
 * provider (most expensive first), by model, by tag with the row of untagged events, every day of
 * the period, groups of unpriced events only with {@code cost_usd} null, and the oldest budget
 * against the spending of the whole month even when the period is a week.
 */
class SummaryShapeTest {
    private static final Api API = TestServers.api();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Api.Account account;
    private static String budget;

    @BeforeAll
    static void events() {
        account = API.signup();
        budget = API.post("/api/budgets", "{\"monthly_limit_usd\":\"10.00\",\"alert_channel\":\"email\"}",
                account.token()).body().get("id").asText();
        API.post("/api/budgets", "{\"monthly_limit_usd\":\"99\"}", account.token());
        List<String> events = List.of(
                Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0, "2025-10-07T10:00:00Z",
                        "{\"project\":\"search\"}"),
                Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000,
                        "2025-10-08T10:00:00Z", "{\"project\":\"chat\",\"env\":\"prod\"}"),
                Events.event(UUID.randomUUID(), "anthropic", "claude-sonnet-4-5", 100_000, 0, 100_000,
                        "2025-10-08T12:00:00Z", "{\"project\":\"search\"}"),
                Events.event(UUID.randomUUID(), "openai", "gpt-9", 10, 0, 10, "2025-10-09T00:00:00Z", null),
                Events.event(UUID.randomUUID(), "mistral", "mistral-large", 10, 0, 10, "2025-10-09T01:00:00Z",
                        "{\"env\":\"prod\"}"),
                Events.event(UUID.randomUUID(), "openai", "gpt-4o", 4_000_000, 0, 0, "2025-10-20T10:00:00Z", null));
        Api.Response r = API.post("/api/events/track", Events.batch(events), account.apiKey());
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(6);
    }

    @Test
    void week_groupedByTag_everyPartExactly() throws Exception {
        Api.Response r = API.get("/api/costs/summary?period=week&tz=UTC&at=2025-10-08&group_by=tag:project",
                account.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(JSON.readTree("""
                {"period":"week","from":"2025-10-06T00:00:00Z","to":"2025-10-13T00:00:00Z","time_zone":"UTC",
                 "total_usd":"5.050000","events":5,"unpriced_events":2,
                 "by_provider":[
                   {"provider":"openai","cost_usd":"3.250000","events":3,"unpriced_events":1},
                   {"provider":"anthropic","cost_usd":"1.800000","events":1,"unpriced_events":0},
                   {"provider":"mistral","cost_usd":null,"events":1,"unpriced_events":1}],
                 "by_model":[
                   {"provider":"openai","model":"gpt-4o","cost_usd":"2.500000","events":1,"unpriced_events":0},
                   {"provider":"anthropic","model":"claude-sonnet-4-5","cost_usd":"1.800000","events":1,
                    "unpriced_events":0},
                   {"provider":"openai","model":"gpt-4o-mini","cost_usd":"0.750000","events":1,"unpriced_events":0},
                   {"provider":"mistral","model":"mistral-large","cost_usd":null,"events":1,"unpriced_events":1},
                   {"provider":"openai","model":"gpt-9","cost_usd":null,"events":1,"unpriced_events":1}],
                 "daily":[
                   {"date":"2025-10-06","cost_usd":"0.000000"},{"date":"2025-10-07","cost_usd":"2.500000"},
                   {"date":"2025-10-08","cost_usd":"2.550000"},{"date":"2025-10-09","cost_usd":"0.000000"},
                   {"date":"2025-10-10","cost_usd":"0.000000"},{"date":"2025-10-11","cost_usd":"0.000000"},
                   {"date":"2025-10-12","cost_usd":"0.000000"}],
                 "group_by":"tag:project",
                 "by_tag":[
                   {"tag":"project","value":"search","cost_usd":"4.300000","events":2,"unpriced_events":0},
                   {"tag":"project","value":"chat","cost_usd":"0.750000","events":1,"unpriced_events":0},
                   {"tag":"project","value":null,"cost_usd":null,"events":2,"unpriced_events":2}],
                 "budget":{"id":"%s","monthly_limit_usd":"10.000000","month_from":"2025-10-01T00:00:00Z",
                   "spent_usd":"15.050000","remaining_usd":"-5.050000","percent_used":"150.50","exceeded":true}}
                """.formatted(budget)));
    }

    @Test
    void month_budgetSpentIsThePeriodTotal() throws Exception {
        JsonNode s = API.get("/api/costs/summary?period=month&tz=UTC&at=2025-10-31", account.token()).body();
        assertThat(s.get("total_usd").asText()).isEqualTo("15.050000");
        assertThat(s.has("by_tag")).isFalse();
        assertThat(s.get("daily")).hasSize(31);
        assertThat(s.get("by_provider").get(0)).isEqualTo(JSON.readTree(
                "{\"provider\":\"openai\",\"cost_usd\":\"13.250000\",\"events\":4,\"unpriced_events\":1}"));
        assertThat(s.get("budget").get("spent_usd").asText()).isEqualTo("15.050000");
        assertThat(s.get("budget").get("remaining_usd").asText()).isEqualTo("-5.050000");
    }

    @Test
    void dayWithoutEvents_zeroTotals_budgetUnderItsLimit() throws Exception {
        JsonNode s = API.get("/api/costs/summary?period=day&tz=UTC&at=2025-10-01", account.token()).body();
        assertThat(s.get("total_usd").asText()).isEqualTo("0.000000");
        assertThat(s.get("by_provider")).isEmpty();
        assertThat(s.get("daily")).isEqualTo(JSON.readTree("[{\"date\":\"2025-10-01\",\"cost_usd\":\"0.000000\"}]"));
        JsonNode sep = API.get("/api/costs/summary?period=month&tz=UTC&at=2025-09-15", account.token()).body();
        assertThat(sep.get("budget")).isEqualTo(JSON.readTree("""
                {"id":"%s","monthly_limit_usd":"10.000000","month_from":"2025-09-01T00:00:00Z","spent_usd":"0.000000",
                 "remaining_usd":"10.000000","percent_used":"0.00","exceeded":false}""".formatted(budget)));
    }
}
