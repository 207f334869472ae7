package dev.llmlab.server;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.alerts.AlertSettings;
import dev.llmlab.server.auth.ClientAddresses;
import dev.llmlab.server.auth.LoginLimits;
import dev.llmlab.server.db.DatabaseConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a server instance needs, resolved before it starts: the database, the catalog it
 * prices with, its secrets and its limits. Immutable; the catalog may be live (a
 * {@link dev.llmlab.core.pricing.PriceRefresher}), and {@link #catalog()} then answers the one in
 * force at each call.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder(db.connection(), catalog, jwtSecret).port(8080).build();
 * }</pre>
 */
public final class ServerConfig {
    /** Most events one POST may carry. */
    public static final int DEFAULT_MAX_EVENTS = 1_000;
    /** Largest request body accepted, in bytes (4 MiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** Longest request line (method, path with query, version), in bytes; longer answers 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Largest request headers, all together, in bytes; larger answers 431. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** How long a request line and headers may take, counted from when the connection can take a request. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Longest silence within a request body. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** A connection with nothing read or written for this long is closed (a client that stops reading its answer). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Most open live-update streams of one account on one instance (browser tabs, dashboards). */
    public static final int DEFAULT_LIVE_STREAMS_PER_ACCOUNT = 16;
    /** Most open live-update streams on one instance. */
    public static final int DEFAULT_LIVE_STREAMS = 2_000;
    /** How often an idle live-update stream gets a heartbeat: well within proxies' and our idle timeouts. */
    public static final Duration DEFAULT_LIVE_HEARTBEAT = Duration.ofSeconds(15);

    private final DatabaseConnection database;
    private final Supplier<PriceCatalog> catalog;
    private final byte[] jwtSecret;
    private final byte[] encryptionKey;
    private final String host;
    private final int port;
    private final int maxEvents;
    private final int maxBodyBytes;
    private final int poolSize;
    private final Duration tokenLifetime;
    private final LoginLimits loginLimits;
    private final int passwordThreads;
    private final int passwordQueue;
    private final List<String> trustedProxies;
    private final Duration headerTimeout;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final AlertSettings alerts;
    private final String publicUrl;
    private final String redisUrl;
    private final int liveStreamsPerAccount;
    private final int liveStreams;
    private final Duration liveHeartbeat;

    private ServerConfig(Builder b) {
        this.database = b.database;
        this.catalog = b.catalog;
        this.jwtSecret = b.jwtSecret.clone();
        this.encryptionKey = b.encryptionKey == null ? null : b.encryptionKey.clone();
        this.host = b.host;
        this.port = b.port;
        this.maxEvents = b.maxEvents;
        this.maxBodyBytes = b.maxBodyBytes;
        this.poolSize = b.poolSize;
        this.tokenLifetime = b.tokenLifetime;
        this.loginLimits = b.loginLimits;
        this.passwordThreads = b.passwordThreads;
        this.passwordQueue = b.passwordQueue;
        this.trustedProxies = b.trustedProxies;
        this.headerTimeout = b.headerTimeout;
        this.readTimeout = b.readTimeout;
        this.idleTimeout = b.idleTimeout;
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
        this.alerts = b.alerts;
        this.publicUrl = b.publicUrl;
        this.redisUrl = b.redisUrl;
        this.liveStreamsPerAccount = b.liveStreamsPerAccount;
        this.liveStreams = b.liveStreams;
        this.liveHeartbeat = b.liveHeartbeat;
    }

    /**
     * @param database where the data lives; not null
     * @param catalog the prices the server charges with; not null
     * @param jwtSecret the HS256 key for login tokens, at least 32 bytes; not null
     * @return a builder with the defaults (port 8080 on 127.0.0.1, plain HTTP)
     */
    public static Builder builder(DatabaseConnection database, PriceCatalog catalog, byte[] jwtSecret) {
        Objects.requireNonNull(catalog, "catalog");
        return new Builder(database, () -> catalog, jwtSecret);
    }

