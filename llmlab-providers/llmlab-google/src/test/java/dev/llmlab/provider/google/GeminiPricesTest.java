package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.PriceTier;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Google's price list: loads, matches the cited sources, resolves names, switches periods and tiers. */
class GeminiPricesTest {
    private static final String PRICING = "https://ai.google.dev/gemini-api/docs/pricing";
    private static final Instant FEB_2026 = Instant.parse("2026-02-01T12:00:00Z");
    private static final Instant JUN_2026 = Instant.parse("2026-06-01T12:00:00Z");

    private final GeminiAdapter adapter = new GeminiAdapter();
    private final PriceCatalog catalog = PriceCatalog.fromProviders(ProviderRegistry.of(adapter));
    private final CostCalculator calculator = CostCalculator.of(catalog);

    private ModelPrice model(String name) {
        Optional<ModelPrice> m = catalog.find("google", name);
        assertThat(m).as(name).isPresent();
        return m.get();
    }

    private Rates ratesAt(String name, String date) {
        return model(name).periodAt(Instant.parse(date + "T12:00:00Z")).orElseThrow().rates();
    }

    private static void assertRate(BigDecimal actual, String expected) {
        assertThat(actual).isEqualByComparingTo(expected);
    }

    private static void assertRate(Optional<BigDecimal> actual, String expected) {
        assertThat(actual).as("rate").isPresent();
        assertThat(actual.get()).isEqualByComparingTo(expected);
    }

    private BigDecimal total(Usage usage, Instant at) {
        CostResult r = calculator.price(usage, at);
        assertThat(r.isPriced()).as(r.toString()).isTrue();
        return r.cost().total();
    }

    private static Usage.Builder usage(String model) {
        return Usage.builder("google", model);
    }

    @Test
    void priceList_loadsThroughTheProviderRegistry() {
        List<ModelPrice> models = catalog.models();
        assertThat(models).hasSizeGreaterThanOrEqualTo(14);
        assertThat(models).allSatisfy(m -> {
            assertThat(m.provider()).isIn("google", "vertex_ai");
            assertThat(m.periods()).allSatisfy(p -> assertThat(p.source()).isPresent());
        });
    }

