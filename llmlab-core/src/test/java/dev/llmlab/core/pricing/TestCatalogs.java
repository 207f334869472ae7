package dev.llmlab.core.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class TestCatalogs {
    private TestCatalogs() {
    }

    static String testPricesJson() {
        try (InputStream in = TestCatalogs.class.getResourceAsStream("/pricing/test-prices.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PriceCatalog acme() {
        return PriceCatalog.of(PriceFiles.parse(testPricesJson(), "test-prices.json"));
    }
}
