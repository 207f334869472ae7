package dev.llmlab.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpendAggregateTest {
    private static final LocalDate FROM = LocalDate.of(2000, 1, 1);
    private static final LocalDate TO = LocalDate.of(2100, 1, 1);

    private static TrackedEvent event(String model, String cost, Instant at, Map<String, String> tags) {
        TrackedEvent.Builder b = TrackedEvent.builder(UUID.randomUUID(), at)
                .usage(Usage.builder("openai", model).inputTokens(10).outputTokens(5).build()).tags(tags);
        if (cost != null) {
            b.costUsd(new BigDecimal(cost));
        } else {
            b.unpricedReason("unknown model");
        }
        return b.build();
    }

    @Test
    void sums_areExact_byDayProviderModelAndTag() {
        SpendAggregate agg = SpendAggregate.create(ZoneId.of("America/New_York"));
        Instant jan1Late = Instant.parse("2025-01-02T03:00:00Z"); // still January 1st in New York
        agg.add(event("gpt-4o", "0.1", jan1Late, Map.of("feature", "chat")));
        agg.add(event("gpt-4o", "0.2", jan1Late, Map.of("feature", "chat")));
        agg.add(event("gpt-4o-mini", "0.000000000000000001", Instant.parse("2025-01-02T12:00:00Z"),
                Map.of("feature", "search")));
        agg.add(event("mystery", null, jan1Late, Map.of()));

        assertThat(agg.total().costUsd()).isEqualByComparingTo("0.300000000000000001");
        assertThat(agg.total().events()).isEqualTo(4);
        assertThat(agg.total().unpricedEvents()).isEqualTo(1);
        assertThat(agg.between(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 2)).costUsd()).isEqualByComparingTo("0.3");
        assertThat(agg.byModel(FROM, TO)).containsOnlyKeys("openai/gpt-4o", "openai/gpt-4o-mini", "openai/mystery");
        assertThat(agg.byTag("feature", FROM, TO).get("chat").costUsd()).isEqualByComparingTo("0.3");
        assertThat(agg.byProvider(FROM, TO).get("openai").events()).isEqualTo(4);
        assertThat(agg.daily(FROM, TO)).containsOnlyKeys(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 2));
    }

    @Test
    void hugeCosts_beyondTheCompactSum_stayExact() {
        SpendAggregate agg = SpendAggregate.utc();
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            agg.add(event("gpt-4o", "5000000.000000000001", at, Map.of())); // 5e18 pico-dollars each
        }

        assertThat(agg.total().costUsd()).isEqualByComparingTo("15000000.000000000003");
    }

    @Property(tries = 50)
    void total_isTheExactSum_whateverTheOrder(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        Random random = new Random(seed);
        List<TrackedEvent> events = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal cost = BigDecimal.valueOf(random.nextInt(1_000_000_000), random.nextInt(16));
            expected = expected.add(cost);
            events.add(event("m" + random.nextInt(3), cost.toPlainString(),
                    Instant.parse("2025-03-01T00:00:00Z").plusSeconds(random.nextInt(90 * 86400)),
                    Map.of("k", "v" + random.nextInt(4))));
        }
        SpendAggregate inOrder = SpendAggregate.utc();
        inOrder.write(events);
        Collections.shuffle(events, random);
        SpendAggregate shuffled = SpendAggregate.utc();
        shuffled.write(events);

        assertThat(inOrder.total().costUsd()).isEqualByComparingTo(expected);
        assertThat(shuffled.total()).isEqualTo(inOrder.total());
        BigDecimal byTag = inOrder.byTag("k", FROM, TO).values().stream().map(SpendTotals::costUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(byTag).isEqualByComparingTo(expected);
    }
}
