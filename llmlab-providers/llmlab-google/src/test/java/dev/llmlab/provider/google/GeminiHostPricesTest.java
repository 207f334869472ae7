package dev.llmlab.provider.google;

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

/** Gemini on Google Vertex AI: Vertex AI's own rates where they differ, the Gemini API's otherwise. */
class GeminiHostPricesTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.of(new GeminiAdapter());
    private static final CostCalculator CALCULATOR = CostCalculator.of(PriceCatalog.fromProviders(REGISTRY));
    private static final Instant FEB_2026 = Instant.parse("2026-02-01T12:00:00Z");
    private static final Instant MAR_2025 = Instant.parse("2025-03-01T12:00:00Z");

    private static CostResult price(String provider, String model, Instant at) {
        return CALCULATOR.price(Usage.builder(provider, model).inputTokens(10_000).outputTokens(2_000).build(), at);
    }

    @Test
    void gemini20Flash_onVertex_billsVertexRates() {
        // Vertex AI: 10,000 x 0.15 + 2,000 x 0.60 = 0.0015 + 0.0012; Gemini API: 0.0010 + 0.0008
        CostResult vertex = price("vertex_ai", "gemini-2.0-flash-001", MAR_2025);
        assertThat(vertex.cost().total()).isEqualByComparingTo("0.0027");
        assertThat(vertex.priceId()).isEqualTo("vertex_ai/gemini-2.0-flash@2025-02-05");
        assertThat(price("google", "gemini-2.0-flash-001", MAR_2025).cost().total()).isEqualByComparingTo("0.0018");
        assertThat(price("vertex", "publishers/google/models/gemini-2.0-flash-001", MAR_2025).cost().total())
                .isEqualByComparingTo("0.0027");
    }

    @Test
    void geminiModelVertexBillsAtListPrice_pricedFromTheGoogleList() {
        CostResult onVertex = price("vertex_ai", "gemini-2.5-pro", FEB_2026);
        CostResult onGoogle = price("google", "gemini-2.5-pro", FEB_2026);
        assertThat(onVertex.cost().total()).isEqualByComparingTo(onGoogle.cost().total());
        assertThat(onVertex.priceId()).isEqualTo(onGoogle.priceId()).startsWith("google/");
        assertThat(onVertex.usage().provider()).isEqualTo("vertex_ai");
    }

    @Test
    void vertexGolden_parsedForTheHost_pricedAsBefore() {
        Usage usage = REGISTRY.parse("vertex_ai", Golden.FILES.bytes("vertex.json"));
        assertThat(usage.provider()).isEqualTo("vertex_ai");
        assertThat(CALCULATOR.price(usage, FEB_2026).cost().total()).isEqualByComparingTo("0.02113");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini-9.9-ultra", "claude-sonnet-4-5@20250929", "gpt-4o", "publishers/google/models/",
        "projects/p/locations/us-central1/publishers/google/models/", "global.gemini-2.5-pro-x"})
    void unknownModelOnVertex_isUnpricedNeverZero(String model) {
        CostResult r = price("vertex_ai", model, FEB_2026);
        assertThat(r.isPriced()).as(model).isFalse();
        assertThat(r.unpricedReason()).contains("vertex_ai");
    }
}
