package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void signupAndTrack() {
        Api api = TestServers.api();
        Api.Account a = api.signup();
        Api.Response r = api.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1000,\"output_tokens\":100}", a.apiKey());
        System.out.println(r.text());
        assertThat(r.status()).isEqualTo(200);
        Api.Response s = api.get("/api/costs/summary?period=month", a.token());
        System.out.println(s.text());
        assertThat(s.status()).isEqualTo(200);
    }
}
