package dev.llmlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.ServiceTierRates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keeps the built-in catalog current: every model of pydantic's genai-prices for the four
 * providers (a committed snapshot, {@code src/test/resources/genai-prices/models.tsv}, refreshed by
 * {@code scripts/refresh-genai-prices-snapshot.sh}) must resolve in LLMlab's catalog, priced or
 * marked unpriced with a reason, unless {@code exceptions.txt} says why not. No network.
 */
class GenaiPricesCoverageTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SNAPSHOT = ROOT.resolve("llmlab-examples/src/test/resources/genai-prices/models.tsv");
    private static final Path EXCEPTIONS = ROOT.resolve(
            "llmlab-examples/src/test/resources/genai-prices/exceptions.txt");
    private static final Path DOC = ROOT.resolve("docs/prices.md");
    private static final List<String> PROVIDERS = List.of("openai", "anthropic", "google", "cohere");
    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();

    /**
     * One model of the snapshot: its provider, its genai-prices id, the literal names it matches and
     * the prefixes of its {@code starts_with} rules.
     */
    record SnapshotModel(String provider, String id, List<String> names, List<String> prefixes) {
        String key() {
            return provider + " " + id;
        }
    }

    record Snapshot(List<SnapshotModel> models, Map<String, List<String>> fallbacks) {
    }

    static Snapshot snapshot() throws IOException {
        List<SnapshotModel> models = new ArrayList<>();
        Map<String, List<String>> fallbacks = new TreeMap<>();
        for (String line : Files.readAllLines(SNAPSHOT)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols[0].equals("fallback")) {
                fallbacks.computeIfAbsent(cols[1], k -> new ArrayList<>()).add(cols[2]);
            } else {
                List<String> prefixes = new ArrayList<>();
                for (String pattern : cols.length > 3 ? cols[3].split(" ") : new String[0]) {
                    if (pattern.startsWith("starts_with:")) {
                        prefixes.add(pattern.substring("starts_with:".length()));
                    }
                }
                models.add(new SnapshotModel(cols[0], cols[1], List.of(cols[2].split(" ")), List.copyOf(prefixes)));
            }
        }
        return new Snapshot(models, fallbacks);
    }

    /** provider + " " + model id -> reason, from the exceptions file. */
    static Map<String, String> exceptions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(EXCEPTIONS);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\\s+", 3);
            assertThat(cols).as("exceptions.txt line %d: 'provider model reason' expected, got '%s'", i + 1, line)
                    .hasSize(3);
            assertThat(PROVIDERS).as("exceptions.txt line %d: provider", i + 1).contains(cols[0]);
            assertThat(out.put(cols[0] + " " + cols[1], cols[2])).as("exceptions.txt line %d: listed twice", i + 1)
                    .isNull();
        }
        return out;
    }

    private static boolean covered(SnapshotModel m, Map<String, List<String>> fallbacks) {
        List<String> providers = new ArrayList<>();
        providers.add(m.provider());
        providers.addAll(fallbacks.getOrDefault(m.provider(), List.of()));
        for (String provider : providers) {
            for (String name : m.names()) {
                if (CATALOG.find(provider, name).isPresent()) {
                    return true;
                }
            }
            // a starts_with rule (computer-use) is met by a catalog name with that prefix (computer-use-preview)
            for (ModelPrice price : CATALOG.models()) {
                if (price.provider().equals(provider) && m.prefixes().stream().anyMatch(p -> price.model().startsWith(p)
                        || price.aliases().stream().anyMatch(a -> a.startsWith(p)))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void catalog_coversEveryGenaiPricesModel_orListsWhyNot() throws IOException {
        Snapshot snapshot = snapshot();
        Map<String, String> exceptions = exceptions();
        assertThat(snapshot.models()).extracting(SnapshotModel::provider).containsAll(PROVIDERS);
        List<String> missing = new ArrayList<>();
        for (SnapshotModel m : snapshot.models()) {
            if (!covered(m, snapshot.fallbacks()) && !exceptions.containsKey(m.key())) {
                missing.add(m.key() + " (names: " + String.join(", ", m.names()) + ")");
            }
        }
        assertThat(missing).as("models in genai-prices that LLMlab's catalog lacks: add them to the provider's"
                + " prices.json (priced, or with unpriced_reason), or list them with a reason in " + EXCEPTIONS)
                .isEmpty();
    }

    @Test
    void exceptions_listOnlyModelsTheSnapshotHasAndTheCatalogLacks() throws IOException {
        Snapshot snapshot = snapshot();
        Map<String, SnapshotModel> byKey = new LinkedHashMap<>();
        snapshot.models().forEach(m -> byKey.put(m.key(), m));
        List<String> stale = new ArrayList<>();
        for (String key : exceptions().keySet()) {
            SnapshotModel m = byKey.get(key);
            if (m == null) {
                stale.add(key + ": not in the snapshot any more");
            } else if (covered(m, snapshot.fallbacks())) {
                stale.add(key + ": the catalog has it now");
            }
        }
        assertThat(stale).as("stale lines in " + EXCEPTIONS).isEmpty();
    }

    @Test
    void builtInCatalog_everyPeriodAndServiceTierHasASource_everyUnpricedModelAReason() {
        List<String> bad = new ArrayList<>();
        for (ModelPrice m : CATALOG.models()) {
            if (!m.isPriced()) {
                if (m.unpricedReason().orElse("").isBlank()) {
                    bad.add(m.id() + ": unpriced without a reason");
                }
                continue;
            }
            for (PricePeriod p : m.periods()) {
                if (p.source().filter(s -> s.startsWith("https://")).isEmpty()) {
                    bad.add(m.id() + "@" + p.effectiveFromText() + ": no https source");
                }
                for (ServiceTierRates t : p.serviceTiers()) {
                    if (t.source().filter(s -> s.startsWith("https://")).isEmpty()) {
                        bad.add(m.id() + "@" + p.effectiveFromText() + " " + t.key() + ": no https source");
                    }
                }
            }
        }
        // fine-tuned rates, where a model has them
        for (ModelPrice m : CATALOG.models()) {
            ModelPrice ft = m.fineTuned().orElseThrow();
            for (PricePeriod p : ft.isPriced() ? ft.periods() : List.<PricePeriod>of()) {
                if (p.source().filter(s -> s.startsWith("https://")).isEmpty()) {
                    bad.add(ft.id() + "@" + p.effectiveFromText() + ": no https source");
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    /** The coverage table of docs/prices.md, as this catalog gives it: the providers, then the hosts. */
    static String coverageTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| provider | models priced by tokens | models known but unpriced | names (models and aliases) |\n");
        sb.append("|---|---|---|---|\n");
        int priced = 0;
        int unpriced = 0;
        int names = 0;
        List<String> rows = new ArrayList<>(PROVIDERS);
        rows.addAll(CATALOG.hosts());
        for (String provider : rows) {
            int p = 0;
            int u = 0;
            int n = 0;
            for (ModelPrice m : CATALOG.models()) {
                if (m.provider().equals(provider)) {
                    if (m.isPriced()) {
                        p++;
                    } else {
                        u++;
                    }
                    n += 1 + m.aliases().size();
                }
            }
            String label = PROVIDERS.contains(provider) ? provider : provider + " (host"
                    + (CATALOG.fallbackProviders(provider).isEmpty() ? ")"
                            : "; unlisted models at " + String.join(", ", CATALOG.fallbackProviders(provider)) + " rates)");
            sb.append("| ").append(label).append(" | ").append(p).append(" | ").append(u).append(" | ").append(n)
                    .append(" |\n");
            priced += p;
            unpriced += u;
            names += n;
        }
        sb.append("| **all** | **").append(priced).append("** | **").append(unpriced).append("** | **").append(names)
                .append("** |\n");
        return sb.toString();
    }

    @Test
    void docs_coverageTableMatchesTheCatalog() throws IOException {
        String doc = Files.readString(DOC);
        String begin = "<!-- coverage:begin (written from GenaiPricesCoverageTest.coverageTable) -->\n";
        String end = "<!-- coverage:end -->";
        assertThat(doc).contains(begin).contains(end);
        String table = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
        assertThat(table).as("docs/prices.md's coverage table; replace it with the expected text")
                .isEqualTo(coverageTable());
    }
}
