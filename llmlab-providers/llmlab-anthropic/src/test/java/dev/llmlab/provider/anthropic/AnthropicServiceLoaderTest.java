package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.UsageParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The adapter is found through ServiceLoader and picked by detection for every golden file. */
class AnthropicServiceLoaderTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.loadDefault();

    @Test
    void loadDefault_findsTheAdapter() {
        assertThat(REGISTRY.providers()).contains("anthropic");
        assertThat(REGISTRY.adapter("anthropic")).get().isInstanceOf(AnthropicAdapter.class);
        assertThat(REGISTRY.adapter("claude")).get().isInstanceOf(AnthropicAdapter.class);
        assertThat(REGISTRY.failures()).isEmpty();
    }

    @Test
    void loadDefault_catalogHoldsTheAnthropicPriceList() {
        assertThat(PriceCatalog.loadDefault().find("anthropic", "claude-sonnet-4-5-20250929")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.anthropic.Golden#all")
    void detect_picksAnthropicForEveryGoldenFile(String golden) {
        assertThat(REGISTRY.detect(Golden.FILES.bytes(golden))).isInstanceOf(AnthropicAdapter.class);
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.anthropic.Golden#withUsage")
    void parse_withDetection_equalsTheAdaptersParse(String golden) {
        byte[] body = Golden.FILES.bytes(golden);
        assertThat(REGISTRY.parse(body)).isEqualTo(new AnthropicAdapter().parse(body));
    }

    @Test
    void parse_withDetection_reportsErrorBodies() {
        assertThatThrownBy(() -> REGISTRY.parse(Golden.FILES.bytes("error_overloaded.json")))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("overloaded_error");
        assertThatThrownBy(() -> REGISTRY.parse(Golden.FILES.bytes("stream_error.txt")))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("overloaded_error");
    }
}
