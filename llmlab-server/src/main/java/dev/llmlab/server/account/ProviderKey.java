package dev.llmlab.server.account;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's key for an LLM provider, encrypted at rest (AES-GCM: 12-byte nonce then ciphertext and
 * tag) with the key from {@code LLMLAB_ENCRYPTION_KEY}.
 *
 * @param id the record id
 * @param userId the owning account
 * @param provider the provider the key is for
 * @param encryptedKey nonce and ciphertext
 * @param keyHint a recognisable but useless fragment, e.g. {@code sk-…wxyz}
 * @param createdAt when it was stored
 */
@MappedEntity("provider_keys")
public record ProviderKey(@Id UUID id, UUID userId, String provider, byte[] encryptedKey, String keyHint,
        Instant createdAt) {
}
