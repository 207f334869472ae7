package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fine-tuned model names resolve to their base model's fine-tuned rates; the test catalog is
 * {@code src/test/resources/pricing/fine-tuned-prices.json} (made-up rates).
 */
class FineTunedPricingTest {
    private static final PriceCatalog CATALOG = TestCatalogs.fineTuned();
    private static final CostCalculator CALC = CostCalculator.of(CATALOG);
    private static final Instant JULY = Instant.parse("2025-07-01T00:00:00Z");

    /** 800,000 uncached input, 200,000 cache reads, 100,000 output. */
    private static Usage usage(String model) {
        return Usage.builder("acme", model).inputTokens(1_000_000).cacheReadTokens(200_000).outputTokens(100_000)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ft:acme-mini-2025-01-01:org:support:AbC123",
        "ft:acme-mini-2025-01-01:org::AbC123",
        "ft:acme-mini-2025-01-01:org:support:AbC123:ckpt-step-100",
        "ft:acme-mini:org::AbC123",
        "ft:acme-mini",
        "FT:ACME-Mini-2025-01-01:Org::AbC123",
        "  ft:acme-mini-2025-01-01:org::AbC123 ",
        "models/ft:acme-mini-2025-01-01:org::AbC123",
        "acme/ft:acme-mini-2025-01-01:org::AbC123",
        "acme-mini:ft-org-2023-01-01-00-00-00",
        "acme-mini:ft-org:custom-name-2023-01-01-00-00-00",
        "acme-mini-2025-01-01.ft-0123456789abcdef",
        "ACME-MINI-2025-01-01.FT-0123456789ABCDEF",
    })
    void find_fineTunedNameShapes_resolveToTheBasesFineTunedRates(String name) {
        ModelPrice found = CATALOG.find("acme", name).orElseThrow(() -> new AssertionError(name));
        assertThat(found.model()).isEqualTo("ft:acme-mini");
        assertThat(found.isPriced()).isTrue();
        assertThat(found.periodAt(JULY).orElseThrow().rates().input()).isEqualByComparingTo("1.50");
    }

    @Test
    void find_fineTunedNameOfAnAliasOrSnapshot_usesThatEntrysFineTunedRates() {
        // acme-large-2025-05-01 is an alias of acme-large-2025-03-01, which has fine-tuned rates;
        // acme-large (no snapshot) has none
        assertThat(CATALOG.find("acme", "ft:acme-large-2025-05-01:org::x").orElseThrow().model())
                .isEqualTo("ft:acme-large-2025-03-01");
        assertThat(CATALOG.find("acme", "ft:acme-large-2025-03-01:org::x").orElseThrow().isPriced()).isTrue();
        assertThat(CATALOG.find("acme", "ft:acme-large-2025-09-09:org::x").orElseThrow().model())
                .isEqualTo("ft:acme-large");
    }

    @Test
    void price_fineTunedCall_billsTheFineTunedRatesNotTheBaseRates() {
        // 800,000 x 1.50 + 200,000 x 0.75 + 100,000 x 6.00 = 1.95; the base model would be 1.30
        CostResult ft = CALC.price(usage("ft:acme-mini-2025-01-01:org:support:AbC123"), JULY);
        CostResult base = CALC.price(usage("acme-mini-2025-01-01"), JULY);
        assertThat(ft.cost().total()).isEqualByComparingTo("1.95");
        assertThat(ft.cost().cacheRead()).isEqualByComparingTo("0.15");
        assertThat(base.cost().total()).isEqualByComparingTo("1.30");
    }

    @Test
    void price_fineTunedCall_saysWhatItWasPricedAs() {
        CostResult r = CALC.price(usage("ft:acme-mini-2025-01-01:org::AbC123"), JULY);
        assertThat(r.pricedAs()).isEqualTo("ft:acme-mini");
        assertThat(r.priceId()).isEqualTo("acme/ft:acme-mini@2025-06-01");
        assertThat(r.period().orElseThrow().source()).hasValue("https://acme.example/pricing#fine-tuning");
        // the name priced_as gives resolves to the same rates
        assertThat(CATALOG.find("acme", r.pricedAs())).containsSame(r.modelPrice().orElseThrow());
    }

    @Test
    void price_fineTunedCall_followsTheFineTunedPeriods() {
        // 800,000 x 2.00 + 200,000 x 1.00 + 100,000 x 8.00 = 2.60 before the cut
        CostResult march = CALC.price(usage("ft:acme-mini:org::x"), Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(march.cost().total()).isEqualByComparingTo("2.60");
        assertThat(march.priceId()).isEqualTo("acme/ft:acme-mini@2025-02-01");
    }

    @Test
    void price_beforeTheFirstFineTunedPeriod_isUnpriced_evenThoughTheBaseIsPriced() {
        Instant january = Instant.parse("2025-01-15T00:00:00Z");
        assertThat(CALC.price(usage("acme-mini"), january).isPriced()).isTrue();
        CostResult r = CALC.price(usage("ft:acme-mini:org::x"), january);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).isEqualTo("no price for acme/ft:acme-mini in force at 2025-01-15T00:00:00Z;"
                + " its prices start 2025-02-01");
    }

    @Test
    void price_knownBaseWithoutFineTunedRates_isUnpricedWithThatReason() {
        CostResult r = CALC.price(usage("ft:acme-large:org:support:AbC123"), JULY);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).isEqualTo("acme/ft:acme-large is not priced by LLMlab: fine-tuned acme-large"
                + " has no published fine-tuned inference price; add one in a price override file (see docs/prices.md)");
        assertThat(r.suggestions()).isEmpty();
        // known, not unknown: find answers the unpriced entry
        assertThat(CATALOG.find("acme", "ft:acme-large:org::x")).hasValueSatisfying(m -> {
            assertThat(m.isPriced()).isFalse();
            assertThat(m.unpricedReason()).hasValueSatisfying(s -> assertThat(s).startsWith("fine-tuned acme-large "));
        });
    }

    @Test
    void price_fineTunedModelOfAnUnpricedBase_isUnpricedAsFineTuned() {
        CostResult r = CALC.price(usage("ft:acme-image:org::x"), JULY);
        assertThat(r.unpricedReason()).startsWith("acme/ft:acme-image is not priced by LLMlab: fine-tuned acme-image ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ft:zeta-9-2025-01-01:org::AbC123|unknown model 'ft:zeta-9-2025-01-01:org::AbC123' for provider 'acme':"
                + " a fine-tuned model of 'zeta-9-2025-01-01', which the catalog does not know",
        "curie:ft-acme-2023-01-01-00-00-00|unknown model 'curie:ft-acme-2023-01-01-00-00-00' for provider 'acme':"
                + " a fine-tuned model of 'curie', which the catalog does not know",
        "zeta-9.ft-0123|unknown model 'zeta-9.ft-0123' for provider 'acme': a fine-tuned model of 'zeta-9',"
                + " which the catalog does not know",
        "ft::org::AbC123|unknown model 'ft::org::AbC123' for provider 'acme': a fine-tuned model's name without"
                + " its base model",
    })
    void price_unknownBase_isAnUnknownModelNamingTheBase(String name, String reason) {
        CostResult r = CALC.price(usage(name), JULY);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.unpricedReason()).startsWith(reason);
        assertThat(CATALOG.find("acme", name)).isEmpty();
    }

    @Test
    void price_unknownBase_suggestsTheClosestBases() {
        CostResult r = CALC.price(usage("ft:acme-mimi-2025-01-01:org::AbC123"), JULY);
        assertThat(r.unpricedReason()).contains("a fine-tuned model of 'acme-mimi-2025-01-01'")
                .contains("closest known: ");
        assertThat(r.suggestions()).contains("acme-mini");
    }

    @Test
    void find_withoutProvider_resolvesFineTunedNamesToo() {
        assertThat(CATALOG.find(null, "ft:acme-mini-2025-01-01:org::x").orElseThrow().id()).isEqualTo("acme/ft:acme-mini");
        assertThat(CATALOG.lookup(null, "ft:zeta-9:org::x").reason)
                .startsWith("unknown model 'ft:zeta-9:org::x': a fine-tuned model of 'zeta-9'");
        assertThat(CATALOG.lookup(null, "models/ft:zeta-9:org::x").reason).contains("a fine-tuned model of 'zeta-9'");
    }

    @Test
    void find_aNameTheCatalogLists_winsOverTheFineTunedRule() {
        PriceCatalog c = CATALOG.withOverrides(PriceCatalog.of(PriceFiles.parse("{\"provider\":\"acme\",\"models\":["
                + "{\"model\":\"ft:acme-mini:org::special\",\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"9\"}]}"
                + "]}", "override.json")));
        assertThat(c.find("acme", "FT:ACME-MINI:ORG::SPECIAL").orElseThrow().model()).isEqualTo("ft:acme-mini:org::special");
        assertThat(c.find("acme", "ft:acme-mini:org::other").orElseThrow().model()).isEqualTo("ft:acme-mini");
    }

    @Test
    void lookup_fineTunedName_isResolvedOnceThenRemembered() {
        PriceCatalog.Lookup first = CATALOG.lookup("acme", "ft:acme-mini-2025-01-01:org::remembered");
        assertThat(CATALOG.lookup("acme", "ft:acme-mini-2025-01-01:org::remembered")).isSameAs(first);
    }

    @Test
    void fineTuned_isTheEntryFineTunedNamesResolveTo() {
        ModelPrice mini = CATALOG.find("acme", "acme-mini").orElseThrow();
        ModelPrice ft = mini.fineTuned().orElseThrow();
        assertThat(ft.id()).isEqualTo("acme/ft:acme-mini");
        assertThat(ft.periods()).extracting(PricePeriod::effectiveFromText).containsExactly("2025-02-01", "2025-06-01");
        assertThat(ft.origin()).isEqualTo("fine-tuned-prices.json");
        assertThat(ft.aliases()).isEmpty();
        assertThat(ft.fineTuned()).isEmpty();
        // the fine-tuned entries are part of their base's entry, not models of their own
        assertThat(CATALOG.models()).extracting(ModelPrice::model).doesNotContain("ft:acme-mini");
    }

    @Test
    void withFineTuned_onFineTunedRates_orWithoutPeriods_isRefused() {
        ModelPrice mini = CATALOG.find("acme", "acme-mini").orElseThrow();
        assertThatThrownBy(() -> mini.withFineTuned(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one price period");
        ModelPrice ft = mini.fineTuned().orElseThrow();
        assertThatThrownBy(() -> ft.withFineTuned(ft.periods()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acme/ft:acme-mini is itself");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123, gpt-4o-mini-2024-07-18",
        "ft:gpt-4o-mini-2024-07-18:acme::AbC123, gpt-4o-mini-2024-07-18",
        "ft:gpt-4o-2024-08-06:org:name:id:ckpt-step-100, gpt-4o-2024-08-06",
        "ft:gpt-3.5-turbo-0125:org::id, gpt-3.5-turbo-0125",
        "ft:gpt-4o, gpt-4o",
        "ft:, ''",
        "davinci:ft-acme-2023-01-01-00-00-00, davinci",
        "curie:ft-acme:my-suffix-2023-01-01-00-00-00, curie",
        "gpt-35-turbo-0613.ft-b044a9d3cf9c4228b5d393567f693b83, gpt-35-turbo-0613",
        "gpt-4o-mini, null",
        "o4-mini-2025-04-16, null",
        "software:ft, null",
    })
    void fineTunedBase_ofEachNameShape(String name, String base) {
        assertThat(PriceCatalog.fineTunedBase(name)).isEqualTo(base);
    }

    @Test
    void search_findsAModelByItsFineTunedName_onlyWhenItHasFineTunedRates() {
        PriceCatalog catalog = TestCatalogs.fineTuned();
        assertThat(catalog.search("ft:acme-mini")).extracting(ModelPrice::id).containsExactly("acme/acme-mini");
        assertThat(catalog.search("ft:acme-large")).extracting(ModelPrice::id)
                .containsExactly("acme/acme-large-2025-03-01");
        assertThat(catalog.search("ft:acme-image")).isEmpty();
    }

    @Test
    void search_findsAModelByItsPattern() {
        PriceCatalog catalog = TestCatalogs.fineTuned().withOverrides(PriceCatalog.of(PriceFiles.parse(
                "{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-support\",\"match\":\"ft:acme-mini:corp:*\","
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}]}]}", "mine.json")));
        assertThat(catalog.search("acme-mini:corp")).extracting(ModelPrice::id).containsExactly("acme/acme-support");
    }
}
