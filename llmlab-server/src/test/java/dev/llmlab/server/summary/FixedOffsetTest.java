package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fixed-offset zones ({@code +05:00}, {@code UTC+5}) put events on the same days as the IANA zone
 * with that offset, for days, weeks and months, east and west of UTC; offsets that are not a
 * whole number of quarter hours are refused on {@code tz}.
 */
class FixedOffsetTest {
    private final Api api = TestServers.api();

    /** One gpt-4o event of 1,000,000 input tokens: 2.50 USD. */
    private void track(Api.Account a, String... timestamps) {
        List<String> list = new ArrayList<>();
        for (String t : timestamps) {
            list.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0, t, null));
        }
        Api.Response r = api.post("/api/events/track", Events.batch(list), a.apiKey());
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(timestamps.length);
    }

    private JsonNode summary(Api.Account a, String query) {
        Api.Response r = api.get("/api/costs/summary?" + query, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    private static String daily(JsonNode summary, String date) {
        for (JsonNode d : summary.get("daily")) {
            if (d.get("date").asText().equals(date)) {
                return d.get("cost_usd").asText();
            }
        }
        throw new AssertionError("no daily row " + date + " in " + summary.get("daily"));
    }

    @Test
    void day_plusFiveHours_eveningUtcEventIsOnNextLocalDay() {
        Api.Account a = api.signup();
        track(a, "2025-07-01T20:00:00Z"); // 2025-07-02 01:00 at +05:00
        JsonNode s = summary(a, "period=day&tz=%2B05:00&at=2025-07-02");
        assertThat(s.get("total_usd").asText()).isEqualTo("2.500000");
        assertThat(daily(s, "2025-07-02")).isEqualTo("2.500000");
        assertThat(s.get("daily")).hasSize(1);
        assertThat(s.get("from").asText()).isEqualTo("2025-07-02T00:00:00+05:00");
        JsonNode karachi = summary(a, "period=day&tz=Asia/Karachi&at=2025-07-02");
        assertThat(karachi.get("daily")).isEqualTo(s.get("daily"));
        assertThat(summary(a, "period=day&tz=%2B05:00&at=2025-07-01").get("events").asLong()).isZero();
    }

    @Test
    void offsetSpellings_allMeanFiveHoursEast_sameDaily() {
        Api.Account a = api.signup();
        track(a, "2025-07-01T20:00:00Z", "2025-07-03T18:59:00Z", "2025-07-03T19:00:00Z");
        JsonNode reference = summary(a, "period=week&tz=Asia/Karachi&at=2025-07-02");
        assertThat(daily(reference, "2025-07-02")).isEqualTo("2.500000");
        assertThat(daily(reference, "2025-07-03")).isEqualTo("2.500000");
        assertThat(daily(reference, "2025-07-04")).isEqualTo("2.500000");
        for (String tz : List.of("%2B05:00", "%2B05", "%2B0500", "UTC%2B5", "UTC%2B05:00", "GMT%2B5", "Etc/GMT-5")) {
            JsonNode s = summary(a, "period=week&tz=" + tz + "&at=2025-07-02");
            assertThat(s.get("daily")).as(tz).isEqualTo(reference.get("daily"));
            assertThat(s.get("from").asText()).as(tz).isEqualTo("2025-06-30T00:00:00+05:00");
            assertThat(s.get("total_usd").asText()).as(tz).isEqualTo("7.500000");
        }
    }

    @Test
    void week_plusFiveHours_eventsOnTheirLocalDays() {
        Api.Account a = api.signup();
        // local +05:00: Sun 2025-06-29 23:30 (previous week), Mon 2025-06-30 00:30, Sun 2025-07-06 23:59
        track(a, "2025-06-29T18:30:00Z", "2025-06-29T19:30:00Z", "2025-07-06T18:59:00Z");
        JsonNode s = summary(a, "period=week&tz=%2B05:00&at=2025-07-02");
        assertThat(s.get("events").asLong()).isEqualTo(2);
        assertThat(s.get("daily")).hasSize(7);
        assertThat(daily(s, "2025-06-30")).isEqualTo("2.500000");
        assertThat(daily(s, "2025-07-06")).isEqualTo("2.500000");
        assertThat(daily(s, "2025-07-01")).isEqualTo("0.000000");
    }

    @Test
    void month_minusThreeAndAHalfHours_eventsOnTheirLocalDays() {
        Api.Account a = api.signup();
        // local -03:30: 2025-07-01T02:00Z is June 30 22:30; 2025-07-01T03:30Z is July 1 00:00;
        // 2025-08-01T03:29Z is July 31 23:59; 2025-08-01T03:30Z is August 1 00:00
        track(a, "2025-07-01T02:00:00Z", "2025-07-01T03:30:00Z", "2025-08-01T03:29:00Z", "2025-08-01T03:30:00Z");
        JsonNode july = summary(a, "period=month&tz=-03:30&at=2025-07-15");
        assertThat(july.get("from").asText()).isEqualTo("2025-07-01T00:00:00-03:30");
        assertThat(july.get("events").asLong()).isEqualTo(2);
        assertThat(july.get("daily")).hasSize(31);
        assertThat(daily(july, "2025-07-01")).isEqualTo("2.500000");
        assertThat(daily(july, "2025-07-31")).isEqualTo("2.500000");
        assertThat(daily(july, "2025-07-02")).isEqualTo("0.000000");
        assertThat(summary(a, "period=day&tz=UTC-03:30&at=2025-06-30").get("daily").get(0).get("cost_usd").asText())
                .isEqualTo("2.500000");
        assertThat(summary(a, "period=day&tz=-03:30&at=2025-08-01").get("events").asLong()).isEqualTo(1);
    }

    @Test
    void day_westernIanaZoneAndItsOffset_agree() {
        Api.Account a = api.signup();
        track(a, "2025-07-02T02:00:00Z"); // July 1, 23:00 at -03:00 (America/Sao_Paulo has no DST since 2019)
        JsonNode offset = summary(a, "period=month&tz=-03:00&at=2025-07-01");
        JsonNode iana = summary(a, "period=month&tz=America/Sao_Paulo&at=2025-07-01");
        assertThat(daily(offset, "2025-07-01")).isEqualTo("2.500000");
        assertThat(offset.get("daily")).isEqualTo(iana.get("daily"));
    }

    @Test
    void offsetNotOnQuarterHour_refusedOnTz_forEveryPeriod() {
        Api.Account a = api.signup();
        for (String q : List.of("period=day&tz=%2B04:07&at=2025-07-02", "period=week&tz=%2B04:07&at=2025-07-02",
                "period=month&tz=%2B04:07&at=2025-07-02", "period=day&tz=-00:44:30&at=2025-07-02",
                "period=day&tz=UTC%2B05:00:30&at=2025-07-02")) {
            Api.Response r = api.get("/api/costs/summary?" + q, a.token());
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.errorField()).as(q).isEqualTo("tz");
            assertThat(r.body().path("error").path("message").asText()).as(q).contains("15-minute");
        }
    }

    @Test
    void historicOffsetNotOnQuarterHour_refusedOnlyWhereItApplies() {
        Api.Account a = api.signup();
        // Africa/Monrovia kept -0:44:30 until 1972-01-07, then UTC
        Api.Response old = api.get("/api/costs/summary?period=month&tz=Africa/Monrovia&at=1971-06-15", a.token());
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.errorField()).isEqualTo("tz");
        assertThat(old.body().path("error").path("message").asText()).contains("-00:44:30").contains("1971-06-01");
        assertThat(summary(a, "period=month&tz=Africa/Monrovia&at=1973-06-15").get("events").asLong()).isZero();
        // local mean time in Paris before 1911
        assertThat(api.get("/api/costs/summary?period=day&tz=Europe/Paris&at=1890-01-01", a.token()).errorField())
                .isEqualTo("tz");
        assertThat(summary(a, "period=day&tz=Asia/Kathmandu&at=2025-07-01").get("from").asText())
                .isEqualTo("2025-07-01T00:00:00+05:45");
    }

    @Test
    void unescapedPlus_refusedWithHint() {
        Api.Account a = api.signup();
        Api.Response r = api.get("/api/costs/summary?tz=+05:00", a.token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("tz");
        assertThat(r.body().path("error").path("message").asText()).contains("%2B");
        Api.Response at = api.get("/api/costs/summary?at=2025-07-01T10:00:00+02:00", a.token());
        assertThat(at.errorField()).isEqualTo("at");
        assertThat(at.body().path("error").path("message").asText()).contains("%2B");
    }
}
