package dev.llmlab.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of secrets at rest: a fresh 96-bit nonce per value, 128-bit tag, the record's
 * id as associated data (a ciphertext copied onto another row does not decrypt). Output is
 * {@code nonce || ciphertext+tag}.
 */
public final class SecretBox {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    /** @param key 16, 24 or 32 bytes; not null */
    public SecretBox(byte[] key) {
        Objects.requireNonNull(key, "key");
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * @param plain the secret
     * @param context associated data binding the ciphertext to its record
     * @return nonce and ciphertext
     */
    public byte[] seal(String plain, String context) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /**
     * @param sealed output of {@link #seal}
     * @param context the same associated data
     * @return the secret
     * @throws IllegalStateException when the key is wrong or the data was altered
     */
    public String open(byte[] sealed, String context) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt: wrong LLMLAB_ENCRYPTION_KEY or altered data", e);
        }
    }
}
