package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token counts are whole JSON numbers from 0 to 10^12, however they are written; anything else is
 * a 400 naming the field — never a 500, never a hang on an exponent of a billion.
 */
class TokenCountTest {
    private static final Api API = TestServers.api();
    private static final String RANGE = "must be a whole number between 0 and 1000000000000";
    private static Api.Account account;

    @BeforeAll
    static void account() {
        account = API.signup();
    }

    @ParameterizedTest(name = "input_tokens {0}")
    @ValueSource(strings = {"1e400", "-1e400", "1e1000000000", "-1e1000000000", "1e-1000000000", "1200.5", "12e-1",
        "-1", "-1.0", "1000000000001", "1000000000000.5", "1e13", "99999999999999999999999", "1e19",
        "9223372036854775808", "\"12\""})
    @Timeout(30)
    void track_countOutOfRangeOrFractional_400NamingField_storesNothing(String value) {
        long before = Events.count(account.userId());
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":"
                + value + "}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("input_tokens");
        assertThat(r.body().path("error").path("message").asText()).startsWith("input_tokens " + RANGE);
        assertThat(Events.count(account.userId())).isEqualTo(before);
    }

    @Test
    void track_countBeyondWhatANumberCanHold_400NamingField() {
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"output_tokens\":1e9999999999}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("output_tokens");
    }

    @ParameterizedTest(name = "input_tokens {0} is {1}")
    @CsvSource({"1200, 1200", "1200.0, 1200", "1.2e3, 1200", "1.2E+3, 1200", "120000e-2, 1200", "0, 0", "-0, 0",
        "0.0, 0", "0e-1000000000, 0", "1000000000000, 1000000000000", "1e12, 1000000000000",
        "1000000000000.000, 1000000000000"})
    void track_wholeCountInAnyNotation_storedAsThatNumber(String value, long expected) {
        UUID id = UUID.randomUUID();
        Api.Response r = API.post("/api/events/track", "{\"id\":\"" + id + "\",\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"input_tokens\":" + value + "}", account.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Api.Response stored = API.get("/api/events/" + id, account.apiKey());
        assertThat(stored.body().get("input_tokens").asLong()).isEqualTo(expected);
    }

    @Test
    void track_everyCountField_isBounded() {
        for (String field : new String[] {"input_tokens", "cache_read_tokens", "cache_write_tokens",
            "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "input_audio_tokens", "output_audio_tokens",
            "web_search_requests"}) {
            Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"" + field
                    + "\":1000000000001}", account.apiKey());
            assertThat(r.status()).as(field + ": " + r.text()).isEqualTo(400);
            assertThat(r.errorField()).isEqualTo(field);
            assertThat(r.body().path("error").path("message").asText()).contains(RANGE);
        }
    }

    @Test
    void track_hugeExponent_answersPromptly() {
        long start = System.nanoTime();
        Api.Response r = API.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"input_tokens\":1e1000000000,\"duration_ms\":1e1000000000}", account.apiKey());
        assertThat(r.status()).isEqualTo(400);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
