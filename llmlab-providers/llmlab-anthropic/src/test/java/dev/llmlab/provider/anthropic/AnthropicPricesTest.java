package dev.llmlab.provider.anthropic;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anthropic's price list: loads, matches its sources, resolves names, switches periods and tiers. */
class AnthropicPricesTest {
    private static final PriceCatalog CATALOG =
            PriceCatalog.fromProviders(ProviderRegistry.of(new AnthropicAdapter()));
    private static final CostCalculator CALCULATOR = CostCalculator.of(CATALOG);
    private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();

    private static Instant at(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    private static Rates rates(String model, String date) {
        ModelPrice m = CATALOG.find("anthropic", model).orElseThrow();
        PricePeriod p = m.periodAt(at(date)).orElseThrow();
        return p.rates();
    }

    private static BigDecimal cost(Usage usage, String date) {
        CostResult r = CALCULATOR.price(usage, at(date));
        assertThat(r.isPriced()).as("%s: %s", usage, r.unpricedReason()).isTrue();
        return r.cost().total();
    }

    private static BigDecimal cost(String golden, String date) {
        return cost(ADAPTER.parse(Golden.FILES.bytes(golden)), date);
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    @Test
    void priceList_loadsWithEveryModel() {
        List<String> names = CATALOG.models().stream().map(ModelPrice::model).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(16).contains(
                "claude-3-haiku", "claude-3-sonnet", "claude-3-opus", "claude-3-5-haiku", "claude-3-5-sonnet",
                "claude-3-5-sonnet-20241022", "claude-3-7-sonnet", "claude-sonnet-4", "claude-opus-4",
                "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5", "claude-opus-4-6",
                "claude-sonnet-4-6", "claude-opus-4-7", "claude-opus-4-8", "claude-sonnet-5", "claude-opus-5",
                "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5");
        assertThat(CATALOG.models()).allSatisfy(m -> {
            assertThat(m.provider()).isIn("anthropic", "bedrock", "vertex_ai");
            assertThat(m.periods()).allSatisfy(p -> assertThat(p.source()).isPresent());
        });
    }

    // Each row: a rate as the cited source states it.
    @ParameterizedTest(name = "{0} on {1}: {2} = {3}")
    @CsvSource({
        // https://docs.claude.com/en/docs/about-claude/pricing (model pricing table)
        "claude-3-haiku,      2025-06-01, input,          0.25",
        "claude-3-haiku,      2025-06-01, cache_read,     0.03",
        "claude-3-opus,       2025-06-01, cache_write,    18.75",
        "claude-3-5-haiku,    2025-06-01, input,          0.80",
        "claude-3-5-haiku,    2025-06-01, cache_write_1h, 1.60",
        "claude-3-7-sonnet,   2025-06-01, output,         15.00",
        "claude-opus-4-1,     2025-09-01, cache_write_1h, 30.00",
        "claude-opus-4-1,     2025-09-01, output,         75.00",
        "claude-sonnet-4-5,   2025-10-01, cache_read,     0.30",
        "claude-haiku-4-5,    2025-11-01, cache_write,    1.25",
        "claude-opus-4-5,     2025-12-01, input,          5.00",
        "claude-opus-4-5,     2025-12-01, output,         25.00",
        // https://docs.claude.com/en/docs/about-claude/pricing (web search: $10 per 1,000 searches)
        "claude-sonnet-4-5,   2025-10-01, web_search,     10.00",
        // https://aiwiki.ai/wiki/claude_3_5_haiku (launch price, before the cut)
        "claude-3-5-haiku,    2024-11-20, input,          1.00",
        "claude-3-5-haiku,    2024-11-20, output,         5.00",
        // https://platform.claude.com/docs/en/models/opus-5-5/overview
        "claude-opus-5-5,     2026-10-01, cache_read,     0.20",
        "claude-opus-5-5,     2026-10-01, cache_write_1h, 8.00",
        // https://platform.claude.com/docs/en/models/sonnet-5/overview
        "claude-sonnet-5,     2026-07-01, input,          2.00",
        // https://platform.claude.com/docs/en/models/haiku-5-5/overview
        "claude-haiku-5-5,    2026-10-08, cache_write,    0.125",
    })
    void price_equalsCitedSource(String model, String date, String rate, String expected) {
        Rates r = rates(model, date);
        BigDecimal actual;
        switch (rate) {
            case "input": actual = r.input(); break;
            case "cache_read": actual = r.cacheRead().orElseThrow(); break;
            case "cache_write": actual = r.cacheWrite().orElseThrow(); break;
            case "cache_write_1h": actual = r.cacheWrite1h().orElseThrow(); break;
            case "output": actual = r.output().orElseThrow(); break;
            case "web_search": actual = r.webSearchPer1k().orElseThrow(); break;
            default: throw new IllegalArgumentException(rate);
        }
        assertThat(actual).isEqualByComparingTo(expected);
    }

    @Test
    void price_cacheRatesFollowAnthropicsMultipliers() {
        // 5-minute write = 1.25x input, 1-hour write = 2x, read = 0.1x; except where the source says
        // otherwise (Opus 5.5 and Sonnet 5.5 read at 0.05x since their launch / 2026-10-07, Fable 5.1 at
        // 0.025x).
        for (ModelPrice m : CATALOG.models()) {
            for (PricePeriod p : m.periods()) {
                Rates r = p.rates();
                if (r.cacheWrite().isEmpty()) {
                    // no prompt caching: Claude 2 and Claude 3 Sonnet were retired before or without it; Bedrock
                    // never offered it for Claude 3 Haiku and Opus
                    assertThat(m.provider().equals("bedrock") ? m.model() : "first-party " + m.model()).as(m.id())
                            .isIn("first-party claude-3-sonnet", "first-party claude-2", "claude-3-sonnet",
                                    "claude-3-haiku", "claude-3-opus");
                    continue;
                }
                if (m.model().equals("claude-3-haiku")) {
                    // The pricing page rounds Haiku 3's rates: $0.30 write (1.2x), $0.03 read (0.12x).
                    assertThat(r.cacheWrite1h().get()).isEqualByComparingTo(r.input().multiply(usd("2")));
                    continue;
                }
                assertThat(r.cacheWrite().get()).as(m.model()).isEqualByComparingTo(r.input().multiply(usd("1.25")));
                assertThat(r.cacheWrite1h().get()).as(m.model()).isEqualByComparingTo(r.input().multiply(usd("2")));
                BigDecimal readFactor = r.cacheRead().get().divide(r.input());
                assertThat(readFactor).as(m.model() + " from " + p.effectiveFromText())
                        .isIn(usd("0.1"), usd("0.05"), usd("0.10"), usd("0.025"));
            }
        }
    }

    @Test
    void everyModel_pricesASampleUsageInEachPeriod() {
        for (ModelPrice m : CATALOG.models()) {
            for (PricePeriod p : m.periods()) {
                Usage u = Usage.builder(m.provider(), m.model()).inputTokens(1000).cacheReadTokens(100)
                        .cacheWriteTokens(100).cacheWrite1hTokens(50).outputTokens(200).build();
                CostResult r = CALCULATOR.price(u, p.effectiveFrom().plusSeconds(3600));
                assertThat(r.isPriced()).as(m.model() + ": " + r.unpricedReason()).isTrue();
                assertThat(r.cost().total()).isPositive();
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "claude-sonnet-4-5-20250929,                     claude-sonnet-4-5",
        "claude-sonnet-4-20250514,                       claude-sonnet-4",
        "claude-sonnet-4-0,                              claude-sonnet-4",
        "claude-opus-4-0,                                claude-opus-4",
        "claude-opus-4-20250514,                         claude-opus-4",
        "claude-opus-4-1-20250805,                       claude-opus-4-1",
        "claude-opus-4-5-20251101,                       claude-opus-4-5",
        "claude-haiku-4-5-20251001,                      claude-haiku-4-5",
        "claude-3-5-sonnet-latest,                       claude-3-5-sonnet-20241022",
        "claude-3-5-sonnet-20240620,                     claude-3-5-sonnet",
        "claude-3-7-sonnet-latest,                       claude-3-7-sonnet",
        "claude-3-7-sonnet-20250219,                     claude-3-7-sonnet",
        "claude-3-5-haiku-20241022,                      claude-3-5-haiku",
        "claude-3-haiku-20240307,                        claude-3-haiku",
        "claude-3-opus-20240229,                         claude-3-opus",
        "anthropic.claude-3-5-sonnet-20241022-v2:0,      claude-3-5-sonnet-20241022",
        "us.anthropic.claude-sonnet-4-20250514-v1:0,     claude-sonnet-4",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
        "anthropic.claude-opus-4-6-v1:0,                 claude-opus-4-6",
        "claude-3-5-sonnet-v2@20241022,                  claude-3-5-sonnet-20241022",
        "claude-opus-4-1@20250805,                       claude-opus-4-1",
        "claude-sonnet-4-5@20250929,                     claude-sonnet-4-5",
        "anthropic/claude-opus-4-5,                      claude-opus-4-5",
        "CLAUDE-HAIKU-4-5,                               claude-haiku-4-5",
        "claude-opus-5-5,                                claude-opus-5-5",
        "claude-opus-5,                                  claude-opus-5",
    })
    void name_resolves(String name, String model) {
        assertThat(CATALOG.find("anthropic", name)).map(ModelPrice::model).contains(model);
    }

    @Test
    void unknownModel_isUnpricedWithSuggestions() {
        Usage u = Usage.builder("anthropic", "claude-sonet-4-5").inputTokens(10).outputTokens(1).build();
        CostResult r = CALCULATOR.price(u, at("2025-10-01"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.suggestions()).contains("claude-sonnet-4-5");
    }

    @Test
    void eventBeforeRelease_isUnpriced() {
        Usage u = Usage.builder("anthropic", "claude-opus-4-5-20251101").inputTokens(10).outputTokens(1).build();
        assertThat(CALCULATOR.price(u, at("2025-11-23")).isPriced()).isFalse();
        assertThat(CALCULATOR.price(u, at("2025-11-24")).isPriced()).isTrue();
    }

    @Test
    void price_claude35HaikuCut_pricesOldAndNewEventsDifferently() {
        Usage u = ADAPTER.parse(Golden.FILES.bytes("bedrock_message.json")); // 19 in, 241 out
        // launch: 19 x $1 + 241 x $5 per million = 0.000019 + 0.001205
        assertThat(cost(u, "2024-11-20")).isEqualByComparingTo("0.001224");
        // after the cut: 19 x $0.80 + 241 x $4 = 0.0000152 + 0.000964
        assertThat(cost(u, "2025-01-15")).isEqualByComparingTo("0.0009792");
    }

    @Test
    void price_sonnet46LongContextPremium_appliesOnlyBefore20260313() {
        Usage u = Usage.builder("anthropic", "claude-sonnet-4-6").inputTokens(300_000).outputTokens(1000).build();
        // 300,000 x $6 + 1,000 x $22.50 per million
        assertThat(cost(u, "2026-03-01")).isEqualByComparingTo("1.8225");
        // 300,000 x $3 + 1,000 x $15
        assertThat(cost(u, "2026-03-14")).isEqualByComparingTo("0.915");
    }

    @Test
    void price_sonnet55CacheReadCut_pricesOldAndNewEventsDifferently() {
        Usage u = Usage.builder("anthropic", "claude-sonnet-5-5").inputTokens(1_000_000)
                .cacheReadTokens(1_000_000).build();
        assertThat(cost(u, "2026-10-01")).isEqualByComparingTo("0.20");
        assertThat(cost(u, "2026-10-08")).isEqualByComparingTo("0.10");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"claude-sonnet-4-5, 2025-10-01", "claude-sonnet-4, 2025-09-01"})
    void tier_switchesExactlyAbove200kInputTokens(String model, String date) {
        // 200,000 input tokens, all read from the cache but one: the threshold counts cache reads
        Usage at = Usage.builder("anthropic", model).inputTokens(200_000).cacheReadTokens(199_999)
                .outputTokens(1_000_000).build();
        Usage above = at.toBuilder().inputTokens(200_001).build();
        // 1 x $3 + 199,999 x $0.30 + 1,000,000 x $15 per million
        assertThat(cost(at, date)).isEqualByComparingTo("15.060002700");
        // 2 x $6 + 199,999 x $0.60 + 1,000,000 x $22.50
        assertThat(cost(above, date)).isEqualByComparingTo("22.620011400");
        assertThat(CALCULATOR.price(above, at(date)).tierAboveInputTokens()).hasValue(200_000);
        assertThat(CALCULATOR.price(at, at(date)).tierAboveInputTokens()).isEmpty();
    }

    @Test
    void tier_cacheWritesUseTheLongContextRatesToo() {
        Usage u = Usage.builder("anthropic", "claude-sonnet-4-5").inputTokens(300_000).cacheWriteTokens(200_000)
                .cacheWrite1hTokens(100_000).build();
        // 100,000 uncached x $6 + 100,000 5m x $7.50 + 100,000 1h x $12 per million
        assertThat(cost(u, "2025-10-01")).isEqualByComparingTo("2.55");
    }

    @Test
    void tier_haiku55SwitchesAbove100kInputTokens() {
        Usage at = Usage.builder("anthropic", "claude-haiku-5-5").inputTokens(100_000).outputTokens(10_000).build();
        Usage above = at.toBuilder().inputTokens(100_001).build();
        // 100,000 x $0.10 + 10,000 x $0.50 per million
        assertThat(cost(at, "2026-10-08")).isEqualByComparingTo("0.015");
        // 100,001 x $0.50 + 10,000 x $2.50
        assertThat(cost(above, "2026-10-08")).isEqualByComparingTo("0.0750005");
    }

    @Test
    void price_webSearchIsTenDollarsPerThousand() {
        Usage u = Usage.builder("anthropic", "claude-haiku-4-5").webSearchRequests(3).build();
        CostResult r = CALCULATOR.price(u, at("2025-11-01"));
        assertThat(r.cost().webSearch()).isEqualByComparingTo("0.03");
        assertThat(r.cost().total()).isEqualByComparingTo("0.03");
    }

    // Golden files priced end to end; each figure computed by hand from the price list.

    @Test
    void golden_plainMessage() {
        // claude-sonnet-4-5: 2095 x $3 + 503 x $15 per million = 0.006285 + 0.007545
        assertThat(cost("message_plain.json", "2025-10-01")).isEqualByComparingTo("0.013830");
    }

    @Test
    void golden_cacheReadAndCreation() {
        // claude-sonnet-4: 312 x $3 + 20480 read x $0.30 + 1024 5m x $3.75 + 3072 1h x $6 + 790 x $15
        // = 0.000936 + 0.006144 + 0.00384 + 0.018432 + 0.01185
        assertThat(cost("message_cache.json", "2025-06-01")).isEqualByComparingTo("0.041202");
    }

    @Test
    void golden_cacheBreakdownMismatch() {
        // claude-haiku-4-5: 50 x $1 + 1500 5m x $1.25 + 700 1h x $2 + 12 x $5
        // = 0.00005 + 0.001875 + 0.0014 + 0.00006
        assertThat(cost("message_cache_breakdown_mismatch.json", "2025-11-01")).isEqualByComparingTo("0.003385");
    }

    @Test
    void golden_webSearch() {
        // claude-opus-4-1: 6039 x $15 + 931 x $75 per million + 1 search x $10 / 1000
        // = 0.090585 + 0.069825 + 0.01
        assertThat(cost("message_web_search.json", "2025-09-01")).isEqualByComparingTo("0.17041");
    }

    @Test
    void golden_longContext_billedAtTierRates() {
        // claude-sonnet-4-5 above 200k: 60000 x $6 + 140001 read x $0.60 + 2000 x $22.50
        // = 0.36 + 0.0840006 + 0.045
        assertThat(cost("message_long_context.json", "2025-10-01")).isEqualByComparingTo("0.4890006");
    }

    @Test
    void golden_streamedMessage() {
        // claude-3-7-sonnet: 472 x $3 + 218 x $15 = 0.001416 + 0.00327
        assertThat(cost("stream_message.txt", "2025-06-01")).isEqualByComparingTo("0.004686");
    }

    @Test
    void golden_streamedMessageWithDeltaUsage() {
        // claude-sonnet-4-5: 10682 x $3 + 3400 5m x $3.75 + 510 x $15 + 1 search x $0.01
        // = 0.032046 + 0.01275 + 0.00765 + 0.01
        assertThat(cost("stream_message_delta_usage.txt", "2025-10-01")).isEqualByComparingTo("0.062446");
    }

    @Test
    void golden_bedrockStreamEvents() {
        // claude-sonnet-4: 1543 x $3 + 87 x $15 per million = 0.004629 + 0.001305
        assertThat(cost("bedrock_stream_events.jsonl", "2025-06-01")).isEqualByComparingTo("0.005934");
    }

    @Test
    void golden_vertexMessage() {
        // claude-3-7-sonnet: 1187 x $3 + 2048 read x $0.30 + 356 x $15 = 0.003561 + 0.0006144 + 0.00534
        assertThat(cost("vertex_message.json", "2025-06-01")).isEqualByComparingTo("0.0095154");
    }
}
