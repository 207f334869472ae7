package dev.llmlab.core.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class TestCatalogs {
    private TestCatalogs() {
    }

    static String testPricesJson() {
        return resource("/pricing/test-prices.json");
    }

    private static String resource(String name) {
        try (InputStream in = TestCatalogs.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Models with and without fine-tuned rates: {@code src/test/resources/pricing/fine-tuned-prices.json}. */
    static PriceCatalog fineTuned() {
        return PriceCatalog.of(PriceFiles.parse(resource("/pricing/fine-tuned-prices.json"), "fine-tuned-prices.json"));
    }

    static PriceCatalog acme() {
        return PriceCatalog.of(PriceFiles.parse(testPricesJson(), "test-prices.json"));
    }
}
