package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.UsageRecordTable;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /api/events/track} agrees with the shared table of usage records, as
 * {@code llmlab cost} and the tracker's reader do: a valid record is stored with exactly the
 * table's counts (read back with {@code GET /api/events/{id}}), an invalid one is a 400 naming the
 * table's field with the table's message, and stores nothing.
 */
class UsageRecordTableIngestTest {
    private static final Api API = TestServers.api();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Api.Account account;

    @BeforeAll
    static void account() {
        account = API.signup();
    }

    static Stream<UsageRecordTable.Case> cases() {
        return UsageRecordTable.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void track_oneEvent_agreesWithTheTable(UsageRecordTable.Case c) {
        long before = Events.count(account.userId());
        Api.Response r = API.post("/api/events/track", c.record(), account.apiKey());
        if (!c.valid()) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_field");
            assertThat(r.errorField()).isEqualTo(c.errorField());
            assertThat(r.body().path("error").path("message").asText()).isEqualTo(c.errorMessage());
            assertThat(Events.count(account.userId())).isEqualTo(before);
            return;
        }
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(1);
        String id = r.body().get("events").get(0).get("id").asText();
        JsonNode stored = API.get("/api/events/" + id, account.apiKey()).body();
        UsageRecordTable.assertUsage(c, stored);
        JsonNode want = c.normalized();
        if (want.has("id")) {
            assertThat(id).isEqualTo(want.get("id").asText());
        }
        if (want.has("timestamp")) {
            assertThat(stored.get("timestamp").asText()).isEqualTo(want.get("timestamp").asText());
        }
        assertThat(stored.get("tags")).isEqualTo(want.has("tags") ? want.get("tags") : JSON.createObjectNode());
    }

    @Test
    void track_wholeTableAsOneBatch_eachEventStandsAlone_namedByItsIndex() {
        Api.Account batchAccount = API.signup();
        List<UsageRecordTable.Case> cases = UsageRecordTable.cases();
        String body = cases.stream().map(UsageRecordTable.Case::record).collect(Collectors.joining(",", "{\"events\":[",
                "]}"));

        Api.Response r = API.post("/api/events/track", body, batchAccount.apiKey());

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        long valid = cases.stream().filter(UsageRecordTable.Case::valid).count();
        assertThat(r.body().get("accepted").asLong()).isEqualTo(valid);
        assertThat(r.body().get("rejected").asLong()).isEqualTo(cases.size() - valid);
        for (int i = 0; i < cases.size(); i++) {
            UsageRecordTable.Case c = cases.get(i);
            JsonNode result = r.body().get("events").get(i);
            if (c.valid()) {
                assertThat(result.get("status").asText()).as(c.name()).isEqualTo("accepted");
                continue;
            }
            String prefix = "events[" + i + "].";
            assertThat(result.get("status").asText()).as(c.name()).isEqualTo("rejected");
            assertThat(result.get("error").get("field").asText()).as(c.name()).isEqualTo(prefix + c.errorField());
            String message = result.get("error").get("message").asText();
            // Every message names its field with the prefix; a subset rule's message is Usage's own.
            assertThat(message).as(c.name()).isIn(prefix + c.errorMessage(), c.errorMessage());
        }
        assertThat(Events.count(batchAccount.userId())).isEqualTo(valid);
    }
}
