package dev.llmlab.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI's price list loads, matches its sources, and prices the golden responses exactly. */
class OpenAiPricesTest {
    private static final PriceCatalog CATALOG = PriceCatalog.fromProviders(ProviderRegistry.of(new OpenAiAdapter()));
    private static final CostCalculator CALC = CostCalculator.of(CATALOG);
    private static final Instant NOW = Instant.parse("2025-11-20T12:00:00Z");
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

    private static Rates rates(String model, Instant at) {
        ModelPrice price = CATALOG.find("openai", model).orElseThrow(() -> new AssertionError("no price for " + model));
        return price.periodAt(at).orElseThrow(() -> new AssertionError("no period of " + model + " at " + at)).rates();
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static void assertRate(BigDecimal actual, String expected) {
        assertThat(actual).isEqualByComparingTo(expected);
    }

    @Test
    void priceList_loads_withAtLeast30Models() {
        assertThat(CATALOG.models()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(CATALOG.models()).allSatisfy(m -> {
            assertThat(m.provider()).isEqualTo("openai");
            assertThat(m.periods()).allSatisfy(p -> assertThat(p.source()).isPresent());
        });
    }

    /** Rates quoted from the sources; USD per million tokens. */
    @ParameterizedTest(name = "{0} at {1}: input {2}, cached {3}, output {4}")
    @CsvSource({
        // https://platform.openai.com/docs/pricing (GPT-5: $1.25 / $0.125 / $10.00)
        "gpt-5,            2025-11-20T00:00:00Z, 1.25,  0.125,  10.00",
        // https://platform.openai.com/docs/pricing (GPT-5 mini: $0.25 / $0.025 / $2.00)
        "gpt-5-mini,       2025-11-20T00:00:00Z, 0.25,  0.025,  2.00",
        // https://platform.openai.com/docs/pricing (GPT-5 nano: $0.05 / $0.005 / $0.40)
        "gpt-5-nano,       2025-11-20T00:00:00Z, 0.05,  0.005,  0.40",
        // https://openai.com/api/pricing/ (GPT-4.1: $2.00 / $0.50 / $8.00)
        "gpt-4.1,          2025-11-20T00:00:00Z, 2.00,  0.50,   8.00",
        // https://openai.com/api/pricing/ (GPT-4.1 mini: $0.40 / $0.10 / $1.60)
        "gpt-4.1-mini,     2025-11-20T00:00:00Z, 0.40,  0.10,   1.60",
        // https://openai.com/api/pricing/ (GPT-4.1 nano: $0.10 / $0.025 / $0.40)
        "gpt-4.1-nano,     2025-11-20T00:00:00Z, 0.10,  0.025,  0.40",
        // https://openai.com/api/pricing/ (GPT-4o: $2.50 / $1.25 / $10.00)
        "gpt-4o,           2025-11-20T00:00:00Z, 2.50,  1.25,   10.00",
        // https://platform.openai.com/docs/pricing (gpt-4o-2024-05-13: $5.00 / no cache / $15.00)
        "gpt-4o-2024-05-13, 2025-11-20T00:00:00Z, 5.00, 5.00,   15.00",
        // https://openai.com/api/pricing/ (GPT-4o mini: $0.15 / $0.075 / $0.60)
        "gpt-4o-mini,      2025-11-20T00:00:00Z, 0.15,  0.075,  0.60",
        // https://openai.com/index/introducing-o3-and-o4-mini/ (o3 at launch: $10 / $2.50 / $40)
        "o3,               2025-05-01T00:00:00Z, 10.00, 2.50,   40.00",
        // https://community.openai.com/t/o3-is-80-cheaper-and-introducing-o3-pro/1284925 ($2 / $0.50 / $8)
        "o3,               2025-06-10T00:00:00Z, 2.00,  0.50,   8.00",
        // https://platform.openai.com/docs/pricing (o4-mini: $1.10 / $0.275 / $4.40)
        "o4-mini,          2025-11-20T00:00:00Z, 1.10,  0.275,  4.40",
        // https://platform.openai.com/docs/pricing (o1: $15 / $7.50 / $60)
        "o1,               2025-11-20T00:00:00Z, 15.00, 7.50,   60.00",
        // https://platform.openai.com/docs/pricing (o1-pro: $150 / no cache / $600)
        "o1-pro,           2025-11-20T00:00:00Z, 150.00, 150.00, 600.00",
        // https://platform.openai.com/docs/pricing (o3-pro: $20 / no cache / $80)
        "o3-pro,           2025-11-20T00:00:00Z, 20.00, 20.00,  80.00",
        // https://platform.openai.com/docs/pricing (gpt-5-pro: $15 / no cache / $120)
        "gpt-5-pro,        2025-11-20T00:00:00Z, 15.00, 15.00,  120.00",
        // https://platform.openai.com/docs/pricing (GPT-4 Turbo $10 / $30; GPT-4 $30 / $60)
        "gpt-4-turbo,      2025-11-20T00:00:00Z, 10.00, 10.00,  30.00",
        "gpt-4,            2025-11-20T00:00:00Z, 30.00, 30.00,  60.00",
        // https://openai.com/index/new-embedding-models-and-api-updates/ (gpt-3.5-turbo-0125: $0.50 / $1.50)
        "gpt-3.5-turbo,    2025-11-20T00:00:00Z, 0.50,  0.50,   1.50",
    })
    void price_matchesSource(String model, String at, String input, String cacheRead, String output) {
        Rates r = rates(model, Instant.parse(at));
        assertRate(r.input(), input);
        assertRate(r.effectiveCacheRead(), cacheRead);
        assertRate(r.output().orElseThrow(), output);
    }

    @Test
    void price_embeddings_matchSource() {
        // https://openai.com/index/new-embedding-models-and-api-updates/ ($0.02 and $0.13 per 1M tokens)
        assertRate(rates("text-embedding-3-small", NOW).input(), "0.02");
        assertRate(rates("text-embedding-3-large", NOW).input(), "0.13");
        // https://openai.com/index/new-and-improved-embedding-model/ ($0.0001 per 1K tokens)
        assertRate(rates("text-embedding-ada-002", NOW).input(), "0.10");
    }

    @Test
    void price_audioModels_matchSource() {
        // https://platform.openai.com/docs/pricing (gpt-audio: text $2.50 / $10, audio $32 / $64)
        Rates audio = rates("gpt-audio", NOW);
        assertRate(audio.input(), "2.50");
        assertRate(audio.inputAudio().orElseThrow(), "32.00");
        assertRate(audio.outputAudio().orElseThrow(), "64.00");
        // https://platform.openai.com/docs/pricing (gpt-4o-mini-audio-preview: audio $10 / $20)
        Rates mini = rates("gpt-4o-mini-audio-preview", NOW);
        assertRate(mini.inputAudio().orElseThrow(), "10.00");
        assertRate(mini.outputAudio().orElseThrow(), "20.00");
        // https://platform.openai.com/docs/pricing (gpt-realtime: text $4 / $0.40 / $16, audio $32 / $64)
        Rates realtime = rates("gpt-realtime", NOW);
        assertRate(realtime.input(), "4.00");
        assertRate(realtime.effectiveCacheRead(), "0.40");
        assertRate(realtime.inputAudio().orElseThrow(), "32.00");
    }

    @Test
    void price_webSearch_isTenDollarsPerThousandCalls() {
        // https://platform.openai.com/docs/pricing (web search tool: $10.00 / 1k calls)
        assertRate(rates("gpt-5", NOW).webSearchPer1k().orElseThrow(), "10.00");
        assertRate(rates("gpt-4.1", NOW).webSearchPer1k().orElseThrow(), "10.00");
    }

    @Test
    void price_everyModel_pricesASampleUsage() {
        for (ModelPrice m : CATALOG.models()) {
            for (PricePeriod p : m.periods()) {
                Usage usage = Usage.builder("openai", m.model()).inputTokens(1_000).cacheReadTokens(200)
                        .outputTokens(m.model().startsWith("text-embedding") ? 0 : 100).build();
                CostResult r = CALC.price(usage, p.effectiveFrom());
                assertThat(r.isPriced()).as("%s at %s: %s", m.model(), p.effectiveFromText(), r.unpricedReason())
                        .isTrue();
                assertThat(r.pricedAs()).isEqualTo(m.model());
                if (m.model().contains("moderation")) {
                    // the moderation endpoint is free: zero is its price
                    assertThat(r.cost().total()).as(m.model()).isZero();
                } else {
                    assertThat(r.cost().total()).as(m.model()).isPositive();
                }
            }
        }
    }

    @Test
    void price_modelsAndAliases_areUnique_andNamesLowerCase() {
        Set<String> names = new HashSet<>();
        for (ModelPrice m : CATALOG.models()) {
            assertThat(names.add(m.model())).as("duplicate " + m.model()).isTrue();
            for (String alias : m.aliases()) {
                assertThat(names.add(alias)).as("duplicate " + alias).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "gpt-4o-2024-08-06, gpt-4o-2024-08-06",
        "gpt-4o-2024-11-20, gpt-4o-2024-08-06",
        "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
        "gpt-4o-mini-2024-07-18, gpt-4o-mini",
        "gpt-4.1-2025-04-14, gpt-4.1",
        "gpt-4.1-mini-2025-04-14, gpt-4.1-mini",
        "gpt-5-2025-08-07, gpt-5",
        "gpt-5-mini-2025-08-07, gpt-5-mini",
        "gpt-5-chat-latest, gpt-5-chat-latest",
        "gpt-5-pro-2025-10-06, gpt-5-pro",
        "gpt-5.1-2025-11-13, gpt-5.1",
        "gpt-5.1-codex, gpt-5.1",
        "o3-2025-04-16, o3",
        "o3-mini-2025-01-31, o3-mini",
        "o4-mini-2025-04-16, o4-mini",
        "o1-2024-12-17, o1",
        "o1-preview, o1",
        "o3-pro-2025-06-10, o3-pro",
        "gpt-4-0613, gpt-4",
        "gpt-4-1106-preview, gpt-4-turbo",
        "gpt-4-turbo-2024-04-09, gpt-4-turbo",
        "gpt-3.5-turbo-0125, gpt-3.5-turbo-0125",
        "gpt-35-turbo, gpt-3.5-turbo",
        "gpt-3.5-turbo-instruct-0914, gpt-3.5-turbo-instruct",
        "gpt-4o-audio-preview-2024-12-17, gpt-4o-audio-preview",
        "gpt-4o-audio-preview-2024-10-01, gpt-4o-audio-preview-2024-10-01",
        "gpt-4o-mini-audio-preview-2024-12-17, gpt-4o-mini-audio-preview",
        "gpt-audio-2025-08-28, gpt-audio",
        "gpt-realtime-2025-08-28, gpt-realtime",
        "gpt-4o-realtime-preview-2024-12-17, gpt-4o-realtime-preview",
        "GPT-4o, gpt-4o",
        "openai/gpt-4o-mini, gpt-4o-mini",
    })
    void find_datedSnapshotsAndAliases_resolve(String name, String expected) {
        Optional<ModelPrice> found = CATALOG.find("openai", name);
        assertThat(found).as(name).isPresent();
        assertThat(found.get().model()).isEqualTo(expected);
    }

    @Test
    void price_o3_beforeAndAfterTheJune2025Cut() {
        Usage u = Usage.builder("openai", "o3").inputTokens(1_000_000).cacheReadTokens(0).outputTokens(1_000_000).build();
        // before: $10 + $40 = $50; after: $2 + $8 = $10
        assertThat(CALC.price(u, Instant.parse("2025-06-09T23:59:59Z")).cost().total()).isEqualByComparingTo("50");
        assertThat(CALC.price(u, Instant.parse("2025-06-10T00:00:00Z")).cost().total()).isEqualByComparingTo("10");
    }

    @Test
    void price_gpt4o_followsItsSnapshotChange() {
        Usage u = Usage.builder("openai", "gpt-4o").inputTokens(1_000_000).outputTokens(1_000_000).build();
        // gpt-4o meant gpt-4o-2024-05-13 ($5 + $15) until 2024-10-02, then gpt-4o-2024-08-06 ($2.50 + $10)
        assertThat(CALC.price(u, Instant.parse("2024-09-01T00:00:00Z")).cost().total()).isEqualByComparingTo("20");
        assertThat(CALC.price(u, Instant.parse("2024-10-02T00:00:00Z")).cost().total()).isEqualByComparingTo("12.5");
        // the old snapshot keeps its price
        Usage old = Usage.builder("openai", "gpt-4o-2024-05-13").inputTokens(1_000_000).outputTokens(1_000_000).build();
        assertThat(CALC.price(old, NOW).cost().total()).isEqualByComparingTo("20");
    }

    @Test
    void price_gpt35Turbo_historyOfAliasUpgrades() {
        Usage u = Usage.builder("openai", "gpt-3.5-turbo").inputTokens(1_000_000).outputTokens(1_000_000).build();
        assertThat(CALC.price(u, Instant.parse("2023-04-01T00:00:00Z")).cost().total()).isEqualByComparingTo("4.00");
        assertThat(CALC.price(u, Instant.parse("2023-08-01T00:00:00Z")).cost().total()).isEqualByComparingTo("3.50");
        assertThat(CALC.price(u, Instant.parse("2024-01-01T00:00:00Z")).cost().total()).isEqualByComparingTo("3.00");
        assertThat(CALC.price(u, Instant.parse("2024-03-01T00:00:00Z")).cost().total()).isEqualByComparingTo("2.00");
    }

    @Test
    void price_beforeRelease_isUnpriced() {
        Usage u = Usage.builder("openai", "gpt-5").inputTokens(10).outputTokens(10).build();
        CostResult r = CALC.price(u, Instant.parse("2025-08-06T23:59:59Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("2025-08-07");
    }

    @Test
    void price_unknownModel_isUnpricedWithSuggestions() {
        CostResult r = CALC.price(Usage.builder("openai", "gpt-4o-mimi").inputTokens(10).outputTokens(1).build(), NOW);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.suggestions()).contains("gpt-4o-mini");
    }

    @Test
    void price_tiersOnlyOnLongContextModels_soGpt41AtAMillionTokenPromptUsesBaseRates() {
        // Only the long-context models from gpt-5.4 on have a prompt-size tier, from 272K prompt tokens;
        // gpt-4.1 has none, so 200k and 200k+1 input tokens (the boundary other providers use) cost the same.
        for (ModelPrice m : CATALOG.models()) {
            for (PricePeriod p : m.periods()) {
                p.tiers().forEach(t -> assertThat(t.aboveInputTokens()).as(m.model()).isIn(271_999L, 272_000L));
                if (!p.tiers().isEmpty()) {
                    assertThat(m.model()).matches("gpt-(5\\.[4-9]|6)(-.*)?");
                }
            }
        }
        Usage at = Usage.builder("openai", "gpt-4.1").inputTokens(200_000).outputTokens(0).build();
        Usage above = Usage.builder("openai", "gpt-4.1").inputTokens(200_001).outputTokens(0).build();
        assertThat(CALC.price(at, NOW).cost().total()).isEqualByComparingTo("0.4");
        assertThat(CALC.price(above, NOW).cost().total()).isEqualByComparingTo("0.400002");
        assertThat(CALC.price(above, NOW).tierAboveInputTokens()).isEmpty();
    }

    @Test
    void price_gpt54From272kPromptTokens_billsEveryTokenOfTheCallAtLongContextRates() {
        Instant at = Instant.parse("2026-11-27T12:00:00Z");
        CostResult below = CALC.price(Usage.builder("openai", "gpt-5.4-2026-03-05").inputTokens(271_999)
                .outputTokens(1_000).build(), at);
        CostResult from = CALC.price(Usage.builder("openai", "gpt-5.4").inputTokens(272_000).cacheReadTokens(100_000)
                .outputTokens(1_000).build(), at);
        // 271,999 x 2.50 + 1,000 x 15.00, per million
        assertThat(below.cost().total()).isEqualByComparingTo("0.6949975");
        assertThat(below.tierAboveInputTokens()).isEmpty();
        // 172,000 x 5.00 + 100,000 x 0.50 + 1,000 x 22.50, per million
        assertThat(from.cost().total()).isEqualByComparingTo("0.9325");
        assertThat(from.priceId()).isEqualTo("openai/gpt-5.4@2026-03-05>271999");
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        // model, instant, USD for 1M uncached input + 100k cache reads + 1M output
        "gpt-5.3-chat-latest, 2026-06-01T00:00:00Z, 1.75, 0.0175, 14.00",
        "gpt-5.3-codex,       2026-03-01T00:00:00Z, 1.75, 0.0175, 14.00",
        "gpt-5.4-mini,        2026-04-01T00:00:00Z, 0.75, 0.0075, 4.50",
        "gpt-5.4-nano,        2026-04-01T00:00:00Z, 0.20, 0.002, 1.25",
        "gpt-5.4-pro,         2026-04-01T00:00:00Z, 30.00, 3.00, 180.00",
        "gpt-5.5,             2026-05-01T00:00:00Z, 5.00, 0.05, 30.00",
        "gpt-5.5-pro,         2026-05-01T00:00:00Z, 30.00, 3.00, 180.00",
        "gpt-5.6-sol,         2026-07-01T00:00:00Z, 5.00, 0.05, 30.00",
        "gpt-5.6,             2026-09-01T00:00:00Z, 4.00, 0.04, 20.00",
        "gpt-5.6-terra,       2026-07-29T23:59:59Z, 2.50, 0.025, 15.00",
        "gpt-5.6-terra,       2026-07-30T00:00:00Z, 2.00, 0.02, 12.00",
        "gpt-5.6-luna,        2026-07-01T00:00:00Z, 1.00, 0.01, 6.00",
        "gpt-5.6-luna-2026-06-26, 2026-11-27T00:00:00Z, 0.20, 0.002, 1.20",
        "gpt-6-astra,         2026-11-27T00:00:00Z, 10.00, 0.10, 50.00",
        "gpt-6-sol,           2026-11-27T00:00:00Z, 2.00, 0.02, 10.00",
        "gpt-6-luna,          2026-11-27T00:00:00Z, 0.10, 0.001, 0.50",
        "gpt-realtime-2.1,    2026-11-27T00:00:00Z, 4.00, 0.04, 24.00",
        "o3-deep-research,    2026-11-27T00:00:00Z, 10.00, 0.25, 40.00",
    })
    void price_currentFamilies_atTheRateInForce(String model, String at, String input, String cacheRead,
            String output) {
        // a tenth of the table's volumes, below the 272K long-context tier: 100,000 uncached input,
        // 10,000 cache reads, 100,000 output
        CostResult r = CALC.price(Usage.builder("openai", model).inputTokens(110_000).cacheReadTokens(10_000)
                .outputTokens(100_000).build(), Instant.parse(at));
        assertThat(r.isPriced()).as("%s: %s", model, r.unpricedReason()).isTrue();
        assertThat(r.cost().input()).isEqualByComparingTo(new BigDecimal(input).movePointLeft(1));
        assertThat(r.cost().cacheRead()).isEqualByComparingTo(new BigDecimal(cacheRead).movePointLeft(1));
        assertThat(r.cost().output()).isEqualByComparingTo(new BigDecimal(output).movePointLeft(1));
        assertThat(r.tierAboveInputTokens()).isEmpty();
    }

    @Test
    void price_gpt56CacheWrites_billAtOneAndAQuarterTimesInput() {
        // 200,000 written tokens x 5.00 (1.25 x Sol's 4.00 since 2026-08-21), per million
        CostResult r = CALC.price(Usage.builder("openai", "gpt-5.6-sol").inputTokens(200_000)
                .cacheWriteTokens(200_000).outputTokens(0).build(), Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(r.cost().cacheWrite()).isEqualByComparingTo("1.00");
        assertThat(r.cost().input()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "whisper-1|billed per minute of audio",
        "tts-1-hd|billed per character",
        "dall-e-3|billed per image generated",
        "sora-2|billed per second of video",
        "gpt-6|no published price for a model named gpt-6",
    })
    void price_modelsNotBilledByTokens_areUnpricedWithTheirReason(String model, String reason) {
        CostResult r = CALC.price(Usage.builder("openai", model).inputTokens(1_000).outputTokens(10).build(),
                Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).startsWith("openai/" + model + " is not priced by LLMlab: ").contains(reason);
    }

    @Test
    void price_audioUsage_billsAudioAtAudioRates() {
        // 250 text in x $2.50 + 950 audio in x $40 + 120 text out x $10 + 400 audio out x $80 = 71,825 / 1M
        Usage u = ADAPTER.parse(Golden.FILES.bytes("chat_audio.json"));
        CostResult r = CALC.price(u, Instant.parse("2025-01-15T00:00:00Z"));
        assertThat(r.cost().total()).isEqualByComparingTo("0.071825");
        assertThat(r.cost().inputAudio()).isEqualByComparingTo("0.038");
        assertThat(r.cost().outputAudio()).isEqualByComparingTo("0.032");
    }

    @Test
    void price_realtimeResponseDone_withTheSessionsModel() {
        // the Realtime response names no model: the session's model is supplied.
        // gpt-realtime: uncached text 396 - 203 audio = 193 x $4 = 772; audio in 203 x $32 = 6496;
        // cached 6784 x $0.40 = 2713.6; text out 96 x $16 = 1536; audio out 268 x $64 = 17152;
        // total 28669.6 / 1M
        Usage u = ADAPTER.parse(Golden.FILES.bytes("realtime_response_done.json")).withModel("gpt-realtime-2025-08-28");
        CostResult r = CALC.price(u, NOW);
        assertThat(r.pricedAs()).isEqualTo("gpt-realtime");
        assertThat(r.cost().total()).isEqualByComparingTo("0.0286696");
    }

    /** Golden files priced end to end; each amount is computed by hand in the comment. */
    @ParameterizedTest(name = "{0} at {1} = {3}")
    @CsvSource({
        // 19 x 0.15 + 10 x 0.60 = 8.85 / 1M
        "chat_completion_plain.json,     2025-11-20T00:00:00Z, gpt-4o-mini,        0.00000885",
        // 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 215 + 2400 + 3000 = 5615 / 1M
        "chat_completion_cached.json,    2025-11-20T00:00:00Z, gpt-4o-2024-08-06,  0.005615",
        // new o3 rates: 476 x 2 + 1024 x 0.50 + 1310 x 8 = 952 + 512 + 10480 = 11944 / 1M
        "chat_completion_reasoning.json, 2025-07-01T00:00:00Z, o3,                 0.011944",
        // old o3 rates: 476 x 10 + 1024 x 2.50 + 1310 x 40 = 4760 + 2560 + 52400 = 59720 / 1M
        "chat_completion_reasoning.json, 2025-05-01T00:00:00Z, o3,                 0.05972",
        // 5 x 1.50 + 7 x 2.00 = 21.5 / 1M
        "text_completion.json,           2025-11-20T00:00:00Z, gpt-3.5-turbo-instruct, 0.0000215",
        // 250 x 2.50 + 950 x 40 + 120 x 10 + 400 x 80 = 625 + 38000 + 1200 + 32000 = 71825 / 1M
        "chat_audio.json,                2025-01-15T00:00:00Z, gpt-4o-audio-preview, 0.071825",
        // 8 x 0.02 = 0.16 / 1M
        "embeddings.json,                2025-11-20T00:00:00Z, text-embedding-3-small, 0.00000016",
        // 256 x 2.50 + 1280 x 1.25 + 85 x 10 = 640 + 1600 + 850 = 3090 / 1M
        "azure_chat.json,                2025-11-20T00:00:00Z, gpt-4o-2024-08-06,  0.00309",
        // 226 x 2.50 + 1024 x 1.25 + 3 x 10 = 565 + 1280 + 30 = 1875 / 1M
        "chat_stream_usage.sse,          2025-11-20T00:00:00Z, gpt-4o-2024-08-06,  0.001875",
        // 41 x 0.40 + 2 x 1.60 = 16.4 + 3.2 = 19.6 / 1M
        "azure_chat_stream.sse,          2025-11-20T00:00:00Z, gpt-4.1-mini,       0.0000196",
        // 36 x 2 + 87 x 8 = 72 + 696 = 768 / 1M
        "responses_plain.json,           2025-11-20T00:00:00Z, gpt-4.1,            0.000768",
        // 7402 x 1.25 + 2048 x 0.125 + 1830 x 10 = 9252.5 + 256 + 18300 = 27808.5 / 1M = 0.0278085;
        // plus 2 web searches x $10 / 1000 = 0.02
        "responses_web_search.json,      2025-11-20T00:00:00Z, gpt-5,              0.0478085",
        // 176 x 1.10 + 2944 x 0.275 + 706 x 4.40 = 193.6 + 809.6 + 3106.4 = 4109.6 / 1M
        "responses_stream.sse,           2025-11-20T00:00:00Z, o4-mini,            0.0041096",
    })
    void price_goldenFile_endToEnd(String golden, String at, String pricedAs, String total) {
        Usage u = ADAPTER.parse(Golden.FILES.bytes(golden));
        CostResult r = CALC.price(u, Instant.parse(at));
        assertThat(r.isPriced()).as(r.unpricedReason()).isTrue();
        assertThat(r.pricedAs()).isEqualTo(pricedAs);
        assertThat(r.cost().total()).isEqualByComparingTo(d(total));
        assertThat(r.cost().cacheWrite()).isEqualByComparingTo("0");
    }
}
