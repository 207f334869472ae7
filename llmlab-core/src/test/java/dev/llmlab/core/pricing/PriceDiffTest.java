package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceDiffTest {
    private final PriceCatalog base = TestCatalogs.acme();

    private static PriceCatalog file(String json) {
        return PriceCatalog.of(PriceFiles.parse(json, "test.json"));
    }

    private PriceCatalog over(String json) {
        return base.withOverrides(file(json));
    }

    @Test
    void between_sameCatalog_isEmpty() {
        assertThat(PriceDiff.between(base, base).isEmpty()).isTrue();
        assertThat(PriceDiff.between(base, TestCatalogs.acme()).changes()).isEmpty();
    }

    @Test
    void between_sameRatesAtAnotherScale_isNoChange() {
        PriceCatalog a = over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-mini\",\"prices\":"
                + "[{\"effective_from\":\"2024-01-01\",\"input\":\"0.15\",\"output\":\"0.60\"}]}]}");
        PriceCatalog b = over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-mini\",\"prices\":"
                + "[{\"effective_from\":\"2024-01-01\",\"input\":0.150,\"output\":\"0.6\"}]}]}");
        assertThat(PriceDiff.between(a, b).changes()).isEmpty();
    }

    @Test
    void between_modelAdded() {
        PriceDiff d = PriceDiff.between(base, over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-xl\","
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"20\"}]}]}"));
        assertThat(d.changes()).singleElement().isInstanceOfSatisfying(PriceDiff.ModelAdded.class, c -> {
            assertThat(c.provider()).isEqualTo("acme");
            assertThat(c.model()).isEqualTo("acme-xl");
            assertThat(c.price().current().rates().input()).isEqualByComparingTo("20");
        });
    }

    @Test
    void between_modelOnlyInTheOldOverride_isRemoved() {
        PriceCatalog old = over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-xl\","
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"20\"}]}]}");
        assertThat(PriceDiff.between(old, base).changes()).singleElement()
                .isInstanceOfSatisfying(PriceDiff.ModelRemoved.class, c -> assertThat(c.model()).isEqualTo("acme-xl"));
    }

    @Test
    void between_ratesChanged_namesProviderModelFieldOldNewAndEffectiveDate() {
        // acme-large's 2025-06-10 period: input 2.00 -> 1.50, cache_read 0.50 -> none, output 8.00 kept,
        // its 2025-01-01 period dropped, and a 2026-01-01 period added
        PriceDiff d = PriceDiff.between(base, over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-large\","
                + "\"aliases\":[\"acme-large-2025-01-01\",\"acme-big\"],\"prices\":["
                + "{\"effective_from\":\"2025-06-10\",\"input\":\"1.50\",\"output\":\"8.00\"},"
                + "{\"effective_from\":\"2026-01-01\",\"input\":\"1.00\",\"output\":\"4.00\"}]}]}"));
        assertThat(d.changes()).hasSize(5);
        assertThat(d.changes().get(0)).isEqualTo(new PriceDiff.AliasesChanged("acme", "acme-large", List.of("acme-big"),
                List.of("acme-l")));
        assertThat(d.changes().get(1)).isInstanceOfSatisfying(PriceDiff.PeriodRemoved.class,
                c -> assertThat(c.period().effectiveFromText()).isEqualTo("2025-01-01"));
        assertThat(d.changes().get(2)).isEqualTo(new PriceDiff.RateChanged("acme", "acme-large", "2025-06-10", "input",
                new BigDecimal("2.00"), new BigDecimal("1.50")));
        assertThat(d.changes().get(3)).isEqualTo(new PriceDiff.RateChanged("acme", "acme-large", "2025-06-10",
                "cache_read", new BigDecimal("0.50"), null));
        assertThat(d.changes().get(4)).isInstanceOfSatisfying(PriceDiff.PeriodAdded.class,
                c -> assertThat(c.period().effectiveFromText()).isEqualTo("2026-01-01"));
    }

    @Test
    void between_tierRates_areNamedByTheirThreshold() {
        PriceDiff d = PriceDiff.between(base, over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-cache\","
                + "\"prices\":[{\"effective_from\":\"2024-01-01\",\"input\":\"3.00\",\"cache_read\":\"0.30\","
                + "\"cache_write\":\"3.75\",\"cache_write_1h\":\"6.00\",\"output\":\"15.00\",\"web_search_per_1k\":\"10\","
                + "\"tiers\":[{\"above_input_tokens\":200000,\"input\":\"6.00\",\"cache_read\":\"0.60\",\"cache_write\":\"7.50\","
                + "\"cache_write_1h\":\"12.00\",\"output\":\"25.00\"},{\"above_input_tokens\":1000000,\"input\":\"9\"}]}]}]}"));
        assertThat(d.changes()).containsExactly(
                new PriceDiff.RateChanged("acme", "acme-cache", "2024-01-01", "tiers[>200000].output",
                        new BigDecimal("22.50"), new BigDecimal("25.00")),
                new PriceDiff.RateChanged("acme", "acme-cache", "2024-01-01", "tiers[>1000000].input", null,
                        new BigDecimal("9")));
    }

    @Test
    void between_modelBecomesUnpriced() {
        PriceDiff d = PriceDiff.between(base, over("{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-embed\","
                + "\"unpriced_reason\":\"billed per image\",\"source\":\"https://acme.example/pricing\"}]}"));
        assertThat(d.changes()).first().isEqualTo(new PriceDiff.UnpricedReasonChanged("acme", "acme-embed", null,
                "billed per image"));
        assertThat(d.changes()).last().isInstanceOf(PriceDiff.PeriodRemoved.class);
    }

    private static final String FT_BASE = "{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-tune\","
            + "\"prices\":[{\"effective_from\":\"2024-01-01\",\"input\":\"1.00\",\"output\":\"2.00\"}]%s}]}";

    private static String tune(String extra) {
        return String.format(FT_BASE, extra);
    }

    private static String ftBlock(String... periods) {
        return ",\"fine_tuned\":{\"prices\":[" + String.join(",", periods) + "]}";
    }

    private static String period(String from, String input, String output) {
        return "{\"effective_from\":\"" + from + "\",\"input\":\"" + input + "\",\"output\":\"" + output + "\"}";
    }

    @Test
    void between_fineTunedRatesAdded_isOneChangeWithTheRates() {
        PriceDiff d = PriceDiff.between(over(tune("")), over(tune(ftBlock(period("2024-07-01", "3.00", "6.00")))));
        assertThat(d.changes()).singleElement().isInstanceOfSatisfying(PriceDiff.FineTunedChanged.class, c -> {
            assertThat(c.provider()).isEqualTo("acme");
            assertThat(c.model()).isEqualTo("ft:acme-tune");
            assertThat(c.before()).isNull();
            assertThat(c.after().current().rates().input()).isEqualByComparingTo("3.00");
        });
    }

    @Test
    void between_fineTunedRatesRemoved() {
        PriceDiff d = PriceDiff.between(over(tune(ftBlock(period("2024-07-01", "3.00", "6.00")))), over(tune("")));
        assertThat(d.changes()).singleElement().isInstanceOfSatisfying(PriceDiff.FineTunedChanged.class, c -> {
            assertThat(c.before().current().rates().output()).get().isEqualTo(new BigDecimal("6.00"));
            assertThat(c.after()).isNull();
        });
    }

    @Test
    void between_fineTunedRateChanged_andPeriodAdded_underTheFtName() {
        PriceDiff d = PriceDiff.between(over(tune(ftBlock(period("2024-07-01", "3.00", "6.00")))),
                over(tune(ftBlock(period("2024-07-01", "2.50", "6.00"), period("2025-01-01", "2.00", "5.00")))));
        assertThat(d.changes()).hasSize(2);
        assertThat(d.changes().get(0)).isEqualTo(new PriceDiff.RateChanged("acme", "ft:acme-tune", "2024-07-01", "input",
                new BigDecimal("3.00"), new BigDecimal("2.50")));
        assertThat(d.changes().get(1)).isInstanceOfSatisfying(PriceDiff.PeriodAdded.class, c -> {
            assertThat(c.model()).isEqualTo("ft:acme-tune");
            assertThat(c.period().effectiveFromText()).isEqualTo("2025-01-01");
        });
    }

    @Test
    void between_patternsGainedAndLost() {
        PriceDiff d = PriceDiff.between(over(tune(",\"match\":[\"acme-tune-*\",\"ft:acme-tune:old:*\"]")),
                over(tune(",\"match\":[\"acme-tune-*\",\"ft:acme-tune:new:*\"]")));
        assertThat(d.changes()).containsExactly(new PriceDiff.PatternsChanged("acme", "acme-tune",
                List.of("ft:acme-tune:new:*"), List.of("ft:acme-tune:old:*")));
    }

    @Test
    void between_modelAddedWithPatternsAndFineTunedRates_reportsEach() {
        PriceDiff d = PriceDiff.between(base, over(tune(",\"match\":\"acme-tune-*\""
                + ftBlock(period("2024-07-01", "3.00", "6.00")))));
        assertThat(d.changes()).hasSize(3);
        assertThat(d.changes().get(0)).isInstanceOf(PriceDiff.ModelAdded.class);
        assertThat(d.changes().get(1)).isEqualTo(new PriceDiff.PatternsChanged("acme", "acme-tune",
                List.of("acme-tune-*"), List.of()));
        assertThat(d.changes().get(2)).isInstanceOfSatisfying(PriceDiff.FineTunedChanged.class,
                c -> assertThat(c.before()).isNull());
    }

    @Test
    void between_sameFineTunedRatesAndPatterns_isNoChange() {
        String json = tune(",\"match\":\"acme-tune-*\"" + ftBlock(period("2024-07-01", "3.00", "6.00")));
        assertThat(PriceDiff.between(over(json), over(json)).changes()).isEmpty();
    }

    /** acme-tiers from 2025-01-01 with the given service_tiers entries (JSON objects, comma-separated). */
    private static String tiered(String serviceTiers) {
        return "{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-tiers\",\"prices\":[{\"effective_from\":"
                + "\"2025-01-01\",\"input\":\"2.00\",\"output\":\"8.00\",\"tiers\":[{\"above_input_tokens\":200000,"
                + "\"input\":\"4.00\",\"output\":\"12.00\"}],\"service_tiers\":[" + serviceTiers + "]}]}]}";
    }

    private static final String BATCH = "{\"service_tier\":\"batch\",\"input\":\"1.00\",\"output\":\"4.00\","
            + "\"tiers\":[{\"above_input_tokens\":200000,\"input\":\"2.00\",\"output\":\"6.00\"}]}";
    private static final String US = "{\"service_tier\":\"standard\",\"inference_geo\":\"us\",\"input\":\"2.20\","
            + "\"output\":\"8.80\"}";
    private static final String PRIORITY = "{\"service_tier\":\"priority\",\"input\":\"3.50\",\"output\":\"14.00\"}";

    @Test
    void between_serviceTierRateSetsGainedAndLost_namePeriodTierAndGeography() {
        PriceDiff d = PriceDiff.between(over(tiered(BATCH + "," + US)), over(tiered(BATCH + "," + PRIORITY)));
        assertThat(d.changes()).hasSize(2);
        assertThat(d.changes().get(0)).isInstanceOfSatisfying(PriceDiff.ServiceTierAdded.class, c -> {
            assertThat(c.provider()).isEqualTo("acme");
            assertThat(c.model()).isEqualTo("acme-tiers");
            assertThat(c.effectiveFrom()).isEqualTo("2025-01-01");
            assertThat(c.rates().serviceTier()).isEqualTo(dev.llmlab.spi.ServiceTier.PRIORITY);
            assertThat(c.rates().inferenceGeo()).isEmpty();
            assertThat(c.rates().rates().input()).isEqualByComparingTo("3.50");
        });
        assertThat(d.changes().get(1)).isInstanceOfSatisfying(PriceDiff.ServiceTierRemoved.class, c -> {
            assertThat(c.effectiveFrom()).isEqualTo("2025-01-01");
            assertThat(c.rates().key()).isEqualTo("standard@us");
            assertThat(c.rates().inferenceGeo()).contains("us");
            assertThat(c.rates().rates().output()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("8.80"));
        });
    }

    @Test
    void between_serviceTierRatesChanged_areNamedByTierGeographyAndThreshold() {
        String batch = BATCH.replace("\"output\":\"4.00\"", "\"output\":\"3.50\"").replace("\"output\":\"6.00\"",
                "\"output\":\"5.00\",\"cache_read\":\"0.20\"");
        String us = US.replace("2.20", "2.40");
        PriceDiff d = PriceDiff.between(over(tiered(BATCH + "," + US)), over(tiered(batch + "," + us)));
        assertThat(d.changes()).containsExactly(
                new PriceDiff.RateChanged("acme", "acme-tiers", "2025-01-01", "service_tiers[batch].output",
                        new BigDecimal("4.00"), new BigDecimal("3.50")),
                new PriceDiff.RateChanged("acme", "acme-tiers", "2025-01-01", "service_tiers[batch].tiers[>200000].cache_read",
                        null, new BigDecimal("0.20")),
                new PriceDiff.RateChanged("acme", "acme-tiers", "2025-01-01", "service_tiers[batch].tiers[>200000].output",
                        new BigDecimal("6.00"), new BigDecimal("5.00")),
                new PriceDiff.RateChanged("acme", "acme-tiers", "2025-01-01", "service_tiers[standard@us].input",
                        new BigDecimal("2.20"), new BigDecimal("2.40")));
    }

    @Test
    void between_sameServiceTiersInAnotherOrderAndScale_isNoChange() {
        assertThat(PriceDiff.between(over(tiered(BATCH + "," + US + "," + PRIORITY)),
                over(tiered(PRIORITY + "," + US.replace("8.80", "8.8") + "," + BATCH))).changes()).isEmpty();
    }
}
