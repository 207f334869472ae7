package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import org.junit.jupiter.api.Test;

/** The adapter is found with ServiceLoader and picked by detection for every golden file. */
class GeminiServiceLoaderTest {

    @Test
    void serviceLoader_registryLoadsTheAdapterFromTheModuleDescriptorAndServicesFile() {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        assertThat(registry.adapters()).filteredOn(a -> a instanceof GeminiAdapter).hasSize(1);
    }

    @Test
    void serviceFile_namesTheAdapter() throws Exception {
        try (var in = GeminiAdapter.class.getResourceAsStream("/META-INF/services/dev.llmlab.spi.ProviderAdapter")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo(GeminiAdapter.class.getName());
        }
        // tests run on the class path: read the compiled module descriptor itself
        java.nio.file.Path classes = java.nio.file.Path.of(
                GeminiAdapter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (var mi = java.nio.file.Files.newInputStream(classes.resolve("module-info.class"))) {
            java.lang.module.ModuleDescriptor descriptor = java.lang.module.ModuleDescriptor.read(mi);
            assertThat(descriptor.name()).isEqualTo("dev.llmlab.provider.google");
            assertThat(descriptor.provides())
                    .anySatisfy(p -> assertThat(p.providers()).contains(GeminiAdapter.class.getName()));
        }
    }

    @Test
    void registry_loadDefault_findsGoogleAndItsAliases() {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        assertThat(registry.failures()).isEmpty();
        assertThat(registry.providers()).contains("google");
        for (String alias : new String[] {"google", "gemini", "google-genai", "google_ai_studio", "Gemini"}) {
            assertThat(registry.adapter(alias)).as(alias).get().isInstanceOf(GeminiAdapter.class);
        }
        for (String alias : new String[] {"vertex_ai", "vertex", "Vertex-AI", "google-vertex"}) {
            assertThat(registry.host(alias)).as(alias).contains("vertex_ai");
        }
    }

    @Test
    void registry_detection_picksGoogleForEveryGoldenFile() {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        for (String golden : Golden.ALL) {
            assertThat(registry.detect(Golden.FILES.bytes(golden))).as(golden).isInstanceOf(GeminiAdapter.class);
        }
        for (String golden : Golden.WITH_USAGE) {
            assertThat(registry.parse(Golden.FILES.bytes(golden)).provider()).as(golden).isEqualTo("google");
        }
    }

    @Test
    void registry_parseByAlias_errorBodyQuotesGoogleStatus() {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        Usage vertex = registry.parse("vertex_ai", Golden.FILES.bytes("vertex.json"));
        assertThat(vertex.model()).isEqualTo("gemini-2.5-pro");
        assertThat(vertex.provider()).isEqualTo("vertex_ai");
        assertThatThrownBy(() -> registry.parse(Golden.FILES.bytes("error-429.json")))
                .isInstanceOf(UsageParseException.class).hasMessageContaining("RESOURCE_EXHAUSTED");
    }
}
