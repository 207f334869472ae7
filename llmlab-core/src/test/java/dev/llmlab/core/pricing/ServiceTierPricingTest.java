package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rates per service tier and inference geography, from {@code pricing/service-tier-prices.json}. */
class ServiceTierPricingTest {
    private static final Instant MARCH_2025 = Instant.parse("2025-03-01T00:00:00Z");
    private final CostCalculator calculator = CostCalculator.of(catalog());

    private static PriceCatalog catalog() {
        try (InputStream in = ServiceTierPricingTest.class.getResourceAsStream("/pricing/service-tier-prices.json")) {
            return PriceCatalog.of(PriceFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "service-tier-prices.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Usage.Builder usage(String model) {
        // 100k uncached input, 100k cache reads, 100k output (below the 200k tier): a tenth of the rates' sum
        return Usage.builder("acme", model).inputTokens(200_000).cacheReadTokens(100_000)
                .outputTokens(100_000);
    }

    private BigDecimal total(Usage u) {
        return calculator.price(u, MARCH_2025).cost().total();
    }

    @Test
    void price_notReported_isStandard() {
        assertThat(total(usage("acme-tiered").build())).isEqualByComparingTo("1.02");
    }

    @Test
    void price_batch_billedAtTheBatchRatesOfTheFile() {
        assertThat(total(usage("acme-tiered").serviceTier(ServiceTier.BATCH).build())).isEqualByComparingTo("0.51");
    }

    @Test
    void price_priority_billedAtItsOwnTable() {
        assertThat(total(usage("acme-tiered").serviceTier(ServiceTier.PRIORITY).build())).isEqualByComparingTo("1.785");
    }

    @Test
    void price_standardReported_isTheBaseRates() {
        assertThat(total(usage("acme-tiered").serviceTier(ServiceTier.STANDARD).build())).isEqualByComparingTo("1.02");
    }

    @Test
    void price_batchAboveTheLongContextThreshold_usesTheBatchTier() {
        Usage u = Usage.builder("acme", "acme-tiered").inputTokens(1_000_000).outputTokens(1_000_000)
                .serviceTier(ServiceTier.BATCH).build();
        assertThat(total(u)).isEqualByComparingTo("10.00");
    }

    @Test
    void price_priorityAboveALongContextThresholdItDoesNotRepeat_isUnpriced() {
        Usage u = Usage.builder("acme", "acme-tiered").inputTokens(300_000).serviceTier(ServiceTier.PRIORITY).build();
        CostResult r = calculator.price(u, MARCH_2025);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).isEqualTo(
                "acme/acme-tiered has no priority rates for prompts above 200000 input tokens (from 2025-01-01)");
    }

    @Test
    void price_tierTheModelDoesNotOffer_isUnpricedWithTheReason_neverStandard() {
        CostResult r = calculator.price(usage("acme-tiered").serviceTier(ServiceTier.FLEX).build(), MARCH_2025);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).isEqualTo("acme/acme-tiered has no flex rates in force from 2025-01-01: the"
                + " model does not offer the flex service tier, or its price there is not published (add the rates in a"
                + " price override file)");
    }

    @Test
    void price_aLaterPeriodWithoutTheTier_isUnpricedAtThatTier() {
        CostResult r = calculator.price(usage("acme-tiered").serviceTier(ServiceTier.BATCH).build(),
                Instant.parse("2025-07-01T00:00:00Z"));
        assertThat(r.unpricedReason()).startsWith("acme/acme-tiered has no batch rates in force from 2025-06-01");
    }

    @Test
    void price_usGeography_billedAtItsRateSet() {
        assertThat(total(usage("acme-tiered").inferenceGeo("us").build())).isEqualByComparingTo("1.122");
        assertThat(total(usage("acme-tiered").inferenceGeo("us").serviceTier(ServiceTier.BATCH).build()))
                .isEqualByComparingTo("0.561");
    }

    @Test
    void price_usGeographyAboveTheThreshold_usesTheGeographysTier() {
        Usage u = Usage.builder("acme", "acme-tiered").inputTokens(1_000_000).outputTokens(1_000_000)
                .inferenceGeo("us").build();
        assertThat(total(u)).isEqualByComparingTo("22.00");
    }

