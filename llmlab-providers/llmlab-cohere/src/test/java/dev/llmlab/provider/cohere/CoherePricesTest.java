package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cohere's price list: loads, matches its sources, resolves names, prices golden bodies exactly. */
class CoherePricesTest {
    private static final Instant MID_2025 = Instant.parse("2025-06-01T12:00:00Z");

    private final PriceCatalog catalog = PriceCatalog.fromProviders(ProviderRegistry.of(new CohereAdapter()));
    private final CostCalculator calculator = CostCalculator.of(catalog);
    private final CohereAdapter adapter = new CohereAdapter();

    private static BigDecimal usd(String s) {
        return new BigDecimal(s);
    }

    private ModelPrice price(String model) {
        return catalog.find("cohere", model).orElseThrow(() -> new AssertionError("no price for " + model));
    }

    private CostResult cost(String model, long input, long output, Instant at) {
        return calculator.price(Usage.builder("cohere", model).inputTokens(input).outputTokens(output).build(), at);
    }

    @Test
    void priceList_loadsFifteenPricedModelsAndSixUnpriced() {
        assertThat(catalog.providers()).containsExactly("cohere");
        assertThat(catalog.models()).filteredOn(ModelPrice::isPriced).extracting(ModelPrice::model)
                .containsExactlyInAnyOrder(
                "command-a-03-2025", "command-r7b-12-2024", "command-r-08-2024", "command-r-plus-08-2024",
                "command-r", "command-r-plus", "command", "command-light", "embed-v4.0", "embed-english-v3.0",
                "embed-multilingual-v3.0", "embed-english-light-v3.0", "embed-multilingual-light-v3.0",
                "c4ai-aya-expanse-32b", "c4ai-aya-expanse-8b");
        assertThat(catalog.models()).filteredOn(m -> !m.isPriced()).extracting(ModelPrice::model)
                .containsExactlyInAnyOrder("rerank-v3.5", "rerank-english-v3.0", "rerank-multilingual-v3.0",
                "command-a-vision-07-2025", "command-a-reasoning-08-2025", "command-a-translate-08-2025");
    }

