package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/costs/daily}: the last 30 local days, each split by provider or by model. */
class DailySeriesTest {
    private final Api api = TestServers.api();

    private void track(Api.Account a, String provider, String model, long input, String at) {
        Api.Response r = api.post("/api/events/track",
                Events.event(UUID.randomUUID(), provider, model, input, 0, 0, at, null), a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static List<String> costs(JsonNode series) {
        List<String> out = new ArrayList<>();
        series.get("cost_usd").forEach(c -> out.add(c.asText()));
        return out;
    }

    private static JsonNode series(JsonNode body, String provider, String model) {
        for (JsonNode s : body.get("series")) {
            if (s.get("provider").asText().equals(provider) && (model == null || s.get("model").asText().equals(model))) {
                return s;
            }
        }
        throw new AssertionError("no series " + provider + "/" + model + " in " + body);
    }

    @Test
    void daily_splitsEachDayByProvider_mostExpensiveFirst() {
        Api.Account a = api.signup();
        track(a, "openai", "gpt-4o", 1_000_000, "2025-10-15T10:00:00Z");      // $2.50
        track(a, "openai", "gpt-4o-mini", 1_000_000, "2025-10-15T11:00:00Z"); // $0.15
        track(a, "openai", "gpt-4o", 1_000_000, "2025-10-13T23:59:00Z");      // $2.50, two days before
        track(a, "anthropic", "claude-sonnet-4-5", 1_000_000, "2025-11-20T12:00:00Z"); // $3.00, later: not in the series
        track(a, "anthropic", "claude-sonnet-4-5", 100_000, "2025-10-15T12:00:00Z");   // $0.30
        track(a, "openai", "gpt-4o", 1_000_000, "2025-10-16T00:00:00Z");      // the day after: not in the series

        Api.Response r = api.get("/api/costs/daily?at=2025-10-15", a.token());

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = r.body();
        assertThat(body.get("time_zone").asText()).isEqualTo("UTC");
        assertThat(body.get("group_by").asText()).isEqualTo("provider");
        assertThat(body.get("from").asText()).isEqualTo("2025-09-16T00:00:00Z");
        assertThat(body.get("to").asText()).isEqualTo("2025-10-16T00:00:00Z");
        assertThat(body.get("dates")).hasSize(30);
        assertThat(body.get("dates").get(29).asText()).isEqualTo("2025-10-15");
        assertThat(body.get("series")).hasSize(2);
        JsonNode openai = body.get("series").get(0);
        assertThat(openai.get("provider").asText()).isEqualTo("openai");
        assertThat(openai.get("model").isNull()).isTrue();
        assertThat(new BigDecimal(openai.get("total_usd").asText())).isEqualByComparingTo("5.15");
        List<String> o = costs(openai);
        assertThat(new BigDecimal(o.get(29))).isEqualByComparingTo("2.65");
        assertThat(new BigDecimal(o.get(27))).isEqualByComparingTo("2.50");
        assertThat(new BigDecimal(o.get(28))).isEqualByComparingTo("0");
        List<String> anthropic = costs(series(body, "anthropic", null));
        assertThat(new BigDecimal(anthropic.get(29))).isEqualByComparingTo("0.30");
    }

    @Test
    void daily_byModel_andInTheAsksTimeZone() {
        Api.Account a = api.signup();
        track(a, "openai", "gpt-4o", 1_000_000, "2025-06-30T23:30:00Z");      // 1 July in Berlin
        track(a, "openai", "gpt-4o-mini", 1_000_000, "2025-07-01T11:00:00Z");

        Api.Response r = api.get("/api/costs/daily?at=2025-07-01&tz=Europe/Berlin&group_by=model", a.token());

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("group_by").asText()).isEqualTo("model");
        assertThat(r.body().get("to").asText()).isEqualTo("2025-07-02T00:00:00+02:00");
        assertThat(new BigDecimal(costs(series(r.body(), "openai", "gpt-4o")).get(29))).isEqualByComparingTo("2.50");
        assertThat(new BigDecimal(costs(series(r.body(), "openai", "gpt-4o-mini")).get(29))).isEqualByComparingTo("0.15");
    }

    @Test
    void daily_showsOnlyTheCallersEvents() {
        Api.Account a = api.signup();
        Api.Account other = api.signup();
        track(other, "openai", "gpt-4o", 1_000_000, "2025-07-01T10:00:00Z");

        Api.Response r = api.get("/api/costs/daily?at=2025-07-01", a.apiKey());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("series")).isEmpty();
    }

    @Test
    void daily_unknownGrouping_isRefusedNamingIt() {
        Api.Response r = api.get("/api/costs/daily?group_by=tag:project", api.signup().token());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("group_by");
        assertThat(r.body().get("error").get("message").asText()).contains("provider or model");
    }

    @Test
    void daily_badZone_isRefusedNamingIt() {
        Api.Response r = api.get("/api/costs/daily?tz=Mars/Olympus", api.signup().token());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("tz");
    }

    @Test
    void daily_withoutCredentials_is401() {
        assertThat(api.get("/api/costs/daily", null).status()).isEqualTo(401);
    }
}
