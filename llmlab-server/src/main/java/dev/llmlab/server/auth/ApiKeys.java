package dev.llmlab.server.auth;

import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes and checks LLMlab API keys: {@code llm_} followed by 32 random bytes (base64url). Only a
 * SHA-256 of the key is stored: the key has 256 bits of entropy, so a slow hash would add nothing
 * but latency to every ingest request.
 */
@Singleton
public final class ApiKeys {
    /** Every key starts with this, which also tells keys from JWTs. */
    public static final String PREFIX = "llm_";
    private static final int VISIBLE = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ApiKeyRepository keys;

    /** @param keys the key store */
    public ApiKeys(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /** A key just made: the stored record and the key itself, which is shown this once. */
    public record Created(ApiKey record, String key) {
    }

    /**
     * @param userId the owner; not null
     * @param name a label
     * @return the stored key and the plain key
     */
    public Created create(UUID userId, String name) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ApiKey record = new ApiKey(UUID.randomUUID(), userId, name, key.substring(0, VISIBLE), hash(key),
                Instant.now(), null);
        keys.save(record);
        return new Created(record, key);
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
