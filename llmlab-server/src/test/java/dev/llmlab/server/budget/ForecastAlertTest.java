package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The forecast overrun alerts once per budget and period, and only after 10 % of the period: daily
 * budgets in fixed offsets chosen so that it is about noon (half the day elapsed) or about 1 am
 * (under 10 % elapsed) there now.
 */
class ForecastAlertTest {
    private final Api api = TestServers.api();

    /** @return a fixed offset in which the local time now is in the given hour of the day */
    private static String zoneAtLocalHour(int hour) {
        int utcHour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        int offset = hour - utcHour;
        if (offset < -12) {
            offset += 24;
        } else if (offset > 14) {
            offset -= 24;
        }
        return String.format("%+03d:00", offset);
    }

    private long forecastAlerts(String budgetId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM alerts WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.forecast_overrun'")
                .bind("b", budgetId).mapTo(Long.class).one());
    }

    private void spend(Api.Account a, int units) {
        List<String> events = new ArrayList<>();
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (int i = 0; i < units; i++) {
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 100_000, 0, 0, at, null));
        }
        assertThat(api.post("/api/events/track", Events.batch(events), a.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void forecastOverrun_alertsOncePerPeriod_afterTenPercentOfIt_notOnAQuietStart() {
        Api.Account probe = api.signup();
        BigDecimal unit = new BigDecimal(api.post("/api/events/track", Events.event(UUID.randomUUID(), "openai",
                "gpt-4o", 100_000, 0, 0, null, null), probe.apiKey()).body().get("events").get(0).get("cost_usd").asText());
        String limit = unit.multiply(BigDecimal.TEN).toPlainString();
        Api.Account a = api.signup();
        String noon = api.post("/api/budgets", "{\"limit_usd\":\"" + limit + "\",\"period\":\"day\",\"time_zone\":\""
                + zoneAtLocalHour(12) + "\",\"thresholds\":[100]}", a.token()).body().get("id").asText();
        String early = api.post("/api/budgets", "{\"limit_usd\":\"" + limit + "\",\"period\":\"day\",\"time_zone\":\""
                + zoneAtLocalHour(1) + "\",\"thresholds\":[100]}", a.token()).body().get("id").asText();

        spend(a, 6); // 60 % at about half the day: about 120 % by its end
        assertThat(forecastAlerts(noon)).isEqualTo(1);
        assertThat(forecastAlerts(early)).isZero();
        JsonNode state = api.get("/api/budgets/" + noon, a.token()).body().get("state");
        assertThat(state.get("forecast_exceeds").asBoolean()).isTrue();
        assertThat(new BigDecimal(state.get("forecast_usd").asText())).isGreaterThan(new BigDecimal(limit));

        spend(a, 1);
        assertThat(forecastAlerts(noon)).isEqualTo(1);
        String payload = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT payload::text FROM alerts WHERE budget_id = CAST(:b AS uuid) AND type = 'budget.forecast_overrun'")
                .bind("b", noon).mapTo(String.class).one());
        assertThat(payload).contains("\"type\": \"budget.forecast_overrun\"").contains("\"threshold_percent\": null");
    }
}
