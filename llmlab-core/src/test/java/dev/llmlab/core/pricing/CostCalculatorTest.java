package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {
    private static final Instant JULY_2025 = Instant.parse("2025-07-01T12:00:00Z");
    private final CostCalculator calculator = CostCalculator.of(TestCatalogs.acme());

    private static Usage.Builder usage(String model) {
        return Usage.builder("acme", model);
    }

    private static BigDecimal usd(String v) {
        return new BigDecimal(v);
    }

    @Test
    void price_uncachedInputAndOutput_exact() {
        Cost cost = calculator.price(usage("acme-mini").inputTokens(1_000).outputTokens(500).build(), JULY_2025).cost();
        // 1000 x 0.15 / 1M = 0.00015; 500 x 0.60 / 1M = 0.0003
        assertThat(cost.input()).isEqualByComparingTo("0.00015");
        assertThat(cost.output()).isEqualByComparingTo("0.0003");
        assertThat(cost.total()).isEqualByComparingTo("0.00045");
    }

    @Test
    void price_cacheReadsBilledAtCacheRate() {
        Usage u = usage("acme-large").inputTokens(1_200).cacheReadTokens(200).outputTokens(300).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        // uncached 1000 x 2.00 = 0.002; cached 200 x 0.50 = 0.0001; output 300 x 8.00 = 0.0024
        assertThat(cost.input()).isEqualByComparingTo("0.002");
        assertThat(cost.cacheRead()).isEqualByComparingTo("0.0001");
        assertThat(cost.output()).isEqualByComparingTo("0.0024");
        assertThat(cost.total()).isEqualByComparingTo("0.0045");
    }

    @Test
    void price_cacheWrites5mAnd1hAtTheirOwnRates() {
        Usage u = usage("acme-cache").inputTokens(10_000).cacheWriteTokens(3_000).cacheWrite1hTokens(1_000)
                .cacheReadTokens(4_000).outputTokens(100).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        // uncached 3000 x 3 = 0.009; read 4000 x 0.30 = 0.0012; 5m 2000 x 3.75 = 0.0075; 1h 1000 x 6 = 0.006
        assertThat(cost.input()).isEqualByComparingTo("0.009");
        assertThat(cost.cacheRead()).isEqualByComparingTo("0.0012");
        assertThat(cost.cacheWrite()).isEqualByComparingTo("0.0135");
        assertThat(cost.cacheWrite1h()).isEqualByComparingTo("0.006");
        assertThat(cost.output()).isEqualByComparingTo("0.0015");
        assertThat(cost.total()).isEqualByComparingTo("0.0252");
    }

    @Test
    void price_missingCacheRates_fallBackToInputRate() {
        Usage u = usage("acme-mini").inputTokens(1_000_000).cacheReadTokens(400_000).cacheWriteTokens(100_000)
                .cacheWrite1hTokens(50_000).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        assertThat(cost.cacheRead()).isEqualByComparingTo("0.06"); // 400k x 0.15
        assertThat(cost.cacheWrite()).isEqualByComparingTo("0.015"); // 100k x 0.15
        assertThat(cost.total()).isEqualByComparingTo("0.15"); // every token at the input rate
    }

    @Test
    void price_tierAppliesStrictlyAboveThreshold() {
        Usage at = usage("acme-cache").inputTokens(200_000).outputTokens(1_000_000).build();
        Usage above = usage("acme-cache").inputTokens(200_001).outputTokens(1_000_000).build();
        CostResult base = calculator.price(at, JULY_2025);
        CostResult tier = calculator.price(above, JULY_2025);
        assertThat(base.cost().input()).isEqualByComparingTo("0.6"); // 200000 x 3
        assertThat(base.cost().output()).isEqualByComparingTo("15");
        assertThat(base.tierAboveInputTokens()).isEmpty();
        assertThat(tier.cost().input()).isEqualByComparingTo("1.200006"); // 200001 x 6, whole prompt
        assertThat(tier.cost().output()).isEqualByComparingTo("22.5");
        assertThat(tier.tierAboveInputTokens()).hasValue(200_000);
        assertThat(tier.priceId()).isEqualTo("acme/acme-cache@2024-01-01>200000");
    }

    @Test
    void price_eventPricedAtRateInForceAtItsTimestamp() {
        Usage u = usage("acme-large").inputTokens(1_000_000).outputTokens(1_000_000).build();
        CostResult before = calculator.price(u, Instant.parse("2025-06-09T23:59:59Z"));
        CostResult after = calculator.price(u, Instant.parse("2025-06-10T00:00:00Z"));
        assertThat(before.cost().total()).isEqualByComparingTo("50");
        assertThat(before.priceId()).isEqualTo("acme/acme-large@2025-01-01");
        assertThat(after.cost().total()).isEqualByComparingTo("10");
        assertThat(after.priceId()).isEqualTo("acme/acme-large@2025-06-10");
    }

    @Test
    void price_beforeFirstPeriod_isUnpricedWithReason() {
        CostResult r = calculator.price(usage("acme-large").inputTokens(1).build(), Instant.parse("2024-12-31T00:00:00Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("no price for acme/acme-large").contains("2025-01-01");
    }

    @Test
    void price_unknownModel_isUnpricedWithClosestNames_neverZero() {
        CostResult r = calculator.price(usage("acme-larg").inputTokens(100).build(), JULY_2025);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.costIfPriced()).isEmpty();
        assertThat(r.unpricedReason()).contains("unknown model 'acme-larg'").contains("acme-large");
        assertThat(r.suggestions()).first().isEqualTo("acme-large");
        assertThatThrownBy(r::cost).isInstanceOf(UnknownModelException.class).hasMessageContaining("acme-large");
    }

    @Test
    void price_unknownProvider_isUnpricedNamingKnownProviders() {
        CostResult r = calculator.price(Usage.builder("nope", "acme-mini").inputTokens(1).build(), JULY_2025);
        assertThat(r.unpricedReason()).contains("unknown provider 'nope'").contains("acme").contains("other");
    }

    @Test
    void price_nullModel_isUnpricedAskingForTheModel() {
        CostResult r = calculator.price(Usage.builder("acme", null).inputTokens(1).build(), JULY_2025);
        assertThat(r.unpricedReason()).contains("no model name");
    }

    @Test
    void price_outputWithoutOutputRate_isUnpriced() {
        CostResult embed = calculator.price(usage("acme-embed").inputTokens(1_000).build(), JULY_2025);
        CostResult withOutput = calculator.price(usage("acme-embed").inputTokens(1_000).outputTokens(1).build(), JULY_2025);
        assertThat(embed.cost().total()).isEqualByComparingTo("0.00002");
        assertThat(withOutput.isPriced()).isFalse();
        assertThat(withOutput.unpricedReason()).contains("no output rate");
    }

    @Test
    void price_webSearchRequestsBilledPerThousand() {
        Usage u = usage("acme-cache").inputTokens(1_000).webSearchRequests(3).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        assertThat(cost.webSearch()).isEqualByComparingTo("0.03"); // 3 x 10 / 1000
        assertThat(cost.total()).isEqualByComparingTo("0.033");
    }

    @Test
    void price_webSearchWithoutRate_isUnpriced() {
        CostResult r = calculator.price(usage("acme-mini").inputTokens(1).webSearchRequests(1).build(), JULY_2025);
        assertThat(r.unpricedReason()).contains("no web search rate");
    }

    @Test
    void price_audioTokensAtAudioRates() {
        Usage u = usage("acme-audio").inputTokens(1_000).inputAudioTokens(600).outputTokens(500).outputAudioTokens(400)
                .build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        // text in 400 x 2.5 = 0.001; audio in 600 x 40 = 0.024; text out 100 x 10 = 0.001; audio out 400 x 80 = 0.032
        assertThat(cost.inputAudio()).isEqualByComparingTo("0.024");
        assertThat(cost.input()).isEqualByComparingTo("0.025");
        assertThat(cost.outputAudio()).isEqualByComparingTo("0.032");
        assertThat(cost.output()).isEqualByComparingTo("0.033");
        assertThat(cost.total()).isEqualByComparingTo("0.058");
    }

    @Test
    void price_audioWithoutAudioRates_fallsBackToTextRates() {
        Usage u = usage("acme-mini").inputTokens(1_000_000).inputAudioTokens(1_000_000).outputTokens(1_000_000)
                .outputAudioTokens(1_000_000).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        assertThat(cost.total()).isEqualByComparingTo("0.75");
    }

    @Test
    void price_hugeCounts_stayExactBeyondLongArithmetic() {
        Usage u = usage("acme-large").inputTokens(Long.MAX_VALUE).outputTokens(Long.MAX_VALUE).build();
        Cost cost = calculator.price(u, JULY_2025).cost();
        BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
        BigDecimal expected = max.multiply(usd("2.00")).add(max.multiply(usd("8.00"))).movePointLeft(6);
        assertThat(cost.total()).isEqualByComparingTo(expected);
    }

    @Test
    void price_zeroUsage_isPricedZero() {
        CostResult r = calculator.price(usage("acme-mini").build(), JULY_2025);
        assertThat(r.cost().total()).isEqualByComparingTo("0");
        assertThat(r.pricedAs()).isEqualTo("acme-mini");
    }

    @Test
    void price_noFloatNoise() {
        // 0.1 + 0.2 in double is 0.30000000000000004; we must never show that
        Usage u = usage("acme-mini").inputTokens(1_000_000).outputTokens(0).build();
        Cost a = calculator.price(u, JULY_2025).cost();
        assertThat(Amounts.plain(a.total().add(a.total()))).isEqualTo("0.300000");
    }

    @Test
    void cost_equalityIgnoresScale() {
        Cost a = calculator.price(usage("acme-mini").inputTokens(1_000).build(), JULY_2025).cost();
        Cost b = a.plus(Cost.zero());
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
}
