package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.providers.DuplicateProviderException;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hosts: declared by adapters, parsed and priced under their own name, with or without a fallback. */
class HostPricingTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    /** An adapter that recognises bodies naming it, serves the given hosts and ships the given lists. */
    static final class Maker implements ProviderAdapter {
        private final String name;
        private final String prices;
        private final Map<String, Set<String>> hosts;
        private final Map<String, String> hostLists;

        Maker(String name, String prices, Map<String, Set<String>> hosts, Map<String, String> hostLists) {
            this.name = name;
            this.prices = prices;
            this.hosts = hosts;
            this.hostLists = hostLists;
        }

        @Override
        public String provider() {
            return name;
        }

        @Override
        public boolean recognizes(byte[] body) {
            return new String(body, StandardCharsets.UTF_8).contains("\"" + name + "\"");
        }

        @Override
        public Usage parse(byte[] body) {
            return Usage.builder(name, name + "-model").inputTokens(1_000_000).outputTokens(1_000_000).build();
        }

        @Override
        public Optional<Usage> usageOf(Object response) {
            return response instanceof String s && s.equals(name) ? Optional.of(parse(new byte[0])) : Optional.empty();
        }

        @Override
        public Optional<InputStream> openPriceList() {
            return Optional.of(stream(prices));
        }

        @Override
        public Map<String, Set<String>> hosts() {
            return hosts;
        }

        @Override
        public Optional<InputStream> openHostPriceList(String host) {
            return Optional.ofNullable(hostLists.get(host)).map(HostPricingTest::stream);
        }
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String list(String provider, String extra, String models) {
        return "{\"provider\":\"" + provider + "\"" + extra + ",\"models\":[" + models + "]}";
    }

    private static String model(String name, String input, String output) {
        return "{\"model\":\"" + name + "\",\"prices\":[{\"effective_from\":\"2025-01-01\",\"input\":\"" + input
                + "\",\"output\":\"" + output + "\",\"source\":\"https://example.com/prices\"}]}";
    }

    private static final Maker ACME = new Maker("acme", list("acme", "", model("acme-model", "1.00", "2.00")
            + "," + model("acme-old", "1.00", "2.00")),
            Map.of("cloud", Set.of("cloud-ai")),
            Map.of("cloud", list("cloud", "", model("acme-model", "1.50", "3.00")
                    + "," + model("global.acme-model", "1.20", "2.40"))));
    private static final Maker ZETA = new Maker("zeta", list("zeta", "", model("zeta-model", "5.00", "6.00")),
            Map.of("cloud", Set.of("cloud-ai")),
            Map.of("cloud", list("cloud", ",\"fallback_provider\":\"zeta\"", model("zeta-special", "7.00", "8.00"))));
    private static final ProviderRegistry REGISTRY = ProviderRegistry.of(ACME, ZETA);
    private static final CostCalculator CALC = CostCalculator.of(PriceCatalog.fromProviders(REGISTRY));

    private static CostResult price(String provider, String model) {
        return CALC.price(Usage.builder(provider, model).inputTokens(1_000_000).outputTokens(1_000_000).build(), AT);
    }

    @Test
    void registry_knowsTheHost_andItsAliases() {
        assertThat(REGISTRY.hosts()).containsExactly("cloud");
        assertThat(REGISTRY.host("Cloud-AI")).contains("cloud");
        assertThat(REGISTRY.host("acme")).isEmpty();
        assertThat(REGISTRY.providers()).containsExactly("acme", "zeta");
        assertThat(REGISTRY.adapter("cloud")).isEmpty();
    }

    @Test
    void parse_forAHostServedByTwoAdapters_picksTheOneThatRecognisesTheBody_andNamesTheHost() {
        Usage a = REGISTRY.parse("cloud", "{\"acme\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(a.provider()).isEqualTo("cloud");
        assertThat(a.model()).isEqualTo("acme-model");
        assertThat(REGISTRY.parse("cloud-ai", "{\"zeta\":1}".getBytes(StandardCharsets.UTF_8)).provider())
                .isEqualTo("cloud");
        assertThatThrownBy(() -> REGISTRY.parse("cloud", "{\"other\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("no provider adapter for host 'cloud' recognises it (loaded: acme, zeta)");
        assertThat(REGISTRY.usageOf("cloud", "zeta")).map(Usage::provider).contains("cloud");
        assertThat(REGISTRY.usageOf("cloud", 42)).isEmpty();
    }

    @Test
    void price_onTheHost_atTheHostsRates_qualifierPicksTheGlobalEntry() {
        assertThat(price("acme", "acme-model").cost().total()).isEqualByComparingTo("3.00");
        assertThat(price("cloud", "acme-model").cost().total()).isEqualByComparingTo("4.50");
        assertThat(price("cloud", "us.acme.acme-model-v1:0").cost().total()).isEqualByComparingTo("4.50");
        assertThat(price("cloud", "global.acme.acme-model-v1:0").cost().total()).isEqualByComparingTo("3.60");
        assertThat(price("cloud", "projects/p/locations/global/publishers/acme/models/acme-model@20250101").cost()
                .total()).isEqualByComparingTo("3.60");
        // the host names its own models: a maker's model the host's list does not carry is not the maker's price
        assertThat(price("cloud", "acme-old").isPriced()).isFalse();
        assertThat(price("cloud", "acme-old").unpricedReason()).startsWith("unknown model 'acme-old' for provider 'cloud'");
    }

    @Test
    void fallbackProvider_pricesUnlistedModelsAtItsRates_listedOnesAtTheHosts() {
        CostResult fallback = price("cloud", "zeta-model");
        assertThat(fallback.cost().total()).isEqualByComparingTo("11.00");
        assertThat(fallback.priceId()).isEqualTo("zeta/zeta-model@2025-01-01");
        assertThat(price("cloud", "zeta-special").cost().total()).isEqualByComparingTo("15.00");
        assertThat(PriceFiles.parseList(list("cloud", ",\"fallback_provider\":\"Zeta\"", ""), "x").fallbackProvider())
                .isEqualTo("zeta");
        assertThat(CALC.catalog().fallbackProviders("cloud")).containsExactly("zeta");
        assertThat(CALC.catalog().hosts()).containsExactly("cloud");
    }

    @Test
    void lookupWithoutProvider_neverAnswersAHost() {
        assertThat(CALC.catalog().find(null, "acme-model")).map(ModelPrice::id).contains("acme/acme-model");
        assertThat(CALC.catalog().find(null, "global.acme-model")).isEmpty();
    }

    @Test
    void hostNameClashingWithAProviderOrAlias_isAClearError() {
        Maker clash = new Maker("cloud", list("cloud", "", ""), Map.of(), Map.of());
        assertThatThrownBy(() -> ProviderRegistry.of(ACME, clash)).isInstanceOf(DuplicateProviderException.class)
                .hasMessageContaining("the host name 'cloud'");
        Maker otherAlias = new Maker("beta", list("beta", "", ""), Map.of("sky", Set.of("cloud-ai")), Map.of());
        assertThatThrownBy(() -> ProviderRegistry.of(ACME, otherAlias)).isInstanceOf(DuplicateProviderException.class)
                .hasMessageContaining("'cloud-ai'");
    }

    @Test
    void hostListPricingAnotherProvidersModels_isRefused() {
        Maker wrong = new Maker("acme", list("acme", "", ""), Map.of("cloud", Set.of()),
                Map.of("cloud", list("acme", "", model("acme-model", "1", "1"))));
        assertThatThrownBy(() -> PriceCatalog.fromProviders(ProviderRegistry.of(wrong)))
                .isInstanceOf(PriceFileException.class)
                .hasMessageContaining("acme price list for cloud: model acme/acme-model names provider 'acme'");
        Maker badFallback = new Maker("acme", list("acme", "", ""), Map.of("cloud", Set.of()),
                Map.of("cloud", list("cloud", ",\"fallback_provider\":\"nobody\"", "")));
        assertThatThrownBy(() -> PriceCatalog.fromProviders(ProviderRegistry.of(badFallback)))
                .isInstanceOf(PriceFileException.class)
                .hasMessageContaining("fallback_provider: 'nobody' is not a loaded provider; loaded: acme");
    }

    @Test
    void overrideFile_mayNotNameAFallbackProvider() {
        assertThatThrownBy(() -> PriceFiles.parse(list("cloud", ",\"fallback_provider\":\"zeta\"", ""), "mine.json"))
                .isInstanceOf(PriceFileException.class)
                .hasMessageContaining("mine.json: fallback_provider: only a host price list built into a provider jar");
    }

    @Test
    void overrideForAHostModel_replacesTheHostsEntry() {
        PriceCatalog overridden = CALC.catalog().withOverrides(PriceCatalog.of(PriceFiles.parse(
                list("cloud-ai", "", model("acme-model", "9.00", "9.00")), "mine.json")));
        assertThat(CostCalculator.of(overridden).price(Usage.builder("cloud", "acme-model").inputTokens(1_000_000)
                .build(), AT).cost().total()).isEqualByComparingTo("9.00");
        assertThat(overridden.fallbackProviders("cloud")).containsExactly("zeta");
    }
}
