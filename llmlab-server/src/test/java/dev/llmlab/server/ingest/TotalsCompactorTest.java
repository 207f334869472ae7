package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TotalsCompactorTest {
    @Test
    void compact_foldsDeltasIntoTotals_summaryUnchanged() {
        Api api = TestServers.api();
        Api.Account a = api.signup();
        for (int b = 0; b < 3; b++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, "2025-06-06T06:06:06Z",
                        "{\"project\":\"c\"}"));
            }
            api.post("/api/events/track", Events.batch(events), a.apiKey());
        }
        String q = "/api/costs/summary?period=day&at=2025-06-06&group_by=tag:project";
        String before = api.get(q, a.token()).text();
        new TotalsCompactor(TestServers.jdbi()).compact();
        long deltas = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM usage_deltas WHERE user_id = :u").bind("u", a.userId()).mapTo(Long.class).one());
        assertThat(deltas).isZero();
        long rows = TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM usage_totals WHERE user_id = :u").bind("u", a.userId()).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
        assertThat(api.get(q, a.token()).text()).isEqualTo(before);
        assertThat(Events.totalsCount(a.userId())).isEqualTo(30);
    }
}
