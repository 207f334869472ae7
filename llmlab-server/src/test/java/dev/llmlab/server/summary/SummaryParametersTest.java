package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every query parameter of {@code GET /api/costs/summary} answers a hostile value with a 400 in
 * the error shape naming that parameter, never a 500 or a silent 200.
 */
class SummaryParametersTest {
    private static final List<String> PARAMETERS = List.of("period", "tz", "at", "group_by");
    private final Api api = TestServers.api();

    private void assertRefused(Api.Account a, String query, String field) {
        Api.Response r = api.get("/api/costs/summary?" + query, a.token());
        assertThat(r.status()).as(query + " -> " + r.text()).isEqualTo(400);
        assertThat(r.errorCode()).as(query).isEqualTo("invalid_field");
        assertThat(r.errorField()).as(query).isEqualTo(field);
        assertThat(r.body().path("error").path("message").asText()).as(query).startsWith(field);
    }

    @Test
    void nulCharacter_refusedOnEveryParameter() {
        Api.Account a = api.signup();
        for (String p : PARAMETERS) {
            assertRefused(a, p + "=%00", p);
        }
        assertRefused(a, "group_by=tag:a%00b", "group_by");
        assertRefused(a, "tz=UTC%00", "tz");
        assertRefused(a, "at=2025-07-01%00", "at");
    }

    @Test
    void otherControlCharacters_refused() {
        Api.Account a = api.signup();
        assertRefused(a, "group_by=tag:a%0Ab", "group_by");
        assertRefused(a, "period=day%09", "period");
        assertRefused(a, "group_by=tag:%C2%85", "group_by"); // U+0085, a C1 control
    }

    @Test
    void invalidUtf8_loneSurrogateOrStrayByte_refusedOnEveryParameter() {
        Api.Account a = api.signup();
        for (String p : PARAMETERS) {
            assertRefused(a, p + "=%ED%A0%80", p);
            assertRefused(a, p + "=%FF", p);
            assertRefused(a, p + "=%C3", p);
        }
        assertRefused(a, "group_by=tag:%ED%A0%80", "group_by");
        assertRefused(a, "group_by=tag:x%ED%B0%80", "group_by");
    }

    @Test
    void brokenPercentEscape_refused() throws IOException {
        Api.Account a = api.signup();
        for (String p : PARAMETERS) {
            for (String value : List.of("%G0", "abc%", "%4")) {
                // java.net.http will not send such a URI: written on a socket as a client might
                String[] r = rawGet("/api/costs/summary?" + p + "=" + value, a.token());
                assertThat(r[0]).as(p + "=" + value + " -> " + r[1]).isEqualTo("400");
                JsonNode error = new ObjectMapper().readTree(r[1]).path("error");
                assertThat(error.path("field").asText()).as(p + "=" + value).isEqualTo(p);
                assertThat(error.path("message").asText()).contains("%25");
            }
        }
    }

    /** @return status and body of a GET whose request line is sent exactly as given */
    private static String[] rawGet(String target, String token) throws IOException {
        URI base = TestServers.first().uri();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            return new String[] {status, response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    @Test
    void veryLongValues_refusedOnEveryParameter() {
        Api.Account a = api.signup();
        String longValue = "a".repeat(3000);
        for (String p : PARAMETERS) {
            assertRefused(a, p + "=" + longValue, p);
        }
        assertRefused(a, "group_by=tag:" + "k".repeat(65), "group_by");
        assertThat(api.get("/api/costs/summary?group_by=tag:" + "k".repeat(64), a.token()).status()).isEqualTo(200);
    }

    @Test
    void unknownValues_refused() {
        Api.Account a = api.signup();
        assertRefused(a, "period=year", "period");
        assertRefused(a, "tz=Mars/Olympus", "tz");
        assertRefused(a, "tz=utc", "tz");
        assertRefused(a, "at=yesterday", "at");
        assertRefused(a, "at=2025-02-30", "at");
        assertRefused(a, "at=2025-07-01T10:00:00", "at"); // an instant needs its offset
        assertRefused(a, "group_by=colour", "group_by");
        assertRefused(a, "group_by=tag:", "group_by");
    }

    @Test
    void repeatedParameter_refused() {
        Api.Account a = api.signup();
        for (String p : PARAMETERS) {
            assertRefused(a, p + "=x&" + p + "=y", p);
        }
        assertRefused(a, "period=day&period=day", "period");
    }

    @Test
    void extremeInstants_refusedOnAt() {
        Api.Account a = api.signup();
        for (String at : List.of("%2B999999999-12-31T00:00:00Z", "-999999999-01-01T00:00:00Z", "0000-01-01",
                "-0001-12-31T00:00:00Z", "%2B10000-01-01T00:00:00Z", "%2B294277-01-01T00:00:00Z",
                "-4714-11-24T00:00:00Z", "9999-12-31T23:00:00-05:00")) {
            for (String period : List.of("day", "week", "month")) {
                assertRefused(a, "period=" + period + "&tz=Pacific/Kiritimati&at=" + at, "at");
                assertRefused(a, "period=" + period + "&at=" + at, "at");
            }
        }
    }

    @Test
    void firstAndLastSupportedDates_answer() {
        Api.Account a = api.signup();
        for (String period : List.of("day", "week", "month")) {
            for (String q : List.of("at=0001-01-01", "at=9999-12-31", "at=0001-01-01&tz=%2B14:00",
                    "at=9999-12-31&tz=-12:00", "at=9999-12-31T09:59:59Z&tz=%2B14:00",
                    "at=0001-01-01T00:00:00Z&tz=%2B14:00")) {
                Api.Response r = api.get("/api/costs/summary?period=" + period + "&" + q, a.token());
                assertThat(r.status()).as(period + " " + q + " -> " + r.text()).isEqualTo(200);
                assertThat(r.body().get("events").asLong()).isZero();
            }
        }
    }

    @Test
    void emptyAndUnknownParameters_meanTheDefaults() {
        Api.Account a = api.signup();
        Api.Response r = api.get("/api/costs/summary?tz=&at=&group_by=&colour=blue&%FF=1", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("period").asText()).isEqualTo("month");
        assertThat(r.body().get("time_zone").asText()).isEqualTo("UTC");
    }

    @Test
    void credentialsCheckedBeforeParameters() {
        assertThat(api.get("/api/costs/summary?period=%00", null).status()).isEqualTo(401);
    }
}
