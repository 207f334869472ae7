package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestValidationTest {
    private static final Api API = TestServers.api();
    private static final String OK = "\"provider\":\"openai\",\"model\":\"gpt-4o\"";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("", "malformed_json", null),
                Arguments.of("not json", "malformed_json", null),
                Arguments.of("{\"provider\":", "malformed_json", null),
                Arguments.of("[1,2,3]", "invalid_body", null),
                Arguments.of("42", "invalid_body", null),
                Arguments.of("{}", "invalid_field", "provider"),
                Arguments.of("{\"provider\":7,\"model\":\"gpt-4o\"}", "invalid_field", "provider"),
                Arguments.of("{\"provider\":\"openai\"}", "invalid_field", "model"),
                Arguments.of("{" + OK + ",\"input_tokens\":-1}", "invalid_field", "input_tokens"),
                Arguments.of("{" + OK + ",\"output_tokens\":\"12\"}", "invalid_field", "output_tokens"),
                Arguments.of("{" + OK + ",\"output_tokens\":1.5}", "invalid_field", "output_tokens"),
                Arguments.of("{" + OK + ",\"output_tokens\":99999999999999999999999}", "invalid_field", "output_tokens"),
                Arguments.of("{" + OK + ",\"input_tokens\":10,\"cache_read_tokens\":11}", "invalid_field", "cache_read_tokens"),
                Arguments.of("{" + OK + ",\"timestamp\":\"yesterday\"}", "invalid_field", "timestamp"),
                Arguments.of("{" + OK + ",\"timestamp\":1700000000}", "invalid_field", "timestamp"),
                Arguments.of("{" + OK + ",\"id\":\"not-a-uuid\"}", "invalid_field", "id"),
                Arguments.of("{" + OK + ",\"tags\":[\"a\"]}", "invalid_field", "tags"),
                Arguments.of("{" + OK + ",\"tags\":{\"project\":5}}", "invalid_field", "tags.project"),
                Arguments.of("{" + OK + ",\"duration_ms\":-3}", "invalid_field", "duration_ms"),
                Arguments.of("{\"events\":{}}", "invalid_field", "events"),
                Arguments.of("{\"events\":[]}", "invalid_field", "events"));
    }

    @ParameterizedTest(name = "[{index}] {1} on {2}")
    @MethodSource("badBodies")
    void track_badBody_400NamingField_storesNothing(String body, String code, String field) {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/events/track", body, a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorField()).isEqualTo(field);
        assertThat(r.body().path("error").path("message").asText()).isNotBlank();
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_randomBytes_400_storesNothing() {
        Api.Account a = API.signup();
        Random random = new Random(42);
        for (int i = 0; i < 30; i++) {
            byte[] junk = new byte[1 + random.nextInt(400)];
            random.nextBytes(junk);
            Api.Response r = API.postBytes("/api/events/track", junk, "application/json", a.apiKey());
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.errorCode()).isIn("malformed_json", "invalid_body");
        }
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_truncatedBatch_400_storesNothing() {
        Api.Account a = API.signup();
        String full = Events.batch(List.of(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1, 0, 1, null, null)));
        Api.Response r = API.post("/api/events/track", full.substring(0, full.length() - 7), a.apiKey());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_tenMegabyteBody_413_storesNothing() {
        Api.Account a = API.signup();
        StringBuilder sb = new StringBuilder("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"pad\":\"");
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        sb.append("\"}");
        Api.Response r = API.postBytes("/api/events/track", sb.toString().getBytes(StandardCharsets.UTF_8),
                "application/json", a.apiKey());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("body_too_large");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_moreThanMaxEvents_413_storesNothing() {
        Api.Account a = API.signup();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1}");
        }
        Api.Response r = API.post("/api/events/track", Events.batch(events), a.apiKey());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("too_many_events");
        assertThat(r.errorField()).isEqualTo("events");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_batchWithOneInvalidEvent_othersStored_perEventResult() {
        Api.Account a = API.signup();
        String good1 = Events.event(UUID.randomUUID(), "openai", "gpt-4o", 10, 0, 1, null, null);
        String bad = "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"output_tokens\":-5}";
        String good2 = Events.event(UUID.randomUUID(), "openai", "gpt-4o", 20, 0, 2, null, null);
        Api.Response r = API.post("/api/events/track", Events.batch(List.of(good1, bad, good2)), a.apiKey());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.body().get("rejected").asInt()).isEqualTo(1);
        assertThat(r.body().get("events").get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(r.body().get("events").get(1).get("error").get("field").asText()).isEqualTo("events[1].output_tokens");
        assertThat(Events.count(a.userId())).isEqualTo(2);
    }

    @Test
    void track_missingKey_401_storesNothing() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/events/track", "{" + OK + "}", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
        assertThat(r.errorField()).isEqualTo("Authorization");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_invalidKey_401() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/events/track", "{" + OK + "}", a.apiKey() + "x");
        assertThat(r.status()).isEqualTo(401);
        assertThat(API.post("/api/events/track", "{" + OK + "}", "garbage").status()).isEqualTo(401);
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_loginTokenInsteadOfKey_401() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/events/track", "{" + OK + "}", a.token());
        assertThat(r.status()).isEqualTo(401);
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_revokedKey_401_storesNothing() {
        Api.Account a = API.signup();
        Api.Response created = API.post("/api/keys", "{\"name\":\"temp\"}", a.token());
        String key = created.body().get("api_key").asText();
        assertThat(API.post("/api/events/track", "{" + OK + ",\"input_tokens\":1}", key).status()).isEqualTo(200);
        Api.Response revoked = API.delete("/api/keys/" + created.body().get("id").asText(), a.token());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revoked_at").isNull()).isFalse();
        Api.Response r = API.post("/api/events/track", "{" + OK + ",\"input_tokens\":1}", key);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("error").path("message").asText()).contains("revoked");
        assertThat(Events.count(a.userId())).isEqualTo(1);
    }

    @Test
    void unknownPath_404InErrorShape() {
        Api.Response r = API.get("/api/nothing-here", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
    }
}
