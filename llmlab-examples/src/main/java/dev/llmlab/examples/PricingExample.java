package dev.llmlab.examples;

import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.Usage;
import java.time.Instant;

/** The README's library example: parse a provider response and price it exactly. */
public final class PricingExample {
    private PricingExample() {
    }

    /**
     * Prices an Anthropic response body.
     *
     * @param responseBody the body as the provider returned it
     * @param at when the call was made
     * @return the exact cost as a decimal string, or the reason it is unpriced
     */
    public static String price(String responseBody, Instant at) {
        // README:begin
        ProviderRegistry providers = ProviderRegistry.loadDefault();           // adapters on the class path
        CostCalculator calculator = CostCalculator.of(PriceCatalog.loadDefault());

        Usage usage = providers.parse("anthropic", responseBody.getBytes());   // or providers.parse(body): detected
        CostResult result = calculator.price(usage, at);                       // the price in force at that instant
        if (result.isPriced()) {
            return Amounts.plain(result.cost().total());                       // exact, e.g. "0.008400"
        }
        return "unpriced: " + result.unpricedReason();                         // never a silent $0
        // README:end
    }

    /**
     * Prints the cost of a small Anthropic response.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"usage\":"
                + "{\"input_tokens\":100,\"cache_read_input_tokens\":2000,\"cache_creation_input_tokens\":0,"
                + "\"output_tokens\":500}}";
        System.out.println(price(body, Instant.parse("2025-10-01T00:00:00Z")));
    }
}
