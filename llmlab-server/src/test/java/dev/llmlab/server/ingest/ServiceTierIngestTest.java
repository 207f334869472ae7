package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.reprice.Repricer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service tier of an event on the server: priced at its tier's rates, stored, shown by
 * {@code GET /api/events/{id}}, grouped by {@code group_by=service_tier}, kept by re-pricing.
 * gpt-4o-mini in the test prices: standard 0.15 / 0.60, batch 0.075 / 0.30, priority 0.25 / 1.00,
 * no flex.
 */
class ServiceTierIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Api api = TestServers.api();

    private static String event(UUID id, String tier, String timestamp) {
        String plain = Events.event(id, "openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000, timestamp, null);
        return tier == null ? plain : plain.replace("\"duration_ms\"", "\"service_tier\":\"" + tier + "\",\"duration_ms\"");
    }

    @Test
    void ingest_eachTier_pricedAtItsRates_storedAndShown() {
        Api.Account a = api.signup();
        UUID standard = UUID.randomUUID();
        UUID batch = UUID.randomUUID();
        UUID priority = UUID.randomUUID();
        UUID flex = UUID.randomUUID();
        String at = "2025-11-19T10:00:00Z";
        Api.Response r = api.post("/api/events/track", Events.batch(List.of(event(standard, null, at),
                event(batch, "batch", at), event(priority, "priority", at), event(flex, "flex", at))), a.apiKey());
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(4);

        JsonNode s = api.get("/api/events/" + standard, a.token()).body();
        assertThat(s.get("service_tier").asText()).isEqualTo("standard");
        assertThat(s.get("cost_usd").asText()).isEqualTo("0.750000");
        JsonNode b = api.get("/api/events/" + batch, a.token()).body();
        assertThat(b.get("service_tier").asText()).isEqualTo("batch");
        assertThat(b.get("cost_usd").asText()).isEqualTo("0.375000");
        JsonNode p = api.get("/api/events/" + priority, a.token()).body();
        assertThat(p.get("service_tier").asText()).isEqualTo("priority");
        assertThat(p.get("cost_usd").asText()).isEqualTo("1.250000");
        JsonNode f = api.get("/api/events/" + flex, a.token()).body();
        assertThat(f.get("service_tier").asText()).isEqualTo("flex");
        assertThat(f.get("cost_usd").isNull()).isTrue();
        assertThat(f.get("unpriced_reason").asText()).startsWith("openai/gpt-4o-mini has no flex rates");
    }

    @Test
    void ingest_unknownServiceTier_is400NamingTheField_nothingStored() {
        Api.Account a = api.signup();
        Api.Response r = api.post("/api/events/track", event(UUID.randomUUID(), "default", "2025-11-19T10:00:00Z"),
                a.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("service_tier");
        assertThat(r.body().at("/error/message").asText())
                .isEqualTo("service_tier must be one of standard, batch, flex, priority, was 'default'");
        assertThat(Events.count(a.userId())).isZero();
    }

    @Test
    void summary_groupByServiceTier_totalsEachTier() throws Exception {
        Api.Account a = api.signup();
        String at = "2025-11-20T10:00:00Z";
        api.post("/api/events/track", Events.batch(List.of(event(UUID.randomUUID(), null, at),
                event(UUID.randomUUID(), "batch", at), event(UUID.randomUUID(), "batch", at),
                event(UUID.randomUUID(), "flex", at))), a.apiKey());

        Api.Response r = api.get("/api/costs/summary?period=day&tz=UTC&at=2025-11-20&group_by=service_tier",
                a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("group_by").asText()).isEqualTo("service_tier");
        // most expensive first, then by name; unpriced-only groups have cost_usd null
        assertThat(r.body().get("by_service_tier")).isEqualTo(JSON.readTree("""
                [{"service_tier":"batch","cost_usd":"0.750000","events":2,"unpriced_events":0},
                 {"service_tier":"standard","cost_usd":"0.750000","events":1,"unpriced_events":0},
                 {"service_tier":"flex","cost_usd":null,"events":1,"unpriced_events":1}]
                """));
        assertThat(r.body().get("total_usd").asText()).isEqualTo("1.500000");
    }

    @Test
    void summary_withoutGroupBy_hasNoServiceTierRows() {
        Api.Account a = api.signup();
        JsonNode s = api.get("/api/costs/summary?period=day&tz=UTC&at=2025-11-20", a.token()).body();
        assertThat(s.has("by_service_tier")).isFalse();
    }

    @Test
    void reprice_keepsTheTier_andPricesAtTheTiersNewRates() {
        Api.Account a = api.signup();
        UUID id = UUID.randomUUID();
        String at = "2025-11-21T07:31:13Z"; // a second no other test uses: the re-pricing range
        api.post("/api/events/track", event(id, "batch", at), a.apiKey());
        assertThat(api.get("/api/events/" + id, a.token()).body().get("cost_usd").asText()).isEqualTo("0.375000");

        PriceCatalog corrected = TestServers.catalog()
                .withOverrides(PriceCatalog.fromFile(TestServers.resource("prices/tier-corrected-prices.json")));
        Repricer repricer = new Repricer(TestServers.jdbi(), corrected);
        repricer.apply(repricer.plan(Instant.parse(at), Instant.parse(at).plusSeconds(1)));

        JsonNode e = api.get("/api/events/" + id, a.token()).body();
        assertThat(e.get("service_tier").asText()).isEqualTo("batch");
        // 1M x 0.05 + 1M x 0.20: the corrected batch rates, not the standard 0.75
        assertThat(e.get("cost_usd").asText()).isEqualTo("0.250000");
    }
}
