package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/budgets/check}: the rule at its cent-exact edge, the spend it reads, scopes, input, auth. */
class BudgetCheckTest {
    private final Api api = TestServers.api();

    private String budget(Api.Account a, String body) {
        Api.Response r = api.post("/api/budgets", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    /** Ingests one gpt-4o call of 4,000 input tokens: exactly $0.01 ($2.50 per million). */
    private void spendOneCent(Api.Account a, String tagsJson) {
        Api.Response r = api.post("/api/events/track", Events.event(UUID.randomUUID(), "openai", "gpt-4o", 4000, 0, 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), tagsJson), a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(new BigDecimal(r.body().get("events").get(0).get("cost_usd").asText()))
                .isEqualByComparingTo("0.01");
    }

    private JsonNode check(String query, String bearer) {
        Api.Response r = api.get("/api/budgets/check" + query, bearer);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    @Test
    void check_flipsAtExactlyTheLimit_withTheSpendTheBudgetShows() {
        Api.Account a = api.signup();
        String id = budget(a, "{\"name\":\"search\",\"limit_usd\":\"0.05\",\"mode\":\"hard\","
                + "\"scope\":{\"tags\":{\"project\":\"search\"}}}");
        for (int i = 0; i < 4; i++) {
            spendOneCent(a, "{\"project\":\"search\",\"user\":\"u" + i + "\"}");
        }
        JsonNode fits = check("?estimated_cost_usd=0.01&provider=openai&model=gpt-4o&tag.project=search", a.apiKey());
        assertThat(fits.get("allowed").asBoolean()).isTrue();
        assertThat(fits.get("reason").isNull()).isTrue();
        assertThat(fits.get("estimated_cost_usd").asText()).isEqualTo("0.01");
        JsonNode b = fits.get("budgets").get(0);
        JsonNode state = api.get("/api/budgets/" + id, a.token()).body().get("state");
        assertThat(b.get("id").asText()).isEqualTo(id);
        assertThat(b.get("name").asText()).isEqualTo("search");
        assertThat(b.get("limit_usd").asText()).isEqualTo("0.050000");
        assertThat(b.get("spent_usd").asText()).isEqualTo(state.get("spent_usd").asText()).isEqualTo("0.040000");
        assertThat(b.get("remaining_usd").asText()).isEqualTo(state.get("remaining_usd").asText()).isEqualTo("0.010000");
        assertThat(b.get("period_to").asText()).isEqualTo(state.get("period_to").asText());

        JsonNode overByAHair = check("?estimated_cost_usd=0.010000000001&tag.project=search", a.apiKey());
        assertThat(overByAHair.get("allowed").asBoolean()).isFalse();
        assertThat(overByAHair.get("reason").asText()).contains("'search'").contains("0.010000 USD left")
                .contains("0.010000000001");

        spendOneCent(a, "{\"project\":\"search\"}");
        assertThat(api.get("/api/budgets/" + id, a.token()).body().get("state").get("spent_usd").asText())
                .isEqualTo("0.050000");
        // Reached: even a call declaring no estimate is refused.
        JsonNode reached = check("?tag.project=search", a.apiKey());
        assertThat(reached.get("allowed").asBoolean()).isFalse();
        assertThat(reached.get("estimated_cost_usd").asText()).isEqualTo("0");
        assertThat(reached.get("budgets").get(0).get("remaining_usd").asText()).isEqualTo("0.000000");
        // Out of the budget's scope: nothing binds.
        JsonNode other = check("?estimated_cost_usd=5&tag.project=ads", a.apiKey());
        assertThat(other.get("allowed").asBoolean()).isTrue();
        assertThat(other.get("budgets")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0.00, true",
        "0.009999999999, true",
        "0.01, true",
        "0.010000000001, false",
        "0.02, false",
    })
    void check_boundary_spentPlusEstimateAtMostTheLimit(String estimate, boolean allowed) {
        Api.Account a = api.signup();
        budget(a, "{\"limit_usd\":\"0.02\",\"mode\":\"hard\"}");
        spendOneCent(a, null);
        assertThat(check("?estimated_cost_usd=" + estimate, a.apiKey()).get("allowed").asBoolean()).isEqualTo(allowed);
    }

    @Test
    void check_listsOnlyMatchingHardBudgets_bindingFirst() {
        Api.Account a = api.signup();
        budget(a, "{\"name\":\"roomy\",\"limit_usd\":\"100\",\"mode\":\"hard\"}");
        budget(a, "{\"name\":\"tight\",\"limit_usd\":\"0.03\",\"mode\":\"hard\",\"scope\":{\"provider\":\"openai\"}}");
        budget(a, "{\"name\":\"alert only\",\"limit_usd\":\"0.01\"}");
        budget(a, "{\"name\":\"claude\",\"limit_usd\":\"0.015\",\"mode\":\"hard\",\"scope\":{\"provider\":\"anthropic\"}}");
        budget(a, "{\"name\":\"mini\",\"limit_usd\":\"0.01\",\"mode\":\"hard\",\"scope\":{\"model\":\"gpt-4o-mini\"}}");
        spendOneCent(a, null);

        JsonNode named = check("?estimated_cost_usd=0.02&provider=OpenAI&model=gpt-4o", a.apiKey());
        assertThat(named.get("allowed").asBoolean()).isTrue();
        assertThat(names(named)).isEqualTo("[tight, roomy]");
        JsonNode over = check("?estimated_cost_usd=0.021&provider=openai&model=gpt-4o", a.apiKey());
        assertThat(over.get("allowed").asBoolean()).isFalse();
        assertThat(names(over)).isEqualTo("[tight, roomy]");
        assertThat(over.get("reason").asText()).contains("'tight'");
        // No provider or model named: the call may be any, so every hard budget binds.
        JsonNode unnamed = check("?estimated_cost_usd=0.001", a.apiKey());
        assertThat(unnamed.get("allowed").asBoolean()).isTrue();
        assertThat(names(unnamed)).isEqualTo("[mini, claude, tight, roomy]");
    }

    private static String names(JsonNode answer) {
        StringBuilder sb = new StringBuilder("[");
        answer.get("budgets").forEach(b -> sb.append(sb.length() > 1 ? ", " : "").append(b.get("name").asText()));
        return sb.append("]").toString();
    }

    @Test
    void check_keyScopedBudget_bindsTheChecksOfThatKeyOnly() {
        Api.Account a = api.signup();
        String keyId = api.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        budget(a, "{\"name\":\"k\",\"limit_usd\":\"0.01\",\"mode\":\"hard\",\"scope\":{\"api_key_id\":\"" + keyId + "\"}}");
        spendOneCent(a, null);
        String other = api.post("/api/keys", "{\"name\":\"other\",\"scopes\":[\"ingest\"]}", a.token()).body()
                .get("api_key").asText();
        assertThat(check("", a.apiKey()).get("allowed").asBoolean()).isFalse();
        assertThat(check("", other).get("allowed").asBoolean()).isTrue();
        assertThat(check("", a.token()).get("allowed").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "?estimated_cost_usd=abc | estimated_cost_usd | plain decimal",
        "?estimated_cost_usd=-0.01 | estimated_cost_usd | must not be negative",
        "?estimated_cost_usd=1e3 | estimated_cost_usd | plain decimal",
        "?estimated_cost_usd= | estimated_cost_usd | plain decimal",
        "?estimated_cost_usd=0.0000000000001 | estimated_cost_usd | at most 12 decimal places",
        "?estimated_cost_usd=NaN | estimated_cost_usd | plain decimal",
        "?estimated_cost_usd=1&estimated_cost_usd=2 | estimated_cost_usd | given once",
        "?budget=1 | budget | unknown query parameter",
        "?provider= | provider | 1 to 100 characters",
        "?tag.=x | tag. | tag.<key>",
        "?tag.project= | tag.project | 1 to 256 characters",
    })
    void check_badQuery_is400NamingTheParameter(String query, String field, String message) {
        Api.Account a = api.signup();
        Api.Response r = api.get("/api/budgets/check" + query, a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo(field);
        assertThat(r.body().path("error").path("message").asText()).contains(message);
    }

    @Test
    void check_takesIngestOrReadKeysAndTokens_notManageOnlyKeys() {
        Api.Account a = api.signup();
        String ingest = api.post("/api/keys", "{\"name\":\"i\",\"scopes\":[\"ingest\"]}", a.token()).body()
                .get("api_key").asText();
        String read = api.post("/api/keys", "{\"name\":\"r\",\"scopes\":[\"read\"]}", a.token()).body()
                .get("api_key").asText();
        String manage = api.post("/api/keys", "{\"name\":\"m\",\"scopes\":[\"manage\"]}", a.token()).body()
                .get("api_key").asText();
        assertThat(api.get("/api/budgets/check", ingest).status()).isEqualTo(200);
        assertThat(api.get("/api/budgets/check", read).status()).isEqualTo(200);
        assertThat(api.get("/api/budgets/check", a.token()).status()).isEqualTo(200);
        Api.Response refused = api.get("/api/budgets/check", manage);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("error").path("message").asText()).contains("'ingest' or 'read'");
        assertThat(api.get("/api/budgets/check", null).status()).isEqualTo(401);
        assertThat(api.get("/api/budgets/check", "llm_notakey").status()).isEqualTo(401);
    }

    @Test
    void check_answersWithItsServerTime() {
        Api.Account a = api.signup();
        Api.Response r = api.get("/api/budgets/check?estimated_cost_usd=0.042", a.apiKey());
        assertThat(r.header("Server-Timing")).matches("app;dur=\\d+\\.\\d{3}");
        assertThat(api.get("/api/budgets/check?estimated_cost_usd=x", a.apiKey()).header("Server-Timing"))
                .startsWith("app;dur=");
    }

    @Test
    void check_keyRevokedOnThisInstance_isRefusedAtOnce() {
        Api.Account a = api.signup();
        Api.Response made = api.post("/api/keys", "{\"name\":\"tracker\",\"scopes\":[\"ingest\"]}", a.token());
        String key = made.body().get("api_key").asText();
        assertThat(api.get("/api/budgets/check", key).status()).isEqualTo(200);
        assertThat(api.delete("/api/keys/" + made.body().get("id").asText(), a.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/budgets/check", key).status()).isEqualTo(401);
    }

    @Test
    void check_keyRevokedOnAnotherInstance_isRefusedWithinTheKeyCacheTtl() throws InterruptedException {
        Api.Account a = api.signup();
        Api.Response made = api.post("/api/keys", "{\"name\":\"tracker\",\"scopes\":[\"ingest\"]}", a.token());
        String key = made.body().get("api_key").asText();
        assertThat(api.get("/api/budgets/check", key).status()).isEqualTo(200);
        Api other = new Api(TestServers.second().uri());
        assertThat(other.delete("/api/keys/" + made.body().get("id").asText(), a.token()).status()).isEqualTo(200);
        long revoked = System.nanoTime();
        // The cached key was read before the revocation: any request that starts 1 s after it or later
        // must be refused, so every 200 must have started within that second.
        long lastAcceptedStartMs = -1;
        int status;
        do {
            long started = System.nanoTime();
            status = api.get("/api/budgets/check", key).status();
            if (status == 200) {
                lastAcceptedStartMs = (started - revoked) / 1_000_000;
            }
            Thread.sleep(20);
        } while (status == 200 && System.nanoTime() - revoked < 5_000_000_000L);
        assertThat(status).isEqualTo(401);
        assertThat(lastAcceptedStartMs).isLessThan(1_000);
        // Every other endpoint reads the database: refused there at once.
        assertThat(api.get("/api/budgets", key).status()).isEqualTo(401);
    }
}