    /**
     * A server whose prices change while it runs: {@link #catalog()} asks {@code catalog} each time.
     *
     * <pre>{@code
     * ServerHome.Prices prices = home.prices();   // built-in prices + LLMLAB_PRICES, refreshed
     * ServerConfig config = ServerConfig.builder(db.connection(), prices, jwtSecret).build();
     * }</pre>
     *
     * @param database where the data lives; not null
     * @param catalog answers the prices in force, never null, quickly (it is asked per request);
     *     not null
     * @param jwtSecret the HS256 key for login tokens, at least 32 bytes; not null
     * @return a builder with the defaults (port 8080 on 127.0.0.1, plain HTTP)
     */
    public static Builder builder(DatabaseConnection database, Supplier<PriceCatalog> catalog, byte[] jwtSecret) {
        return new Builder(database, catalog, jwtSecret);
    }

    /** @return where the data lives */
    public DatabaseConnection database() {
        return database;
    }

    /**
     * @return the catalog in force now, which events are priced with; with a live catalog, call it
     *     per request rather than keeping what it returned
     */
    public PriceCatalog catalog() {
        return Objects.requireNonNull(catalog.get(), "the price catalog supplier returned null");
    }

    /** @return the HS256 key of login tokens (a copy) */
    public byte[] jwtSecret() {
        return jwtSecret.clone();
    }

    /** @return the AES key for provider keys (a copy), or null when none is configured */
    public byte[] encryptionKey() {
        return encryptionKey == null ? null : encryptionKey.clone();
    }

    /**
     * @return the address people open LLMlab's dashboard at ({@code LLMLAB_PUBLIC_URL}, no trailing
     *     slash), for the links in alerts; null when not configured
     */
    public String publicUrl() {
        return publicUrl;
    }

    /** @return the interface to bind (default {@code 127.0.0.1}: this machine only) */
    public String host() {
        return host;
    }

    /** @return the port, 0 for any free port */
    public int port() {
        return port;
    }

    /** @return most events per request */
    public int maxEvents() {
        return maxEvents;
    }

    /** @return largest request body in bytes */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return database connections of this instance */
    public int poolSize() {
        return poolSize;
    }

    /** @return how long a login token is valid */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** @return how failed logins are throttled */
    public LoginLimits loginLimits() {
        return loginLimits;
    }

    /** @return threads hashing and checking passwords (PBKDF2) */
    public int passwordThreads() {
        return passwordThreads;
    }

    /** @return password checks that may wait for a thread before more are refused with 503 */
    public int passwordQueue() {
        return passwordQueue;
    }

    /** @return proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR networks */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /**
     * @return how long a request line and headers may take, from when the connection can take a
     *     request (it opened, or the previous answer was sent); also how long an idle keep-alive
     *     connection stays open
     */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** @return the longest silence within a request body before it is answered 408 */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return how long a connection may have nothing read or written before it is closed */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the PEM certificate chain served over TLS, or null for plain HTTP */
    public Path tlsCertificate() {
        return tlsCertificate;
    }

    /** @return the PEM (PKCS#8) private key of {@link #tlsCertificate()}, or null for plain HTTP */
    public Path tlsKey() {
        return tlsKey;
    }

    /** @return how alerts are delivered: links, SMTP, webhook target rules, retry schedule */
    public AlertSettings alerts() {
        return alerts;
    }

    /**
     * @return the Redis server ({@code REDIS_URL}, e.g. {@code redis://127.0.0.1:6379}) that carries
     *     live updates and caches summaries, or null: live updates then travel by PostgreSQL
     *     LISTEN/NOTIFY and summaries are not cached
     */
    public String redisUrl() {
        return redisUrl;
    }

    /** @return most open live-update streams ({@code GET /api/live}) of one account on this instance */
    public int liveStreamsPerAccount() {
        return liveStreamsPerAccount;
    }

    /** @return most open live-update streams of all accounts on this instance */
    public int liveStreams() {
        return liveStreams;
    }

    /** @return how often an idle live-update stream gets a heartbeat comment */
    public Duration liveHeartbeat() {
        return liveHeartbeat;
    }

