package dev.llmlab.server.reprice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RepriceTest {
    private final Api api = TestServers.api();

    @Test
    void reprice_correctedPrice_planShowsDifference_applyMovesTotals() {
        Api.Account a = api.signup();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // far-past range no other test uses
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000,
                    "2024-09-0" + (1 + i % 5) + "T12:00:00Z", "{\"project\":\"p\"}"));
        }
        events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0, "2024-09-02T12:00:00Z", null));
        api.post("/api/events/track", Events.batch(events), a.apiKey());
        String summary = "/api/costs/summary?period=month&at=2024-09-15&group_by=tag:project";
        // 10 x (0.15 + 0.60) + 2.50
        assertThat(api.get(summary, a.token()).body().get("total_usd").asText()).isEqualTo("10.000000");

        PriceCatalog corrected = TestServers.catalog()
                .withOverrides(PriceCatalog.fromFile(TestServers.resource("prices/corrected-prices.json")));
        Repricer repricer = new Repricer(TestServers.jdbi(), corrected);
        Instant from = Instant.parse("2024-09-01T00:00:00Z");
        Instant to = Instant.parse("2024-10-01T00:00:00Z");
        Repricer.Plan plan = repricer.plan(from, to);
        assertThat(plan.changed()).isGreaterThanOrEqualTo(10);
        assertThat(plan.report()).contains("gpt-4o-mini");
        // the dry run changed nothing
        assertThat(api.get(summary, a.token()).body().get("total_usd").asText()).isEqualTo("10.000000");

        repricer.apply(plan);
        var after = api.get(summary, a.token()).body();
        // 10 x (0.30 + 1.20) + 2.50
        assertThat(after.get("total_usd").asText()).isEqualTo("17.500000");
        assertThat(new BigDecimal(after.get("by_tag").get(0).get("cost_usd").asText())).isEqualByComparingTo("15");
        assertThat(Events.totalsCount(a.userId())).isEqualTo(11);
        assertThat(repricer.plan(from, to).changed()).isZero();
    }

    @Test
    void reprice_modelBecomesUnknown_countsAsUnpriced_notZero() {
        Api.Account a = api.signup();
        api.post("/api/events/track", Events.event(UUID.randomUUID(), "anthropic", "claude-sonnet-4-5", 1000, 0, 10,
                "2025-10-10T00:00:00Z", null), a.apiKey());
        PriceCatalog withoutAnthropic = PriceCatalog.fromFile(TestServers.resource("prices/test-prices.json"));
        Repricer repricer = new Repricer(TestServers.jdbi(), withoutAnthropic);
        Repricer.Plan plan = repricer.plan(Instant.parse("2025-10-10T00:00:00Z"), Instant.parse("2025-10-10T00:00:01Z"));
        repricer.apply(plan);
        var s = api.get("/api/costs/summary?period=day&at=2025-10-10", a.token()).body();
        assertThat(s.get("unpriced_events").asLong()).isEqualTo(1);
        assertThat(s.get("by_model").get(0).get("cost_usd").isNull()).isTrue();
        new Repricer(TestServers.jdbi(), TestServers.catalog()).apply(
                new Repricer(TestServers.jdbi(), TestServers.catalog())
                        .plan(Instant.parse("2025-10-10T00:00:00Z"), Instant.parse("2025-10-10T00:00:01Z")));
        assertThat(api.get("/api/costs/summary?period=day&at=2025-10-10", a.token()).body().get("unpriced_events").asLong())
                .isZero();
    }
}