    @Test
    void prices_equalTheCitedSourceValues() {
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-pro : $1.25 / $10.00, caching $0.125,
        // prompts > 200k: $2.50 / $15.00, caching $0.25
        // (at launch the page listed context caching at $0.31 / $0.625)
        assertRate(ratesAt("gemini-2.5-pro", "2025-07-01").cacheRead(), "0.31");
        Rates pro = ratesAt("gemini-2.5-pro", "2026-02-01");
        assertRate(pro.input(), "1.25");
        assertRate(pro.output(), "10.00");
        assertRate(pro.cacheRead(), "0.125");
        PriceTier proLong = model("gemini-2.5-pro").current().tiers().get(0);
        assertThat(proLong.aboveInputTokens()).isEqualTo(200_000);
        assertRate(proLong.rates().input(), "2.50");
        assertRate(proLong.rates().output(), "15.00");
        assertRate(proLong.rates().cacheRead(), "0.25");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-flash : $0.30 text/image/video, $1.00 audio,
        // output $2.50 (including thinking), caching $0.03
        Rates flash = ratesAt("gemini-2.5-flash", "2026-02-01");
        assertRate(flash.input(), "0.30");
        assertRate(flash.inputAudio(), "1.00");
        assertRate(flash.output(), "2.50");
        assertRate(flash.cacheRead(), "0.03");
        assertRate(flash.webSearchPer1k(), "35");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-2.5-flash-lite : $0.10, audio $0.30, output $0.40
        Rates lite = ratesAt("gemini-2.5-flash-lite", "2026-02-01");
        assertRate(lite.input(), "0.10");
        assertRate(lite.inputAudio(), "0.30");
        assertRate(lite.output(), "0.40");
        assertRate(lite.cacheRead(), "0.01");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-2.0-flash : $0.10, audio $0.70, output $0.40,
        // caching $0.025
        Rates flash20 = ratesAt("gemini-2.0-flash", "2025-06-01");
        assertRate(flash20.input(), "0.10");
        assertRate(flash20.inputAudio(), "0.70");
        assertRate(flash20.output(), "0.40");
        assertRate(flash20.cacheRead(), "0.025");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-2.0-flash-lite : $0.075 / $0.30, no caching
        Rates flashLite20 = ratesAt("gemini-2.0-flash-lite", "2025-06-01");
        assertRate(flashLite20.input(), "0.075");
        assertRate(flashLite20.output(), "0.30");
        assertThat(flashLite20.cacheRead()).isEmpty();
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-3-pro-preview : $2.00 / $12.00, caching $0.20;
        // > 200k: $4.00 / $18.00 / $0.40; grounding $14 / 1,000 search queries from 2026-01-05
        Rates pro3 = ratesAt("gemini-3-pro-preview", "2026-02-01");
        assertRate(pro3.input(), "2.00");
        assertRate(pro3.output(), "12.00");
        assertRate(pro3.cacheRead(), "0.20");
        assertRate(pro3.webSearchPer1k(), "14");
        PriceTier pro3Long = model("gemini-3-pro-preview").current().tiers().get(0);
        assertRate(pro3Long.rates().input(), "4.00");
        assertRate(pro3Long.rates().output(), "18.00");
        assertRate(pro3Long.rates().cacheRead(), "0.40");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-3-flash-preview : $0.50, audio $1.00, output $3.00
        Rates flash3 = ratesAt("gemini-3-flash-preview", "2026-02-01");
        assertRate(flash3.input(), "0.50");
        assertRate(flash3.inputAudio(), "1.00");
        assertRate(flash3.output(), "3.00");
        assertRate(flash3.cacheRead(), "0.05");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-3.1-pro-preview : same as 3 Pro, $2.00 / $12.00,
        // > 200k $4.00 / $18.00
        Rates pro31 = ratesAt("gemini-3.1-pro-preview", "2026-03-01");
        assertRate(pro31.input(), "2.00");
        assertRate(pro31.output(), "12.00");
        assertRate(model("gemini-3.1-pro-preview").current().tiers().get(0).rates().output(), "18.00");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-3.1-flash-lite : $0.25, audio $0.50, output $1.50
        Rates lite31 = ratesAt("gemini-3.1-flash-lite", "2026-06-01");
        assertRate(lite31.input(), "0.25");
        assertRate(lite31.inputAudio(), "0.50");
        assertRate(lite31.output(), "1.50");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-3.5-flash : $1.50 / $9.00, caching $0.15
        Rates flash35 = ratesAt("gemini-3.5-flash", "2026-06-01");
        assertRate(flash35.input(), "1.50");
        assertRate(flash35.output(), "9.00");
        assertRate(flash35.cacheRead(), "0.15");
        // https://developers.googleblog.com/en/updated-production-ready-gemini-models-reduced-15-pro-pricing-increased-rate-limits-and-more/
        // Gemini 1.5 Pro from 2024-10-01: $1.25 / $5.00, > 128k $2.50 / $10.00 (was $3.50 / $10.50)
        Rates pro15 = ratesAt("gemini-1.5-pro", "2024-11-01");
        assertRate(pro15.input(), "1.25");
        assertRate(pro15.output(), "5.00");
        assertRate(ratesAt("gemini-1.5-pro", "2024-09-01").input(), "3.50");
        assertRate(ratesAt("gemini-1.5-pro", "2024-09-01").output(), "10.50");
        // https://ai.google.dev/pricing (Gemini 1.5 Flash from 2024-08-12): $0.075 / $0.30, > 128k $0.15 / $0.60
        assertRate(ratesAt("gemini-1.5-flash", "2024-09-01").input(), "0.075");
        assertRate(ratesAt("gemini-1.5-flash", "2024-09-01").output(), "0.30");
        // https://ai.google.dev/gemini-api/docs/pricing#gemini-embedding : $0.15 input
        assertRate(ratesAt("gemini-embedding-001", "2026-02-01").input(), "0.15");
        // https://ai.google.dev/gemini-api/docs/pricing : 2.5 Flash Preview TTS $0.50 text in, $10.00 audio out
        Rates tts = ratesAt("gemini-2.5-flash-preview-tts", "2026-02-01");
        assertRate(tts.input(), "0.50");
        assertRate(tts.outputAudio(), "10.00");
        assertThat(model("gemini-2.5-flash").periods().get(0).source()).hasValue(PRICING + "#gemini-2.5-flash");
    }

