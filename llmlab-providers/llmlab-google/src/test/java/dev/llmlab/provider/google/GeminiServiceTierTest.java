package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.provider.testing.GoldenFiles;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Golden Gemini responses at each service tier, priced with the built-in price list. */
class GeminiServiceTierTest {
    private static final GoldenFiles FILES = GoldenFiles.of("google");
    private static final Instant MAY_2026 = Instant.parse("2026-05-01T00:00:00Z");
    private static final CostCalculator CALCULATOR = CostCalculator.of(
            PriceCatalog.fromProviders(ProviderRegistry.of(new GeminiAdapter())));
    private final GeminiAdapter adapter = new GeminiAdapter();

    private Usage parse(String golden) {
        return adapter.parse(FILES.bytes(golden));
    }

    private static CostResult price(Usage u) {
        return CALCULATOR.price(u, MAY_2026);
    }

    @Test
    void standard_pricedAtTheStandardRates() {
        Usage u = parse("service-tier-standard.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
        // gemini-2.5-flash: 100,000 x 0.30 + 20,000 x 2.50 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.08");
    }

    @Test
    void flex_pricedAtHalfTheRates() {
        Usage u = parse("service-tier-flex.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.FLEX);
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.04");
    }

    @Test
    void priority_withoutPublishedRates_isUnpricedWithTheReason() {
        Usage u = parse("service-tier-priority.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        assertThat(price(u).unpricedReason()).startsWith("google/gemini-2.5-flash has no priority rates");
    }

    @Test
    void batchResultLine_isBatch_pricedAtHalfTheRates() {
        Usage u = parse("batch-result.jsonl");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.BATCH);
        assertThat(u.model()).isEqualTo("gemini-2.0-flash");
        // 9 x 0.05 + 12 x 0.20 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.00000285");
    }

    @Test
    void noServiceTier_isNotReported() {
        Usage u = parse("plain.json");
        assertThat(u.serviceTierReported()).isFalse();
    }
}
