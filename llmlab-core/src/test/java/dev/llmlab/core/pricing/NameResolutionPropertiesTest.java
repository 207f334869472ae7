package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Name resolution and the price-file reader under arbitrary input: an answer or our exception, never another. */
class NameResolutionPropertiesTest {
    private static final String OVERRIDE = "{\"provider\":\"acme\",\"models\":[{\"model\":\"acme-org\","
            + "\"match\":[\"ft:*:org:*\",\"*.ft-*-custom\"],\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}]}]}";
    private static final PriceCatalog CATALOG = TestCatalogs.fineTuned()
            .withOverrides(PriceCatalog.of(PriceFiles.parse(OVERRIDE, "override.json")));

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> prefix = Arbitraries.of("", "ft:", "FT:", "models/", "acme/", "models/ft:", "ft:ft:", " ");
        Arbitrary<String> body = Arbitraries.strings().withChars("acme-ini2015:.ftFT*/@ ").ofMaxLength(40);
        Arbitrary<String> tail = Arbitraries.of("", ":ft-", ".ft-", ":org::x", ":ckpt-step-1", "-2025-01-01", "-custom");
        return Combinators.combine(prefix, body, tail, body).as((p, b, t, b2) -> p + b + t + b2);
    }

    @Property(tries = 2000)
    void lookup_anyName_givesAPriceOrAReason(@ForAll("names") String name) {
        PriceCatalog.Lookup l = CATALOG.lookup("acme", name);
        assertThat(l.price != null || (l.reason != null && !l.reason.isBlank())).as(name).isTrue();
        PriceCatalog.Lookup any = CATALOG.lookup(null, name);
        assertThat(any.price != null || any.reason != null).as(name).isTrue();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019-_").ofMinLength(0).ofMaxLength(12);
    }

    @Property(tries = 500)
    void find_anyNewStyleFineTunedNameOfAKnownBase_resolvesToItsFineTunedRates(
            @ForAll("ids") String org, @ForAll("ids") String suffix, @ForAll("ids") String id) {
        String org2 = org.equalsIgnoreCase("org") ? org + "2" : org; // ft:*:org:* belongs to acme-org
        for (String base : List.of("acme-mini", "acme-mini-2025-01-01", "acme-large-2025-05-01")) {
            ModelPrice expected = CATALOG.find("acme", base).orElseThrow().fineTuned().orElseThrow();
            assertThat(CATALOG.find("acme", "ft:" + base + ":" + org2 + ":" + suffix + ":" + id)).containsSame(expected);
        }
    }

    @Provide
    Arbitrary<String> mutatedFiles() {
        String file = "{\"provider\":\"acme\",\"models\":[{\"model\":\"m\",\"match\":[\"ft:*:org:*\"],"
                + "\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}],"
                + "\"fine_tuned\":{\"note\":\"n\",\"prices\":[{\"effective_from\":\"2025-02-01\",\"input\":\"2\","
                + "\"cache_read\":\"1\",\"output\":\"8\"}]}}]}";
        Arbitrary<Integer> at = Arbitraries.integers().between(0, file.length() - 1);
        Arbitrary<String> insert = Arbitraries.of("", "*", "\"", "[", "]", "{", "}", ",", ":", "-1", "null", "[]", "{}",
                "\"*\"", "x");
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 6);
        return Combinators.combine(at, insert, cut).as((i, s, n) -> file.substring(0, i) + s
                + file.substring(Math.min(file.length(), i + n)));
    }

    @Property(tries = 3000)
    void parse_mutatedFileWithPatternsAndFineTunedRates_failsOnlyWithPriceFileException(
            @ForAll("mutatedFiles") String json) {
        try {
            PriceCatalog.of(PriceFiles.parse(json, "fuzz.json")).lookup("acme", "ft:m:org::x");
        } catch (PriceFileException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.json: ");
        }
    }
}
