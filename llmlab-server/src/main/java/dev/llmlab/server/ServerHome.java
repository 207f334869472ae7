package dev.llmlab.server;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.db.DatabaseConnection;
import dev.llmlab.server.db.DatabaseException;
import dev.llmlab.server.db.EmbeddedDatabase;
import dev.llmlab.server.db.PrivateFiles;
import dev.llmlab.spi.LlmLabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code llmlab serve} and {@code llmlab reprice} read from the environment and from
 * {@code LLMLAB_HOME} (default {@code ~/.llmlab}):
 *
 * <ul>
 *   <li>{@code DATABASE_URL}: an external PostgreSQL; without it, the embedded one with its data in
 *       {@code $LLMLAB_HOME/pgdata} (see {@link EmbeddedDatabase} for the files beside it);
 *   <li>{@code JWT_SECRET}: the login-token key; without it, one generated on first start and kept
 *       in {@code $LLMLAB_HOME/jwt-secret} (mode 600);
 *   <li>{@code LLMLAB_ENCRYPTION_KEY}: base64 (or hex) AES key of 16/24/32 bytes for provider keys;
 *   <li>{@code LLMLAB_PRICES}: a price file overriding or adding to the built-in prices;
 *   <li>{@code LLMLAB_TRUSTED_PROXIES}: proxies whose {@code X-Forwarded-For} names the client.
 * </ul>
 *
 * <p>The server creates {@code LLMLAB_HOME} (mode 700) and everything in it owner-only (folders 700,
 * files 600). It refuses to use a home that another user can write to: whoever can write there can
 * replace the PostgreSQL binaries the server runs, or its secrets.
 */
public final class ServerHome {
    private final Map<String, String> env;
    private final Path home;

    private ServerHome(Map<String, String> env) {
        this.env = Map.copyOf(env);
        String h = env.get("LLMLAB_HOME");
        this.home = h == null || h.isBlank() ? Path.of(System.getProperty("user.home"), ".llmlab") : Path.of(h);
    }

    /** @return the settings of the process environment */
    public static ServerHome fromEnvironment() {
        return new ServerHome(System.getenv());
    }

    /** @return settings read from the given variables (tests) */
    public static ServerHome of(Map<String, String> env) {
        return new ServerHome(Objects.requireNonNull(env, "env"));
    }

    /** @return the LLMlab home directory */
    public Path home() {
        return home;
    }

    /**
     * @return the home, created with mode 700 when missing
     * @throws DatabaseException when another user can write to it
     */
    private Path privateHome() {
        return PrivateFiles.directory(home, "LLMLAB_HOME");
    }

    /**
     * A database to use and, when this process started it, the embedded server to stop.
     *
     * @param connection where to connect
     * @param embedded the embedded cluster this process started or joined, or null for {@code DATABASE_URL}
     * @param description what to show the user, without any password
     */
    public record Database(DatabaseConnection connection, EmbeddedDatabase embedded, String description)
            implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * @return {@code DATABASE_URL}'s database, or the embedded one (started or joined)
     */
    public Database database() {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            DatabaseConnection c = DatabaseConnection.parse(url);
            return new Database(c, null, "DATABASE_URL " + c.maskedUrl());
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(privateHome().resolve("pgdata"), 0, true);
        return new Database(db.connection(), db, "embedded PostgreSQL on 127.0.0.1:" + db.port() + ", data in "
                + home.resolve("pgdata"));
    }

    /** @return the JWT secret: {@code JWT_SECRET}, or the kept (or newly generated) one */
    public byte[] jwtSecret() {
        String s = env.get("JWT_SECRET");
        if (s != null && !s.isBlank()) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 32) {
                throw new LlmLabException("JWT_SECRET must be at least 32 characters, was " + b.length) {
                    private static final long serialVersionUID = 1L;
                };
            }
            return b;
        }
        Path file = privateHome().resolve("jwt-secret");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[48];
                new SecureRandom().nextBytes(secret);
                PrivateFiles.createOnce(file, Base64.getEncoder().encodeToString(secret)); // two first starts keep one
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the JWT secret in " + file, e);
        }
    }

    /** @return the AES key of {@code LLMLAB_ENCRYPTION_KEY}, or null when unset */
    public byte[] encryptionKey() {
        String s = env.get("LLMLAB_ENCRYPTION_KEY");
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        try {
            if (v.matches("[0-9a-fA-F]{32}|[0-9a-fA-F]{48}|[0-9a-fA-F]{64}")) {
                return HexFormat.of().parseHex(v);
            }
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LLMLAB_ENCRYPTION_KEY must be base64 or hex of 16, 24 or 32 bytes", e);
        }
    }

    /**
     * @return the proxies of {@code LLMLAB_TRUSTED_PROXIES} (comma-separated IP addresses or CIDR
     *     networks) whose {@code X-Forwarded-For} login throttling believes; empty when unset
     */
    public List<String> trustedProxies() {
        String s = env.get("LLMLAB_TRUSTED_PROXIES");
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * @param extra another override file, or null
     * @return the built-in prices with {@code LLMLAB_PRICES} (then {@code extra}) applied
     */
    public PriceCatalog catalog(Path extra) {
        PriceCatalog catalog = PriceCatalog.loadDefault();
        String file = env.get("LLMLAB_PRICES");
        if (file != null && !file.isBlank()) {
            catalog = catalog.withOverrides(PriceCatalog.fromFile(Path.of(file)));
        }
        if (extra != null) {
            catalog = catalog.withOverrides(PriceCatalog.fromFile(extra));
        }
        return catalog;
    }
}
