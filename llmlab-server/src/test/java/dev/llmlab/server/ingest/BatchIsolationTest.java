package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each event of a batch stands alone: whatever is wrong inside one event — even what the strict
 * JSON reading refuses (NUL, an unpaired surrogate, a key twice, an unreadable number) — rejects
 * that event with its field named, and the others are stored.
 */
class BatchIsolationTest {
    private static final Api API = TestServers.api();

    private static String good(UUID id) {
        return Events.event(id, "openai", "gpt-4o", 10, 0, 1, null, null);
    }

    @Test
    void track_batchWithEveryKindOfBadEvent_goodOnesStored_eachBadOneRejectedNamingItsField() {
        Api.Account a = API.signup();
        UUID first = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        UUID tagged = UUID.randomUUID();
        String base = "\"provider\":\"openai\",\"model\":\"gpt-4o\"";
        List<String> events = List.of(
                good(first),
                "{\"id\":\"" + tagged + "\"," + base + ",\"tags\":{\"project\":\"a\\u0000b\"}}",
                "{\"provider\":\"openai\",\"model\":\"gpt-4o\\ud800\"}",
                "{" + base + ",\"input_tokens\":1e400}",
                "{" + base + ",\"input_tokens\":-5,\"input_tokens\":100}",
                "{\"id\":\"1234567890-1234-1234-1234-1234567890\"," + base + "}",
                "{" + base + ",\"output_tokens\":1e9999999999}",
                "{" + base + ",\"tags\":{\"te\\u0000am\":\"x\"}}",
                "{" + base + ",\"input_tokens\":1e1000000000}",
                "{" + base + ",\"input_tokens\":-1e400}",
                good(last));
        Api.Response r = API.post("/api/events/track", Events.batch(events), a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.body().get("duplicates").asInt()).isZero();
        assertThat(r.body().get("rejected").asInt()).isEqualTo(9);
        JsonNode results = r.body().get("events");
        assertThat(results).hasSize(11);
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(10).get("status").asText()).isEqualTo("accepted");
        String[] fields = {null, "events[1].tags.project", "events[2].model", "events[3].input_tokens",
            "events[4].input_tokens", "events[5].id", "events[6].output_tokens", "events[7].tags.te\\u0000am",
            "events[8].input_tokens", "events[9].input_tokens"};
        for (int i = 1; i <= 9; i++) {
            JsonNode e = results.get(i);
            assertThat(e.get("status").asText()).as("event %d", i).isEqualTo("rejected");
            assertThat(e.get("index").asInt()).isEqualTo(i);
            assertThat(e.get("error").get("field").asText()).as(e.toString()).isEqualTo(fields[i]);
            assertThat(e.get("error").get("message").asText()).isNotBlank();
        }
        assertThat(results.get(1).get("id").asText()).as("a valid id is echoed").isEqualTo(tagged.toString());
        assertThat(results.get(5).get("id").isNull()).as("an invalid one is not").isTrue();
        assertThat(Events.count(a.userId())).isEqualTo(2);
        assertThat(API.get("/api/events/" + first, a.apiKey()).status()).isEqualTo(200);
        assertThat(API.get("/api/events/" + last, a.apiKey()).status()).isEqualTo(200);
        assertThat(API.get("/api/events/" + tagged, a.apiKey()).status()).isEqualTo(404);
    }

    @Test
    void track_batchWithRawInvalidUtf8InOneEvent_400WholeBody_storesNothing() {
        Api.Account a = API.signup();
        byte[] before = ("{\"events\":[" + good(UUID.randomUUID()) + ",{\"provider\":\"openai\",\"model\":\"gpt-4o")
                .getBytes(StandardCharsets.UTF_8);
        byte[] after = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[before.length + 3 + after.length];
        System.arraycopy(before, 0, body, 0, before.length);
        body[before.length] = (byte) 0xED;
        body[before.length + 1] = (byte) 0xA0;
        body[before.length + 2] = (byte) 0x80;
        System.arraycopy(after, 0, body, before.length + 3, after.length);
        Api.Response r = API.postBytes("/api/events/track", body, "application/json", a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(r.errorField()).isEqualTo("events[1].model");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_eventsKeyTwice_400WholeBody_storesNothing() {
        Api.Account a = API.signup();
        String one = "[" + good(UUID.randomUUID()) + "]";
        Api.Response r = API.post("/api/events/track", "{\"events\":" + one + ",\"events\":" + one + "}", a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("events");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_secondBatchAfterTheFirst_400WholeBody_storesNothing() {
        Api.Account a = API.signup();
        String batch = Events.batch(List.of(good(UUID.randomUUID())));
        Api.Response r = API.post("/api/events/track", batch + Events.batch(List.of(good(UUID.randomUUID()))),
                a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void track_singleEventWithDefectInsideAnArrayField_400() {
        Api.Account a = API.signup();
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"extra\":[\"\\u0000\"]}", a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("extra[0]");
        assertThat(Events.count(a.userId())).isZero();
    }
}
