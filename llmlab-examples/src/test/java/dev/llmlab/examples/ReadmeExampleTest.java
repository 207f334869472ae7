package dev.llmlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void readme_showsTheExampleThatCompilesHere() throws IOException {
        String source = Files.readString(ROOT.resolve("llmlab-examples/src/main/java/dev/llmlab/examples/PricingExample.java"));
        String snippet = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("// README:end"));
        String dedented = snippet.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n")).strip();
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).as("README.md must show PricingExample's README region verbatim").contains(dedented);
    }

    @Test
    void example_pricesAnAnthropicBodyExactly() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":100,"
                + "\"cache_read_input_tokens\":2000,\"cache_creation_input_tokens\":0,\"output_tokens\":500}}";
        // Sonnet 4.5: 100 x $3 + 2000 x $0.30 + 500 x $15, per million = 0.0003 + 0.0006 + 0.0075
        assertThat(PricingExample.price(body, Instant.parse("2025-10-01T00:00:00Z"))).isEqualTo("0.008400");
    }

    @Test
    void example_unknownModel_saysUnpriced() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-nonexistent-9\","
                + "\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        assertThat(PricingExample.price(body, Instant.parse("2025-10-01T00:00:00Z")))
                .startsWith("unpriced: unknown model 'claude-nonexistent-9'");
    }
}
