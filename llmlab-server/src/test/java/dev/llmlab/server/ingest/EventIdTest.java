package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids are canonical UUIDs (8-4-4-4-12 hex digits), in bodies and in paths: a text that a lenient
 * parser would read as some UUID must not alias a stored event or key.
 */
class EventIdTest {
    private static final Api API = TestServers.api();
    private static Api.Account account;

    @BeforeAll
    static void account() {
        account = API.signup();
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"1234567890-1234-1234-1234-1234567890", "1-1-1-1-1", "+b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11",
        "0b5c8f0e7d0a4a379a393f1f2f9b1a11", "{0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11}", "0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a1g",
        " 0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11", "0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a1\uFF11", "0b5c8f0e_7d0a_4a37_9a39_3f1f2f9b1a11",
        "0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a111", ""})
    void track_nonCanonicalId_400NamingId_storesNothing(String id) {
        long before = Events.count(account.userId());
        Api.Response r = API.post("/api/events/track", "{\"id\":\"" + id + "\",\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"input_tokens\":1}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("id");
        assertThat(r.body().path("error").path("message").asText()).contains("8-4-4-4-12");
        assertThat(Events.count(account.userId())).isEqualTo(before);
    }

    @Test
    void track_idThatTruncatesToAStoredOne_isRefused_notAnsweredDuplicate() {
        Api.Account a = API.signup();
        // UUID.fromString reads the 10-digit first group modulo 2^32: the same UUID as this one.
        String stored = "34567890-1234-1234-1234-001234567890";
        assertThat(UUID.fromString("1234567890-1234-1234-1234-1234567890").toString()).isEqualTo(stored);
        Api.Response first = API.post("/api/events/track", event(stored), a.apiKey());
        assertThat(first.body().get("accepted").asInt()).isEqualTo(1);
        Api.Response alias = API.post("/api/events/track", event("1234567890-1234-1234-1234-1234567890"), a.apiKey());
        assertThat(alias.status()).as(alias.text()).isEqualTo(400);
        assertThat(alias.errorField()).isEqualTo("id");
        assertThat(Events.count(a.userId())).isEqualTo(1);
    }

    @Test
    void track_upperCaseId_isTheSameUuid() {
        Api.Account a = API.signup();
        UUID id = UUID.randomUUID();
        assertThat(API.post("/api/events/track", event(id.toString()), a.apiKey()).body().get("accepted").asInt())
                .isEqualTo(1);
        Api.Response again = API.post("/api/events/track", event(id.toString().toUpperCase(Locale.ROOT)), a.apiKey());
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(1);
        assertThat(again.body().get("events").get(0).get("id").asText()).isEqualTo(id.toString());
        assertThat(API.get("/api/events/" + id.toString().toUpperCase(Locale.ROOT), a.apiKey()).status())
                .isEqualTo(200);
    }

    @Test
    void getEvent_pathIdThatAliasesAStoredEvent_400_notTheEvent() {
        Api.Account a = API.signup();
        String id = "0" + UUID.randomUUID().toString().substring(1);
        assertThat(API.post("/api/events/track", event(id), a.apiKey()).status()).isEqualTo(200);
        // The same 36 characters' worth of hex digits, one zero moved: UUID.fromString reads it as id.
        String alias = id.substring(1, 8) + "-0" + id.substring(9);
        assertThat(UUID.fromString(alias).toString()).isEqualTo(id);
        Api.Response r = API.get("/api/events/" + alias, a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("id");
        assertThat(API.get("/api/events/" + id, a.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void everyPathId_nonCanonical_400() {
        String bad = "1-1-1-1-1";
        assertThat(API.get("/api/events/" + bad, account.apiKey()).errorField()).isEqualTo("id");
        assertThat(API.delete("/api/keys/" + bad, account.token()).status()).isEqualTo(400);
        assertThat(API.get("/api/budgets/" + bad, account.token()).status()).isEqualTo(400);
        assertThat(API.delete("/api/budgets/" + bad, account.token()).status()).isEqualTo(400);
        assertThat(API.delete("/api/provider-keys/" + bad, account.token()).status()).isEqualTo(400);
        assertThat(API.get("/api/events/not-a-uuid", account.apiKey()).status()).isEqualTo(400);
    }

    @Test
    void deleteKey_pathIdThatAliasesTheKey_400_keyNotRevoked() {
        Api.Account a = API.signup();
        String keyId = null;
        for (int i = 0; i < 200 && keyId == null; i++) {
            Api.Response created = API.post("/api/keys", "{\"name\":\"k" + i + "\"}", a.token());
            String id = created.body().get("id").asText();
            if (id.charAt(0) == '0') {
                keyId = id;
            } else {
                // revoke the others at once: an account holds at most 50 keys that are not revoked
                assertThat(API.delete("/api/keys/" + id, a.token()).status()).isEqualTo(200);
            }
        }
        assertThat(keyId).as("one key in 200 has an id starting with 0").isNotNull();
        String alias = keyId.substring(1, 8) + "-0" + keyId.substring(9);
        assertThat(API.delete("/api/keys/" + alias, a.token()).status()).isEqualTo(400);
        Api.Response list = API.get("/api/keys", a.token());
        String kept = keyId;
        assertThat(list.body().get("keys")).filteredOn(k -> k.get("id").asText().equals(kept))
                .singleElement().satisfies(k -> assertThat(k.get("revoked_at").isNull()).as(k.toString()).isTrue());
    }

    private static String event(String id) {
        return "{\"id\":\"" + id + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1}";
    }
}
