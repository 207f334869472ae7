package dev.llmlab.server.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeZoneTest {
    private final Api api = TestServers.api();

    private long events(Api.Account a, String query) {
        Api.Response r = api.get("/api/costs/summary?" + query, a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("events").asLong();
    }

    private void track(Api.Account a, String... timestamps) {
        List<String> list = new java.util.ArrayList<>();
        for (String t : timestamps) {
            list.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 0, t, null));
        }
        assertThat(api.post("/api/events/track", Events.batch(list), a.apiKey()).body().get("accepted").asInt())
                .isEqualTo(timestamps.length);
    }

    @Test
    void day_lateUtcEvening_isNextDayInParis() {
        Api.Account a = api.signup();
        track(a, "2025-01-14T23:30:00Z"); // 2025-01-15 00:30 in Paris (UTC+1)
        assertThat(events(a, "period=day&tz=UTC&at=2025-01-14")).isEqualTo(1);
        assertThat(events(a, "period=day&tz=UTC&at=2025-01-15")).isZero();
        assertThat(events(a, "period=day&tz=Europe/Paris&at=2025-01-15")).isEqualTo(1);
        assertThat(events(a, "period=day&tz=Europe/Paris&at=2025-01-14")).isZero();
        JsonNode b = api.get("/api/costs/summary?period=day&tz=Europe/Paris&at=2025-01-15", a.token()).body();
        assertThat(b.get("from").asText()).isEqualTo("2025-01-15T00:00:00+01:00");
        assertThat(b.get("to").asText()).isEqualTo("2025-01-16T00:00:00+01:00");
        assertThat(b.get("time_zone").asText()).isEqualTo("Europe/Paris");
        assertThat(b.get("daily").get(0).get("date").asText()).isEqualTo("2025-01-15");
        assertThat(b.get("daily").get(0).get("cost_usd").asText()).isEqualTo("0.002500");
    }

    @Test
    void day_halfHourZone_boundaryExact() {
        Api.Account a = api.signup();
        // Asia/Kolkata is UTC+5:30: 18:29Z is 23:59 on the 9th, 18:31Z is 00:01 on the 10th
        track(a, "2025-03-09T18:29:00Z", "2025-03-09T18:31:00Z");
        assertThat(events(a, "period=day&tz=Asia/Kolkata&at=2025-03-09")).isEqualTo(1);
        assertThat(events(a, "period=day&tz=Asia/Kolkata&at=2025-03-10")).isEqualTo(1);
        // Asia/Kathmandu is UTC+5:45: both are still the 9th there before 18:15Z? no: 18:15Z is midnight
        assertThat(events(a, "period=day&tz=Asia/Kathmandu&at=2025-03-10")).isEqualTo(2);
    }

    @Test
    void month_boundaryInNewYork_andWeekStartsMonday() {
        Api.Account a = api.signup();
        track(a, "2025-08-01T03:00:00Z"); // July 31, 23:00 in New York (UTC-4)
        assertThat(events(a, "period=month&tz=America/New_York&at=2025-07-15")).isEqualTo(1);
        assertThat(events(a, "period=month&tz=UTC&at=2025-07-15")).isZero();
        assertThat(events(a, "period=month&tz=UTC&at=2025-08-15")).isEqualTo(1);
        // 2025-08-01 is a Friday: the ISO week is Mon 2025-07-28 .. Sun 2025-08-03
        JsonNode w = api.get("/api/costs/summary?period=week&tz=UTC&at=2025-08-03", a.token()).body();
        assertThat(w.get("from").asText()).isEqualTo("2025-07-28T00:00:00Z");
        assertThat(w.get("events").asLong()).isEqualTo(1);
        assertThat(w.get("daily")).hasSize(7);
    }

    @Test
    void day_dstSpringForward_dayHas23Hours() {
        Api.Account a = api.signup();
        // Paris switches to UTC+2 on 2025-03-30: the day runs 2025-03-29T23:00Z .. 2025-03-30T22:00Z
        track(a, "2025-03-29T23:00:00Z", "2025-03-30T21:59:00Z", "2025-03-30T22:00:00Z");
        JsonNode d = api.get("/api/costs/summary?period=day&tz=Europe/Paris&at=2025-03-30", a.token()).body();
        assertThat(d.get("events").asLong()).isEqualTo(2);
        assertThat(d.get("to").asText()).isEqualTo("2025-03-31T00:00:00+02:00");
    }

    @Test
    void badParameters_400NamingField() {
        Api.Account a = api.signup();
        Api.Response tz = api.get("/api/costs/summary?tz=Mars/Olympus", a.token());
        assertThat(tz.status()).isEqualTo(400);
        assertThat(tz.errorField()).isEqualTo("tz");
        assertThat(api.get("/api/costs/summary?period=year", a.token()).errorField()).isEqualTo("period");
        assertThat(api.get("/api/costs/summary?group_by=colour", a.token()).errorField()).isEqualTo("group_by");
        assertThat(api.get("/api/costs/summary", null).status()).isEqualTo(401);
    }
}
