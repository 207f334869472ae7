package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Name patterns of override files: what a pattern matches, and which model wins when several could. */
class NamePatternTest {
    private static final PriceCatalog BUILT_IN = TestCatalogs.fineTuned();
    private static final Instant JULY = Instant.parse("2025-07-01T00:00:00Z");

    /** A one-period model of provider acme, matching {@code match} (a JSON string or array). */
    private static String model(String name, String match) {
        return "{\"model\":\"" + name + "\"," + (match == null ? "" : "\"match\":" + match + ",")
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"output\":\"1\"}]}";
    }

    private static PriceCatalog withOverride(String... models) {
        String json = "{\"provider\":\"acme\",\"models\":[" + String.join(",", models) + "]}";
        return BUILT_IN.withOverrides(PriceCatalog.of(PriceFiles.parse(json, "override.json")));
    }

    private static String resolved(PriceCatalog catalog, String name) {
        return catalog.find("acme", name).map(ModelPrice::model).orElse(null);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "ft:gpt-4o-mini-2024-07-18:acme:*, ft:gpt-4o-mini-2024-07-18:acme:support:abc123, true",
        "ft:gpt-4o-mini-2024-07-18:acme:*, ft:gpt-4o-mini-2024-07-18:acme::abc123, true",
        "ft:gpt-4o-mini-2024-07-18:acme:*, ft:gpt-4o-mini-2024-07-18:acme:, true",
        "ft:gpt-4o-mini-2024-07-18:acme:*, ft:gpt-4o-mini-2024-07-18:acme, false",
        "ft:gpt-4o-mini-2024-07-18:acme:*, ft:gpt-4o-mini-2024-07-18:acme-eu:x:y, false",
        "ft:gpt-4o-mini-2024-07-18:acme:*, xft:gpt-4o-mini-2024-07-18:acme:x, false",
        "*:acme:*, ft:gpt-4.1-2025-04-14:acme::x, true",
        "*:acme:*, ft:gpt-4.1-2025-04-14:acmes::x, false",
        "ft:*:acme:*:ckpt-step-*, ft:gpt-4o-2024-08-06:acme:name:id:ckpt-step-100, true",
        "ft:*:acme:*:ckpt-step-*, ft:gpt-4o-2024-08-06:acme:name:id, false",
        "my-model-*, my-model-v2, true",
        "my-model-*, my-model-, true",
        "my-model-*, my-model, false",
        "*-custom, team-a-custom, true",
        "*-custom, team-a-custom-2, false",
        "ab*bc, abc, false",
        "ab*bc, abbc, true",
        "ab*bc, ab-x-bc, true",
        "a.b*, a.bc, true",
        "a.b*, axbc, false",
        "a?b*, a?bc, true",
        "a?b*, axbc, false",
    })
    void matches_isAnchoredAndStarIsTheOnlyWildcard(String pattern, String name, boolean expected) {
        assertThat(NamePattern.of(pattern).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*|is too broad: it would match every model name",
        "**|is too broad: it would match every model name",
        "a*|is too broad: it would match almost any model name; a pattern needs at least 3 characters besides '*'",
        "*ft*|too broad",
        "gpt-4o|has no '*'; an exact name belongs in \"aliases\"",
        "ft:* x|has a blank inside",
        "'   '|must not be blank",
    })
    void of_refusesPatternsThatAreTooBroadOrNotPatterns(String pattern, String message) {
        assertThatThrownBy(() -> NamePattern.of(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void of_isCaseInsensitiveAndTrimmed() {
        NamePattern p = NamePattern.of("  FT:GPT-4o-Mini-2024-07-18:Acme:* ");
        assertThat(p.text()).isEqualTo("ft:gpt-4o-mini-2024-07-18:acme:*");
        assertThat(withOverride(model("acme-support", "\"FT:Acme-Mini-*:ORG:*\""))
                .find("acme", "ft:ACME-mini-2025-01-01:org:support:AbC123").orElseThrow().model())
                .isEqualTo("acme-support");
    }

    @Test
    void find_overrideWithPattern_pricesEveryMatchingFineTunedModel() {
        PriceCatalog c = withOverride(model("acme-support", "\"ft:acme-mini-2025-01-01:org:*\""));
        CostResult r = CostCalculator.of(c).price(Usage.builder("acme", "ft:acme-mini-2025-01-01:org:support:AbC123")
                .inputTokens(1_000_000).outputTokens(0).build(), JULY);
        assertThat(r.pricedAs()).isEqualTo("acme-support");
        assertThat(r.priceId()).isEqualTo("acme/acme-support@2025-01-01");
        assertThat(r.cost().total()).isEqualByComparingTo("1");
        // another organisation's fine-tune keeps the built-in fine-tuned rule
        assertThat(resolved(c, "ft:acme-mini-2025-01-01:other::x")).isEqualTo("ft:acme-mini");
    }

    @Test
    void precedence_exactNameAndAlias_winOverAPattern() {
        PriceCatalog c = withOverride(model("acme-everything", "\"acme-*\""));
        assertThat(resolved(c, "acme-mini")).isEqualTo("acme-mini");
        assertThat(resolved(c, "ACME-LARGE-2025-05-01")).isEqualTo("acme-large-2025-03-01"); // an alias
        assertThat(resolved(c, "models/acme-large")).isEqualTo("acme-large");
        assertThat(resolved(c, "acme-something-else")).isEqualTo("acme-everything");
    }

    @Test
    void precedence_aPattern_winsOverTheDatedSnapshotRule() {
        // acme-mini-2025-09-09 is not listed: the user's pattern takes it before the snapshot rule would
        PriceCatalog c = withOverride(model("acme-mini-pinned", "\"acme-mini-2025-*\""));
        assertThat(resolved(c, "acme-mini-2025-09-09")).isEqualTo("acme-mini-pinned");
        assertThat(resolved(BUILT_IN, "acme-mini-2025-09-09")).isEqualTo("acme-mini");
    }

    @Test
    void precedence_theMostSpecificPatternWins() {
        PriceCatalog c = withOverride(
                model("all-fine-tunes", "\"ft:*\""),
                model("acme-org", "\"ft:*:org:*\""),
                model("mini-org", "[\"ft:acme-mini-*:org:*\"]"),
                model("mini-org-support", "\"ft:acme-mini-2025-01-01:org:support:*\""));
        assertThat(resolved(c, "ft:acme-mini-2025-01-01:org:support:x")).isEqualTo("mini-org-support");
        assertThat(resolved(c, "ft:acme-mini-2025-01-01:org:sales:x")).isEqualTo("mini-org");
        assertThat(resolved(c, "ft:acme-large-2025-03-01:org:sales:x")).isEqualTo("acme-org");
        assertThat(resolved(c, "ft:acme-large-2025-03-01:other::x")).isEqualTo("all-fine-tunes");
    }

    @Test
    void precedence_onEqualCharacters_fewerStarsWin_thenThePatternTextInAlphabeticalOrder() {
        String name = "ft:acme-mini-2025-01-01:org:support:x";
        // 36 characters besides '*' each; the second has two '*'
        PriceCatalog stars = withOverride(
                model("one-star", "\"ft:acme-mini-2025-01-01:org:support:*\""),
                model("two-stars", "\"ft:acme-mini-2025-01-01:*org:support:*\""));
        assertThat(resolved(stars, name)).isEqualTo("one-star");
        // 36 characters and one '*' each: "*t:..." sorts before "ft:..."
        PriceCatalog tie = withOverride(
                model("by-prefix", "\"ft:acme-mini-2025-01-01:org:support:*\""),
                model("by-suffix", "\"*t:acme-mini-2025-01-01:org:support:x\""));
        assertThat(resolved(tie, name)).isEqualTo("by-suffix");
        assertThat(NamePattern.PRECEDENCE.compare(NamePattern.of("*t:acme-mini-2025-01-01:org:support:x"),
                NamePattern.of("ft:acme-mini-2025-01-01:org:support:*"))).isNegative();
    }

    @Test
    void precedence_patternThenFineTunedRuleThenSnapshots() {
        PriceCatalog c = withOverride(model("acme-org", "\"ft:*:org:*\""));
        assertThat(resolved(c, "ft:acme-mini:org::x")).isEqualTo("acme-org");
        assertThat(resolved(c, "ft:acme-mini:else::x")).isEqualTo("ft:acme-mini");
        assertThat(resolved(c, "acme-mini-2025-01-01")).isEqualTo("acme-mini");
    }

    @Test
    void find_patternsMatchTheNameAfterItsPrefixesAreDropped() {
        PriceCatalog c = withOverride(model("acme-org", "\"ft:*:org:*\""));
        assertThat(resolved(c, "models/ft:acme-mini:org::x")).isEqualTo("acme-org");
        assertThat(resolved(c, "acme/FT:acme-mini:org::x")).isEqualTo("acme-org");
    }

    @Test
    void of_onePatternOnTwoModelsOfAProvider_isAnError() {
        String json = "{\"provider\":\"acme\",\"models\":[" + model("a", "\"ft:*:org:*\"") + ","
                + model("b", "\"FT:*:ORG:*\"") + "]}";
        assertThatThrownBy(() -> PriceCatalog.of(PriceFiles.parse(json, "f.json")))
                .isInstanceOf(PriceFileException.class)
                .hasMessage("the pattern 'ft:*:org:*' is claimed by both acme/a (f.json) and acme/b (f.json)");
    }

    @Test
    void withOverrides_anOverridesPattern_takesItFromTheModelThatHadIt() {
        PriceCatalog first = withOverride(model("acme-org", "[\"ft:*:org:*\", \"ft:*:org2:*\"]"));
        PriceCatalog second = first.withOverrides(PriceCatalog.of(PriceFiles.parse(
                "{\"provider\":\"acme\",\"models\":[" + model("acme-org-v2", "\"ft:*:org:*\"") + "]}", "second.json")));
        assertThat(resolved(second, "ft:acme-mini:org::x")).isEqualTo("acme-org-v2");
        assertThat(resolved(second, "ft:acme-mini:org2::x")).isEqualTo("acme-org");
        assertThat(second.find("acme", "acme-org").orElseThrow().patterns()).containsExactly("ft:*:org2:*");
    }

    @Test
    void find_withoutProvider_aNameTwoProvidersPatternsMatch_isAmbiguous() {
        String json = "{\"models\":["
                + "{\"provider\":\"acme\",\"model\":\"a\",\"match\":\"custom-*\",\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}]},"
                + "{\"provider\":\"other\",\"model\":\"b\",\"match\":\"custom-*\",\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}]}]}";
        PriceCatalog c = PriceCatalog.of(PriceFiles.parse(json, "f.json"));
        assertThat(c.find("acme", "custom-x").orElseThrow().id()).isEqualTo("acme/a");
        assertThat(c.find(null, "custom-x")).isEmpty();
        assertThat(c.lookup(null, "custom-x").reason).contains("several providers (acme/a, other/b)");
    }

    @Test
    void withPatterns_inCode_validatesLikeTheFile() {
        ModelPrice m = BUILT_IN.find("acme", "acme-mini").orElseThrow();
        assertThat(m.withPatterns(List.of("my-mini-*")).patterns()).containsExactly("my-mini-*");
        assertThatThrownBy(() -> m.withPatterns(List.of("*"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too broad");
        // the fine-tuned rates stay
        assertThat(m.withPatterns(List.of("my-mini-*")).fineTuned().orElseThrow().isPriced()).isTrue();
    }
}
