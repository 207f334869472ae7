package dev.llmlab.server.live;

import dev.llmlab.server.db.DatabaseConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Live updates over PostgreSQL, needing no other service: the ingest transaction calls
 * {@code pg_notify('llmlab_usage', '<user id>|<json>')}, which PostgreSQL delivers when — and only
 * if — the transaction commits, exactly when the events are durable and visible; every instance
 * holds one connection of its own that {@code LISTEN}s on the channel and hands each notice to
 * {@link LiveStreams}.
 *
 * <p>The listening connection is a plain JDBC connection outside the pool, read by one thread
 * ({@code llmlab-live-listen}) that waits for notifications a second at a time and checks the
 * connection when it has heard nothing for a while. When it fails (the database restarted, the
 * network dropped) the thread reconnects, backing off up to {@value #MAX_BACKOFF_MS} ms, and then
 * tells every stream to refetch ({@link LiveStreams#resync()}): notices sent while it was away are
 * lost, as NOTIFY does not keep them.
 *
 * <p>PostgreSQL serializes the commits of transactions that notify for a moment; the notice is one
 * short payload per ingest request, not per event.
 */
public final class PostgresUsageBus implements UsageBus {
    /** The channel ingest notifies and every instance listens on. */
    public static final String CHANNEL = "llmlab_usage";
    private static final System.Logger LOG = System.getLogger(PostgresUsageBus.class.getName());
    private static final int WAIT_MS = 1_000;
    private static final long CHECK_AFTER_NANOS = Duration.ofSeconds(20).toNanos();
    private static final long MAX_BACKOFF_MS = 5_000;

    private final DatabaseConnection database;
    private final LiveStreams streams;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Connection connection;
    private volatile boolean listening;

    /**
     * Starts listening.
     *
     * @param database the database every instance shares
     * @param streams this instance's streams
     */
    public PostgresUsageBus(DatabaseConnection database, LiveStreams streams) {
        this.database = database;
        this.streams = streams;
        this.thread = new Thread(this::run, "llmlab-live-listen");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stored(Handle h, UsageNotice notice) {
        h.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", CHANNEL)
                .bind("payload", notice.payload())
                .mapTo(String.class)
                .list();
    }

    /** @return whether the listening connection is up (LISTEN issued) */
    public boolean listening() {
        return listening;
    }

    private void run() {
        long backoff = 100;
        boolean reconnecting = false;
        while (!stopping) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (reconnecting) {
                    LOG.log(System.Logger.Level.INFO, "live updates: listening on PostgreSQL again");
                    streams.resync();
                }
                backoff = 100;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopping) {
                    break;
                }
                if (!reconnecting) {
                    // once per outage, not per attempt
                    LOG.log(System.Logger.Level.WARNING, "live updates: the PostgreSQL listening connection failed ("
                            + e.getMessage() + "); reconnecting");
                }
                reconnecting = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", database.user());
        p.setProperty("password", database.password());
        p.setProperty("ApplicationName", "llmlab-live");
        p.setProperty("tcpKeepAlive", "true");
        // a check that gets no answer within this long counts as a broken connection
        p.setProperty("socketTimeout", "30");
        Connection c = DriverManager.getConnection(database.jdbcUrl(), p);
        c.setAutoCommit(true);
        return c;
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long heardAt = System.nanoTime();
        while (!stopping) {
            PGNotification[] received = pg.getNotifications(WAIT_MS);
            long now = System.nanoTime();
            if (received != null && received.length > 0) {
                heardAt = now;
                for (PGNotification n : received) {
                    dispatch(n.getParameter());
                }
            } else if (now - heardAt > CHECK_AFTER_NANOS) {
                // waiting for notifications does not notice a silently dropped connection; a query does
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                heardAt = now;
            }
        }
    }

    private void dispatch(String payload) {
        try {
            streams.deliver(UsageNotice.parse(payload));
        } catch (IllegalArgumentException e) {
            // someone else's NOTIFY on our channel: not ours to act on
            LOG.log(System.Logger.Level.DEBUG, "live updates: ignored a notification on " + CHANNEL + ": "
                    + e.getMessage());
        }
    }

    /** Stops listening and closes the connection. */
    @Override
    public void close() {
        stopping = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
