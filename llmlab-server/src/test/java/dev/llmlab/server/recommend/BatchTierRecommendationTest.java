package dev.llmlab.server.recommend;

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
 * The batch_pricing recommendation counts only calls billed at the standard tier: non-interactive
 * calls already sent through the batch API have nothing left to save. 15 gpt-4o-mini calls tagged
 * job=nightly, 1M in / 100k out (0.21 each at standard: a saving of 15 × 0.105 = 1.575 if moved).
 */
class BatchTierRecommendationTest {
    private static final Api API = TestServers.api();

    private static List<String> nightly(String tier) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String e = Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 100_000,
                    "2025-10-0" + (1 + i % 9) + "T03:00:00Z", "{\"job\":\"nightly\"}");
            events.add(tier == null ? e : e.replace("\"duration_ms\"", "\"service_tier\":\"" + tier + "\",\"duration_ms\""));
        }
        return events;
    }

    private static List<String> kinds(Api.Account a, List<String> events) {
        Api.Response r = API.post("/api/events/track", Events.batch(events), a.apiKey());
        assertThat(r.body().get("accepted").asInt()).as(r.text()).isEqualTo(events.size());
        JsonNode recs = API.get("/api/recommendations?period=month&at=2025-10-15", a.token()).body()
                .get("recommendations");
        List<String> out = new ArrayList<>();
        recs.forEach(n -> out.add(n.get("kind").asText()));
        return out;
    }

    @Test
    void nightlyJobsAtStandard_areRecommendedTheBatchApi() {
        assertThat(kinds(API.signup(), nightly(null))).contains("batch_pricing");
    }

    @Test
    void nightlyJobsAlreadyAtTheBatchTier_areNot() {
        assertThat(kinds(API.signup(), nightly("batch"))).doesNotContain("batch_pricing");
    }
}
