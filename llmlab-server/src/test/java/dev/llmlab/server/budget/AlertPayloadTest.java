package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.ingest.EventStore;
import dev.llmlab.server.ingest.IncomingEvent;
import dev.llmlab.server.ingest.PricedEvent;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The alert's payload links the dashboard; a late event of an ended period is counted but does not page. */
class AlertPayloadTest {
    private final Api api = TestServers.api();

    private static PricedEvent event(Instant at, Map<String, String> tags) {
        Usage usage = Usage.builder("openai", "gpt-4o").inputTokens(1_000_000).build();
        return new PricedEvent(new IncomingEvent(UUID.randomUUID(), usage, at, null, tags, "{}"),
                CostCalculator.of(TestServers.catalog()).price(usage, at));
    }

    private static List<JsonNode> payloads(String budgetId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(
                        "SELECT payload::text FROM alerts WHERE budget_id = CAST(:b AS uuid) ORDER BY threshold_percent")
                .bind("b", budgetId).mapTo(String.class).list()).stream().map(AlertPayloadTest::json).toList();
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void payload_linksTheDashboard_andLeavesOutTopModelsForATagScope() {
        Api.Account a = api.signup();
        String id = api.post("/api/budgets", "{\"limit_usd\":\"1\",\"thresholds\":[100],"
                + "\"scope\":{\"tags\":{\"team\":\"x\"}}}", a.token()).body().get("id").asText();
        EventStore store = new EventStore(TestServers.jdbi(), new BudgetSpend("https://llmlab.example.com"));
        store.insert(a.userId(), List.of(event(Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of("team", "x"))));
        List<JsonNode> alerts = payloads(id).stream()
                .filter(p -> p.get("type").asText().equals("budget.threshold_crossed")).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("dashboard_url").asText()).isEqualTo("https://llmlab.example.com/budgets/" + id);
        assertThat(alerts.get(0).has("top_models")).isFalse();
        assertThat(alerts.get(0).has("top_tags")).isFalse();
        assertThat(new BigDecimal(alerts.get(0).get("spent_usd").asText())).isPositive();
    }

    @Test
    void payload_ofAWholeAccountBudget_carriesTheTopThreeTagsOfThePeriod() {
        Api.Account a = api.signup();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PricedEvent probe = event(at, Map.of());
        BigDecimal unit = probe.result().cost().total();
        // 7 units: project=search and team=core 3 each, project=ads 2, env=prod 1, untagged 1.
        String id = api.post("/api/budgets", "{\"limit_usd\":\"" + unit.multiply(BigDecimal.valueOf(7)).toPlainString()
                + "\",\"thresholds\":[100]}", a.token()).body().get("id").asText();
        List<PricedEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event(at, Map.of("project", "search", "team", "core")));
        }
        events.add(event(at, Map.of("project", "ads")));
        events.add(event(at, Map.of("project", "ads")));
        events.add(event(at, Map.of("env", "prod")));
        events.add(probe);
        new EventStore(TestServers.jdbi()).insert(a.userId(), events);

        List<JsonNode> alerts = payloads(id).stream()
                .filter(p -> p.get("type").asText().equals("budget.threshold_crossed")).toList();
        assertThat(alerts).hasSize(1);
        String three = dev.llmlab.core.pricing.Amounts.plain(unit.multiply(BigDecimal.valueOf(3)));
        String two = dev.llmlab.core.pricing.Amounts.plain(unit.multiply(BigDecimal.valueOf(2)));
        assertThat(alerts.get(0).get("top_tags").toString()).isEqualTo("[{\"key\":\"project\",\"value\":\"search\","
                + "\"cost_usd\":\"" + three + "\"},{\"key\":\"team\",\"value\":\"core\",\"cost_usd\":\"" + three + "\"},"
                + "{\"key\":\"project\",\"value\":\"ads\",\"cost_usd\":\"" + two + "\"}]");
    }

    @Test
    void lateEventOfAnEndedPeriod_isCounted_butDoesNotAlert() {
        Api.Account a = api.signup();
        String id = api.post("/api/budgets", "{\"limit_usd\":\"1\",\"period\":\"day\"}", a.token()).body()
                .get("id").asText();
        new EventStore(TestServers.jdbi()).insert(a.userId(),
                List.of(event(Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS), Map.of())));
        assertThat(payloads(id)).isEmpty();
        long rows = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM budget_spend WHERE budget_id = CAST(:b AS uuid) AND spent_usd > 0")
                .bind("b", id).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }
}
