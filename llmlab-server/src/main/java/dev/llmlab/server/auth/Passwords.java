package dev.llmlab.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK: 16-byte random salt, 210,000 iterations
 * (OWASP's 2023 recommendation for this function), 256-bit output. Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the cost can be raised later
 * without invalidating existing hashes.
 */
public final class Passwords {
    /** Iterations for new hashes. */
    public static final int ITERATIONS = 210_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    // Verified against when the email is unknown, so that response time does not reveal accounts.
    private static final String DUMMY = hash("not a password of anyone");

    private Passwords() {
    }

    /**
     * @param password the password; not null
     * @return the encoded salted hash
     */
    public static String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] dk = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /**
     * @param password the presented password; not null
     * @param encoded a value from {@link #hash}, or null to spend the same time and fail
     * @return true when the password matches
     */
    public static boolean verify(String password, String encoded) {
        Objects.requireNonNull(password, "password");
        String[] parts = (encoded == null ? DUMMY : encoded).split("\\$");
        if (parts.length != 4 || !"pbkdf2-sha256".equals(parts[0])) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual) && encoded != null;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