    @Test
    void price_geographyWithoutRatesOfItsOwn_isTheTiersRates() {
        assertThat(total(usage("acme-tiered").inferenceGeo("global").build())).isEqualByComparingTo("1.02");
        assertThat(total(usage("acme-tiered").inferenceGeo("global").serviceTier(ServiceTier.BATCH).build()))
                .isEqualByComparingTo("0.51");
    }

    @Test
    void price_usGeographyAtATierItDoesNotPrice_isUnpriced_notTheCheaperGlobalRates() {
        CostResult r = calculator.price(usage("acme-tiered").inferenceGeo("us").serviceTier(ServiceTier.PRIORITY)
                .build(), MARCH_2025);
        assertThat(r.unpricedReason()).isEqualTo("acme/acme-tiered has no priority rates for inference_geo us (from"
                + " 2025-01-01), although inference_geo us changes its rates");
    }

    @Test
    void price_modelWithoutServiceTiers_batchIsUnpriced() {
        CostResult r = calculator.price(usage("acme-plain").serviceTier(ServiceTier.BATCH).build(), MARCH_2025);
        assertThat(r.unpricedReason()).startsWith("acme/acme-plain has no batch rates");
    }

    @Test
    void periods_exposeTheirServiceTierRates() {
        PricePeriod p = calculator.price(usage("acme-tiered").build(), MARCH_2025).period().orElseThrow();
        assertThat(p.serviceTiers()).extracting(ServiceTierRates::key)
                .containsExactly("batch", "priority", "standard@us", "batch@us");
        assertThat(p.serviceTiers().get(0).source()).hasValue("https://example.com/batch");
    }

    private static String file(String serviceTiers) {
        return "{\"provider\":\"acme\",\"models\":[{\"model\":\"m\",\"prices\":[{\"effective_from\":\"2025-01-01\","
                + "\"input\":\"1\",\"output\":\"2\",\"tiers\":[{\"above_input_tokens\":200000,\"input\":\"2\"}],"
                + "\"service_tiers\":" + serviceTiers + "}]}]}";
    }

    @Test
    void file_unknownServiceTier_isRefusedNamingTheField() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"default\",\"input\":\"1\"}]"), "f.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessage("f.json: models[0].prices[0].service_tiers[0].service_tier: expected one of batch, flex,"
                        + " priority or standard, got \"default\"");
    }

    @Test
    void file_standardWithoutGeography_isRefused() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"standard\",\"input\":\"1\"}]"), "f.json"))
                .hasMessageStartingWith("f.json: models[0].prices[0].service_tiers[0].service_tier: \"standard\" without"
                        + " an inference_geo");
    }

    @Test
    void file_twoRateSetsForOneTier_areRefused() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"batch\",\"input\":\"1\"},"
                + "{\"service_tier\":\"Batch\",\"input\":\"2\"}]"), "f.json"))
                .hasMessage("f.json: models[0].prices[0]: two rate sets for service tier batch");
    }

    @Test
    void file_tierThresholdThePeriodLacks_isRefused() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"batch\",\"input\":\"1\","
                + "\"tiers\":[{\"above_input_tokens\":128000,\"input\":\"2\"}]}]"), "f.json"))
                .hasMessageContaining("service tier batch has a tier above 128000 input tokens");
    }

    @Test
    void file_unknownKeyInAServiceTier_isRefused() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"batch\",\"input\":\"1\","
                + "\"multiplier\":\"0.5\"}]"), "f.json"))
                .hasMessageStartingWith("f.json: models[0].prices[0].service_tiers[0]: unknown key \"multiplier\"");
    }

    @Test
    void file_missingInputRate_isRefusedNamingTheField() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"flex\",\"output\":\"1\"}]"), "f.json"))
                .hasMessageStartingWith("f.json: models[0].prices[0].service_tiers[0].input: required");
    }

    @Test
    void file_badGeography_isRefusedNamingTheField() {
        assertThatThrownBy(() -> PriceFiles.parse(file("[{\"service_tier\":\"batch\",\"inference_geo\":\"u s\","
                + "\"input\":\"1\"}]"), "f.json"))
                .hasMessageStartingWith("f.json: models[0].prices[0].service_tiers[0].inference_geo: inference_geo must");
    }
}