    @Test
    void everyModel_pricesASampleUsage_inItsLatestPeriod() {
        for (ModelPrice m : catalog.models()) {
            if (!m.isPriced()) {
                continue; // known, billed per image / second, or not priceable from the usage: see below
            }
            PricePeriod latest = m.periods().get(m.periods().size() - 1);
            Instant at = latest.effectiveFrom().plus(1, ChronoUnit.DAYS);
            boolean embedding = m.model().contains("embedding");
            boolean cacheable = latest.rates().cacheRead().isPresent();
            Usage sample = usage(m.model()).inputTokens(10_000).cacheReadTokens(cacheable ? 2_000 : 0)
                    .outputTokens(embedding ? 0 : 500).build();
            BigDecimal cost = total(sample, at);
            if (m.model().startsWith("gemma-") && !m.model().endsWith("-maas")) {
                assertThat(cost).as("%s is free on the Gemini API", m.model()).isZero();
            } else {
                assertThat(cost).as(m.model()).isPositive();
            }
            for (String alias : m.aliases()) {
                assertThat(calculator.price(sample.withModel(alias), at).pricedAs()).as(alias).isEqualTo(m.model());
            }
        }
    }

    @Test
    void price_gemini36FlashIntroductoryRates_endOn2027_01_01() {
        Usage u = usage("gemini-3.6-flash").inputTokens(1_000_000).outputTokens(1_000_000).build();
        assertThat(total(u, Instant.parse("2026-12-31T23:59:59Z"))).isEqualByComparingTo("4.50"); // 0.75 + 3.75
        assertThat(total(u, Instant.parse("2027-01-01T00:00:00Z"))).isEqualByComparingTo("9.00"); // 1.50 + 7.50
        assertThat(total(usage("models/gemini-3.8-flash").inputTokens(1_000_000).outputTokens(0).build(),
                Instant.parse("2026-11-27T00:00:00Z"))).isEqualByComparingTo("0.75");
    }

