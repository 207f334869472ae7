package dev.llmlab.server.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code POST /api/provider-keys}: {@code {"provider":"openai","key":"sk-…"}}, both
 * required, no other field.
 *
 * @param provider the provider the key is for, 1 to 100 code points
 * @param key the secret, 1 to 4,096 code points
 */
public record ProviderKeyRequest(String provider, String key) {
    private static final Set<String> FIELDS = Set.of("provider", "key");

    /** Checks the parts. */
    public ProviderKeyRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(key, "key");
    }

    /**
     * @param in the body, read by {@link dev.llmlab.server.http.JsonBodies#parseObject}
     * @return the request
     * @throws ApiException 400 naming the unknown field, {@code provider} or {@code key}
     */
    public static ProviderKeyRequest from(ObjectNode in) {
        Fields.onlyKnown(in, FIELDS);
        return new ProviderKeyRequest(Fields.text(in, "provider", 100), Fields.text(in, "key", 4096));
    }

    /** @return the provider only: the key is never printed */
    @Override
    public String toString() {
        return "ProviderKeyRequest[provider=" + provider + "]";
    }
}
