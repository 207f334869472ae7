package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetApiTest {
    private static final String SLACK = "https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH";
    private static final String RICH = "{\"name\":\"search team\",\"limit_usd\":\"500.00\",\"period\":\"week\","
            + "\"time_zone\":\"Europe/Berlin\",\"thresholds\":[80,50,100],"
            + "\"scope\":{\"tags\":{\"project\":\"search\"},\"provider\":\"OpenAI\",\"model\":null},"
            + "\"channels\":[{\"type\":\"slack\",\"url\":\"" + SLACK + "\"},"
            + "{\"type\":\"email\",\"to\":\"team@example.com\"},"
            + "{\"type\":\"webhook\",\"url\":\"https://ops.example.com/llmlab/hook-token\",\"secret\":\"sixteen-chars-secret\"}],"
            + "\"mode\":\"alert\"}";
    private final Api api = TestServers.api();

    @Test
    void richShape_isStored_andAnsweredWithMaskedSecretsAndState() {
        Api.Account a = api.signup();
        Api.Response r = api.post("/api/budgets", RICH, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode b = api.get("/api/budgets/" + r.body().get("id").asText(), a.apiKey()).body();
        assertThat(b.get("name").asText()).isEqualTo("search team");
        assertThat(b.get("limit_usd").asText()).isEqualTo("500.000000");
        assertThat(b.get("period").asText()).isEqualTo("week");
        assertThat(b.get("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(b.get("thresholds").toString()).isEqualTo("[50,80,100]");
        assertThat(b.get("scope").get("tags").get("project").asText()).isEqualTo("search");
        assertThat(b.get("scope").get("provider").asText()).isEqualTo("openai");
        assertThat(b.get("mode").asText()).isEqualTo("alert");
        assertThat(b.get("channels").get(0).get("url").asText()).isEqualTo("https://hooks.slack.com/…");
        assertThat(b.get("channels").get(1).get("to").asText()).isEqualTo("team@example.com");
        assertThat(b.get("channels").get(2).get("url").asText()).isEqualTo("https://ops.example.com/…");
        assertThat(b.get("channels").get(2).get("secret").asText()).isEqualTo("…");
        String all = api.get("/api/budgets", a.token()).text() + r.text();
        assertThat(all).doesNotContain("XXXXSECRETPATH").doesNotContain("hook-token")
                .doesNotContain("sixteen-chars-secret");
        JsonNode state = b.get("state");
        assertThat(state.get("spent_usd").asText()).isEqualTo("0.000000");
        assertThat(state.get("remaining_usd").asText()).isEqualTo("500.000000");
        assertThat(state.get("percent_used").asText()).isEqualTo("0.00");
        assertThat(state.get("crossed")).isEmpty();
        assertThat(state.get("forecast_exceeds").asBoolean()).isFalse();
        assertThat(state.get("period_from").asText()).isNotBlank();
        assertThat(b.get("monthly_limit_usd").isNull()).isTrue();
    }

    @Test
    void richShape_defaults() {
        Api.Account a = api.signup();
        JsonNode b = api.post("/api/budgets", "{\"limit_usd\":\"10\"}", a.token()).body();
        assertThat(b.get("period").asText()).isEqualTo("month");
        assertThat(b.get("time_zone").asText()).isEqualTo("UTC");
        assertThat(b.get("thresholds").toString()).isEqualTo("[50,80,100]");
        assertThat(b.get("scope").get("tags")).isEmpty();
        assertThat(b.get("scope").get("provider").isNull()).isTrue();
        assertThat(b.get("mode").asText()).isEqualTo("alert");
        assertThat(b.get("channels")).isEmpty();
        assertThat(b.get("monthly_limit_usd").asText()).isEqualTo("10.000000");
    }

    @Test
    void seedShape_stillAccepted_andAnsweredWithItsFieldsAndTheRichOnes() {
        Api.Account a = api.signup();
        Api.Response r = api.post("/api/budgets", "{\"monthly_limit_usd\":\"100.00\",\"alert_channel\":\"slack\","
                + "\"alert_at_50_percent\":false}", a.token());
        assertThat(r.status()).isEqualTo(201);
        JsonNode b = r.body();
        assertThat(b.get("monthly_limit_usd").asText()).isEqualTo("100.000000");
        assertThat(b.get("alert_channel").asText()).isEqualTo("slack");
        assertThat(b.get("alert_at_50_percent").asBoolean()).isFalse();
        assertThat(b.get("alert_at_80_percent").asBoolean()).isTrue();
        assertThat(b.get("limit_usd").asText()).isEqualTo("100.000000");
        assertThat(b.get("thresholds").toString()).isEqualTo("[80,100]");
        assertThat(b.get("period").asText()).isEqualTo("month");
        assertThat(api.get("/api/costs/summary", a.token()).body().get("budget").get("monthly_limit_usd").asText())
                .isEqualTo("100.000000");
    }

    @Test
    void patch_editsTheFieldsSent_keepsTheOthers_andChecksTheWhole() {
        Api.Account a = api.signup();
        String id = api.post("/api/budgets", RICH, a.token()).body().get("id").asText();
        Api.Response r = api.patch("/api/budgets/" + id, "{\"limit_usd\":\"750\",\"thresholds\":[90],"
                + "\"scope\":null}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode b = api.get("/api/budgets/" + id, a.token()).body();
        assertThat(b.get("limit_usd").asText()).isEqualTo("750.000000");
        assertThat(b.get("thresholds").toString()).isEqualTo("[90]");
        assertThat(b.get("scope").get("tags")).isEmpty();
        assertThat(b.get("name").asText()).isEqualTo("search team");
        assertThat(b.get("channels")).hasSize(3);
        assertThat(b.get("updated_at").isNull()).isFalse();
        // The secrets are kept though never answered: the stored channels still hold them.
        String stored = TestServers.jdbi().withHandle(h -> h.createQuery("SELECT channels::text FROM budgets WHERE id = "
                + "CAST(:id AS uuid)").bind("id", id).mapTo(String.class).one());
        assertThat(stored).contains("sixteen-chars-secret").contains("XXXXSECRETPATH");

        Api.Response bad = api.patch("/api/budgets/" + id, "{\"period\":\"year\"}", a.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("period");
        assertThat(api.get("/api/budgets/" + id, a.token()).body().get("period").asText()).isEqualTo("week");
        assertThat(api.patch("/api/budgets/" + id, "{\"monthly_limit_usd\":\"1\"}", a.token()).errorField())
                .isEqualTo("monthly_limit_usd");
        Api.Account other = api.signup();
        assertThat(api.patch("/api/budgets/" + id, "{\"limit_usd\":\"1\"}", other.token()).status()).isEqualTo(404);
        assertThat(api.patch("/api/budgets/" + id, "{\"limit_usd\":\"1\"}", a.apiKey()).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|limit_usd",
        "{\"limit_usd\":\"0\"}|limit_usd",
        "{\"limit_usd\":\"1\",\"name\":\"\"}|name",
        "{\"limit_usd\":\"1\",\"period\":\"year\"}|period",
        "{\"limit_usd\":\"1\",\"time_zone\":\"Mars/Olympus\"}|time_zone",
        "{\"limit_usd\":\"1\",\"time_zone\":\"+04:07\"}|time_zone",
        "{\"limit_usd\":\"1\",\"thresholds\":[]}|thresholds",
        "{\"limit_usd\":\"1\",\"thresholds\":[50,50]}|thresholds",
        "{\"limit_usd\":\"1\",\"thresholds\":[0]}|thresholds",
        "{\"limit_usd\":\"1\",\"thresholds\":[50.5]}|thresholds",
        "{\"limit_usd\":\"1\",\"scope\":[]}|scope",
        "{\"limit_usd\":\"1\",\"scope\":{\"team\":\"x\"}}|scope.team",
        "{\"limit_usd\":\"1\",\"scope\":{\"tags\":{\"project\":1}}}|scope.tags.project",
        "{\"limit_usd\":\"1\",\"scope\":{\"api_key_id\":\"nope\"}}|scope.api_key_id",
        "{\"limit_usd\":\"1\",\"mode\":\"soft\"}|mode",
        "{\"limit_usd\":\"1\",\"channels\":{}}|channels",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"sms\"}]}|channels[0].type",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"slack\",\"url\":\"ftp://hooks.slack.com/x\"}]}|channels[0].url",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"slack\"}]}|channels[0].url",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"discord\",\"url\":\"https://u:p@discord.com/x\"}]}|channels[0].url",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"email\",\"to\":\"nobody\"}]}|channels[0].to",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"email\",\"to\":\"a@b.co\",\"url\":\"https://x.y\"}]}|channels[0].url",
        "{\"limit_usd\":\"1\",\"channels\":[{\"type\":\"webhook\",\"url\":\"https://x.example\",\"secret\":\"short\"}]}|channels[0].secret",
        "{\"limit_usd\":\"1\",\"alert_channel\":\"slack\"}|alert_channel",
        "{\"monthly_limit_usd\":\"1\",\"period\":\"day\"}|period",
    })
    void invalidBody_400_namingTheField(String body, String field) {
        Api.Account a = api.signup();
        Api.Response r = api.post("/api/budgets", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).as(r.text()).isEqualTo(field);
        assertThat(r.text()).doesNotContain("short\"");
        assertThat(api.get("/api/budgets", a.token()).body().get("budgets")).isEmpty();
    }
}
