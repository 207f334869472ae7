package dev.llmlab.server.auth;

import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.http.ApiException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes and checks LLMlab API keys: {@code llm_} followed by 32 random bytes (base64url). Only a
 * SHA-256 of the key is stored: the key has 256 bits of entropy, so a slow hash would add nothing
 * but latency to every ingest request.
 *
 * <p>An account has at most {@link #MAX_ACTIVE} keys that are not revoked. The count and the insert
 * run in one transaction holding the account's row lock, so concurrent requests on any number of
 * instances cannot together pass the cap.
 */
@Singleton
public final class ApiKeys {
    /** Every key starts with this, which also tells keys from JWTs. */
    public static final String PREFIX = "llm_";
    /** Most keys an account may have that are not revoked. */
    public static final int MAX_ACTIVE = 50;
    private static final int VISIBLE = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;

    /** @param jdbi the database */
    public ApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A key just made: the stored record and the key itself, which is shown this once. */
    public record Created(ApiKey record, String key) {
    }

    /**
     * Makes a key the caller asked for. A login token may give a key any scopes; an API key only
     * scopes it has itself, so a key never makes a key more powerful than itself.
     *
     * @param caller who asks; not null
     * @param request the name and scopes; not null
     * @return the stored key and the plain key
     * @throws ApiException 403 {@code forbidden} naming {@code scopes} when an API key asks for a
     *     scope it lacks; 409 {@code too_many_keys} at the cap
     */
    public Created create(Caller caller, KeyRequest request) {
        if (caller.viaApiKey() && !caller.scopes().containsAll(request.scopes())) {
            Set<Scope> missing = EnumSet.copyOf(request.scopes());
            missing.removeAll(caller.scopes());
            throw new ApiException(403, "forbidden", "this API key lacks the scopes " + wire(missing)
                    + " it asked the new key to have; a key can only make keys with scopes it has itself ("
                    + wire(caller.scopes()) + "); a login token can make any key", "scopes");
        }
        return create(caller.userId(), request.name(), request.scopes());
    }

    /**
     * @param userId the owner; not null
     * @param name a label; not null
     * @param scopes what the key may do, at least one; not null
     * @return the stored key and the plain key
     * @throws ApiException 409 {@code too_many_keys} when the account already has {@link #MAX_ACTIVE}
     *     keys that are not revoked
     */
    public Created create(UUID userId, String name, Set<Scope> scopes) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        // PostgreSQL keeps microseconds: truncating here makes the answer equal what a later GET reads.
        ApiKey record = new ApiKey(UUID.randomUUID(), userId, name, key.substring(0, VISIBLE), hash(key),
                Instant.now().truncatedTo(ChronoUnit.MICROS), null, wire(scopes).toArray(String[]::new));
        jdbi.useTransaction(h -> {
            h.createQuery("SELECT id FROM users WHERE id = :u FOR UPDATE").bind("u", userId).mapTo(UUID.class).one();
            long active = h.createQuery("SELECT count(*) FROM api_keys WHERE user_id = :u AND revoked_at IS NULL")
                    .bind("u", userId).mapTo(Long.class).one();
            if (active >= MAX_ACTIVE) {
                throw new ApiException(409, "too_many_keys", "this account has " + active + " API keys that are not"
                        + " revoked, the most allowed is " + MAX_ACTIVE + "; revoke one (DELETE /api/keys/{id}) first",
                        null);
            }
            h.createUpdate("""
                    INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at, revoked_at, scopes)
                    VALUES (:id, :u, :name, :prefix, :hash, :at, NULL, :scopes)""")
                    .bind("id", record.id()).bind("u", userId).bind("name", name).bind("prefix", record.prefix())
                    .bind("hash", record.keyHash()).bind("at", record.createdAt())
                    .bindArray("scopes", String.class, (Object[]) record.scopes())
                    .execute();
        });
        return new Created(record, key);
    }

    /**
     * @param key a stored key
     * @return its scopes; a name this server does not know is left out (never widens a key)
     */
    public static Set<Scope> scopes(ApiKey key) {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (String s : key.scopes()) {
            Scope.fromWire(s).ifPresent(out::add);
        }
        return out;
    }

    /** @return the scopes' wire names in a fixed order (ingest, read, manage) */
    public static List<String> wire(Set<Scope> scopes) {
        return Arrays.stream(Scope.values()).filter(scopes::contains).map(Scope::wire).toList();
    }

    /**
     * @param key a presented key
     * @return SHA-256 of the key
     */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
