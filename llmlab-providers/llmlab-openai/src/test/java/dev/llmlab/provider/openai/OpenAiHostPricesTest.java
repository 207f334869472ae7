package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenAI's models on Azure OpenAI: Global deployments bill OpenAI's list prices. */
class OpenAiHostPricesTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.of(new OpenAiAdapter());
    private static final PriceCatalog CATALOG = PriceCatalog.fromProviders(REGISTRY);
    private static final CostCalculator CALCULATOR = CostCalculator.of(CATALOG);
    private static final Instant NOV_2025 = Instant.parse("2025-11-20T12:00:00Z");

    private static CostResult price(String provider, String model) {
        Usage usage = Usage.builder(provider, model).inputTokens(100_000).cacheReadTokens(40_000)
                .outputTokens(3_000).build();
        return CALCULATOR.price(usage, NOV_2025);
    }

    @Test
    void gpt4o_onAzure_billsOpenAisListPrice() {
        // 60,000 x 2.50 + 40,000 x 1.25 + 3,000 x 10.00 = 0.15 + 0.05 + 0.03
        for (String provider : new String[] {"azure", "azure-openai", "AZURE_OPENAI", "openai"}) {
            CostResult r = price(provider, "gpt-4o-2024-08-06");
            assertThat(r.cost().total()).as(provider).isEqualByComparingTo("0.23");
            assertThat(r.priceId()).isEqualTo("openai/gpt-4o-2024-08-06@2024-08-06");
        }
        assertThat(price("azure", "gpt-4o-2024-08-06").usage().provider()).isEqualTo("azure");
    }

    @Test
    void azureFineTunedName_billsTheBasesFineTunedRates() {
        // fine-tuned gpt-4o-mini: 60,000 x 0.30 + 40,000 x 0.15 + 3,000 x 1.20 = 0.018 + 0.006 + 0.0036
        CostResult r = price("azure", "gpt-4o-mini-2024-07-18.ft-0123abcd");
        assertThat(r.cost().total()).isEqualByComparingTo("0.0276");
        assertThat(r.pricedAs()).isEqualTo("ft:gpt-4o-mini");
    }

    @Test
    void azureGolden_parsedForTheHost_namesAzure_pricedAsOpenAi() {
        Usage usage = REGISTRY.parse("azure", Golden.FILES.bytes("azure_chat.json"));
        assertThat(usage.provider()).isEqualTo("azure");
        assertThat(CALCULATOR.price(usage, NOV_2025).cost().total()).isEqualByComparingTo("0.00309");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-gpt4o-deployment", "phi-4", "claude-sonnet-4-5", "gpt-99", "", "   ", "ft:"})
    void unknownModelOnAzure_isUnpricedNeverZero(String model) {
        CostResult r = price("azure", model);
        assertThat(r.isPriced()).as(model).isFalse();
    }

    @Test
    void unknownModelOnAzure_saysTheHost() {
        assertThat(price("azure", "my-gpt4o-deployment").unpricedReason())
                .startsWith("unknown model 'my-gpt4o-deployment' for provider 'azure'");
    }
}
