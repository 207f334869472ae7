package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogTest {
    private final PriceCatalog catalog = TestCatalogs.acme();

    @ParameterizedTest
    @CsvSource({
        "acme-large, acme-large",
        "ACME-Large, acme-large",
        "'  acme-large ', acme-large",
        "acme-l, acme-large",
        "models/acme-large, acme-large",
        "acme/acme-large, acme-large",
        "acme-large-2025-01-01, acme-large",
        "acme-large-2025-03-04, acme-large",
        "acme-large-20250929, acme-large",
        "acme-large@20250929, acme-large",
        "acme-large-001, acme-large",
        "acme-large-latest, acme-large",
        "acme-mini-0613, acme-mini",
        "publishers/acme/models/acme-mini, acme-mini",
        "us.acme.acme-mini-v1:0, acme-mini",
    })
    void find_resolvesSnapshotsPrefixesAndCase(String name, String expected) {
        assertThat(catalog.find("acme", name)).hasValueSatisfying(m -> assertThat(m.model()).isEqualTo(expected));
    }

    @Test
    void find_unknownName_isEmpty() {
        assertThat(catalog.find("acme", "zeta-9")).isEmpty();
        assertThat(catalog.find("acme", "acme")).isEmpty();
    }

    @Test
    void find_withoutProvider_searchesAllButRefusesAmbiguity() {
        assertThat(catalog.find(null, "acme-large")).isPresent();
        assertThat(catalog.find(null, "acme-mini")).isEmpty(); // acme and other both have it
        assertThat(catalog.lookup(null, "acme-mini").reason).contains("several providers").contains("other/acme-mini");
    }

    @Test
    void withOverrides_replacesModelAndAddsNew(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"provider\":\"acme\",\"models\":["
                + "{\"model\":\"acme-mini\",\"prices\":[{\"effective_from\":\"2020-01-01\",\"input\":\"1\",\"output\":\"2\"}]},"
                + "{\"model\":\"acme-new\",\"aliases\":[\"acme-l\"],\"prices\":[{\"effective_from\":\"2020-01-01\",\"input\":\"5\"}]}]}");
        PriceCatalog merged = catalog.withOverrides(PriceCatalog.fromFile(file));
        assertThat(merged.find("acme", "acme-mini").orElseThrow().current().rates().input()).isEqualByComparingTo("1");
        assertThat(merged.find("acme", "acme-mini").orElseThrow().origin()).isEqualTo(file.toString());
        assertThat(merged.find("acme", "acme-new")).isPresent();
        // the override took the alias acme-l from the built-in acme-large
        assertThat(merged.find("acme", "acme-l").orElseThrow().model()).isEqualTo("acme-new");
        assertThat(merged.find("acme", "acme-large")).isPresent();
        assertThat(merged.find("other", "acme-mini").orElseThrow().current().rates().input()).isEqualByComparingTo("0.1");
        // the original is unchanged
        assertThat(catalog.find("acme", "acme-mini").orElseThrow().current().rates().input()).isEqualByComparingTo("0.15");
    }

    @Test
    void of_twoModelsClaimingOneName_isAnError() {
        String json = "{\"provider\":\"x\",\"models\":["
                + "{\"model\":\"a\",\"aliases\":[\"b\"],\"prices\":[{\"effective_from\":\"2020-01-01\",\"input\":\"1\"}]},"
                + "{\"model\":\"b\",\"prices\":[{\"effective_from\":\"2020-01-01\",\"input\":\"1\"}]}]}";
        assertThatThrownBy(() -> PriceCatalog.of(PriceFiles.parse(json, "f.json")))
                .isInstanceOf(PriceFileException.class).hasMessageContaining("'b'").hasMessageContaining("x/a");
    }

    @Test
    void search_matchesNamesAndAliases() {
        assertThat(catalog.search("acme-l")).extracting(ModelPrice::model).contains("acme-large");
        assertThat(catalog.search(null)).hasSize(catalog.models().size());
        assertThat(catalog.search("other/")).extracting(ModelPrice::id).containsExactly("other/acme-mini");
    }

    @Test
    void periodAt_selectsByInstant() {
        ModelPrice m = catalog.find("acme", "acme-large").orElseThrow();
        assertThat(m.periodAt(Instant.parse("2025-03-01T00:00:00Z")).orElseThrow().rates().input())
                .isEqualByComparingTo("10");
        assertThat(m.periodAt(Instant.parse("2024-03-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void distance_isLevenshtein() {
        assertThat(PriceCatalog.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(PriceCatalog.distance("", "abc")).isEqualTo(3);
        assertThat(PriceCatalog.distance("gpt-4o", "gpt-4o")).isZero();
    }
}
