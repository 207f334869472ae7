package dev.llmlab.server;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.alerts.AlertSettings;
import dev.llmlab.server.db.DatabaseConnection;
import dev.llmlab.server.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * One embedded PostgreSQL per test JVM and two server instances on loopback sharing it, started on
 * first use and reused by every test class (each test makes its own accounts). The cluster is set up
 * as users get it (password-only logins, the non-superuser role {@code llmlab}) but not durable, for
 * speed.
 */
public final class TestServers {
    /** The HS256 secret both instances share. */
    static final byte[] JWT_SECRET = Base64.getDecoder().decode("bGxtbGFiLXRlc3Qtc2VjcmV0LWJ5dGVzLWZvci1obWFjLXNoYTI1Ng==");
    /** The AES key for provider keys. */
    static final byte[] ENCRYPTION_KEY = new byte[32];
    private static EmbeddedDatabase db;
    private static LlmLabServer first;
    private static LlmLabServer second;
    private static Jdbi jdbi;

    private TestServers() {
    }

    /** @return the catalog of the test price files (independent of the provider jars) */
    public static PriceCatalog catalog() {
        return PriceCatalog.fromFile(resource("prices/test-prices.json"))
                .withOverrides(PriceCatalog.fromFile(resource("prices/test-prices-anthropic.json")));
    }

    /** @return a test resource as a path */
    public static Path resource(String name) {
        try {
            return Path.of(TestServers.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the shared database, started on first use */
    public static synchronized EmbeddedDatabase database() {
        if (db == null) {
            try {
                Path home = Files.createTempDirectory("llmlab-test-");
                db = EmbeddedDatabase.start(home.resolve("pgdata"), 0, false);
                db.connection().migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return db;
    }

    /** @return direct access to the database, for counting rows */
    public static synchronized Jdbi jdbi() {
        if (jdbi == null) {
            DatabaseConnection c = database().connection();
            jdbi = Jdbi.create(c.jdbcUrl(), c.user(), c.password());
        }
        return jdbi;
    }

    /** @return a configuration for an instance on a free loopback port */
    public static ServerConfig.Builder config() {
        return ServerConfig.builder(database().connection(), catalog(), JWT_SECRET)
                .host("127.0.0.1")
                .port(0)
                .poolSize(8)
                .encryptionKey(ENCRYPTION_KEY)
                // webhook receivers in tests live on loopback; the shared instances leave the outbox to
                // the alert tests' own senders (AlertServers), whose timing those tests control
                .alerts(AlertSettings.DEFAULT.withAllowPrivateWebhooks(true).withSending(false));
    }

    /** @return the first server instance */
    public static synchronized LlmLabServer first() {
        if (first == null) {
            first = LlmLabServer.start(config().build());
        }
        return first;
    }

    /** @return a second instance on another port, same database */
    public static synchronized LlmLabServer second() {
        if (second == null) {
            second = LlmLabServer.start(config().build());
        }
        return second;
    }

    /** @return an API client of the first instance */
    public static Api api() {
        return new Api(first().uri());
    }
}
