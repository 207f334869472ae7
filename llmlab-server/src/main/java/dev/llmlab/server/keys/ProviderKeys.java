package dev.llmlab.server.keys;

import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.account.ProviderKey;
import dev.llmlab.server.account.ProviderKeyRepository;
import dev.llmlab.server.http.ApiException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores the accounts' LLM provider keys, AES-GCM encrypted with {@code LLMLAB_ENCRYPTION_KEY}
 * (the record's id as associated data) and with a hint to recognise them by; the full key never
 * leaves the server.
 */
@Singleton
public final class ProviderKeys {
    private final ProviderKeyRepository keys;
    private final SecretBox box;

    /**
     * @param keys key store
     * @param config the encryption key, possibly none
     */
    public ProviderKeys(ProviderKeyRepository keys, ServerConfig config) {
        this.keys = keys;
        byte[] key = config.encryptionKey();
        this.box = key == null ? null : new SecretBox(key);
    }

    /**
     * @param userId the owner
     * @param request the provider and the secret
     * @return the stored record (encrypted key and hint)
     * @throws ApiException 409 {@code encryption_not_configured} when the server has no encryption key
     */
    public ProviderKey store(UUID userId, ProviderKeyRequest request) {
        if (box == null) {
            throw new ApiException(409, "encryption_not_configured", "the server has no LLMLAB_ENCRYPTION_KEY;"
                    + " provider keys cannot be stored", null);
        }
        UUID id = UUID.randomUUID();
        ProviderKey k = new ProviderKey(id, userId, request.provider(), box.seal(request.key(), id.toString()),
                hint(request.key()), Instant.now());
        keys.save(k);
        return k;
    }

    /**
     * A fragment to recognise a key by, useless to an attacker: at most 3 + 4 characters, counted in
     * code points so that a character is never cut in half.
     */
    static String hint(String secret) {
        String s = secret.strip();
        int length = s.codePointCount(0, s.length());
        if (length < 12) {
            return "…";
        }
        int dash = s.indexOf('-');
        String head = dash > 0 && dash <= 3 ? s.substring(0, dash + 1) : "";
        return head + "…" + s.substring(s.offsetByCodePoints(0, length - 4));
    }
}
