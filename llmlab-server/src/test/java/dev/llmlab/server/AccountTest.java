package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.auth.Passwords;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountTest {
    private final Api api = TestServers.api();

    @Test
    void signup_thenLogin_tokenWorks_passwordStoredAsPbkdf2() {
        Api.Account a = api.signup();
        Api.Response login = api.post("/auth/login", "{\"email\":\"" + a.email().toUpperCase() + "\",\"password\":\""
                + a.password() + "\"}", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("token").asText().split("\\.")).hasSize(3);
        assertThat(api.get("/api/keys", login.body().get("token").asText()).status()).isEqualTo(200);
        String hash = TestServers.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", a.userId()).mapTo(String.class).one());
        assertThat(hash).startsWith("pbkdf2-sha256$210000$").doesNotContain(a.password());
        assertThat(Passwords.verify(a.password(), hash)).isTrue();
        assertThat(Passwords.verify("wrong password", hash)).isFalse();
    }

    @Test
    void signup_sameEmailTwice_409() {
        Api.Account a = api.signup();
        Api.Response r = api.post("/auth/signup", "{\"email\":\"" + a.email() + "\",\"password\":\"another password\"}", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("email_taken");
        assertThat(r.errorField()).isEqualTo("email");
    }

    @Test
    void signup_invalid_400NamingField() {
        assertThat(api.post("/auth/signup", "{\"email\":\"nope\",\"password\":\"long enough\"}", null).errorField())
                .isEqualTo("email");
        assertThat(api.post("/auth/signup", "{\"email\":\"a@b.co\",\"password\":\"short\"}", null).errorField())
                .isEqualTo("password");
        assertThat(api.post("/auth/signup", "{\"email\":5}", null).status()).isEqualTo(400);
    }

    @Test
    void login_wrongPassword_401() {
        Api.Account a = api.signup();
        Api.Response r = api.post("/auth/login", "{\"email\":\"" + a.email() + "\",\"password\":\"not it at all\"}", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("invalid_credentials");
        assertThat(api.post("/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"whatever1\"}", null).status())
                .isEqualTo(401);
    }

    @Test
    void tamperedToken_401() {
        Api.Account a = api.signup();
        String[] parts = a.token().split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA";
        assertThat(api.get("/api/keys", forged).status()).isEqualTo(401);
        String none = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
        assertThat(api.get("/api/keys", none).status()).isEqualTo(401);
    }

    @Test
    void apiKeys_listShowsPrefixOnly_storedAsHash() {
        Api.Account a = api.signup();
        Api.Response created = api.post("/api/keys", "{\"name\":\"prod\"}", a.token());
        String key = created.body().get("api_key").asText();
        Api.Response list = api.get("/api/keys", a.token());
        assertThat(list.text()).doesNotContain(key).doesNotContain(a.apiKey());
        assertThat(list.body().get("keys")).hasSize(2);
        assertThat(key).startsWith(list.body().get("keys").get(1).get("prefix").asText());
        long plain = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM api_keys WHERE encode(key_hash, 'escape') LIKE :k OR prefix = :key")
                .bind("k", "%" + key + "%").bind("key", key).mapTo(Long.class).one());
        assertThat(plain).isZero();
    }

    @Test
    void providerKeys_encryptedAtRest_neverReturnedInFull() {
        Api.Account a = api.signup();
        String secret = "sk-proj-" + UUID.randomUUID().toString().replace("-", "") + "wxyz";
        Api.Response r = api.post("/api/provider-keys", "{\"provider\":\"openai\",\"key\":\"" + secret + "\"}", a.token());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text()).doesNotContain(secret);
        assertThat(r.body().get("key_hint").asText()).isEqualTo("sk-…wxyz");
        Api.Response list = api.get("/api/provider-keys", a.token());
        assertThat(list.text()).doesNotContain(secret).contains("sk-…wxyz");
        byte[] stored = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT encrypted_key FROM provider_keys WHERE user_id = :u").bind("u", a.userId()).mapTo(byte[].class).one());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret).doesNotContain("wxyz");
        String decrypted = new dev.llmlab.server.keys.SecretBox(TestServers.ENCRYPTION_KEY)
                .open(stored, r.body().get("id").asText());
        assertThat(decrypted).isEqualTo(secret);
    }
}
