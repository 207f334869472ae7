package dev.llmlab.server.auth;

import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import dev.llmlab.server.http.ApiException;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves {@code Authorization: Bearer <API key or JWT>} to the calling account, or refuses with
 * 401. Checked against the database on every request, so a key revoked on one instance is refused
 * by all at once.
 */
@Singleton
public final class Authenticator {
    private final ApiKeyRepository keys;
    private final Tokens tokens;

    /**
     * @param keys the API key store
     * @param tokens the login token verifier
     */
    public Authenticator(ApiKeyRepository keys, Tokens tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    /**
     * @param authorization the header value, possibly null
     * @param allowToken whether a login token is accepted here (ingest takes API keys only)
     * @return the caller
     * @throws ApiException 401 naming what is wrong
     */
    public Caller authenticate(String authorization, boolean allowToken) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Authorization: Bearer <API key>'");
        }
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <API key or token>'");
        }
        String credential = value.substring(7).strip();
        if (credential.startsWith(ApiKeys.PREFIX)) {
            Optional<ApiKey> key = keys.findByKeyHash(ApiKeys.hash(credential));
            if (key.isEmpty()) {
                throw ApiException.unauthorized("invalid API key");
            }
            if (key.get().revokedAt() != null) {
                throw ApiException.unauthorized("this API key was revoked at " + key.get().revokedAt());
            }
            return new Caller(key.get().userId(), true);
        }
        if (!allowToken) {
            throw ApiException.unauthorized("this endpoint takes an API key (llm_…), not a login token");
        }
        Optional<UUID> user = tokens.verify(credential);
        if (user.isEmpty()) {
            throw ApiException.unauthorized("invalid or expired token");
        }
        return new Caller(user.get(), false);
    }
}
