package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Golden responses at each OpenAI service tier: the tier the response reports is read, and the
 * call is priced at that tier's rates in the built-in price list.
 */
class OpenAiServiceTierTest {
    private static final Instant NOV_2026 = Instant.parse("2026-11-01T00:00:00Z");
    private static final CostCalculator CALCULATOR = CostCalculator.of(
            PriceCatalog.fromProviders(ProviderRegistry.of(new OpenAiAdapter())));
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    private Usage parse(String golden) {
        return adapter.parse(Golden.FILES.bytes(golden));
    }

    private static CostResult price(Usage u) {
        return CALCULATOR.price(u, NOV_2026);
    }

    @Test
    void chatCompletion_flex_pricedAtFlexRates() {
        Usage u = parse("chat_completion_flex.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.FLEX);
        // gpt-5 flex: 8,000 uncached x 0.625 + 4,000 cached x 0.0625 + 2,000 output x 5.00 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.01525");
    }

    @Test
    void chatCompletion_priority_pricedAtThePriorityTable() {
        Usage u = parse("chat_completion_priority.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        // gpt-5 priority: 2.50 / 0.25 / 20.00 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.061");
    }

    @Test
    void chatCompletion_default_isStandard() {
        Usage u = parse("chat_completion_plain.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(u.serviceTierReported()).isTrue();
    }

    @Test
    void responses_flex_pricedAtFlexRates() {
        Usage u = parse("responses_flex.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.FLEX);
        // o4-mini flex: 20,000 input x 0.55 + 5,000 output x 2.20 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.022");
    }

    @Test
    void responses_flexRequestedButServedAtDefault_isBilledStandard() {
        Usage u = parse("responses_flex_served_default.json");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
        // o4-mini standard: 20,000 x 1.10 + 5,000 x 4.40 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.044");
    }

    @Test
    void responses_scaleTier_isReadAsNotReported_andPricedAtTheListRates() {
        Usage u = parse("responses_scale.json");
        assertThat(u.serviceTierReported()).isFalse();
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.STANDARD);
    }

    @Test
    void chatStream_priority_readFromTheChunks() {
        Usage u = parse("chat_stream_priority.sse");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.PRIORITY);
        // gpt-4.1 priority: 226 uncached x 3.50 + 1,024 cached x 0.875 + 3 output x 14.00 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.001729");
    }

    @Test
    void responsesStream_tierOfTheCompletedEvent_notTheEchoOfTheRequest() {
        Usage u = parse("responses_stream_flex.sse");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.FLEX);
    }

    @Test
    void batchOutputLine_isBatch_whateverItsBodySays() {
        Usage u = parse("batch_output_line.json");
        assertThat(u.model()).isEqualTo("gpt-5-mini-2025-08-07");
        assertThat(u.serviceTier()).isEqualTo(ServiceTier.BATCH);
        // gpt-5-mini batch: 8,000 x 0.125 + 4,000 x 0.0125 + 2,000 x 1.00 per million
        assertThat(price(u).cost().total()).isEqualByComparingTo("0.00305");
    }

    @Test
    void flexOnAModelWithoutFlex_isUnpricedWithTheReason() {
        Usage u = parse("chat_stream_priority.sse").withServiceTier(ServiceTier.FLEX);
        CostResult r = price(u);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).startsWith("openai/gpt-4.1 has no flex rates in force from 2025-04-14");
    }

    @Test
    void priorityAboveTheLongContextThreshold_isUnpriced() {
        Usage u = Usage.builder("openai", "gpt-5.4").inputTokens(300_000).outputTokens(10)
                .serviceTier(ServiceTier.PRIORITY).build();
        assertThat(price(u).unpricedReason()).contains("has no priority rates for prompts above 271999 input tokens");
    }
}
