package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.server.TestServers;
import dev.llmlab.spi.Usage;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The totals ingest writes are exact however large the batch's token counts add up. */
class EventStoreTotalsTest {
    @Test
    void insert_tokenSumsOfABatchBeyondLong_storedExactly() {
        UUID user = UUID.randomUUID();
        Instant at = Instant.parse("2025-06-06T06:06:06Z");
        // Stored as the parser would never pass them: each at the largest long, so two overflow a long
        Usage usage = Usage.builder("openai", "no-such-model").inputTokens(Long.MAX_VALUE)
                .outputTokens(Long.MAX_VALUE).build();
        CostResult unpriced = CostCalculator.of(TestServers.catalog()).price(usage, at);
        List<PricedEvent> events = List.of(
                new PricedEvent(new IncomingEvent(UUID.randomUUID(), usage, at, null, Map.of(), "{}"), unpriced),
                new PricedEvent(new IncomingEvent(UUID.randomUUID(), usage, at, null, Map.of(), "{}"), unpriced));

        assertThat(new EventStore(TestServers.jdbi()).insert(user, events)).hasSize(2);

        List<String> sums = TestServers.jdbi().withHandle(h -> h.createQuery("""
                SELECT sum(events)::text, sum(input_tokens)::text, sum(output_tokens)::text
                FROM (SELECT events, input_tokens, output_tokens FROM usage_deltas WHERE user_id = :u
                      UNION ALL
                      SELECT events, input_tokens, output_tokens FROM usage_totals WHERE user_id = :u) t
                """).bind("u", user).map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .one());
        String two = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO).toString();
        assertThat(sums).containsExactly("2", two, two);
    }
}
