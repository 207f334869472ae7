package dev.llmlab.provider.json.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every adapter's {@link ProviderAdapter#usageOf(Object)} reads: a body as {@code byte[]} or
 * {@code String}, a parsed Jackson {@link JsonNode}, and, for adapters with an optional SDK, the
 * SDK's response objects.
 */
public final class ResponseObjects {
    private ResponseObjects() {
    }

    /**
     * @param response the object; not null
     * @param adapter reads bodies; not null
     * @param tree reads a parsed tree; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of a known type but carries no usable usage
     * @throws NullPointerException when {@code response} is null
     */
    public static Optional<Usage> usageOf(Object response, ProviderAdapter adapter, Function<JsonNode, Usage> tree) {
        Objects.requireNonNull(response, "response");
        if (response instanceof byte[]) {
            return Optional.of(adapter.parse((byte[]) response));
        }
        if (response instanceof String) {
            return Optional.of(adapter.parse((String) response));
        }
        if (response instanceof JsonNode) {
            return Optional.of(tree.apply((JsonNode) response));
        }
        return Optional.empty();
    }

    /**
     * {@link #usageOf(Object, ProviderAdapter, Function)}, and the SDK's response objects.
     *
     * @param response the object; not null
     * @param adapter reads bodies; not null
     * @param tree reads a parsed tree; not null
     * @param sdk the adapter's optional SDK; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of a known type but carries no usable usage
     * @throws NullPointerException when {@code response} is null
     */
    public static Optional<Usage> usageOf(Object response, ProviderAdapter adapter, Function<JsonNode, Usage> tree,
            OptionalSdk sdk) {
        Optional<Usage> usage = usageOf(response, adapter, tree);
        if (usage.isEmpty() && sdk.owns(response.getClass())) {
            return Optional.of(sdk.read(response));
        }
        return usage;
    }
}
