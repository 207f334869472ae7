package dev.llmlab.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pairs of {@code cheaper_model} name real models of the built-in catalog. */
class CheaperModelsTest {
    @Test
    void everyPair_resolvesInTheDefaultCatalog_toACheaperModelOfTheSameProvider() {
        PriceCatalog catalog = PriceCatalog.loadDefault();
        Instant now = Instant.now();
        for (CheaperModels.Pair p : CheaperModels.PAIRS) {
            ModelPrice model = catalog.find(p.provider(), p.model()).orElseThrow(() -> new AssertionError(p + ": model"));
            ModelPrice cheaper = catalog.find(p.provider(), p.cheaper())
                    .orElseThrow(() -> new AssertionError(p + ": cheaper model"));
            assertThat(model.model()).as(p.toString()).isEqualTo(p.model());
            assertThat(cheaper.model()).as(p.toString()).isEqualTo(p.cheaper());
            assertThat(cheaper.provider()).as(p.toString()).isEqualTo(p.provider()).isEqualTo(model.provider());
            assertThat(cheaper.periodAt(now).orElseThrow().rates().input())
                    .as(p + ": input rate").isLessThan(model.periodAt(now).orElseThrow().rates().input());
            assertThat(cheaper.periodAt(now).orElseThrow().rates().output().orElseThrow())
                    .as(p + ": output rate").isLessThan(model.periodAt(now).orElseThrow().rates().output().orElseThrow());
        }
    }
}
