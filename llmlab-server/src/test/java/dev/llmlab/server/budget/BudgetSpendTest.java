package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A budget's spend is the summary's total for its scope, period and zone; thresholds alert once. */
class BudgetSpendTest {
    private final Api api = TestServers.api();

    private String budget(Api.Account a, String body) {
        Api.Response r = api.post("/api/budgets", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    private JsonNode state(Api.Account a, String id) {
        return api.get("/api/budgets/" + id, a.token()).body().get("state");
    }

    private static String at(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    @Test
    void spent_equalsTheSummary_forAccountProviderTagAndKeyScopes() {
        Api.Account a = api.signup();
        String period = ",\"period\":\"week\",\"time_zone\":\"Asia/Kolkata\"";
        String account = budget(a, "{\"limit_usd\":\"1000\"" + period + "}");
        String openai = budget(a, "{\"limit_usd\":\"1000\"" + period + ",\"scope\":{\"provider\":\"openai\"}}");
        String search = budget(a, "{\"limit_usd\":\"1000\"" + period + ",\"scope\":{\"tags\":{\"project\":\"search\"}}}");
        String gpt4o = budget(a, "{\"limit_usd\":\"1000\"" + period + ",\"scope\":{\"provider\":\"openai\","
                + "\"model\":\"GPT-4o\",\"tags\":{\"project\":\"search\",\"team\":\"core\"}}}");
        String keyId = api.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        String byKey = budget(a, "{\"limit_usd\":\"1000\"" + period + ",\"scope\":{\"api_key_id\":\"" + keyId + "\"}}");
        String otherKey = api.post("/api/keys", "{\"name\":\"other\",\"scopes\":[\"ingest\"]}", a.token()).body()
                .get("api_key").asText();

        Instant now = Instant.now();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String tags = switch (i % 4) {
                case 0 -> "{\"project\":\"search\",\"team\":\"core\"}";
                case 1 -> "{\"project\":\"search\"}";
                case 2 -> "{\"project\":\"ads\"}";
                default -> null;
            };
            String provider = i % 3 == 0 ? "anthropic" : "openai";
            String model = provider.equals("anthropic") ? "claude-sonnet-4-5" : i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini";
            events.add(Events.event(UUID.randomUUID(), provider, model, 10_000L * (i + 1), 0, 1_000L * i,
                    at(now.minusSeconds(i)), tags));
        }
        // An unknown model (unpriced) and last week's event count in neither the summary's week nor the budgets'.
        events.add(Events.event(UUID.randomUUID(), "openai", "gpt-unknown", 1000, 0, 10, at(now), null));
        events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 10,
                at(now.minus(8, ChronoUnit.DAYS)), "{\"project\":\"search\"}"));
        String batch = Events.batch(events);
        assertThat(api.post("/api/events/track", batch, a.apiKey()).status()).isEqualTo(200);
        // Re-sent: all duplicates, nothing counted twice.
        assertThat(api.post("/api/events/track", batch, a.apiKey()).body().get("duplicates").asInt())
                .isEqualTo(events.size());
        // Sent with another key: counted by all but the key's budget.
        assertThat(api.post("/api/events/track", Events.event(UUID.randomUUID(), "openai", "gpt-4o", 5000, 0, 50,
                at(now), "{\"project\":\"search\",\"team\":\"core\"}"), otherKey).status()).isEqualTo(200);

        JsonNode summary = api.get("/api/costs/summary?period=week&tz=Asia/Kolkata&group_by=tag:project", a.token())
                .body();
        BigDecimal total = new BigDecimal(summary.get("total_usd").asText());
        assertThat(total).isPositive();
        assertThat(spent(a, account)).isEqualByComparingTo(total);
        assertThat(spent(a, openai)).isEqualByComparingTo(find(summary.get("by_provider"), "provider", "openai"));
        assertThat(spent(a, search)).isEqualByComparingTo(find(summary.get("by_tag"), "value", "search"));
        BigDecimal otherKeyCost = cost("openai", "gpt-4o", 5000, 50);
        assertThat(spent(a, byKey)).isEqualByComparingTo(total.subtract(otherKeyCost));
        // Both tags: events 0, 4 and 8; of those, 0 is anthropic, 4 and 8 are openai gpt-4o; plus the other key's.
        BigDecimal expected = cost("openai", "gpt-4o", 50_000, 4_000).add(cost("openai", "gpt-4o", 90_000, 8_000))
                .add(otherKeyCost);
        assertThat(spent(a, gpt4o)).isEqualByComparingTo(expected);
        Long withKey = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM events WHERE user_id = :u AND api_key_id = CAST(:k AS uuid)")
                .bind("u", a.userId()).bind("k", keyId).mapTo(Long.class).one());
        assertThat(withKey).isEqualTo(events.size());
    }

    private BigDecimal spent(Api.Account a, String id) {
        return new BigDecimal(state(a, id).get("spent_usd").asText());
    }

    private static BigDecimal find(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) {
            if (r.get(field).asText().equals(value)) {
                return new BigDecimal(r.get("cost_usd").asText());
            }
        }
        throw new AssertionError(value + " not in " + rows);
    }

    /** @return the server's price of one event, read from a throw-away account */
    private BigDecimal cost(String provider, String model, long input, long output) {
        Api.Account scratch = api.signup();
        JsonNode r = api.post("/api/events/track", Events.event(UUID.randomUUID(), provider, model, input, 0, output,
                null, null), scratch.apiKey()).body();
        return new BigDecimal(r.get("events").get(0).get("cost_usd").asText());
    }

    @Test
    void crossingThresholds_createsOneAlertEach_withADeliveryPerChannel() {
        Api.Account a = api.signup();
        BigDecimal unit = cost("openai", "gpt-4o", 100_000, 0);
        // A limit of 10 units: 5 events cross 50, 3 more 80, 2 more 100.
        String id = budget(a, "{\"name\":\"tight\",\"limit_usd\":\"" + unit.multiply(BigDecimal.TEN).toPlainString()
                + "\",\"channels\":[{\"type\":\"email\",\"to\":\"ops@example.com\"},"
                + "{\"type\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"secret\":\"0123456789abcdef\"}]}");
        Instant now = Instant.now();
        int[] steps = {4, 1, 2, 1, 1, 1, 3};
        for (int n : steps) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 100_000, 0, 0, at(now), null));
            }
            assertThat(api.post("/api/events/track", Events.batch(events), a.apiKey()).status()).isEqualTo(200);
        }
        List<Map<String, Object>> alerts = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT type, threshold_percent, dedupe_key, spent_usd, payload::text AS payload,"
                + " (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'pending') AS d"
                + " FROM alerts a WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.threshold_crossed'"
                + " ORDER BY threshold_percent")
                .bind("b", id).mapToMap().list());
        assertThat(alerts).extracting(m -> m.get("threshold_percent")).containsExactly(50, 80, 100);
        assertThat(alerts).extracting(m -> ((Number) m.get("d")).intValue()).containsOnly(2);
        // Crossed by the 5th, 8th and 10th event.
        assertThat(alerts).extracting(m -> ((BigDecimal) m.get("spent_usd")).stripTrailingZeros())
                .containsExactly(unit.multiply(BigDecimal.valueOf(5)).stripTrailingZeros(),
                        unit.multiply(BigDecimal.valueOf(8)).stripTrailingZeros(),
                        unit.multiply(BigDecimal.valueOf(10)).stripTrailingZeros());
        JsonNode payload = readTree((String) alerts.get(1).get("payload"));
        assertThat(payload.get("type").asText()).isEqualTo("budget.threshold_crossed");
        assertThat(payload.get("budget_name").asText()).isEqualTo("tight");
        assertThat(payload.get("threshold_percent").asInt()).isEqualTo(80);
        assertThat(payload.get("percent_used").asText()).isEqualTo("80.00");
        assertThat(payload.get("top_models").get(0).get("model").asText()).isEqualTo("gpt-4o");
        assertThat(payload.has("dashboard_url")).isTrue();
        assertThat(payload.get("alert_id").asText()).isNotBlank();
        JsonNode state = state(a, id);
        assertThat(state.get("crossed").toString()).isEqualTo("[50,80,100]");
        assertThat(state.get("percent_used").asText()).isEqualTo("130.00");
    }

    private static JsonNode readTree(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
