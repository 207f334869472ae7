package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Models the catalog knows but does not price from tokens: {@code unpriced_reason}. */
class UnpricedModelTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String PERIOD = "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"output\":\"2\"}";
    private static final String FILE = "{\"provider\":\"acme\",\"models\":["
            + "{\"model\":\"acme-chat\",\"prices\":[" + PERIOD + "]},"
            + "{\"model\":\"acme-paint\",\"aliases\":[\"acme-paint-hd\"],"
            + "\"unpriced_reason\":\"billed per image generated; LLMlab prices tokens only\","
            + "\"source\":\"https://acme.example/pricing\",\"note\":\"USD 0.04 per image\"}]}";

    private static String model(String body) {
        return "{\"provider\":\"acme\",\"models\":[{\"model\":\"m\"," + body + "}]}";
    }

    @Test
    void parse_unpricedReason_readsAModelWithoutPeriods() {
        List<ModelPrice> models = PriceFiles.parse(FILE, "f.json");
        ModelPrice paint = models.get(1);
        assertThat(paint.isPriced()).isFalse();
        assertThat(paint.unpricedReason()).hasValue("billed per image generated; LLMlab prices tokens only");
        assertThat(paint.periods()).isEmpty();
        assertThat(paint.periodAt(NOW)).isEmpty();
        assertThat(paint.aliases()).containsExactly("acme-paint-hd");
        assertThat(models.get(0).isPriced()).isTrue();
        assertThat(models.get(0).unpricedReason()).isEmpty();
    }

    @Test
    void current_ofUnpricedModel_throwsWithTheReason() {
        ModelPrice paint = PriceFiles.parse(FILE, "f.json").get(1);
        assertThatThrownBy(paint::current).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("acme/acme-paint").hasMessageContaining("billed per image generated");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"unpriced_reason\":\"per image\",\"source\":\"https://a.example\",\"prices\":[" + PERIOD + "]"
                + "|models[0]: has both \"prices\" and \"unpriced_reason\"",
        "\"unpriced_reason\":\"  \",\"source\":\"https://a.example\"|models[0].unpriced_reason: must not be blank",
        "\"unpriced_reason\":7,\"source\":\"https://a.example\""
                + "|models[0].unpriced_reason: expected a string, got the number 7",
        "\"unpriced_reason\":\"per image\"|models[0].source: required with unpriced_reason",
        "\"unpriced_reason\":\"per image\",\"source\":false|models[0].source: expected a string, got false",
        "\"source\":\"https://a.example\",\"prices\":[" + PERIOD + "]"
                + "|models[0].source: only an unpriced model has a model-level source",
        "\"unpriced\":\"per image\",\"source\":\"https://a.example\"|models[0]: unknown key \"unpriced\"",
        "\"note\":\"no prices, no reason\"|models[0].prices: required",
    })
    void parse_badUnpricedEntries_nameTheFieldAndWhatWasExpected(String body, String message) {
        assertThatThrownBy(() -> PriceFiles.parse(model(body), "f.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessageStartingWith("f.json: ")
                .hasMessageContaining(message);
    }

    @Test
    void price_unpricedModel_isUnpricedWithItsReason_notUnknownAndNeverZero() {
        CostCalculator calculator = CostCalculator.of(PriceCatalog.of(PriceFiles.parse(FILE, "f.json")));
        CostResult r = calculator.price(Usage.builder("acme", "acme-paint").inputTokens(100).outputTokens(10).build(),
                NOW);
        assertThat(r.isPriced()).isFalse();
        assertThat(r.costIfPriced()).isEmpty();
        assertThat(r.unpricedReason())
                .isEqualTo("acme/acme-paint is not priced by LLMlab: billed per image generated; LLMlab prices tokens only")
                .doesNotContain("unknown model");
        assertThat(r.suggestions()).isEmpty();
        assertThat(r.priceId()).isNull();
        assertThatThrownBy(r::cost).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("billed per image generated");
    }

    @Test
    void price_unpricedModelByAliasOrDatedSnapshot_givesTheSameReason() {
        CostCalculator calculator = CostCalculator.of(PriceCatalog.of(PriceFiles.parse(FILE, "f.json")));
        for (String name : List.of("acme-paint-hd", "ACME-PAINT", "acme-paint-2026-01-01", "acme/acme-paint")) {
            CostResult r = calculator.price(Usage.builder("acme", name).inputTokens(1).build(), NOW);
            assertThat(r.unpricedReason()).as(name).startsWith("acme/acme-paint is not priced by LLMlab: ");
        }
    }

    @Test
    void price_pricedModelBesideAnUnpricedOne_isPricedAsBefore() {
        CostCalculator calculator = CostCalculator.of(PriceCatalog.of(PriceFiles.parse(FILE, "f.json")));
        CostResult r = calculator.price(Usage.builder("acme", "acme-chat").inputTokens(1_000_000).build(), NOW);
        assertThat(r.cost().total()).isEqualByComparingTo("1");
    }

    @Test
    void withOverrides_pricedOverrideReplacesAnUnpricedModel_andTheOtherWayRound() {
        PriceCatalog builtIn = PriceCatalog.of(PriceFiles.parse(FILE, "f.json"));
        PriceCatalog priced = PriceCatalog.of(PriceFiles.parse("{\"provider\":\"acme\",\"models\":["
                + "{\"model\":\"acme-paint\",\"prices\":[" + PERIOD + "]}]}", "mine.json"));
        assertThat(builtIn.withOverrides(priced).find("acme", "acme-paint").orElseThrow().isPriced()).isTrue();
        // the built-in entry is replaced whole, its aliases with it
        assertThat(builtIn.withOverrides(priced).find("acme", "acme-paint-hd")).isEmpty();

        PriceCatalog unpriced = PriceCatalog.of(PriceFiles.parse("{\"provider\":\"acme\",\"models\":["
                + "{\"model\":\"acme-chat\",\"unpriced_reason\":\"retired\",\"source\":\"https://a.example\"}]}",
                "mine.json"));
        ModelPrice chat = builtIn.withOverrides(unpriced).find("acme", "acme-chat").orElseThrow();
        assertThat(chat.unpricedReason()).hasValue("retired");
        assertThat(chat.origin()).isEqualTo("mine.json");
    }

    @Test
    void withOverrides_aliasTakenFromAnUnpricedModel_keepsItsReason() {
        PriceCatalog builtIn = PriceCatalog.of(PriceFiles.parse(FILE, "f.json"));
        PriceCatalog takesAlias = PriceCatalog.of(PriceFiles.parse("{\"provider\":\"acme\",\"models\":["
                + "{\"model\":\"acme-paint-2\",\"aliases\":[\"acme-paint-hd\"],\"prices\":[" + PERIOD + "]}]}",
                "mine.json"));
        PriceCatalog merged = builtIn.withOverrides(takesAlias);
        ModelPrice paint = merged.find("acme", "acme-paint").orElseThrow();
        assertThat(paint.aliases()).isEmpty();
        assertThat(paint.unpricedReason()).hasValue("billed per image generated; LLMlab prices tokens only");
        assertThat(merged.find("acme", "acme-paint-hd").orElseThrow().model()).isEqualTo("acme-paint-2");
    }

    @Test
    void search_listsUnpricedModels() {
        PriceCatalog catalog = PriceCatalog.of(PriceFiles.parse(FILE, "f.json"));
        assertThat(catalog.search("paint")).extracting(ModelPrice::model).containsExactly("acme-paint");
    }

    @Test
    void unpriced_factory_rejectsBlankReason() {
        assertThatThrownBy(() -> ModelPrice.unpriced("acme", "m", List.of(), " ", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpriced reason must not be blank");
        assertThatThrownBy(() -> ModelPrice.unpriced("acme", "m", List.of(), null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
