package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.auth.Accounts;
import dev.llmlab.server.auth.LoginRequest;
import dev.llmlab.server.auth.SignupRequest;
import dev.llmlab.server.keys.ProviderKeyRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The typed requests and results that hold secrets never print them (a log line, an exception). */
class RequestRecordsTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void passwordsKeysAndTokens_neverInToString() {
        SignupRequest signup = SignupRequest.from(JsonBodies.parseObject(json(
                "{\"email\":\"Ana@Example.com\",\"password\":\"secret passphrase\"}")));
        assertThat(signup.email()).isEqualTo("ana@example.com");
        assertThat(signup.toString()).contains("ana@example.com").doesNotContain("secret passphrase");
        LoginRequest login = LoginRequest.from(JsonBodies.parseObject(json(
                "{\"email\":\"ana@example.com\",\"password\":\"secret passphrase\"}")));
        assertThat(login.toString()).contains("ana@example.com").doesNotContain("secret passphrase");
        ProviderKeyRequest key = ProviderKeyRequest.from(JsonBodies.parseObject(json(
                "{\"provider\":\"openai\",\"key\":\"sk-very-secret-key\"}")));
        assertThat(key.toString()).contains("openai").doesNotContain("sk-very-secret-key");
        UUID user = UUID.randomUUID();
        assertThat(new Accounts.SignedUp(user, "the.jwt.token", "llm_thekey").toString()).contains(user.toString())
                .doesNotContain("the.jwt.token").doesNotContain("llm_thekey");
        assertThat(new Accounts.LoggedIn(user, "the.jwt.token").toString()).doesNotContain("the.jwt.token");
    }
}
