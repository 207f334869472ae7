package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceFilesTest {
    private static final String PERIOD = "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"output\":\"2\"}";

    private static String file(String period) {
        return "{\"provider\":\"x\",\"models\":[{\"model\":\"m\",\"prices\":[" + period + "]}]}";
    }

    @Test
    void parse_testFile_readsEveryModelExactly() {
        List<ModelPrice> models = PriceFiles.parse(TestCatalogs.testPricesJson(), "t.json");
        assertThat(models).hasSize(6);
        ModelPrice other = models.get(5);
        assertThat(other.provider()).isEqualTo("other");
        // a JSON number is read exactly, never through double
        assertThat(other.current().rates().input().toPlainString()).isEqualTo("0.1");
        assertThat(models.get(0).current().note()).hasValue("price cut");
        assertThat(models.get(0).current().source()).hasValue("https://acme.example/pricing");
    }

    @Test
    void parse_malformedJson_namesFileLineAndColumn() {
        assertThatThrownBy(() -> PriceFiles.parse("{\n  \"provider\": \"x\",\n  \"models\": [,]\n}", "my.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessageContaining("my.json")
                .hasMessageContaining("line 3, column 14");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"effective_from\":\"2025-01-01\",\"input\":\"abc\"}|models[0].prices[0].input: expected a decimal number, got \"abc\"",
        "{\"effective_from\":\"2025-01-01\",\"input\":true}|models[0].prices[0].input: expected a decimal number (string or number), got true",
        "{\"effective_from\":\"2025-01-01\",\"input\":\"-1\"}|models[0].prices[0].input: must be >= 0",
        "{\"effective_from\":\"2025-01-01\"}|models[0].prices[0].input: required",
        "{\"input\":\"1\"}|models[0].prices[0].effective_from: required",
        "{\"effective_from\":\"yesterday\",\"input\":\"1\"}|models[0].prices[0].effective_from: expected a date",
        "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"ouput\":\"2\"}|models[0].prices[0]: unknown key \"ouput\"",
        "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"tiers\":[{\"input\":\"2\"}]}|models[0].prices[0].tiers[0].above_input_tokens: required",
        "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"tiers\":[{\"above_input_tokens\":1.5,\"input\":\"2\"}]}|above_input_tokens: expected a whole number",
        "{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"tiers\":[{\"above_input_tokens\":-1,\"input\":\"2\"}]}|above_input_tokens: must be >= 0",
        "[]|models[0].prices[0]: expected an object, got an array",
    })
    void parse_badValues_nameTheFieldAndWhatWasExpected(String period, String message) {
        assertThatThrownBy(() -> PriceFiles.parse(file(period), "f.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessageStartingWith("f.json: ")
                .hasMessageContaining(message);
    }

    @Test
    void parse_twoPeriodsSameDay_isAnError() {
        assertThatThrownBy(() -> PriceFiles.parse(file(PERIOD + "," + PERIOD), "f.json"))
                .isInstanceOf(PriceFileException.class).hasMessageContaining("two price periods from 2025-01-01");
    }

    @Test
    void parse_structuralErrors() {
        assertThatThrownBy(() -> PriceFiles.parse("[]", "f")).hasMessageContaining("(top level): expected an object");
        assertThatThrownBy(() -> PriceFiles.parse("{}", "f")).hasMessageContaining("models: required");
        assertThatThrownBy(() -> PriceFiles.parse("{\"models\":[{\"model\":\"m\",\"prices\":[" + PERIOD + "]}]}", "f"))
                .hasMessageContaining("models[0].provider: required");
        assertThatThrownBy(() -> PriceFiles.parse("{\"provider\":\"x\",\"models\":[{\"model\":\"m\",\"prices\":[]}]}", "f"))
                .hasMessageContaining("at least one price period");
        assertThatThrownBy(() -> PriceFiles.parse("{\"provider\":\"x\",\"models\":[{\"model\":7,\"prices\":[]}]}", "f"))
                .hasMessageContaining("models[0].model: expected a string, got the number 7");
        assertThatThrownBy(() -> PriceFiles.parse("{\"format\":2,\"models\":[]}", "f"))
                .hasMessageContaining("format: expected 1");
    }

    /** A file of one model, {@code m}, with {@code extra} keys after its priced period. */
    private static String model(String extra) {
        return "{\"provider\":\"x\",\"models\":[{\"model\":\"m\",\"prices\":[" + PERIOD + "]," + extra + "}]}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"match\":\"*\"|models[0].match: '*' is too broad: it would match every model name",
        "\"match\":\"**\"|models[0].match: '**' is too broad",
        "\"match\":\"gp*\"|models[0].match: 'gp*' is too broad: it would match almost any model name",
        "\"match\":\"gpt-4o\"|models[0].match: 'gpt-4o' has no '*'; an exact name belongs in \"aliases\"",
        "\"match\":\"ft:* x\"|models[0].match: 'ft:* x' has a blank inside",
        "\"match\":\"\"|models[0].match: must not be blank",
        "\"match\":42|models[0].match: expected a pattern (a string such as",
        "\"match\":[]|models[0].match: an empty array",
        "\"match\":[\"ft:*:acme:*\",7]|models[0].match[1]: expected a string, got the number 7",
        "\"match\":[\"ft:*:acme:*\",\"*\"]|models[0].match[1]: '*' is too broad",
        "\"fine_tuned\":[]|models[0].fine_tuned: expected an object, got an array",
        "\"fine_tuned\":{}|models[0].fine_tuned.prices: required",
        "\"fine_tuned\":{\"prices\":[]}|models[0].fine_tuned.prices: at least one price period expected",
        "\"fine_tuned\":{\"price\":[]}|models[0].fine_tuned: unknown key \"price\"; expected one of [note, prices]",
        "\"fine_tuned\":{\"prices\":[{\"input\":\"1\"}]}|models[0].fine_tuned.prices[0].effective_from: required",
        "\"fine_tuned\":{\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"cheap\"}]}|models[0].fine_tuned.prices[0].input: expected a decimal number, got \"cheap\"",
        "\"fine_tuned\":{\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"-3\"}]}|models[0].fine_tuned.prices[0].input: must be >= 0",
        "\"fine_tuned\":{\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\",\"batch\":\"1\"}]}|models[0].fine_tuned.prices[0]: unknown key \"batch\"",
        "\"fine_tuned\":{\"prices\":[" + "{\"effective_from\":\"2025-01-01\",\"input\":\"1\"},{\"effective_from\":\"2025-01-01\",\"input\":\"2\"}]}|models[0].fine_tuned: model ft:m has two price periods from 2025-01-01",
        "\"fine_tuned\":{\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"1\"}],\"note\":5}|models[0].fine_tuned.note: expected a string, got the number 5",
        "\"fine-tuned\":{}|models[0]: unknown key \"fine-tuned\"",
    })
    void parse_badPatternsAndFineTunedRates_nameTheFieldAndWhatWasExpected(String extra, String message) {
        assertThatThrownBy(() -> PriceFiles.parse(model(extra), "f.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessageStartingWith("f.json: ")
                .hasMessageContaining(message);
    }

    @Test
    void parse_patternsAndFineTunedRates_areRead() {
        List<ModelPrice> m = PriceFiles.parse(model("\"match\":\"FT:M:*\",\"fine_tuned\":{\"note\":\"n\",\"prices\":["
                + "{\"effective_from\":\"2025-02-01\",\"input\":\"3\",\"cache_read\":\"1.5\",\"output\":\"6\","
                + "\"source\":\"https://x.example/ft\"}]}"), "f.json");
        assertThat(m.get(0).patterns()).containsExactly("ft:m:*");
        ModelPrice ft = m.get(0).fineTuned().orElseThrow();
        assertThat(ft.model()).isEqualTo("ft:m");
        assertThat(ft.current().rates().effectiveCacheRead()).isEqualByComparingTo("1.5");
        assertThat(ft.current().source()).hasValue("https://x.example/ft");
        assertThat(ft.origin()).isEqualTo("f.json");
    }

    @Test
    void parse_unpricedModel_mayHaveFineTunedRatesAndPatterns() {
        String json = "{\"provider\":\"x\",\"models\":[{\"model\":\"m\",\"unpriced_reason\":\"per image\","
                + "\"source\":\"https://x.example\",\"match\":\"m-*-image\",\"fine_tuned\":{\"prices\":[" + PERIOD + "]}}]}";
        ModelPrice m = PriceFiles.parse(json, "f.json").get(0);
        assertThat(m.isPriced()).isFalse();
        assertThat(m.fineTuned().orElseThrow().isPriced()).isTrue();
    }

    @Test
    void parse_instantEffectiveFrom() {
        List<ModelPrice> m = PriceFiles.parse(file("{\"effective_from\":\"2025-01-01T12:30:00Z\",\"input\":\"1\"}"), "f");
        assertThat(m.get(0).current().effectiveFromText()).isEqualTo("2025-01-01T12:30:00Z");
    }
}
