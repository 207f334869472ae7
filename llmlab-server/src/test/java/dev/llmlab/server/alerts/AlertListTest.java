package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertListTest {
    private final Api api = TestServers.api();

    @Test
    void alerts_newestFirst_withDeliveries_pagedByBefore() {
        Api.Account a = api.signup();
        UUID budget = AlertFixtures.budget(a.userId(), "[{\"type\":\"slack\",\"url\":\"https://hooks.slack.com/x\"},"
                + "{\"type\":\"email\",\"to\":\"team@example.com\"}]");
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        List<UUID> alerts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID alert = AlertFixtures.alert(a.userId(), budget, t0.plusSeconds(i));
            AlertFixtures.delivery(alert, 0, "slack", t0.plusSeconds(i));
            AlertFixtures.delivery(alert, 1, "email", t0.plusSeconds(i));
            alerts.add(alert);
        }
        TestServers.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE alert_deliveries SET status = 'failed', attempts = 7, last_error = 'HTTP 404: no_service'
                        WHERE alert_id = :a AND channel_index = 0
                        """).bind("a", alerts.get(2)).execute());

        Api.Response first = api.get("/api/alerts?limit=2", a.apiKey());
        assertThat(first.status()).isEqualTo(200);
        JsonNode list = first.body().get("alerts");
        assertThat(list).extracting(n -> n.get("id").asText())
                .containsExactly(alerts.get(2).toString(), alerts.get(1).toString());
        JsonNode newest = list.get(0);
        assertThat(newest.get("type").asText()).isEqualTo("budget.threshold_crossed");
        assertThat(newest.get("budget_id").asText()).isEqualTo(budget.toString());
        assertThat(newest.get("threshold_percent").asInt()).isEqualTo(80);
        assertThat(newest.get("period_from").asText()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(newest.get("spent_usd").asText()).isEqualTo("401.230000");
        assertThat(newest.get("created_at").asText()).isEqualTo("2026-11-20T10:00:02Z");
        JsonNode failed = newest.get("deliveries").get(0);
        assertThat(failed.get("channel").asText()).isEqualTo("slack");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(7);
        assertThat(failed.get("last_error").asText()).isEqualTo("HTTP 404: no_service");
        assertThat(failed.get("delivered_at").isNull()).isTrue();
        assertThat(newest.get("deliveries").get(1).get("channel").asText()).isEqualTo("email");
        assertThat(newest.get("deliveries").get(1).get("status").asText()).isEqualTo("pending");
        assertThat(first.body().get("next_before").asText()).isEqualTo(alerts.get(1).toString());

        Api.Response second = api.get("/api/alerts?limit=2&before=" + alerts.get(1), a.token());
        assertThat(second.body().get("alerts")).extracting(n -> n.get("id").asText())
                .containsExactly(alerts.get(0).toString());
        assertThat(second.body().get("next_before").isNull()).isTrue();
    }

    @Test
    void alerts_ofAnotherAccount_notListed_norUsableAsCursor() {
        Api.Account owner = api.signup();
        UUID budget = AlertFixtures.budget(owner.userId(), "[]");
        UUID alert = AlertFixtures.alert(owner.userId(), budget, Instant.now());
        Api.Account other = api.signup();
        assertThat(api.get("/api/alerts", other.token()).body().get("alerts")).isEmpty();
        Api.Response r = api.get("/api/alerts?before=" + alert, other.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("before");
    }

    @Test
    void alerts_badParameters_400NamingThem() {
        Api.Account a = api.signup();
        for (String limit : List.of("0", "101", "ten", "-1")) {
            Api.Response r = api.get("/api/alerts?limit=" + limit, a.token());
            assertThat(r.status()).as(limit).isEqualTo(400);
            assertThat(r.errorField()).isEqualTo("limit");
            assertThat(r.body().path("error").path("message").asText()).contains("1 to 100");
        }
        Api.Response r = api.get("/api/alerts?before=yesterday", a.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("before");
    }

    @Test
    void alerts_needCredentials_andKeyWithRead() {
        assertThat(api.get("/api/alerts", null).status()).isEqualTo(401);
        Api.Account a = api.signup();
        Api.Response key = api.post("/api/keys", "{\"scopes\":[\"ingest\"]}", a.token());
        assertThat(api.get("/api/alerts", key.body().get("api_key").asText()).status()).isEqualTo(403);
    }
}
