package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.http.JsonBodies;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login tokens: compact JWTs signed with HS256 (JDK HMAC), subject = account id, with issue and
 * expiry times. Any instance sharing the secret verifies any other's tokens.
 */
@Singleton
public final class Tokens {
    private static final String HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock = Clock.systemUTC();

    /** @param config the server configuration (secret and lifetime) */
    public Tokens(ServerConfig config) {
        this.secret = config.jwtSecret();
        this.lifetime = config.tokenLifetime();
    }

    /**
     * @param userId the account; not null
     * @return a signed token
     */
    public String issue(UUID userId) {
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JsonBodies.object();
        claims.put("sub", userId.toString());
        claims.put("iat", now);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("iss", "llmlab");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + payload;
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(signingInput));
    }

    /**
     * @param token a presented token
     * @return the account id when the token is well formed, correctly signed and not expired
     */
    public Optional<UUID> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(given, sign(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonNode header = JsonBodies.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                return Optional.empty(); // never accept "none" or another algorithm
            }
            JsonNode claims = JsonBodies.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(claims.path("sub").asText()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
