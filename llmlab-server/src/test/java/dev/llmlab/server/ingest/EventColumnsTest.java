package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.Cost;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.server.TestServers;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every part of an event lands in its own column of {@code events}, exactly: token counts, each part
 * of the price, the reason an event has none, duration, tags and the instant to the microsecond.
 */
class EventColumnsTest {
    private static final Instant AT = Instant.parse("2025-10-10T10:10:10.123456Z");

    private static Map<String, String> row(UUID user, UUID id) {
        return TestServers.jdbi().withHandle(h -> h.createQuery("""
                SELECT * FROM events WHERE user_id = :u AND id = :id""").bind("u", user).bind("id", id)
                .map((rs, ctx) -> {
                    Map<String, String> columns = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        columns.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                    }
                    return columns;
                }).one());
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    @Test
    void pricedAndUnpricedEvents_everyColumnHoldsItsOwnValue() {
        UUID user = UUID.randomUUID();
        Usage usage = Usage.builder("anthropic", "claude-sonnet-4-5").inputTokens(100_000).cacheReadTokens(20_000)
                .cacheWriteTokens(3_000).cacheWrite1hTokens(400).outputTokens(50_000).reasoningTokens(6_000)
                .inputAudioTokens(70).outputAudioTokens(80).build();
        CostResult priced = CostCalculator.of(TestServers.catalog()).price(usage, AT);
        Usage unknown = Usage.builder("openai", "gpt-9").inputTokens(11).outputTokens(12).webSearchRequests(9).build();
        CostResult unpriced = CostCalculator.of(TestServers.catalog()).price(unknown, AT);
        UUID pricedId = UUID.randomUUID();
        UUID unpricedId = UUID.randomUUID();
        new EventStore(TestServers.jdbi()).insert(user, List.of(
                new PricedEvent(new IncomingEvent(pricedId, usage, AT, 840.5, Map.of("project", "search"),
                        "{\"project\":\"search\"}"), priced),
                new PricedEvent(new IncomingEvent(unpricedId, unknown, AT, null, Map.of(), "{}"), unpriced)));

        Cost c = priced.cost();
        Map<String, String> p = row(user, pricedId);
        assertThat(p).containsEntry("provider", "anthropic").containsEntry("model", "claude-sonnet-4-5")
                .containsEntry("input_tokens", "100000").containsEntry("cache_read_tokens", "20000")
                .containsEntry("cache_write_tokens", "3000").containsEntry("cache_write_1h_tokens", "400")
                .containsEntry("output_tokens", "50000").containsEntry("reasoning_tokens", "6000")
                .containsEntry("input_audio_tokens", "70").containsEntry("output_audio_tokens", "80")
                .containsEntry("web_search_requests", "0")
                .containsEntry("cost_usd", plain(c.total())).containsEntry("input_cost_usd", plain(c.input()))
                .containsEntry("cache_read_cost_usd", plain(c.cacheRead()))
                .containsEntry("cache_write_cost_usd", plain(c.cacheWrite()))
                .containsEntry("output_cost_usd", plain(c.output()))
                .containsEntry("web_search_cost_usd", plain(c.webSearch()))
                .containsEntry("priced_as", priced.pricedAs()).containsEntry("price_id", priced.priceId())
                .containsEntry("unpriced_reason", null).containsEntry("duration_ms", "840.5")
                .containsEntry("tags", "{\"project\": \"search\"}")
                .containsEntry("occurred_at", "2025-10-10 10:10:10.123456+00");
        assertThat(List.of(c.input(), c.cacheRead(), c.cacheWrite(), c.output())).doesNotHaveDuplicates();

        Map<String, String> u = row(user, unpricedId);
        assertThat(u).containsEntry("input_tokens", "11").containsEntry("output_tokens", "12")
                .containsEntry("web_search_requests", "9")
                .containsEntry("reasoning_tokens", null).containsEntry("cost_usd", null)
                .containsEntry("input_cost_usd", null).containsEntry("web_search_cost_usd", null)
                .containsEntry("priced_as", null).containsEntry("price_id", null)
                .containsEntry("unpriced_reason", unpriced.unpricedReason()).containsEntry("duration_ms", null)
                .containsEntry("tags", "{}");
        assertThat(unpriced.unpricedReason()).isNotBlank();
    }
}
