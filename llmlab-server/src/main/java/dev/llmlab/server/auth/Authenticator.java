package dev.llmlab.server.auth;

import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import dev.llmlab.server.http.ApiException;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Resolves {@code Authorization: Bearer <API key or JWT>} to the calling account and checks that the
 * credential may do what the endpoint needs. Checked against the database on every request, so a
 * key revoked on one instance is refused by all at once.
 *
 * <p>A login token may {@link Scope#READ read} and {@link Scope#MANAGE manage}; it never ingests
 * (401: ingest takes API keys). An API key may do what its scopes list; anything else is 403
 * {@code forbidden} naming the missing scope. Controllers do not call it: they take an
 * {@link Authenticated @Authenticated} {@link Caller} argument, which {@link CallerBinder} fills.
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
     * @param required what the endpoint does; not null
     * @param takesTokens whether the endpoint takes login tokens; a token is refused anyway where its
     *     person may not act ({@link Scope#INGEST})
     * @return the caller
     * @throws ApiException 401 naming what is wrong with the credential; 403 {@code forbidden} when an
     *     API key lacks the scope
     */
    public Caller authenticate(String authorization, Scope required, boolean takesTokens) {
        return resolve(authorization, Objects.requireNonNull(required, "required"), takesTokens);
    }

    /**
     * Who the credential belongs to, whatever it may do: an API key of any scope, or a login token
     * ({@code GET /api/me}, where a program checks the key it was given before it uses it).
     *
     * @param authorization the header value, possibly null
     * @return the caller
     * @throws ApiException 401 naming what is wrong with the credential
     */
    public Caller identify(String authorization) {
        return resolve(authorization, null, true);
    }

    /** {@code required} null: any scope. */
    private Caller resolve(String authorization, Scope required, boolean takesTokens) {
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
            Set<Scope> scopes = ApiKeys.scopes(key.get());
            if (required != null && !scopes.contains(required)) {
                throw forbidden(required, scopes);
            }
            return new Caller(key.get().userId(), true, scopes, key.get().id());
        }
        if (!takesTokens || required != null && !Scope.TOKEN.contains(required)) {
            throw ApiException.unauthorized("this endpoint takes an API key (llm_…), not a login token");
        }
        Optional<UUID> user = tokens.verify(credential);
        if (user.isEmpty()) {
            throw ApiException.unauthorized("invalid or expired token");
        }
        return new Caller(user.get(), false, Scope.TOKEN);
    }

    private static ApiException forbidden(Scope required, Set<Scope> has) {
        String what = switch (required) {
            case INGEST -> "sending events takes an API key with 'ingest'";
            case READ -> "reading takes a login token or an API key with 'read'";
            case MANAGE -> "creating and revoking API keys, budgets and provider keys takes a login token"
                    + " or an API key with 'manage'";
        };
        return new ApiException(403, "forbidden", "this API key lacks the '" + required.wire() + "' scope (it has "
                + ApiKeys.wire(has) + "); " + what, "Authorization");
    }
}
