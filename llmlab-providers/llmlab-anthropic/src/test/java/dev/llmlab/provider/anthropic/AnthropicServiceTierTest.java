package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.provider.testing.GoldenFiles;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Golden responses at each Anthropic service tier and inference geography, priced with the
 * built-in price list.
 */
class AnthropicServiceTierTest {
    private static final GoldenFiles FILES = GoldenFiles.of("anthropic");
    private static final Instant NOV_2026 = Instant.parse("2026-11-01T00:00:00Z");
    private static final CostCalculator CALCULATOR = CostCalculator.of(
            PriceCatalog.fromProviders(ProviderRegistry.of(new AnthropicAdapter())));
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private Usage parse(String golden) {
        return adapter.parse(FILES.bytes(golden));
    }

    private static CostResult price(Usage u) {
        return CALCULATOR.price(u, NOV_2026);
    }

    @Test
    void message_standard_isStandard() {
        Usage u = parse("message_plain.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(u.serviceTierReported()).isTrue();
        // claude-sonnet-4-5: 2,095 x 3.00 + 503 x 15.00 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.01383");
    }

    @Test
    void batchResult_pricedAtHalfTheRates() {
        Usage u = parse("batch_result_succeeded.jsonl");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.BATCH);
        assertThat(u.model()).isEqualTo("claude-sonnet-4-5-20250929");
        // 2,095 x 1.50 + 503 x 7.50 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.006915");
    }

    @Test
    void batchResult_notSucceeded_saysItWasNotBilled() {
        assertThatThrownBy(() -> parse("batch_result_error_expired.jsonl")).isInstanceOf(UsageParseException.class)
                .hasMessageContaining("the batch result is 'expired'");
    }

    @Test
    void priority_hasNoListPrice_isUnpricedWithTheReason() {
        Usage u = parse("message_priority.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        CostResult r = price(u);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).startsWith("anthropic/claude-sonnet-4-5 has no priority rates");
    }

    @Test
    void usInference_pricedAtItsRateSet() {
        Usage u = parse("message_inference_geo_us.json");
        assertThat(u.inferenceGeo()).isEqualTo("us");
        // claude-opus-4-6 US-only: 1,000 x 5.50 + 500 x 27.50 per million (1.1 x 5.00 / 25.00)
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.01925");
    }

    @Test
    void globalInference_isTheStandardRates() {
        Usage u = parse("message_inference_geo_global.json");
        assertThat(u.inferenceGeo()).isEqualTo("global");
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.0175");
    }

    @Test
    void usInferenceInABatch_pricedAtTheUsBatchRates() {
        Usage u = parse("message_inference_geo_us.json").withServiceTier(ServiceTier.BATCH);
        // 1,000 x 2.75 + 500 x 13.75 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.009625");
    }

    @Test
    void stream_tierAndGeographyFromMessageStart() {
        Usage u = parse("stream_inference_geo_us.txt");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(u.inferenceGeo()).isEqualTo("us");
        assertThat(u.outputTokens()).isEqualTo(500);
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.01925");
    }
}
