package dev.llmlab.server.auth;

import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import dev.llmlab.server.http.ApiException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Resolves {@code Authorization: Bearer <API key or JWT>} to the calling account and checks that the
 * credential may do what the endpoint needs. Checked against the database on every request, so a
 * key revoked on one instance is refused by all at once; only an endpoint that opts into the
 * verified-key cache (below) may accept it for up to one more second.
 *
 * <p>A login token may {@link Scope#READ read} and {@link Scope#MANAGE manage}; it never ingests
 * (401: ingest takes API keys). An API key may do what its scopes list; anything else is 403
 * {@code forbidden} naming the missing scope. Controllers do not call it: they take an
 * {@link Authenticated @Authenticated} {@link Caller} argument, which {@link CallerBinder} fills.
 *
 * <p><b>The verified-key cache.</b> An endpoint marked {@link Authenticated#cachedKeys()} (the budget
 * check, asked before every LLM call) may reuse a key this instance read from the database less than
 * {@link #KEY_CACHE_TTL} ago, which saves a database round trip per request. Only keys found and not
 * revoked are kept (an unknown key always reads the database), keyed by the key's SHA-256, at most
 * {@link #KEY_CACHE_MAX} of them. A key revoked through this instance is forgotten at once; one
 * revoked through another instance is refused here within {@link #KEY_CACHE_TTL}. Every other
 * endpoint reads the database on every request.
 */
@Singleton
public final class Authenticator {
    /** How long a verified key may be reused by endpoints marked {@link Authenticated#cachedKeys()}. */
    public static final Duration KEY_CACHE_TTL = Duration.ofSeconds(1);
    /** Most keys kept; beyond it the cache starts again empty. */
    static final int KEY_CACHE_MAX = 10_000;

    private final ApiKeyRepository keys;
    private final Tokens tokens;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    // Keys revoked through this instance in the last TTL: a database read that began before the
    // revocation committed must not put the key back into the cache after forget() ran.
    private final ConcurrentHashMap<UUID, Long> revokedHere = new ConcurrentHashMap<>();

    /** A key read from the database, not revoked then, and when it was read. */
    private record Verified(ApiKey key, long readAtNanos) {
    }

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
        return authenticate(authorization, EnumSet.of(required), takesTokens);
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
        return resolve(authorization, null, true, false);
    }

    /**
     * Like {@link #authenticate(String, Scope, boolean)}, for an endpoint that any one of several
     * scopes may call (the budget check: a program that only ingests asks it before its calls).
     *
     * @param authorization the header value, possibly null
     * @param anyOf the scopes, any one of which suffices; not empty
     * @param takesTokens whether the endpoint takes login tokens (a token needs one of {@code anyOf}
     *     among its own read and manage)
     * @return the caller
     * @throws ApiException 401 naming what is wrong with the credential; 403 {@code forbidden} when an
     *     API key holds none of the scopes
     */
    public Caller authenticate(String authorization, Set<Scope> anyOf, boolean takesTokens) {
        return authenticate(authorization, anyOf, takesTokens, false);
    }

    /**
     * Like {@link #authenticate(String, Set, boolean)}, optionally through the verified-key cache.
     *
     * @param authorization the header value, possibly null
     * @param anyOf the scopes, any one of which suffices; not empty
     * @param takesTokens whether the endpoint takes login tokens
     * @param cachedKeys whether a key verified less than {@link #KEY_CACHE_TTL} ago may be reused
     * @return the caller
     * @throws ApiException 401 or 403 as {@link #authenticate(String, Scope, boolean)}
     */
    public Caller authenticate(String authorization, Set<Scope> anyOf, boolean takesTokens, boolean cachedKeys) {
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one scope");
        }
        return resolve(authorization, anyOf, takesTokens, cachedKeys);
    }

    /** {@code anyOf} null: any scope. */
    private Caller resolve(String authorization, Set<Scope> anyOf, boolean takesTokens, boolean cachedKeys) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Authorization: Bearer <API key>'");
        }
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <API key or token>'");
        }
        String credential = value.substring(7).strip();
        if (credential.startsWith(ApiKeys.PREFIX)) {
            Optional<ApiKey> key = cachedKeys ? cachedKey(credential) : keys.findByKeyHash(ApiKeys.hash(credential));
            if (key.isEmpty()) {
                throw ApiException.unauthorized("invalid API key");
            }
            if (key.get().revokedAt() != null) {
                throw ApiException.unauthorized("this API key was revoked at " + key.get().revokedAt());
            }
            Set<Scope> scopes = ApiKeys.scopes(key.get());
            if (anyOf != null && Collections.disjoint(scopes, anyOf)) {
                throw forbidden(anyOf, scopes);
            }
            return new Caller(key.get().userId(), true, scopes, key.get().id());
        }
        if (!takesTokens || anyOf != null && Collections.disjoint(Scope.TOKEN, anyOf)) {
            throw ApiException.unauthorized("this endpoint takes an API key (llm_…), not a login token");
        }
        Optional<UUID> user = tokens.verify(credential);
        if (user.isEmpty()) {
            throw ApiException.unauthorized("invalid or expired token");
        }
        return new Caller(user.get(), false, Scope.TOKEN);
    }

    /**
     * Forgets a key at once (it was just revoked through this instance).
     *
     * @param keyId the key
     */
    public void forget(UUID keyId) {
        long now = System.nanoTime();
        revokedHere.values().removeIf(at -> now - at >= KEY_CACHE_TTL.toNanos());
        revokedHere.put(keyId, now);
        verified.values().removeIf(v -> v.key().id().equals(keyId));
    }

    private Optional<ApiKey> cachedKey(String credential) {
        byte[] hash = ApiKeys.hash(credential);
        String id = HexFormat.of().formatHex(hash);
        Verified v = verified.get(id);
        long now = System.nanoTime();
        if (v != null && now - v.readAtNanos() < KEY_CACHE_TTL.toNanos()) {
            return Optional.of(v.key());
        }
        Optional<ApiKey> key = keys.findByKeyHash(hash);
        if (key.isPresent() && key.get().revokedAt() == null && !revokedHere.containsKey(key.get().id())) {
            if (verified.size() >= KEY_CACHE_MAX) {
                verified.clear();
            }
            verified.put(id, new Verified(key.get(), now));
        } else {
            verified.remove(id);
        }
        return key;
    }

    private static ApiException forbidden(Set<Scope> anyOf, Set<Scope> has) {
        if (anyOf.size() > 1) {
            String names = ApiKeys.wire(anyOf).stream().map(n -> "'" + n + "'").collect(Collectors.joining(" or "));
            return new ApiException(403, "forbidden", "this API key has none of the scopes " + names + " (it has "
                    + ApiKeys.wire(has) + "); this endpoint takes a login token or an API key with " + names,
                    "Authorization");
        }
        Scope required = anyOf.iterator().next();
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
