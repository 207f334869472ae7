package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IsolationTest {
    private final Api api = TestServers.api();

    @Test
    void events_otherAccountsEvent_404_andSameIdIsSeparate() {
        Api.Account a = api.signup();
        Api.Account b = api.signup();
        UUID id = UUID.randomUUID();
        String event = Events.event(id, "openai", "gpt-4o", 100, 0, 10, "2025-02-02T00:00:00Z", null);
        assertThat(api.post("/api/events/track", event, a.apiKey()).body().get("accepted").asInt()).isEqualTo(1);
        assertThat(api.get("/api/events/" + id, a.apiKey()).status()).isEqualTo(200);
        assertThat(api.get("/api/events/" + id, b.apiKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/events/" + id, b.token()).errorCode()).isEqualTo("not_found");
        // B sending the same id is B's own event, not a duplicate of A's, and does not touch A's
        assertThat(api.post("/api/events/track", event, b.apiKey()).body().get("accepted").asInt()).isEqualTo(1);
        assertThat(Events.count(a.userId())).isEqualTo(1);
        assertThat(Events.count(b.userId())).isEqualTo(1);
        assertThat(api.get("/api/costs/summary?period=month&at=2025-02-02", b.token()).body().get("events").asLong())
                .isEqualTo(1);
    }

    @Test
    void keys_otherAccountsKey_cannotBeRevoked_404() {
        Api.Account a = api.signup();
        Api.Account b = api.signup();
        String aKeyId = api.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        Api.Response r = api.delete("/api/keys/" + aKeyId, b.token());
        assertThat(r.status()).isEqualTo(404);
        assertThat(api.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}", a.apiKey()).status())
                .isEqualTo(200);
        assertThat(api.get("/api/keys", b.token()).text()).doesNotContain(aKeyId);
    }

    @Test
    void budgets_otherAccountsBudget_404_forReadAndDelete() {
        Api.Account a = api.signup();
        Api.Account b = api.signup();
        Api.Response created = api.post("/api/budgets", "{\"monthly_limit_usd\":\"100.00\",\"alert_channel\":\"slack\"}",
                a.token());
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(api.get("/api/budgets/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/budgets/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/budgets/" + id, a.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/costs/summary", b.token()).body().get("budget").isNull()).isTrue();
        assertThat(api.get("/api/costs/summary", a.token()).body().get("budget").get("monthly_limit_usd").asText())
                .isEqualTo("100.000000");
    }

    @Test
    void providerKeys_otherAccounts_404() {
        Api.Account a = api.signup();
        Api.Account b = api.signup();
        String id = api.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\"}", a.token())
                .body().get("id").asText();
        assertThat(api.delete("/api/provider-keys/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/provider-keys", b.token()).body().get("provider_keys")).isEmpty();
    }
}
