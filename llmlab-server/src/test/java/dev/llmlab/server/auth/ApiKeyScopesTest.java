package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API key scopes (ingest, read, manage) and the cap of active keys per account. */
class ApiKeyScopesTest {
    private static final Api API = TestServers.api();
    private static final String EVENT = "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}";

    private static String key(Api.Account a, String scopesJson) {
        Api.Response r = API.post("/api/keys", "{\"name\":\"k\",\"scopes\":" + scopesJson + "}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("api_key").asText();
    }

    @Test
    void signupKey_ingestsAndReads_andListsItsScopes() {
        Api.Account a = API.signup();
        assertThat(API.post("/api/events/track", EVENT, a.apiKey()).status()).isEqualTo(200);
        Api.Response list = API.get("/api/keys", a.apiKey());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("keys").get(0).get("scopes").toString()).isEqualTo("[\"ingest\",\"read\"]");
    }

    @Test
    void signupKey_cannotCreateOrRevokeKeys_403NamingManage() {
        Api.Account a = API.signup();
        Api.Response create = API.post("/api/keys", "{\"name\":\"more\"}", a.apiKey());
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.errorCode()).isEqualTo("forbidden");
        assertThat(create.body().path("error").path("message").asText()).contains("lacks the 'manage' scope");
        String id = API.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        assertThat(API.delete("/api/keys/" + id, a.apiKey()).status()).isEqualTo(403);
        assertThat(API.get("/api/keys", a.token()).body().get("keys")).hasSize(1);
        assertThat(API.get("/api/keys", a.token()).body().get("keys").get(0).get("revoked_at").isNull()).isTrue();
    }

    @Test
    void signupKey_cannotManageBudgetsOrProviderKeys_butReadsThem() {
        Api.Account a = API.signup();
        String budget = API.post("/api/budgets", "{\"monthly_limit_usd\":\"10\"}", a.token()).body().get("id").asText();
        String pk = API.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\"}", a.token())
                .body().get("id").asText();
        assertThat(API.post("/api/budgets", "{\"monthly_limit_usd\":\"10\"}", a.apiKey()).status()).isEqualTo(403);
        assertThat(API.delete("/api/budgets/" + budget, a.apiKey()).status()).isEqualTo(403);
        assertThat(API.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\"}",
                a.apiKey()).status()).isEqualTo(403);
        assertThat(API.delete("/api/provider-keys/" + pk, a.apiKey()).status()).isEqualTo(403);
        assertThat(API.get("/api/budgets", a.apiKey()).body().get("budgets")).hasSize(1);
        assertThat(API.get("/api/budgets/" + budget, a.apiKey()).status()).isEqualTo(200);
        assertThat(API.get("/api/provider-keys", a.apiKey()).body().get("provider_keys")).hasSize(1);
    }

    @Test
    void ingestOnlyKey_cannotRead_readOnlyKey_cannotIngest() {
        Api.Account a = API.signup();
        String ingest = key(a, "[\"ingest\"]");
        String read = key(a, "[\"read\"]");
        UUID id = UUID.randomUUID();
        assertThat(API.post("/api/events/track", Events.event(id, "openai", "gpt-4o", 1, 0, 1, null, null), ingest)
                .status()).isEqualTo(200);
        for (String path : List.of("/api/costs/summary", "/api/events/" + id, "/api/keys", "/api/budgets",
                "/api/provider-keys")) {
            Api.Response r = API.get(path, ingest);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.body().path("error").path("message").asText()).as(path).contains("lacks the 'read' scope");
            assertThat(API.get(path, read).status()).as(path).isEqualTo(200);
        }
        Api.Response refused = API.post("/api/events/track", EVENT, read);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorField()).isEqualTo("Authorization");
        assertThat(Events.count(a.userId())).isEqualTo(1);
    }

    @Test
    void loginToken_stillCannotIngest_401() {
        Api.Account a = API.signup();
        assertThat(API.post("/api/events/track", EVENT, a.token()).status()).isEqualTo(401);
    }

    @Test
    void manageKey_managesKeysBudgetsAndProviderKeys() {
        Api.Account a = API.signup();
        String manager = key(a, "[\"manage\",\"read\",\"ingest\"]");
        Api.Response made = API.post("/api/keys", "{\"name\":\"ci\",\"scopes\":[\"ingest\"]}", manager);
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.body().get("scopes").toString()).isEqualTo("[\"ingest\"]");
        assertThat(API.delete("/api/keys/" + made.body().get("id").asText(), manager).status()).isEqualTo(200);
        Api.Response budget = API.post("/api/budgets", "{\"monthly_limit_usd\":\"10\"}", manager);
        assertThat(budget.status()).isEqualTo(201);
        assertThat(API.delete("/api/budgets/" + budget.body().get("id").asText(), manager).status()).isEqualTo(204);
        assertThat(API.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"sk-abcdefghijklmnop\"}", manager)
                .status()).isEqualTo(201);
    }

    @Test
    void key_cannotMakeAKeyWithAScopeItLacks_tokenCan() {
        Api.Account a = API.signup();
        String manageOnly = key(a, "[\"manage\"]");
        Api.Response wider = API.post("/api/keys", "{\"scopes\":[\"manage\",\"ingest\"]}", manageOnly);
        assertThat(wider.status()).isEqualTo(403);
        assertThat(wider.errorCode()).isEqualTo("forbidden");
        assertThat(wider.errorField()).isEqualTo("scopes");
        assertThat(wider.body().path("error").path("message").asText()).contains("[ingest]");
        // Without scopes a key gets ingest and read, which this key lacks as well.
        assertThat(API.post("/api/keys", "{}", manageOnly).status()).isEqualTo(403);
        Api.Response same = API.post("/api/keys", "{\"scopes\":[\"manage\"]}", manageOnly);
        assertThat(same.status()).isEqualTo(201);
        assertThat(same.body().get("scopes").toString()).isEqualTo("[\"manage\"]");
        assertThat(API.post("/api/keys", "{\"scopes\":[\"ingest\",\"read\",\"manage\"]}", a.token()).status())
                .isEqualTo(201);
    }

    @Test
    void create_withoutScopes_getsIngestAndRead() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/keys", "{\"name\":\"plain\"}", a.token());
        assertThat(r.body().get("scopes").toString()).isEqualTo("[\"ingest\",\"read\"]");
        assertThat(API.post("/api/keys", "", a.token()).body().get("scopes").toString()).isEqualTo("[\"ingest\",\"read\"]");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"scopes\":[]}|scopes",
        "{\"scopes\":\"read\"}|scopes",
        "{\"scopes\":[\"read\",\"admin\"]}|scopes[1]",
        "{\"scopes\":[\"READ\"]}|scopes[0]",
        "{\"scopes\":[7]}|scopes[0]",
        "{\"scopes\":[null]}|scopes[0]",
        "{\"name\":5}|name",
        "{\"name\":\"\"}|name",
        "{\"name\":\"a\\u0000b\"}|name",
        "{\"name\":\"line\\nbreak\"}|name",
        "{\"nmae\":\"typo\"}|nmae"})
    void create_badBody_400NamingField_makesNoKey(String body, String field) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/keys", body, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo(field);
        assertThat(API.get("/api/keys", a.token()).body().get("keys")).hasSize(1);
    }

    @Test
    void create_longName_400() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/keys", "{\"name\":\"" + "n".repeat(101) + "\"}", a.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("name");
        assertThat(API.post("/api/keys", "{\"name\":\"" + "😀".repeat(100) + "\"}", a.token()).status())
                .as("100 emoji are 100 characters").isEqualTo(201);
    }

    @Test
    void cap_fiftyActiveKeys_then409_untilOneIsRevoked() {
        Api.Account a = API.signup();
        String last = null;
        for (int i = 1; i < ApiKeys.MAX_ACTIVE; i++) {
            Api.Response r = API.post("/api/keys", "{}", a.token());
            assertThat(r.status()).as("key " + (i + 1)).isEqualTo(201);
            last = r.body().get("id").asText();
        }
        Api.Response over = API.post("/api/keys", "{}", a.token());
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorCode()).isEqualTo("too_many_keys");
        assertThat(over.body().path("error").path("message").asText()).contains("50");
        assertThat(API.delete("/api/keys/" + last, a.token()).status()).isEqualTo(200);
        assertThat(API.post("/api/keys", "{}", a.token()).status()).isEqualTo(201);
        assertThat(API.post("/api/keys", "{}", a.token()).status()).isEqualTo(409);
    }

    @Test
    void cap_holdsForConcurrentCreatesOnTwoInstances() throws Exception {
        Api.Account a = API.signup();
        for (int i = 1; i < ApiKeys.MAX_ACTIVE - 5; i++) {
            assertThat(API.post("/api/keys", "{}", a.token()).status()).isEqualTo(201);
        }
        List<Api> instances = List.of(API, new Api(TestServers.second().uri()));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Api api = instances.get(i % 2);
                Callable<Integer> create = () -> {
                    go.await();
                    return api.post("/api/keys", "{}", a.token()).status();
                };
                results.add(pool.submit(create));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        long active = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM api_keys WHERE user_id = :u AND revoked_at IS NULL")
                .bind("u", a.userId()).mapTo(Long.class).one());
        assertThat(active).isEqualTo(ApiKeys.MAX_ACTIVE);
    }

    @Test
    void keysStoredBeforeScopes_ingestAndRead() {
        Api.Account a = API.signup();
        // A row written the way the server wrote keys before V4: no scopes column in the INSERT.
        String key = "llm_" + UUID.randomUUID().toString().replace("-", "") + "0123456789ab";
        TestServers.jdbi().useHandle(h -> h.createUpdate("INSERT INTO api_keys (id, user_id, name, prefix, key_hash,"
                + " created_at) VALUES (:id, :u, 'old', :prefix, sha256(convert_to(:key, 'UTF8')), now())")
                .bind("id", UUID.randomUUID()).bind("u", a.userId()).bind("prefix", key.substring(0, 12))
                .bind("key", key).execute());
        assertThat(API.post("/api/events/track", EVENT, key).status()).isEqualTo(200);
        assertThat(API.get("/api/costs/summary", key).status()).isEqualTo(200);
        assertThat(API.post("/api/keys", "{}", key).status()).isEqualTo(403);
    }
}
