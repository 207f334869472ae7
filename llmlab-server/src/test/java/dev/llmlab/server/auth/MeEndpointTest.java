package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import org.junit.jupiter.api.Test;

/** {@code GET /api/me}: who an API key (of any scope) or a login token belongs to; 401 otherwise. */
class MeEndpointTest {
    private static final Api API = TestServers.api();

    @Test
    void apiKey_namesTheAccountAndTheKeyPrefix() {
        Api.Account a = API.signup();
        Api.Response r = API.get("/api/me", a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"user_id\":\"" + a.userId() + "\",\"email\":\"" + a.email()
                + "\",\"auth\":\"api_key\",\"key_prefix\":\"" + a.apiKey().substring(0, 12) + "\"}");
    }

    @Test
    void loginToken_namesTheAccount_withoutKeyPrefix() {
        Api.Account a = API.signup();
        Api.Response r = API.get("/api/me", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"user_id\":\"" + a.userId() + "\",\"email\":\"" + a.email()
                + "\",\"auth\":\"token\",\"key_prefix\":null}");
    }

    @Test
    void keyOfAnyScope_isAnswered_evenIngestOnly() {
        Api.Account a = API.signup();
        for (String scopes : new String[] {"[\"ingest\"]", "[\"manage\"]"}) {
            Api.Response made = API.post("/api/keys", "{\"name\":\"k\",\"scopes\":" + scopes + "}", a.token());
            assertThat(made.status()).as(made.text()).isEqualTo(201);
            Api.Response r = API.get("/api/me", made.body().get("api_key").asText());
            assertThat(r.status()).as(scopes + " " + r.text()).isEqualTo(200);
            assertThat(r.body().get("key_prefix").asText()).isEqualTo(made.body().get("prefix").asText());
        }
    }

    @Test
    void missingWrongOrRevokedCredentials_are401() {
        Api.Account a = API.signup();
        assertThat(API.get("/api/me", null).status()).isEqualTo(401);
        Api.Response wrong = API.get("/api/me", "llm_notAKeyOfAnybody0000000000000000000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isNotNull();
        assertThat(API.get("/api/me", "not-a-jwt").status()).isEqualTo(401);
        String id = API.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        assertThat(API.delete("/api/keys/" + id, a.token()).status()).isEqualTo(200);
        Api.Response revoked = API.get("/api/me", a.apiKey());
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body().path("error").path("message").asText()).contains("revoked");
    }
}
