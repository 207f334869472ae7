package dev.llmlab.server.cli;

import dev.llmlab.core.pricing.PriceCatalog;
import java.nio.file.Path;

/** Loads the price catalog the CLI prices with: built-in lists, then the user's overrides. */
final class Catalogs {
    /** Environment variable naming a price override file, used when no --prices is given. */
    static final String PRICES_ENV = "LLMLAB_PRICES";

    private Catalogs() {
    }

    /**
     * @param overrides a price file given on the command line, or null
     * @return the built-in catalog with the file's prices (or those of $LLMLAB_PRICES) applied
     */
    static PriceCatalog load(Path overrides) {
        PriceCatalog catalog = PriceCatalog.loadDefault();
        Path file = overrides;
        if (file == null) {
            String env = System.getenv(PRICES_ENV);
            file = env == null || env.isBlank() ? null : Path.of(env);
        }
        return file == null ? catalog : catalog.withOverrides(PriceCatalog.fromFile(file));
    }
}