    @Test
    void price_imageModel_billsOutputAtTheImageRate() {
        // 1,000 prompt tokens x 0.30 + one 1,290-token image x 30.00, per million
        Usage u = usage("gemini-2.5-flash-image").inputTokens(1_000).outputTokens(1_290).build();
        assertThat(total(u, Instant.parse("2026-11-27T00:00:00Z"))).isEqualByComparingTo("0.0390");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gemini-2.5-flash-preview-05-20|with thinking",
        "gemini-2.5-flash-preview-04-17|with thinking",
        "imagen-4.0-generate-001|billed per image generated",
        "veo-3.0-generate-001|billed per second of video",
    })
    void price_modelsNotPriceableFromTokens_areUnpricedWithTheirReason(String model, String reason) {
        CostResult r = calculator.price(usage(model).inputTokens(1_000).outputTokens(10).build(),
                Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("is not priced by LLMlab").contains(reason);
    }

    @Test
    void names_datedSnapshotsPrefixesAndPreviews_resolve() {
        String[][] cases = {
            {"gemini-2.0-flash-001", "gemini-2.0-flash"},
            {"gemini-2.0-flash-lite-001", "gemini-2.0-flash-lite"},
            {"models/gemini-2.5-pro", "gemini-2.5-pro"},
            {"GEMINI-2.5-PRO", "gemini-2.5-pro"},
            {"publishers/google/models/gemini-2.5-flash", "gemini-2.5-flash"},
            {"gemini-2.5-pro-preview-06-05", "gemini-2.5-pro"},
            {"gemini-2.5-pro-preview-03-25", "gemini-2.5-pro"},
            {"gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash"},
            {"gemini-2.5-flash-lite-preview-09-2025", "gemini-2.5-flash-lite"},
            {"gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite-preview-06-17"},
            {"gemini-2.5-flash-native-audio-preview-09-2025", "gemini-2.5-flash-native-audio-preview"},
            {"gemini-1.5-pro-002", "gemini-1.5-pro"},
            {"gemini-1.5-flash-8b-001", "gemini-1.5-flash-8b"},
            {"gemini-2.5-pro-preview-tts", "gemini-2.5-pro-preview-tts"},
            {"gemini-3.1-pro-preview-customtools", "gemini-3.1-pro-preview"},
            {"gemini-3.1-flash-lite-preview", "gemini-3.1-flash-lite"},
            {"models/gemini-3.5-flash", "gemini-3.5-flash"},
        };
        for (String[] c : cases) {
            Usage u = usage(c[0]).inputTokens(100).outputTokens(10).build();
            CostResult r = calculator.price(u, c[1].startsWith("gemini-3.") ? JUN_2026 : FEB_2026);
            assertThat(r.pricedAs()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void names_thinkingDependentPreview_isUnpricedWithItsReasonNotAsUnknown() {
        CostResult r = calculator.price(usage("gemini-2.5-flash-preview-05-20").inputTokens(100).outputTokens(10).build(),
                FEB_2026);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("gemini-2.5-flash-preview-05-20").contains("with thinking")
                .doesNotContain("unknown model");
        assertThat(r.suggestions()).isEmpty();
    }

    @Test
    void names_unknownModel_isUnpricedWithSuggestions() {
        CostResult r = calculator.price(usage("gemini-2.5-flahs").inputTokens(100).outputTokens(10).build(), FEB_2026);
        assertThat(r.unpricedReason()).contains("unknown model 'gemini-2.5-flahs'");
        assertThat(r.suggestions()).contains("gemini-2.5-flash");
    }

    @Test
    void periods_priceCutChangesOldAndNewEvents() {
        // 100k tokens each way stays below the 128k tier
        Usage pro = usage("gemini-1.5-pro").inputTokens(100_000).outputTokens(100_000).build();
        // before 2024-10-01: 100k x $3.50 + 100k x $10.50; from it: 100k x $1.25 + 100k x $5.00
        assertThat(total(pro, Instant.parse("2024-09-30T23:59:59Z"))).isEqualByComparingTo("1.40");
        assertThat(total(pro, Instant.parse("2024-10-01T00:00:00Z"))).isEqualByComparingTo("0.625");
        Usage flash = usage("gemini-1.5-flash").inputTokens(100_000).outputTokens(100_000).build();
        // before 2024-08-12: 100k x $0.35 + 100k x $1.05; from it: 100k x $0.075 + 100k x $0.30
        assertThat(total(flash, Instant.parse("2024-08-11T12:00:00Z"))).isEqualByComparingTo("0.14");
        assertThat(total(flash, Instant.parse("2024-08-12T12:00:00Z"))).isEqualByComparingTo("0.0375");
    }

    @Test
    void periods_gemini25CacheReadsDropFrom25To10PercentOfInput() {
        Usage cached = usage("gemini-2.5-pro").inputTokens(100_000).cacheReadTokens(100_000).build();
        // launch page: context caching $0.31; later $0.125 (100k tokens, below the 200k tier)
        assertThat(total(cached, Instant.parse("2025-11-13T23:59:59Z"))).isEqualByComparingTo("0.031");
        assertThat(total(cached, Instant.parse("2025-11-14T00:00:00Z"))).isEqualByComparingTo("0.0125");
        Usage flash = usage("gemini-2.5-flash").inputTokens(100_000).cacheReadTokens(100_000).build();
        assertThat(total(flash, Instant.parse("2025-07-01T00:00:00Z"))).isEqualByComparingTo("0.0075");
        assertThat(total(flash, FEB_2026)).isEqualByComparingTo("0.003");
    }

    @Test
    void periods_gemini3GroundingBilledFrom20260105() {
        Usage grounded = usage("gemini-3-pro-preview").inputTokens(20).outputTokens(1500).reasoningTokens(900)
                .webSearchRequests(3).build();
        // 20 x $2 + 1500 x $12 = $0.01804 per million-scaled; grounding free before 2026-01-05, then 3 x $0.014
        assertThat(total(grounded, Instant.parse("2026-01-04T23:00:00Z"))).isEqualByComparingTo("0.01804");
        assertThat(total(grounded, Instant.parse("2026-01-05T00:00:00Z"))).isEqualByComparingTo("0.06004");
    }

    @Test
    void periods_eventBeforeRelease_isUnpriced() {
        CostResult r = calculator.price(usage("gemini-2.5-pro").inputTokens(10).outputTokens(10).build(),
                Instant.parse("2025-04-03T00:00:00Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("2025-04-04");
    }

    @Test
    void tiers_gemini25Pro_switchExactlyAbove200k() {
        Usage at = usage("gemini-2.5-pro").inputTokens(200_000).outputTokens(1_000).build();
        Usage above = usage("gemini-2.5-pro").inputTokens(200_001).outputTokens(1_000).build();
        // 200,000 x $1.25 + 1,000 x $10 = $0.26
        assertThat(total(at, FEB_2026)).isEqualByComparingTo("0.26");
        // 200,001 x $2.50 + 1,000 x $15 = $0.5000025 + $0.015
        assertThat(total(above, FEB_2026)).isEqualByComparingTo("0.5150025");
        assertThat(calculator.price(above, FEB_2026).tierAboveInputTokens()).hasValue(200_000);
    }

    @Test
    void tiers_compareTheWholePromptCacheIncluded() {
        // 60,001 uncached + 140,000 cached = 200,001 prompt tokens: the long-context tier applies to all of it
        Usage u = usage("gemini-2.5-pro").inputTokens(200_001).cacheReadTokens(140_000).outputTokens(0).build();
        // 60,001 x $2.50 + 140,000 x $0.25 = $0.1500025 + $0.035
        assertThat(total(u, FEB_2026)).isEqualByComparingTo("0.1850025");
    }

    @Test
    void tiers_gemini15_switchAbove128k_andGemini3Above200k() {
        Instant nov2024 = Instant.parse("2024-11-01T00:00:00Z");
        assertThat(total(usage("gemini-1.5-pro").inputTokens(128_000).build(), nov2024)).isEqualByComparingTo("0.16");
        assertThat(total(usage("gemini-1.5-pro").inputTokens(128_001).build(), nov2024))
                .isEqualByComparingTo("0.3200025");
        assertThat(total(usage("gemini-3-pro-preview").inputTokens(200_000).build(), FEB_2026))
                .isEqualByComparingTo("0.40");
        assertThat(total(usage("gemini-3-pro-preview").inputTokens(200_001).build(), FEB_2026))
                .isEqualByComparingTo("0.800004");
    }

    @Test
    void audio_inputAudioBilledAtAudioRate() {
        Usage u = usage("gemini-2.5-flash").inputTokens(1_000_000).inputAudioTokens(1_000_000).build();
        assertThat(total(u, FEB_2026)).isEqualByComparingTo("1.00");
        Usage text = usage("gemini-2.5-flash").inputTokens(1_000_000).build();
        assertThat(total(text, FEB_2026)).isEqualByComparingTo("0.30");
    }

    @Test
    void groundingOnAModelWithoutGrounding_isUnpricedNotFree() {
        CostResult r = calculator.price(usage("gemini-2.0-flash-lite").inputTokens(10).outputTokens(10)
                .webSearchRequests(1).build(), FEB_2026);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("web search");
    }

    private BigDecimal golden(String file, Instant at) {
        return total(adapter.parse(Golden.FILES.bytes(file)), at);
    }

    @Test
    void goldenFiles_pricedEndToEnd_exactly() {
        // 9 x $0.10 + 12 x $0.40 = 0.9 + 4.8 = 5.7 per million
        assertThat(golden("plain.json", FEB_2026)).isEqualByComparingTo("0.0000057");
        // 12 x $0.30 + (250 + 1180) x $2.50 = 3.6 + 3575 = 3578.6 per million
        assertThat(golden("thinking.json", FEB_2026)).isEqualByComparingTo("0.0035786");
        // 290 x $1.25 + 40960 x $0.125 + 1342 x $10 = 362.5 + 5120 + 13420 = 18902.5 per million
        assertThat(golden("cached.json", FEB_2026)).isEqualByComparingTo("0.0189025");
        // text 15 x $0.30 + audio 1792 x $1.00 + cached 2048 x $0.03 + 508 x $2.50
        // = 4.5 + 1792 + 61.44 + 1270 = 3127.94 per million
        assertThat(golden("audio-input.json", FEB_2026)).isEqualByComparingTo("0.00312794");
        // (25 + 3862) x $0.30 + 930 x $2.50 = 1166.1 + 2325 = 3491.1 per million
        assertThat(golden("tool-use-prompt.json", FEB_2026)).isEqualByComparingTo("0.0034911");
        // 8 x $0.30 + 159 x $2.50 = 2.4 + 397.5 = 399.9 per million
        assertThat(golden("stream-sse.txt", FEB_2026)).isEqualByComparingTo("0.0003999");
        // 6 x $0.10 + 43 x $0.40 = 0.6 + 17.2 = 17.8 per million
        assertThat(golden("stream-array.json", FEB_2026)).isEqualByComparingTo("0.0000178");
        // 1320 x $1.25 + 1948 x $10 = 1650 + 19480 = 21130 per million
        assertThat(golden("vertex.json", FEB_2026)).isEqualByComparingTo("0.02113");
        // 7 x $0.10 = 0.7 per million: a blocked prompt is still billed
        assertThat(golden("safety-blocked.json", FEB_2026)).isEqualByComparingTo("0.0000007");
        // above 200k: 250000 x $2.50 + 2000 x $15 = 625000 + 30000 = 655000 per million
        assertThat(golden("long-prompt.json", FEB_2026)).isEqualByComparingTo("0.655");
        // 12 x $0.30 + 600 x $2.50 = 1503.6 per million, + 1 grounded prompt x $35 / 1000 = 0.035
        assertThat(golden("grounding.json", FEB_2026)).isEqualByComparingTo("0.0365036");
        // 20 x $2 + 1500 x $12 = 18040 per million, + 3 queries x $14 / 1000 = 0.042
        assertThat(golden("grounding-gemini3-sse.txt", FEB_2026)).isEqualByComparingTo("0.06004");
        // 14 x $0.50 + 1650 audio x $10 = 7 + 16500 = 16507 per million
        assertThat(golden("tts.json", FEB_2026)).isEqualByComparingTo("0.016507");
        // Live API messages name no model: the caller supplies it.
        // text 20 x $0.50 + audio 400 x $3 + audio out 1380 x $12 = 10 + 1200 + 16560 = 17770 per million
        Usage live = adapter.parse(Golden.FILES.bytes("live-native-audio.json"))
                .withModel("gemini-2.5-flash-native-audio-preview-09-2025");
        assertThat(total(live, FEB_2026)).isEqualByComparingTo("0.01777");
    }

    @Test
    void cost_isExactAndBreaksDownByClass() {
        CostResult r = calculator.price(adapter.parse(Golden.FILES.bytes("audio-input.json")), FEB_2026);
        assertThat(r.cost().input()).isEqualByComparingTo("0.0017965");
        assertThat(r.cost().inputAudio()).isEqualByComparingTo("0.001792");
        assertThat(r.cost().cacheRead()).isEqualByComparingTo("0.00006144");
        assertThat(r.cost().output()).isEqualByComparingTo("0.00127");
        assertThat(r.priceId()).isEqualTo("google/gemini-2.5-flash@2025-11-14");
    }
}
