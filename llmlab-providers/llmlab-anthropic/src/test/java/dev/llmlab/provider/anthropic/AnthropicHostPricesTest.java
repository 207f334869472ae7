package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.LlmLab;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claude on Amazon Bedrock and Google Vertex AI: the same usage priced on each host and endpoint,
 * every id shape the hosts use, and ids no host list carries. Expected costs are computed by hand
 * in the comments.
 */
class AnthropicHostPricesTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.of(new AnthropicAdapter());
    private static final PriceCatalog CATALOG = PriceCatalog.fromProviders(REGISTRY);
    private static final CostCalculator CALCULATOR = CostCalculator.of(CATALOG);
    private static final Instant NOV_2025 = Instant.parse("2025-11-01T12:00:00Z");

    // 120,000 input tokens, of which 20,000 cache reads and 10,000 cache writes (4,000 of them 1-hour); 5,000 output.
    // Global / first-party rates (3.00, 0.30, 3.75, 6.00, 15.00):
    //   90,000 x 3.00 = 0.27; 20,000 x 0.30 = 0.006; 6,000 x 3.75 = 0.0225; 4,000 x 6.00 = 0.024;
    //   5,000 x 15.00 = 0.075 -> 0.3975
    // Regional rates (3.30, 0.33, 4.125, 6.60, 16.50):
    //   0.297 + 0.0066 + 0.02475 + 0.0264 + 0.0825 -> 0.43725
    private static final String GLOBAL = "0.3975";
    private static final String REGIONAL = "0.43725";

    private static CostResult price(String provider, String model) {
        Usage usage = Usage.builder(provider, model).inputTokens(120_000).cacheReadTokens(20_000)
                .cacheWriteTokens(10_000).cacheWrite1hTokens(4_000).outputTokens(5_000).build();
        return CALCULATOR.price(usage, NOV_2025);
    }

    private static BigDecimal cost(String provider, String model) {
        CostResult r = price(provider, model);
        assertThat(r.isPriced()).as("%s/%s: %s", provider, model, r.unpricedReason()).isTrue();
        return r.cost().total();
    }

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5-20250929,                                   " + GLOBAL,
        "anthropic, us.anthropic.claude-sonnet-4-5-20250929-v1:0,                 " + GLOBAL,
        "bedrock,   global.anthropic.claude-sonnet-4-5-20250929-v1:0,             " + GLOBAL,
        "bedrock,   bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0,     " + GLOBAL,
        "bedrock,   arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0, " + GLOBAL,
        "bedrock,   GLOBAL.Anthropic.Claude-Sonnet-4-5-20250929-V1:0,             " + GLOBAL,
        "bedrock,   us.anthropic.claude-sonnet-4-5-20250929-v1:0,                 " + REGIONAL,
        "bedrock,   eu.anthropic.claude-sonnet-4-5-20250929-v1:0,                 " + REGIONAL,
        "bedrock,   apac.anthropic.claude-sonnet-4-5-20250929-v1:0,               " + REGIONAL,
        "bedrock,   jp.anthropic.claude-sonnet-4-5-20250929-v1:0,                 " + REGIONAL,
        "bedrock,   us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0,             " + REGIONAL,
        "bedrock,   anthropic.claude-sonnet-4-5-20250929-v1:0,                    " + REGIONAL,
        "bedrock,   arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0, " + REGIONAL,
        "bedrock,   claude-sonnet-4-5-20250929,                                   " + REGIONAL,
        "aws,       us.anthropic.claude-sonnet-4-5-20250929-v1:0,                 " + REGIONAL,
        "vertex_ai, claude-sonnet-4-5@20250929,                                   " + GLOBAL,
        "vertex_ai, claude-sonnet-4-5-20250929,                                   " + GLOBAL,
        "vertex,    claude-sonnet-4-5@20250929,                                   " + GLOBAL,
        "vertex_ai, projects/acme-prod/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929, " + GLOBAL,
        "vertex_ai, projects/acme-prod/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929, " + REGIONAL,
        "vertex_ai, projects/acme-prod/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4-5@20250929, " + REGIONAL,
    })
    void sameUsage_pricedAtTheHostsEndpointRates(String provider, String model, String expected) {
        assertThat(cost(provider, model)).isEqualByComparingTo(expected);
    }

    @Test
    void hostCall_saysWhichEntryPricedIt() {
        CostResult global = price("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(global.priceId()).isEqualTo("bedrock/global.claude-sonnet-4-5@2025-09-29");
        assertThat(global.usage().provider()).isEqualTo("bedrock");
        CostResult regional = price("vertex_ai",
                "projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929");
        assertThat(regional.priceId()).isEqualTo("vertex_ai/regional.claude-sonnet-4-5@2025-09-29");
    }

    @Test
    void longContextTier_onBedrock_regionalAndGlobal() {
        // 250,000 uncached input, 1,000 output, above the 200K tier:
        // regional 250,000 x 6.60 + 1,000 x 24.75 = 1.65 + 0.02475; global 250,000 x 6.00 + 1,000 x 22.50 = 1.5 + 0.0225
        Usage regional = Usage.builder("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .inputTokens(250_000).outputTokens(1_000).build();
        assertThat(CALCULATOR.price(regional, NOV_2025).cost().total()).isEqualByComparingTo("1.67475");
        Usage global = regional.withModel("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(CALCULATOR.price(global, NOV_2025).cost().total()).isEqualByComparingTo("1.5225");
    }

    @Test
    void modelWithoutRegionalPremium_globalProfileBillsThePlainEntry() {
        // Sonnet 4 bills the same on every Bedrock endpoint: 0.3975 as first-party
        assertThat(cost("bedrock", "global.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualByComparingTo(GLOBAL);
        assertThat(cost("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualByComparingTo(GLOBAL);
        assertThat(price("bedrock", "global.anthropic.claude-sonnet-4-20250514-v1:0").priceId())
                .isEqualTo("bedrock/claude-sonnet-4@2025-05-22");
    }

    @Test
    void vertexV2Id_resolvesThroughTheAlias() {
        assertThat(price("vertex_ai", "claude-3-5-sonnet-v2@20241022").priceId())
                .isEqualTo("vertex_ai/claude-3-5-sonnet-20241022@2024-10-22");
        assertThat(price("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0").priceId())
                .isEqualTo("bedrock/claude-3-5-sonnet-20241022@2024-10-22");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic.claude-sonnet-9-v1:0", "global.anthropic.claude-nonexistent-20990101-v1:0",
        "claude-sonnet-5-5", "claude-haiku-5-5-20261007", "gpt-4o", "us.meta.llama3-70b-instruct-v1:0",
        "arn:aws:bedrock:::", "arn:aws:bedrock:us-east-1::foundation-model/", "global.", "us.anthropic.",
        "projects/p/locations/us-east5/publishers/anthropic/models/", "@20250929", "...", "-v1:0", "claude",
        "regional.claude-sonnet-4-5"})
    void bedrock_unknownOrGarbageId_isUnpricedNeverZero(String model) {
        CostResult r = price("bedrock", model);
        assertThat(r.isPriced()).as(model).isFalse();
        assertThat(r.unpricedReason()).contains("bedrock");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-5-5", "claude-sonnet-9@20990101", "gemini-2.5-pro",
        "projects/p/locations//publishers/anthropic/models/claude-x@1", "global.claude-sonnet-4-5"})
    void vertex_unknownOrGarbageId_isUnpricedNeverZero(String model) {
        CostResult r = price("vertex_ai", model);
        assertThat(r.isPriced()).as(model).isFalse();
        assertThat(r.unpricedReason()).contains("vertex_ai");
    }

    @Test
    void lookupWithoutProvider_neverAnswersAHost() {
        Optional<ModelPrice> found = CATALOG.find(null, "claude-sonnet-4-5-20250929");
        assertThat(found).map(ModelPrice::id).contains("anthropic/claude-sonnet-4-5");
    }

    @Test
    void parse_forAHost_namesTheHostAsProvider() {
        Usage bedrock = REGISTRY.parse("bedrock", Golden.FILES.bytes("bedrock_message.json"));
        assertThat(bedrock.provider()).isEqualTo("bedrock");
        assertThat(bedrock.model()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(REGISTRY.parse("aws-bedrock", Golden.FILES.bytes("bedrock_message.json")).provider())
                .isEqualTo("bedrock");
        assertThat(REGISTRY.parse("vertex", Golden.FILES.bytes("vertex_message.json")).provider())
                .isEqualTo("vertex_ai");
        assertThat(REGISTRY.parse("anthropic", Golden.FILES.bytes("bedrock_message.json")).provider())
                .isEqualTo("anthropic");
    }

    @Test
    void everyRegionalEntry_isTheGlobalEntryPlusTenPercent() {
        BigDecimal premium = new BigDecimal("1.1");
        int pairs = 0;
        for (ModelPrice m : CATALOG.models()) {
            String pair = m.provider().equals("bedrock") ? "global." + m.model()
                    : m.provider().equals("vertex_ai") && m.model().startsWith("regional.")
                            ? m.model().substring("regional.".length()) : null;
            Optional<ModelPrice> other = pair == null ? Optional.empty() : CATALOG.find(m.provider(), pair)
                    .filter(o -> o.model().equals(pair));
            if (other.isEmpty()) {
                continue;
            }
            pairs++;
            assertThat(m.periods()).hasSameSizeAs(other.get().periods());
            for (int i = 0; i < m.periods().size(); i++) {
                Rates regional = m.periods().get(i).rates();
                Rates global = other.get().periods().get(i).rates();
                assertThat(regional.input()).as(m.id()).isEqualByComparingTo(global.input().multiply(premium));
                assertThat(regional.output().orElseThrow()).as(m.id())
                        .isEqualByComparingTo(global.output().orElseThrow().multiply(premium));
                assertThat(regional.cacheRead().orElseThrow()).as(m.id())
                        .isEqualByComparingTo(global.cacheRead().orElseThrow().multiply(premium));
            }
        }
        assertThat(pairs).isEqualTo(23); // 12 models with a regional premium on Bedrock, 11 on Vertex AI (no Sonnet 5)
    }

    @Test
    void everyHostPeriod_hasASourceOnTheHostsPage() {
        assertThat(CATALOG.models()).filteredOn(m -> !m.provider().equals("anthropic")).allSatisfy(m -> {
            assertThat(m.periods()).isNotEmpty();
            for (PricePeriod p : m.periods()) {
                assertThat(p.source()).get().asString().startsWith(m.provider().equals("bedrock")
                        ? "https://aws.amazon.com/bedrock/pricing/" : "https://cloud.google.com/vertex-ai/");
            }
        });
    }

    @Test
    void tracker_callOptionsNamingTheHost_recordTheHostsCost() {
        String body = new String(Golden.FILES.bytes("bedrock_message.json"), StandardCharsets.UTF_8);
        List<TrackedEvent> events = new CopyOnWriteArrayList<>();
        TrackingSink collect = events::addAll;
        LlmLab lab = LlmLab.builder().providers(REGISTRY).catalog(CATALOG).shutdownHook(false).sink(collect).build();
        try {
            lab.track(CallOptions.provider("bedrock").model("global.anthropic.claude-haiku-4-5-20251001-v1:0"), () -> body);
            lab.track(CallOptions.provider("aws").model("eu.anthropic.claude-haiku-4-5-20251001-v1:0"), () -> body);
            assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            lab.close();
        }
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.OK);
            assertThat(e.provider()).isEqualTo("bedrock");
        });
        // 19 input, 241 output: global 19 x 1.00 + 241 x 5.00 = 1,224 per million; regional 19 x 1.10 + 241 x 5.50
        assertThat(events.get(0).costUsd()).isEqualByComparingTo("0.001224");
        assertThat(events.get(1).costUsd()).isEqualByComparingTo("0.0013464");
    }
}
