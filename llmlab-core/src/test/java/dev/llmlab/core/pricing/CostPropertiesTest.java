package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CostPropertiesTest {
    private static final Instant AT = Instant.parse("2025-07-01T00:00:00Z");
    private static final CostCalculator CALC = CostCalculator.of(TestCatalogs.acme());

    @Provide
    Arbitrary<Usage> usages() {
        Arbitrary<String> models = Arbitraries.of("acme-large", "acme-cache", "acme-audio", "acme-mini");
        Arbitrary<Long> counts = Arbitraries.longs().between(0, 5_000_000);
        return Combinators.combine(models, counts, counts, counts, counts, counts, counts, counts)
                .as((model, uncached, read, write5m, write1h, text, audioIn, audioOut) -> Usage.builder("acme", model)
                        .inputTokens(uncached + read + write5m + write1h + audioIn)
                        .cacheReadTokens(read)
                        .cacheWriteTokens(write5m + write1h)
                        .cacheWrite1hTokens(write1h)
                        .inputAudioTokens(audioIn)
                        .outputTokens(text + audioOut)
                        .outputAudioTokens(audioOut)
                        .build());
    }

    @Property
    void cost_isNeverNegative(@ForAll("usages") Usage usage) {
        assertThat(CALC.price(usage, AT).cost().total().signum()).isGreaterThanOrEqualTo(0);
    }

    @Property
    void cost_partsAddUpToTotalExactly(@ForAll("usages") Usage usage) {
        Cost c = CALC.price(usage, AT).cost();
        BigDecimal sum = c.input().add(c.cacheRead()).add(c.cacheWrite()).add(c.output()).add(c.webSearch());
        assertThat(sum).isEqualByComparingTo(c.total());
    }

    @Property
    void cost_isAdditiveAcrossTokenClasses(@ForAll("usages") Usage usage) {
        // pricing each class on its own and summing equals pricing the whole call
        Usage onlyRead = Usage.builder("acme", usage.model()).inputTokens(usage.cacheReadTokens())
                .cacheReadTokens(usage.cacheReadTokens()).build();
        Usage rest = usage.toBuilder().inputTokens(usage.inputTokens() - usage.cacheReadTokens()).cacheReadTokens(0)
                .build();
        Usage tierless = usage.inputTokens() > 200_000 ? null : usage;
        if (tierless != null && rest.inputTokens() <= 200_000) {
            BigDecimal whole = CALC.price(usage, AT).cost().total();
            BigDecimal parts = CALC.price(onlyRead, AT).cost().total().add(CALC.price(rest, AT).cost().total());
            assertThat(parts).isEqualByComparingTo(whole);
        }
    }

    @Property
    void cost_matchesPlainBigDecimalArithmetic(@ForAll("usages") Usage usage) {
        CostResult r = CALC.price(usage, AT);
        Rates rates = r.period().orElseThrow().rates();
        if (r.tierAboveInputTokens().isPresent()) {
            rates = r.period().orElseThrow().tiers().get(0).rates();
        }
        BigDecimal expected = BigDecimal.ZERO
                .add(mul(usage.uncachedInputTokens() - usage.inputAudioTokens(), rates.input()))
                .add(mul(usage.inputAudioTokens(), rates.effectiveInputAudio()))
                .add(mul(usage.cacheReadTokens(), rates.effectiveCacheRead()))
                .add(mul(usage.cacheWriteTokens() - usage.cacheWrite1hTokens(), rates.effectiveCacheWrite()))
                .add(mul(usage.cacheWrite1hTokens(), rates.effectiveCacheWrite1h()))
                .add(mul(usage.outputTokens() - usage.outputAudioTokens(), rates.output().orElseThrow()))
                .add(mul(usage.outputAudioTokens(), rates.outputAudio().orElse(rates.output().orElseThrow())));
        assertThat(r.cost().total()).isEqualByComparingTo(expected);
    }

    private static BigDecimal mul(long tokens, BigDecimal perMillion) {
        return BigDecimal.valueOf(tokens).multiply(perMillion).divide(BigDecimal.valueOf(1_000_000));
    }

    @Property(tries = 50)
    void sum_isIndependentOfEventOrder(@ForAll("usages") Usage a, @ForAll("usages") Usage b, @ForAll("usages") Usage c,
            @ForAll long seed) {
        List<Usage> events = new ArrayList<>(List.of(a, b, c, a, b));
        BigDecimal first = sum(events);
        Collections.shuffle(events, new Random(seed));
        assertThat(sum(events)).isEqualTo(first); // exact equality, scale included
    }

    private static BigDecimal sum(List<Usage> events) {
        Cost total = Cost.zero();
        for (Usage u : events) {
            total = total.plus(CALC.price(u, AT).cost());
        }
        return total.total();
    }
}
