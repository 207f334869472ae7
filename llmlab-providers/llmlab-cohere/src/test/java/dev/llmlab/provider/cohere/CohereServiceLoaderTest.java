package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.UsageParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The jar registers its adapter, and detection picks it for every Cohere body. */
class CohereServiceLoaderTest {
    private final ProviderRegistry registry = ProviderRegistry.loadDefault();

    @Test
    void registration_inModuleDescriptorAndServicesFile() throws Exception {
        // Module path: the descriptor's "provides"; class path: META-INF/services. Both must name the adapter.
        Module module = CohereAdapter.class.getModule();
        if (module.isNamed()) {
            assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
                assertThat(p.service()).isEqualTo(ProviderAdapter.class.getName());
                assertThat(p.providers()).containsExactly(CohereAdapter.class.getName());
            });
        }
        Path services = Path.of("src", "main", "resources", "META-INF", "services", ProviderAdapter.class.getName());
        assertThat(Files.readAllLines(services)).containsExactly(CohereAdapter.class.getName());
    }

    @Test
    void loadDefault_registersCohere() {
        assertThat(registry.failures()).isEmpty();
        assertThat(registry.providers()).contains("cohere");
        assertThat(registry.adapter("Cohere")).get().isInstanceOf(CohereAdapter.class);
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.cohere.Golden#all")
    void detect_picksCohereForEveryGoldenFile(String file) {
        assertThat(registry.detect(Golden.FILES.bytes(file))).isInstanceOf(CohereAdapter.class);
    }

    @ParameterizedTest
    @MethodSource("dev.llmlab.provider.cohere.CohereAdapterTest#goldenCounts")
    void parse_detectedBody_readsTheSameUsageAsTheAdapter(String file, long input, long output) {
        assertThat(registry.parse(Golden.FILES.bytes(file)))
                .isEqualTo(new CohereAdapter().parse(Golden.FILES.bytes(file)));
        assertThat(registry.parse("cohere", Golden.FILES.bytes(file)).inputTokens()).isEqualTo(input);
        assertThat(registry.parse("cohere", Golden.FILES.bytes(file)).outputTokens()).isEqualTo(output);
    }

    @Test
    void parse_detectedRerankBody_isRejectedByCohereNotUnknown() {
        assertThatThrownBy(() -> registry.parse(Golden.FILES.bytes("rerank.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("per search unit");
    }

    @Test
    void parse_detectedErrorBody_quotesCohereMessage() {
        assertThatThrownBy(() -> registry.parse(Golden.FILES.bytes("error-v1.json")))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("invalid api token");
    }
}