    /**
     * Checks the files of {@link Builder#tls(Path, Path)} before anything starts, so that a wrong
     * path is reported at once.
     *
     * @param certificate the certificate chain, PEM ({@code -----BEGIN CERTIFICATE-----}, the
     *     server's certificate first); not null
     * @param key its private key, PEM, not encrypted ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8);
     *     not null
     * @throws IllegalArgumentException when a file cannot be read or does not hold what it should,
     *     naming the file and what was expected
     */
    public static void checkTls(Path certificate, Path key) {
        requirePem(Objects.requireNonNull(certificate, "certificate"), "TLS certificate",
                "-----BEGIN CERTIFICATE-----", "a PEM certificate chain (-----BEGIN CERTIFICATE-----)");
        String k = requirePem(Objects.requireNonNull(key, "key"), "TLS key", "PRIVATE KEY-----",
                "a PEM private key (-----BEGIN PRIVATE KEY-----)");
        if (k.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the TLS key " + key + " is encrypted; expected an unencrypted"
                    + " PEM private key (openssl pkcs8 -topk8 -nocrypt -in " + key + ")");
        }
    }

    /**
     * Checks {@code REDIS_URL} before anything starts.
     *
     * @param url {@code redis://[:password@]host[:port][/db]} or {@code rediss://…}; null or blank
     *     for none
     * @throws IllegalArgumentException when it is not such a URL; the message never shows the
     *     password
     */
    public static void checkRedisUrl(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        String v = url.strip();
        if (!v.matches("(?i)rediss?://([^\\s/@]*@)?([^\\s/@:\\[\\]]+|\\[[0-9a-f:.]+\\])(:\\d{1,5})?(/\\d{1,2})?/?")) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port (or"
                    + " redis://:password@host:port/db, rediss:// for TLS), was " + v.replaceAll("//[^@/]*@", "//***@"));
        }
    }

    private static String requirePem(Path file, String what, String marker, String expected) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("the " + what + " file " + file + " does not exist or cannot be read;"
                    + " expected " + expected);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " file " + file, e);
        }
        if (!text.contains(marker)) {
            throw new IllegalArgumentException("the " + what + " file " + file + " is not " + expected);
        }
        return text;
    }

    /** Builds a {@link ServerConfig}. */
    public static final class Builder {
        private final DatabaseConnection database;
        private final Supplier<PriceCatalog> catalog;
        private final byte[] jwtSecret;
        private byte[] encryptionKey;
        private String host = "127.0.0.1";
        private int port = 8080;
        private int maxEvents = DEFAULT_MAX_EVENTS;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int poolSize = 16;
        private Duration tokenLifetime = Duration.ofHours(12);
        private LoginLimits loginLimits = LoginLimits.DEFAULT;
        private int passwordThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int passwordQueue = 16;
        private List<String> trustedProxies = List.of();
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Path tlsCertificate;
        private Path tlsKey;
        private AlertSettings alerts = AlertSettings.DEFAULT;
        private String publicUrl;
        private String redisUrl;
        private int liveStreamsPerAccount = DEFAULT_LIVE_STREAMS_PER_ACCOUNT;
        private int liveStreams = DEFAULT_LIVE_STREAMS;
        private Duration liveHeartbeat = DEFAULT_LIVE_HEARTBEAT;

        private Builder(DatabaseConnection database, Supplier<PriceCatalog> catalog, byte[] jwtSecret) {
            this.database = Objects.requireNonNull(database, "database");
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.jwtSecret = Objects.requireNonNull(jwtSecret, "jwtSecret").clone();
            if (jwtSecret.length < 32) {
                throw new IllegalArgumentException("the JWT secret must have at least 32 bytes, had " + jwtSecret.length);
            }
        }

        /** @param key 16, 24 or 32 bytes of AES key for provider keys; null disables storing them */
        public Builder encryptionKey(byte[] key) {
            if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("LLMLAB_ENCRYPTION_KEY must decode to 16, 24 or 32 bytes, had " + key.length);
            }
            this.encryptionKey = key == null ? null : key.clone();
            return this;
        }

        /**
         * @param value the dashboard's address for links in alerts ({@code LLMLAB_PUBLIC_URL}), an
         *     http(s) URL; null for none
         */
        public Builder publicUrl(String value) {
            if (value != null && !value.matches("(?i)https?://[^\\s/?#@]+(/[^\\s?#]*)?")) {
                throw new IllegalArgumentException("LLMLAB_PUBLIC_URL must be an http(s) URL like https://llmlab.example.com");
            }
            this.publicUrl = value == null ? null : value.replaceAll("/+$", "");
            return this;
        }

        /** @param value interface to bind, e.g. {@code 127.0.0.1} (the default) or {@code 0.0.0.0} for all */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** @param value port, 0 for any free port */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** @param value most events per request, at least 1 */
        public Builder maxEvents(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxEvents must be >= 1, was " + value);
            }
            this.maxEvents = value;
            return this;
        }

        /** @param value largest body in bytes, at least 1 KiB */
        public Builder maxBodyBytes(int value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1024, was " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /** @param value database connections, at least 2 */
        public Builder poolSize(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("poolSize must be >= 2, was " + value);
            }
            this.poolSize = value;
            return this;
        }

        /** @param value login token lifetime; not null */
        public Builder tokenLifetime(Duration value) {
            this.tokenLifetime = Objects.requireNonNull(value, "tokenLifetime");
            return this;
        }

        /** @param value how failed logins are throttled; not null (default {@link LoginLimits#DEFAULT}) */
        public Builder loginLimits(LoginLimits value) {
            this.loginLimits = Objects.requireNonNull(value, "loginLimits");
            return this;
        }

        /**
         * @param threads threads hashing and checking passwords, at least 1 (default: half the cores)
         * @param queue checks that may wait for a thread, at least 0 (default 16); beyond, 503
         */
        public Builder passwordWorkers(int threads, int queue) {
            if (threads < 1 || queue < 0) {
                throw new IllegalArgumentException("password workers need threads >= 1 and queue >= 0, were " + threads
                        + " and " + queue);
            }
            this.passwordThreads = threads;
            this.passwordQueue = queue;
            return this;
        }

        /** @param value how long a request line and headers may take, more than 0 */
        public Builder headerTimeout(Duration value) {
            this.headerTimeout = positive(value, "headerTimeout");
            return this;
        }

        /** @param value longest silence within a request body, more than 0 */
        public Builder readTimeout(Duration value) {
            this.readTimeout = positive(value, "readTimeout");
            return this;
        }

        /** @param value how long a connection may be idle, at least 1 s (counted in whole seconds) */
        public Builder idleTimeout(Duration value) {
            Objects.requireNonNull(value, "idleTimeout");
            if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("idleTimeout must be >= 1 s, was " + value);
            }
            this.idleTimeout = value;
            return this;
        }

        /**
         * @param value proxies whose {@code X-Forwarded-For} is believed, as IP addresses or CIDR
         *     networks ({@code 10.0.0.0/8}); empty (the default) believes no one
         * @throws IllegalArgumentException naming an entry that is neither
         */
        public Builder trustedProxies(List<String> value) {
            ClientAddresses.parse(value);
            this.trustedProxies = List.copyOf(value);
            return this;
        }

        /**
         * Serves HTTPS instead of plain HTTP.
         *
         * @param certificate the certificate chain, PEM; not null
         * @param key its private key, PEM, not encrypted; not null
         * @throws IllegalArgumentException as {@link ServerConfig#checkTls(Path, Path)}
         */
        public Builder tls(Path certificate, Path key) {
            checkTls(certificate, key);
            this.tlsCertificate = certificate.toAbsolutePath();
            this.tlsKey = key.toAbsolutePath();
            return this;
        }

        /** @param value how alerts are delivered; not null (default {@link AlertSettings#DEFAULT}) */
        public Builder alerts(AlertSettings value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /**
         * @param value the Redis server that carries live updates and caches summaries, as
         *     {@code redis://[:password@]host[:port][/db]} (or {@code rediss://} for TLS); null or
         *     blank for none (PostgreSQL LISTEN/NOTIFY, no cache)
         * @throws IllegalArgumentException when it is not such a URL (the message never shows the
         *     password)
         */
        public Builder redisUrl(String value) {
            checkRedisUrl(value);
            this.redisUrl = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /**
         * @param perAccount most open live-update streams of one account on this instance, at least 1
         *     (default {@value #DEFAULT_LIVE_STREAMS_PER_ACCOUNT}); beyond, 429
         * @param total most open live-update streams on this instance, at least {@code perAccount}
         *     (default {@value #DEFAULT_LIVE_STREAMS}); beyond, 503
         */
        public Builder liveStreams(int perAccount, int total) {
            if (perAccount < 1 || total < perAccount) {
                throw new IllegalArgumentException("live streams need perAccount >= 1 and total >= perAccount, were "
                        + perAccount + " and " + total);
            }
            this.liveStreamsPerAccount = perAccount;
            this.liveStreams = total;
            return this;
        }

        /** @param value how often an idle live-update stream gets a heartbeat, more than 0 (default 15 s) */
        public Builder liveHeartbeat(Duration value) {
            this.liveHeartbeat = positive(value, "liveHeartbeat");
            return this;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + value);
            }
            return value;
        }

        /** @return the configuration */
        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
