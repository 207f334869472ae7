package dev.llmlab.server.auth;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who made a request: the account, whether it authenticated with an API key or a login token, and
 * what it may do.
 *
 * @param userId the account every query of the request is scoped to
 * @param viaApiKey true for an API key, false for a login token
 * @param scopes what the credential may do: the key's scopes, or read and manage for a token
 * @param apiKeyId the API key's id, or null for a login token (events remember the key that sent
 *     them, for budgets scoped to one key)
 */
public record Caller(UUID userId, boolean viaApiKey, Set<Scope> scopes, UUID apiKeyId) {
    /** Checks the components and keeps an immutable copy of the scopes. */
    public Caller {
        Objects.requireNonNull(userId, "userId");
        scopes = Set.copyOf(scopes);
    }

    /**
     * A caller without a known key id.
     *
     * @param userId the account
     * @param viaApiKey true for an API key
     * @param scopes what the credential may do
     */
    public Caller(UUID userId, boolean viaApiKey, Set<Scope> scopes) {
        this(userId, viaApiKey, scopes, null);
    }
}
