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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI's fine-tuned models: every name shape, the fine-tuned rates with their sources, and what stays unpriced. */
class OpenAiFineTunedPricesTest {
    private static final PriceCatalog CATALOG = PriceCatalog.fromProviders(ProviderRegistry.of(new OpenAiAdapter()));
    private static final CostCalculator CALC = CostCalculator.of(CATALOG);
    private static final Instant NOW = Instant.parse("2025-11-20T12:00:00Z");
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

    private static CostResult price(String model, Instant at) {
        return CALC.price(Usage.builder("openai", model).inputTokens(1_000_000).cacheReadTokens(0)
                .outputTokens(1_000_000).build(), at);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123, ft:gpt-4o-mini",
        "ft:gpt-4o-mini-2024-07-18:acme::AbC123, ft:gpt-4o-mini",
        "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123:ckpt-step-100, ft:gpt-4o-mini",
        "ft:gpt-4o-2024-08-06:org:name:id:ckpt-step-100, ft:gpt-4o-2024-08-06",
        "ft:gpt-4o-2024-08-06:org:name:id, ft:gpt-4o-2024-08-06",
        "ft:gpt-4o-2024-11-20:org::id, ft:gpt-4o-2024-08-06",
        "ft:gpt-3.5-turbo-0125:org::id, ft:gpt-3.5-turbo-0125",
        "ft:gpt-3.5-turbo-1106:org:name:id, ft:gpt-3.5-turbo-1106",
        "ft:gpt-3.5-turbo-0613:org::id, ft:gpt-3.5-turbo-0613",
        "ft:gpt-3.5-turbo:org::id, ft:gpt-3.5-turbo",
        "ft:gpt-4.1-2025-04-14:acme:triage:BcD234, ft:gpt-4.1",
        "ft:gpt-4.1-mini-2025-04-14:acme:triage:BcD234, ft:gpt-4.1-mini",
        "ft:gpt-4.1-mini-2025-04-14:acme::BcD234:ckpt-step-40, ft:gpt-4.1-mini",
        "ft:gpt-4.1-nano-2025-04-14:acme::BcD234, ft:gpt-4.1-nano",
        "ft:o4-mini-2025-04-16:acme:grader:CdE345, ft:o4-mini",
        "FT:GPT-4o-Mini-2024-07-18:Acme::AbC123, ft:gpt-4o-mini",
        "openai/ft:gpt-4o-mini-2024-07-18:acme::AbC123, ft:gpt-4o-mini",
        "models/ft:gpt-4o-mini-2024-07-18:acme::AbC123, ft:gpt-4o-mini",
        "gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef, ft:gpt-4o-mini",
        "gpt-35-turbo-0125.ft-b044a9d3cf9c4228b5d393567f693b83, ft:gpt-3.5-turbo-0125",
        "gpt-4.1-mini-2025-04-14.ft-5f2a9c, ft:gpt-4.1-mini",
    })
    void find_everyFineTunedNameShape_resolvesToTheBasesFineTunedRates(String name, String pricedAs) {
        CostResult r = price(name, NOW);
        assertThat(r.isPriced()).as("%s: %s", name, r.unpricedReason()).isTrue();
        assertThat(r.pricedAs()).isEqualTo(pricedAs);
        assertThat(r.priceId()).startsWith("openai/" + pricedAs + "@");
    }

    /** Fine-tuned inference rates quoted from the sources; USD per million tokens. */
    @ParameterizedTest(name = "{0}: input {1}, cached {2}, output {3} from {4}")
    @CsvSource({
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-4o-2024-08-06 $3.75 / $1.875 / $15.00)
        "ft:gpt-4o-2024-08-06:o::i, 3.75, 1.875, 15.00, 2024-08-20",
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-4o-mini-2024-07-18 $0.30 / $0.15 / $1.20)
        "ft:gpt-4o-mini-2024-07-18:o::i, 0.30, 0.15, 1.20, 2024-07-18",
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-4.1-2025-04-14 $3.00 / $0.75 / $12.00)
        "ft:gpt-4.1-2025-04-14:o::i, 3.00, 0.75, 12.00, 2025-04-14",
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-4.1-mini-2025-04-14 $0.80 / $0.20 / $3.20)
        "ft:gpt-4.1-mini-2025-04-14:o::i, 0.80, 0.20, 3.20, 2025-04-14",
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-4.1-nano-2025-04-14 $0.20 / $0.05 / $0.80)
        "ft:gpt-4.1-nano-2025-04-14:o::i, 0.20, 0.05, 0.80, 2025-04-14",
        // https://openai.com/api/pricing/ (Fine-tuning: o4-mini-2025-04-16, reinforcement, $4.00 / $1.00 / $16.00)
        "ft:o4-mini-2025-04-16:o::i, 4.00, 1.00, 16.00, 2025-04-16",
        // https://openai.com/api/pricing/ (Fine-tuning: gpt-3.5-turbo $3.00 / no cached rate / $6.00)
        "ft:gpt-3.5-turbo-0125:o::i, 3.00, 3.00, 6.00, 2024-02-02",
        "ft:gpt-3.5-turbo-1106:o::i, 3.00, 3.00, 6.00, 2024-02-02",
        "ft:gpt-3.5-turbo-0613:o::i, 3.00, 3.00, 6.00, 2024-02-02",
        "ft:gpt-3.5-turbo:o::i, 3.00, 3.00, 6.00, 2024-02-02",
    })
    void fineTunedRates_matchTheSource(String name, String input, String cached, String output, String from) {
        ModelPrice ft = CATALOG.find("openai", name).orElseThrow();
        PricePeriod p = ft.periodAt(NOW).orElseThrow();
        Rates r = p.rates();
        assertThat(r.input()).isEqualByComparingTo(input);
        assertThat(r.effectiveCacheRead()).isEqualByComparingTo(cached);
        assertThat(r.output().orElseThrow()).isEqualByComparingTo(output);
        assertThat(ft.periods().get(0).effectiveFromText()).isEqualTo(from);
        assertThat(p.source()).hasValue("https://openai.com/api/pricing/");
    }

    @Test
    void fineTunedRates_differFromTheBaseRates_andStartNoEarlierThanTheBase() {
        List<String> withRates = new ArrayList<>();
        for (ModelPrice base : CATALOG.models()) {
            ModelPrice ft = base.fineTuned().orElseThrow();
            if (!ft.isPriced()) {
                continue;
            }
            withRates.add(base.model());
            assertThat(ft.current().rates().input()).as(base.model())
                    .isNotEqualByComparingTo(base.current().rates().input());
            assertThat(ft.periods().get(0).effectiveFrom()).as(base.model())
                    .isAfterOrEqualTo(base.periods().get(0).effectiveFrom());
            for (PricePeriod p : ft.periods()) {
                assertThat(p.source()).as(ft.id()).hasValueSatisfying(s -> assertThat(s).startsWith("https://"));
                assertThat(p.note()).as(ft.id()).isPresent();
            }
        }
        assertThat(withRates).containsExactlyInAnyOrder("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-2024-08-06",
                "gpt-4o-mini", "o4-mini", "gpt-3.5-turbo", "gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106",
                "gpt-3.5-turbo-0613");
    }

    @Test
    void price_fineTunedGoldenResponse_endToEnd() {
        // 1450 prompt tokens, 1024 of them cached, 212 output, at fine-tuned gpt-4o-mini rates:
        // 426 x 0.30 + 1024 x 0.15 + 212 x 1.20 = 127.8 + 153.6 + 254.4 = 535.8 / 1M
        Usage u = ADAPTER.parse(Golden.FILES.bytes("chat_completion_fine_tuned.json"));
        assertThat(u.model()).isEqualTo("ft:gpt-4o-mini-2024-07-18:acme:support:AbC123");
        CostResult r = CALC.price(u, NOW);
        assertThat(r.pricedAs()).isEqualTo("ft:gpt-4o-mini");
        assertThat(r.priceId()).isEqualTo("openai/ft:gpt-4o-mini@2024-07-18");
        assertThat(r.cost().total()).isEqualByComparingTo("0.0005358");
        assertThat(r.cost().input()).isEqualByComparingTo("0.0001278");
        assertThat(r.cost().cacheRead()).isEqualByComparingTo("0.0001536");
        assertThat(r.cost().output()).isEqualByComparingTo("0.0002544");
        // the base model's rates would give 426 x 0.15 + 1024 x 0.075 + 212 x 0.60 = 267.9 / 1M
        assertThat(CALC.price(u.withModel("gpt-4o-mini-2024-07-18"), NOW).cost().total())
                .isEqualByComparingTo("0.0002679");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ft:gpt-4-0613:org::id, gpt-4",
        "ft:gpt-4o-2024-05-13:org::id, gpt-4o-2024-05-13",
        "ft:gpt-4o:org::id, gpt-4o",
        "ft:gpt-5-2025-08-07:org::id, gpt-5",
        "gpt-4-0613.ft-0123abcd, gpt-4",
    })
    void price_knownBaseWithoutPublishedFineTunedRates_isUnpricedWithTheReason(String name, String base) {
        CostResult r = price(name, NOW);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).isEqualTo("openai/ft:" + base + " is not priced by LLMlab: fine-tuned " + base
                + " has no published fine-tuned inference price; add one in a price override file (see docs/prices.md)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "davinci:ft-acme-2023-01-01-00-00-00, davinci",
        "curie:ft-acme:support-bot-2023-01-01-00-00-00, curie",
        "ft:davinci-002:acme::AbC123, davinci-002",
        "ft:babbage-002:acme::AbC123, babbage-002",
        "ft:gpt-9-2030-01-01:acme::AbC123, gpt-9-2030-01-01",
    })
    void price_fineTunedModelOfABaseTheCatalogLacks_isAnUnknownModelNamingTheBase(String name, String base) {
        CostResult r = price(name, NOW);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).startsWith("unknown model '" + name + "' for provider 'openai': a fine-tuned"
                + " model of '" + base + "', which the catalog does not know");
    }

    @Test
    void price_fineTunedGpt35_beforeItsFirstDatedRate_isUnpriced() {
        CostResult r = price("ft:gpt-3.5-turbo-0613:acme::AbC123", Instant.parse("2023-12-01T00:00:00Z"));
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).contains("openai/ft:gpt-3.5-turbo-0613").contains("its prices start 2024-02-02");
        // the base model itself was priced then
        assertThat(price("gpt-3.5-turbo-0613", Instant.parse("2023-12-01T00:00:00Z")).isPriced()).isTrue();
    }

    @Test
    void price_fineTunedGpt4o_cachedInputAtTheFineTunedCacheRate() {
        // 1M prompt tokens of which 600,000 cached, 10,000 output:
        // 400,000 x 3.75 + 600,000 x 1.875 + 10,000 x 15 = 1.50 + 1.125 + 0.15 = 2.775
        CostResult r = CALC.price(Usage.builder("openai", "ft:gpt-4o-2024-08-06:acme:legal:XyZ789")
                .inputTokens(1_000_000).cacheReadTokens(600_000).outputTokens(10_000).build(), NOW);
        assertThat(r.cost().total()).isEqualByComparingTo("2.775");
        assertThat(r.priceId()).isEqualTo("openai/ft:gpt-4o-2024-08-06@2024-08-20");
    }

    /** The override example of docs/prices.md ("Fine-tuned and custom models") does what the page says. */
    @Test
    void docsOverrideExample_pricesWhatThePageSays(@TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of("../../docs/prices.md"));
        int at = doc.indexOf("\"model\": \"acme-support\"");
        assertThat(at).as("the example in docs/prices.md").isPositive();
        int start = doc.lastIndexOf("```json\n", at) + "```json\n".length();
        Path file = dir.resolve("override.json");
        Files.writeString(file, doc.substring(start, doc.indexOf("```", at)));
        PriceCatalog catalog = CATALOG.withOverrides(PriceCatalog.fromFile(file));
        CostCalculator calc = CostCalculator.of(catalog);
        Usage support = Usage.builder("openai", "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123").inputTokens(1_000_000)
                .outputTokens(0).build();
        assertThat(calc.price(support, NOW).pricedAs()).isEqualTo("acme-support");
        assertThat(calc.price(support, NOW).cost().total()).isEqualByComparingTo("0.25");
        assertThat(calc.price(support.withModel("ft:gpt-4o-mini-2024-07-18:acme:sales:BcD234"), NOW).pricedAs())
                .isEqualTo("ft:gpt-4o-mini");
        for (String name : List.of("acme-router", "router-prod", "router-v3", "gpt-4o-mini-2024-07-18.ft-router-eu")) {
            assertThat(catalog.find("openai", name).orElseThrow().model()).as(name).isEqualTo("acme-router");
        }
        CostResult gpt4 = calc.price(support.withModel("ft:gpt-4-0613:acme::x"), NOW);
        assertThat(gpt4.priceId()).isEqualTo("openai/ft:gpt-4@2023-11-01");
        assertThat(gpt4.cost().total()).isEqualByComparingTo("45");
        assertThat(calc.price(support.withModel("gpt-4"), NOW).cost().total()).isEqualByComparingTo("30");
    }
}