    static Stream<Arguments> citedPrices() {
        return Stream.of(
                // model, USD per million input, per million output (null: embeddings have no output)
                // https://cohere.com/pricing (Command A)
                Arguments.of("command-a-03-2025", "2.50", "10.00"),
                // https://cohere.com/pricing (Command R7B)
                Arguments.of("command-r7b-12-2024", "0.0375", "0.15"),
                // https://docs.cohere.com/changelog/command-gets-refreshed ("$0.15/M input, $0.60/M output")
                Arguments.of("command-r-08-2024", "0.15", "0.60"),
                // https://docs.cohere.com/changelog/command-gets-refreshed ("$2.50/M input, $10.00/M output")
                Arguments.of("command-r-plus-08-2024", "2.50", "10.00"),
                // https://cohere.com/pricing, legacy Command R (03-2024); launch price in https://cohere.com/blog/command-r/
                Arguments.of("command-r", "0.50", "1.50"),
                // https://cohere.com/pricing, legacy Command R+ (04-2024)
                Arguments.of("command-r-plus", "3.00", "15.00"),
                // https://cohere.com/pricing, legacy Command
                Arguments.of("command", "1.00", "2.00"),
                // https://cohere.com/pricing FAQ: "Command-light pricing is $0.30/1M tokens for input and $0.60/1M"
                Arguments.of("command-light", "0.30", "0.60"),
                // https://cohere.com/pricing, Embed 4 text input
                Arguments.of("embed-v4.0", "0.12", null),
                // https://cohere.com/pricing, Embed 3
                Arguments.of("embed-english-v3.0", "0.10", null),
                Arguments.of("embed-multilingual-v3.0", "0.10", null),
                Arguments.of("embed-english-light-v3.0", "0.10", null),
                Arguments.of("embed-multilingual-light-v3.0", "0.10", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("citedPrices")
    void price_equalsCitedSourceValue(String model, String input, String output) {
        PricePeriod current = price(model).current();

        assertThat(current.rates().input()).isEqualByComparingTo(usd(input));
        if (output == null) {
            assertThat(current.rates().output()).isEmpty();
        } else {
            assertThat(current.rates().output()).get().satisfies(o -> assertThat(o).isEqualByComparingTo(usd(output)));
        }
        assertThat(current.rates().cacheRead()).as("Cohere has no prompt cache").isEmpty();
        assertThat(current.source()).get().asString().startsWith("https://");
    }

    @Test
    void everyPeriod_citesASourceAndHasNoTiers() {
        for (ModelPrice m : catalog.models()) {
            for (PricePeriod p : m.periods()) {
                assertThat(p.source()).as(m.id()).get().asString().startsWith("https://");
                assertThat(p.tiers()).as("%s: Cohere prices do not depend on prompt size", m.id()).isEmpty();
            }
        }
    }

    @Test
    void everyModel_pricesASampleUsage() {
        for (ModelPrice m : catalog.models()) {
            if (!m.isPriced()) {
                continue; // rerank (per search) and sales-only models: see the test below
            }
            boolean embedding = m.model().startsWith("embed-");
            CostResult r = cost(m.model(), 1_000_000, embedding ? 0 : 1_000_000, Instant.parse("2025-12-01T00:00:00Z"));

            assertThat(r.isPriced()).as("%s: %s", m.id(), r.unpricedReason()).isTrue();
            assertThat(r.cost().total()).as(m.id()).isPositive();
            assertThat(r.pricedAs()).isEqualTo(m.model());
        }
    }

    @Test
    void rerankAndSalesOnlyModels_areUnpricedWithTheirReason() {
        CostResult rerank = cost("rerank-v3.5", 1_000, 0, MID_2025);
        CostResult vision = cost("command-a-vision", 1_000, 10, MID_2025); // the alias without the date
        assertThat(rerank.isPriced()).isFalse();
        assertThat(rerank.unpricedReason()).isEqualTo("cohere/rerank-v3.5 is not priced by LLMlab: billed per search"
                + " (USD 2.00 per 1,000 searches); LLMlab prices tokens only");
        assertThat(vision.unpricedReason()).contains("command-a-vision-07-2025").contains("sales only");
    }

    @Test
    void datedSnapshots_arePricedApartFromTheirBaseName() {
        // The suffix rule would turn command-r-08-2024 into command-r: the dated models are entries of their own.
        CostResult refresh = cost("command-r-08-2024", 1_000_000, 1_000_000, MID_2025);
        CostResult original = cost("command-r", 1_000_000, 1_000_000, MID_2025);

        assertThat(refresh.pricedAs()).isEqualTo("command-r-08-2024");
        assertThat(refresh.cost().total()).isEqualByComparingTo("0.75"); // 0.15 + 0.60
        assertThat(original.pricedAs()).isEqualTo("command-r");
        assertThat(original.cost().total()).isEqualByComparingTo("2.00"); // 0.50 + 1.50

        assertThat(cost("command-r-plus-08-2024", 1_000_000, 1_000_000, MID_2025).cost().total())
                .isEqualByComparingTo("12.50"); // 2.50 + 10.00
        assertThat(cost("command-r-plus", 1_000_000, 1_000_000, MID_2025).cost().total())
                .isEqualByComparingTo("18.00"); // 3.00 + 15.00
    }

    @Test
    void aliasesAndNameVariants_resolve() {
        assertThat(price("command-r-03-2024").model()).isEqualTo("command-r");
        assertThat(price("command-r-plus-04-2024").model()).isEqualTo("command-r-plus");
        assertThat(price("command-r7b").model()).isEqualTo("command-r7b-12-2024");
        assertThat(price("command-a").model()).isEqualTo("command-a-03-2025");
        assertThat(price("command-nightly").model()).isEqualTo("command");
        assertThat(price("Command-R-Plus-08-2024").model()).isEqualTo("command-r-plus-08-2024");
        assertThat(price("cohere/command-r-08-2024").model()).isEqualTo("command-r-08-2024");
        assertThat(price("cohere.command-r-plus-08-2024").model()).isEqualTo("command-r-plus-08-2024");
    }

    @Test
    void modelsWithoutAPublicPrice_areUnpricedNotMispricedAsCommandA() {
        for (String model : List.of("command-a-vision-07-2025", "command-a-reasoning-08-2025",
                "command-a-translate-08-2025", "rerank-v3.5")) {
            CostResult r = cost(model, 1000, 100, MID_2025);

            assertThat(r.isPriced()).as(model).isFalse();
            assertThat(r.unpricedReason()).startsWith("cohere/" + model + " is not priced by LLMlab: ")
                    .doesNotContain("unknown model");
        }
    }

    @Test
    void usageWithoutModel_isUnpricedWithAReason() {
        Usage parsed = adapter.parse(Golden.FILES.bytes("v2-chat.json"));

        CostResult r = calculator.price(parsed, MID_2025);

        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("no model name");
    }

    @Test
    void effectiveFrom_eventBeforeReleaseIsUnpriced_onReleaseDayPriced() {
        // Embed 4 released 2025-04-15: no price exists for an earlier event, rather than a guessed one.
        CostResult before = cost("embed-v4.0", 1000, 0, Instant.parse("2025-04-14T23:59:59Z"));
        CostResult on = cost("embed-v4.0", 1000, 0, Instant.parse("2025-04-15T00:00:00Z"));

        assertThat(before.isPriced()).isFalse();
        assertThat(before.unpricedReason()).contains("2025-04-15");
        assertThat(on.isPriced()).isTrue();
        assertThat(on.cost().total()).isEqualByComparingTo("0.00012"); // 1,000 x 0.12 / 1M
        assertThat(on.priceId()).isEqualTo("cohere/embed-v4.0@2025-04-15");
    }

    @Test
    void effectiveFrom_commandRRefreshDate_separatesTheTwoPrices() {
        // Before 2024-08-30 only the 03-2024 Command R existed; a dated refresh name is unpriced then.
        assertThat(cost("command-r-08-2024", 1000, 1000, Instant.parse("2024-08-29T23:59:59Z")).isPriced()).isFalse();
        assertThat(cost("command-r", 1000, 1000, Instant.parse("2024-08-29T23:59:59Z")).cost().total())
                .isEqualByComparingTo("0.002"); // 1000 x 0.50/1M + 1000 x 1.50/1M
        assertThat(cost("command-r-08-2024", 1000, 1000, Instant.parse("2024-08-30T00:00:00Z")).cost().total())
                .isEqualByComparingTo("0.00075"); // 1000 x 0.15/1M + 1000 x 0.60/1M
    }

    @Test
    void noTier_costIsLinearAcrossTheContextWindow() {
        // Cohere has no prompt-size tiers: threshold-like sizes cost exactly one token's rate apart.
        BigDecimal at128k = cost("command-a-03-2025", 128_000, 0, MID_2025).cost().total();
        BigDecimal at128kPlus1 = cost("command-a-03-2025", 128_001, 0, MID_2025).cost().total();
        BigDecimal at200k = cost("command-a-03-2025", 200_000, 0, MID_2025).cost().total();
        BigDecimal at200kPlus1 = cost("command-a-03-2025", 200_001, 0, MID_2025).cost().total();

        assertThat(at128kPlus1.subtract(at128k)).isEqualByComparingTo("0.0000025");
        assertThat(at200kPlus1.subtract(at200k)).isEqualByComparingTo("0.0000025");
        assertThat(at200k).isEqualByComparingTo("0.5");
    }

    @Test
    void embeddingModel_billingOutputTokens_isUnpricedNotFree() {
        CostResult r = cost("embed-english-v3.0", 100, 5, MID_2025);

        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("no output rate");
    }

    static Stream<Arguments> goldenCosts() {
        return Stream.of(
                // 5 x 2.50/1M + 41 x 10.00/1M = 0.0000125 + 0.00041
                Arguments.of("v2-chat.json", "command-a-03-2025", "0.0004225"),
                // billed 6772 x 2.50/1M + 248 x 10.00/1M = 0.01693 + 0.00248 (tokens would give 0.02544)
                Arguments.of("v2-chat-billed-differs.json", "command-r-plus-08-2024", "0.01941"),
                // 17 x 0.50/1M + 23 x 1.50/1M = 0.0000085 + 0.0000345
                Arguments.of("v1-chat.json", "command-r", "0.000043"),
                // 8 x 1.00/1M + 27 x 2.00/1M = 0.000008 + 0.000054
                Arguments.of("v1-generate.json", "command", "0.000062"),
                // 2 x 0.10/1M
                Arguments.of("v1-embed.json", "embed-english-v3.0", "0.0000002"),
                // 5 x 0.12/1M
                Arguments.of("v2-embed.json", "embed-v4.0", "0.0000006"),
                // 21 x 2.50/1M + 105 x 10.00/1M = 0.0000525 + 0.00105
                Arguments.of("v2-stream.sse", "command-r-plus-08-2024", "0.0011025"),
                // 4 x 0.0375/1M + 3 x 0.15/1M = 0.00000015 + 0.00000045
                Arguments.of("v2-stream-json-lines.jsonl", "command-r7b-12-2024", "0.0000006"),
                // 12 x 0.15/1M + 9 x 0.60/1M = 0.0000018 + 0.0000054
                Arguments.of("v1-stream.jsonl", "command-r-08-2024", "0.0000072"),
                // 8 x 0.30/1M + 9 x 0.60/1M = 0.0000024 + 0.0000054
                Arguments.of("v1-generate-stream.jsonl", "command-light", "0.0000078"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("goldenCosts")
    void price_goldenFileEndToEnd_exactCost(String file, String model, String expected) {
        Usage usage = adapter.parse(Golden.FILES.bytes(file)).withModel(model);

        CostResult r = calculator.price(usage, MID_2025);

        assertThat(r.isPriced()).as(r.unpricedReason()).isTrue();
        assertThat(r.cost().total()).isEqualByComparingTo(expected);
        assertThat(r.cost().input().add(r.cost().output())).isEqualByComparingTo(r.cost().total());
        assertThat(r.cost().cacheRead()).isZero();
    }

    @Test
    void price_billedUnitsNotTokens_makesTheDifference() {
        Usage billed = adapter.parse(Golden.FILES.bytes("v2-chat-billed-differs.json"))
                .withModel("command-r-plus-08-2024");
        Usage asTokens = Usage.builder("cohere", "command-r-plus-08-2024").inputTokens(7596).outputTokens(645).build();

        BigDecimal billedCost = calculator.price(billed, MID_2025).cost().total();
        BigDecimal tokensCost = calculator.price(asTokens, MID_2025).cost().total();

        assertThat(billedCost).isEqualByComparingTo("0.01941");
        assertThat(tokensCost).isEqualByComparingTo("0.02544"); // what pricing 'tokens' would wrongly charge
    }
}
