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

    @Test
    void parse_instantEffectiveFrom() {
        List<ModelPrice> m = PriceFiles.parse(file("{\"effective_from\":\"2025-01-01T12:30:00Z\",\"input\":\"1\"}"), "f");
        assertThat(m.get(0).current().effectiveFromText()).isEqualTo("2025-01-01T12:30:00Z");
    }
}
