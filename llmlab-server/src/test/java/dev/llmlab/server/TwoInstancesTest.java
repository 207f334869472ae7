package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two server instances (two Micronaut contexts, two ports) on one database act as one service. */
class TwoInstancesTest {
    private final Api one = new Api(TestServers.first().uri());
    private final Api two = new Api(TestServers.second().uri());

    @Test
    void keyMadeOnOne_worksOnTwo_andRevokeOnTwo_isRefusedByOne() {
        assertThat(TestServers.first().port()).isNotEqualTo(TestServers.second().port());
        Api.Account a = one.signup();
        Api.Response key = one.post("/api/keys", "{}", a.token());
        String k = key.body().get("api_key").asText();
        assertThat(two.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}", k).status()).isEqualTo(200);
        assertThat(two.get("/api/keys", a.token()).status()).as("a token of one is valid on two").isEqualTo(200);
        assertThat(two.post("/auth/login", "{\"email\":\"" + a.email() + "\",\"password\":\"" + a.password() + "\"}", null)
                .status()).isEqualTo(200);
        assertThat(two.delete("/api/keys/" + key.body().get("id").asText(), a.token()).status()).isEqualTo(200);
        assertThat(one.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}", k).status()).isEqualTo(401);
    }

    @Test
    void duplicateSentToBoth_countsOnce() {
        Api.Account a = one.signup();
        String e = Events.event(UUID.randomUUID(), "openai", "gpt-4o", 100, 0, 10, "2025-03-03T03:03:03Z", null);
        assertThat(one.post("/api/events/track", e, a.apiKey()).body().get("accepted").asInt()).isEqualTo(1);
        assertThat(two.post("/api/events/track", e, a.apiKey()).body().get("duplicates").asInt()).isEqualTo(1);
        assertThat(two.get("/api/costs/summary?period=day&at=2025-03-03", a.token()).body().get("events").asLong())
                .isEqualTo(1);
        assertThat(one.post("/auth/signup", "{\"email\":\"" + a.email() + "\",\"password\":\"whatever-1234\"}", null).status())
                .isEqualTo(409);
        assertThat(two.post("/auth/signup", "{\"email\":\"" + a.email() + "\",\"password\":\"whatever-1234\"}", null).status())
                .isEqualTo(409);
    }
}
