package dev.llmlab.server;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *   <li>{@code LLMLAB_PRICES}: a price file, or an {@code https://} URL of one, overriding or adding
 *       to the built-in prices; a URL is refreshed every {@code LLMLAB_PRICES_REFRESH} (default 1
 *       hour) and its last good copy kept in {@code $LLMLAB_HOME/prices-cache} (see {@link #prices()});
 *   <li>{@code LLMLAB_TRUSTED_PROXIES}: proxies whose {@code X-Forwarded-For} names the client;
 *   <li>{@code LLMLAB_PUBLIC_URL}: the dashboard's address, for the links in alerts;
 *   <li>{@code REDIS_URL}: a Redis server that carries live updates between instances and caches
 *       summaries (without it, PostgreSQL LISTEN/NOTIFY and no cache).
 * </ul>
 *
 * <p>The server creates {@code LLMLAB_HOME} (mode 700) and everything in it owner-only (folders 700,
 * files 600). It refuses to use a home that another user can write to: whoever can write there can
 * replace the PostgreSQL binaries the server runs, or its secrets.
 */
public final class ServerHome {
    /** Names the price file or URL applied over the built-in prices. */
    public static final String PRICES_VARIABLE = "LLMLAB_PRICES";
    /** How often a price URL is downloaded again, e.g. {@code 30m}, {@code 1h}, {@code PT6H}. */
    public static final String PRICES_REFRESH_VARIABLE = "LLMLAB_PRICES_REFRESH";
    /** The shortest refresh interval the variable may ask for: price hosts are not polled harder. */
    static final Duration MIN_REFRESH = Duration.ofMinutes(1);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|min|h|d)");

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

    /** @return {@code LLMLAB_PUBLIC_URL} (the dashboard's address, for links in alerts), or null when unset */
    public String publicUrl() {
        String s = env.get("LLMLAB_PUBLIC_URL");
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * @return {@code REDIS_URL} (the Redis server carrying live updates and caching summaries), or
     *     null when unset
     */
    public String redisUrl() {
        String s = env.get("REDIS_URL");
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * @param extra another override file, or null
     * @return the built-in prices with {@code LLMLAB_PRICES} (then {@code extra}) applied
     * @throws dev.llmlab.core.pricing.PriceFileException as {@link #catalog(PriceSource)}
     */
    public PriceCatalog catalog(Path extra) {
        return catalog(extra == null ? null : PriceSource.file(extra));
    }

    /**
     * The prices of a command that runs once ({@code llmlab reprice}): read now, never refreshed.
     *
     * @param extra another price file or URL applied last, or null
     * @return the built-in prices with {@code LLMLAB_PRICES} (then {@code extra}) applied
     * @throws dev.llmlab.core.pricing.PriceFileException when a file is missing or malformed, or a
     *     URL can be neither downloaded nor found among the kept copies; the message names it
     */
    public PriceCatalog catalog(PriceSource extra) {
        PriceCatalog catalog = PriceCatalog.loadDefault();
        PriceSource configured = pricesSource();
        if (configured != null) {
            catalog = once(catalog, configured);
        }
        if (extra != null) {
            catalog = once(catalog, extra);
        }
        return catalog;
    }

    /**
     * Applies a price file or URL over a catalog once. A file is read exactly as
     * {@link PriceCatalog#fromFile} reads it; a URL is downloaded (or, when that fails, its kept copy
     * in {@link #pricesCache()} is used), nothing is scheduled.
     *
     * @param base the catalog to apply it over; not null
     * @param source the price file or URL; not null
     * @return the combined catalog
     * @throws dev.llmlab.core.pricing.PriceFileException when the file is missing or malformed, or
     *     the URL can be neither downloaded nor found among the kept copies
     */
    public PriceCatalog once(PriceCatalog base, PriceSource source) {
        if (!source.isUrl()) {
            return base.withOverrides(PriceCatalog.fromFile(source.path().orElseThrow()));
        }
        try (PriceRefresher r = PriceRefresher.builder(base, source).cacheDirectory(pricesCache()).noSchedule()
                .requireFile().build()) {
            return r.current();
        }
    }

    /**
     * @return the price file or URL of {@code LLMLAB_PRICES}, or null when unset
     * @throws IllegalArgumentException when it is a URL LLMlab does not download (plain
     *     {@code http://} to another machine, credentials in it), naming the variable
     */
    public PriceSource pricesSource() {
        String s = env.get(PRICES_VARIABLE);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return PriceSource.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PRICES_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return how often a price URL is downloaded again: {@code LLMLAB_PRICES_REFRESH} as
     *     {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT6H}); default 1 hour
     * @throws IllegalArgumentException when it is none of these or under a minute, naming the value
     */
    public Duration pricesRefresh() {
        String s = env.get(PRICES_REFRESH_VARIABLE);
        if (s == null || s.isBlank()) {
            return PriceRefresher.DEFAULT_INTERVAL;
        }
        String v = s.strip();
        Duration d = null;
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "s": d = Duration.ofSeconds(n); break;
                case "m": case "min": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                default: d = Duration.ofDays(n);
            }
        } else {
            try {
                d = Duration.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.compareTo(MIN_REFRESH) < 0) {
            throw new IllegalArgumentException(PRICES_REFRESH_VARIABLE + " must be a duration of at least 1 minute,"
                    + " like 30m, 1h, 1d or PT6H; was '" + v + "'");
        }
        return d;
    }

    /**
     * @return {@code $LLMLAB_HOME/prices-cache}, where the last good copy of a price URL is kept;
     *     created owner-only (700) when missing
     * @throws DatabaseException when the home or the folder can be written by another user
     */
    public Path pricesCache() {
        return PrivateFiles.directory(privateHome().resolve("prices-cache"), "the price cache folder");
    }

    /**
     * The prices a running server charges with: the built-in prices, with {@code LLMLAB_PRICES}
     * applied. A file is read now (a missing or malformed one fails the start, naming it). A URL is
     * downloaded now and every {@link #pricesRefresh()} (see
     * {@link dev.llmlab.core.pricing.PriceRefresher}); when it cannot be downloaded the kept copy
     * is used, and with none the server starts with the built-in prices alone
     * ({@link Prices#builtInOnly()}) rather than not at all: a price host must not be able to keep
     * the server down.
     *
     * @return the prices; close them when the server stops
     */
    public Prices prices() {
        PriceCatalog builtIn = PriceCatalog.loadDefault();
        PriceSource source = pricesSource();
        if (source == null) {
            return new Prices(builtIn, null);
        }
        PriceRefresher.Builder b = PriceRefresher.builder(builtIn, source);
        if (source.isUrl()) {
            b.interval(pricesRefresh()).cacheDirectory(pricesCache());
        }
        return new Prices(builtIn, b.build());
    }

    /**
     * What a running server prices with: answers the catalog in force at each call.
     *
     * @param builtIn the built-in prices
     * @param refresher {@code LLMLAB_PRICES} applied over them and kept current, or null when unset
     */
    public record Prices(PriceCatalog builtIn, PriceRefresher refresher) implements Supplier<PriceCatalog>,
            AutoCloseable {
        /** @return the catalog in force */
        @Override
        public PriceCatalog get() {
            return refresher == null ? builtIn : refresher.current();
        }

        /**
         * @return true when {@code LLMLAB_PRICES} is set but nothing of it is in force (a URL that
         *     could not be downloaded, with no kept copy): the server prices with the built-in prices
         */
        public boolean builtInOnly() {
            return refresher != null && refresher.digest().isEmpty();
        }

        /** @return one line for the start banner: what the server prices with */
        public String summary() {
            return refresher == null ? "built-in prices" : "built-in prices + " + PRICES_VARIABLE + " "
                    + refresher.summary();
        }

        /** Stops refreshing. */
        @Override
        public void close() {
            if (refresher != null) {
                refresher.close();
            }
        }
    }
}
