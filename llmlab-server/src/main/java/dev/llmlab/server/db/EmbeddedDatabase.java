package dev.llmlab.server.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.util.PasswordUtil;

/**
 * The PostgreSQL that {@code llmlab serve} runs when no {@code DATABASE_URL} is given: real
 * PostgreSQL 17 binaries (io.zonky embedded binaries, linux-amd64) with the data in a folder that
 * survives restarts, listening on loopback only.
 *
 * <p>What lives beside the data folder ({@code $LLMLAB_HOME/pgdata}), every folder 700 and every
 * file 600:
 * <ul>
 *   <li>{@code pg-bin/}: the unpacked programs (see {@link PostgresBinaries}); refused when another
 *       user can write to it;
 *   <li>{@code db-password}: the password of {@value #ROLE}, the role the server connects as. It owns
 *       the {@value #DATABASE} database and is not a superuser;
 *   <li>{@code db-superuser-password}: the password of {@code postgres}, used only here to create
 *       the role and the database;
 *   <li>{@code pgdata.port}: the port, kept across restarts; {@code pgdata.log}: PostgreSQL's log.
 * </ul>
 *
 * <p>Every connection needs a password (SCRAM-SHA-256 for every user in {@code pg_hba.conf}, which
 * is rewritten at each start) and there is no Unix socket. A cluster made by an older LLMlab (which
 * trusted every local connection) is converted at its first start by this version: the superuser
 * gets a password in single-user mode before the server listens, the role is created, and the
 * database and everything in it are handed to it.
 *
 * <p>Durable clusters run with {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on: an answered commit survives a crash of the server, of PostgreSQL or
 * of the machine. After a crash the next start removes the dead server's {@code postmaster.pid} and
 * waits (up to {@link #STARTUP_LIMIT}) while PostgreSQL replays its write-ahead log; when it really
 * cannot start, the error carries the end of {@code pgdata.log}.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(home, "pgdata"), 0, true)) {
 *     DatabaseConnection c = db.connection();
 * }
 * }</pre>
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
    /** The database LLMlab uses inside the embedded cluster. */
    public static final String DATABASE = "llmlab";
    /** The role the server connects as: owner of {@value #DATABASE}, not a superuser. */
    public static final String ROLE = "llmlab";
    /** The file in {@code LLMLAB_HOME} keeping the password of {@value #ROLE}. */
    public static final String PASSWORD_FILE = "db-password";
    /** The file in {@code LLMLAB_HOME} keeping the password of the superuser {@code postgres}. */
    public static final String SUPERUSER_PASSWORD_FILE = "db-superuser-password";
    /** How long a start may take: recovery after a crash replays the write-ahead log first. */
    public static final Duration STARTUP_LIMIT = Duration.ofMinutes(10);
    private static final String SUPERUSER = "postgres";
    private static final long LOG_ROTATE_BYTES = 10L * 1024 * 1024;
    private static final String PG_HBA = """
            # Written by LLMlab at every start of its embedded PostgreSQL: every connection needs a password.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private final Path dataDirectory;
    private final PostgresBinaries binaries; // null when we joined a cluster another process runs
    private final int port;
    private final String password;
    private final boolean durable;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopAtExit;

    private EmbeddedDatabase(Path dataDirectory, PostgresBinaries binaries, int port, String password, boolean durable) {
        this.dataDirectory = dataDirectory;
        this.binaries = binaries;
        this.port = port;
        this.password = password;
        this.durable = durable;
        if (binaries != null) {
            // in-process users (tests, tools) may never call close(): PostgreSQL must not outlive them
            this.stopAtExit = new Thread(this::stop, "llmlab-postgres-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        } else {
            this.stopAtExit = null;
        }
    }

    /**
     * Starts (or joins, when another LLMlab process already runs it) the cluster in
     * {@code dataDirectory}, creating it on first use. The folder's parent is {@code LLMLAB_HOME}:
     * created 700 when missing, refused when another user can write to it.
     *
     * @param dataDirectory where the cluster's files live; not null
     * @param port the port, or 0 to use the one used last time (or a free one on first start)
     * @param durable false only for throw-away test databases: turns fsync, synchronous commits and
     *     full-page writes off
     * @return the running database
     * @throws DatabaseException when PostgreSQL cannot be started, with the reason from its log
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean durable) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path home = PrivateFiles.directory(data.getParent(), "LLMLAB_HOME");
        String password = PrivateFiles.secret(home.resolve(PASSWORD_FILE));
        Path superuserFile = home.resolve(SUPERUSER_PASSWORD_FILE);
        boolean newSuperuserPassword = !Files.exists(superuserFile);
        String superuserPassword = PrivateFiles.secret(superuserFile);

        Postmaster running = Postmaster.read(data);
        if (running.alive()) {
            return join(data, running, port, password, durable);
        }
        PostgresBinaries binaries = PostgresBinaries.unpackInto(home.resolve("pg-bin"));
        Path log = sibling(data, ".log");
        try {
            prepareLog(log);
            boolean created = false;
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                created = initdb(binaries, data, superuserFile, log);
                if (!created) {
                    // another process made the cluster at the same moment, from the same password file
                    newSuperuserPassword = false;
                    Postmaster other = Postmaster.read(data);
                    if (other.alive()) {
                        return join(data, other, port, password, durable);
                    }
                }
            } else if (running.stale()) {
                LOG.log(System.Logger.Level.WARNING, "PostgreSQL was not shut down cleanly (process " + running.pid()
                        + " is gone): it replays its write-ahead log before it accepts connections, which can take"
                        + " a while (at most " + STARTUP_LIMIT.toMinutes() + " minutes are waited for); " + data);
                Files.deleteIfExists(data.resolve("postmaster.pid"));
            }
            requirePasswords(binaries, data, superuserPassword, !created && newSuperuserPassword, log);
            int chosen = choosePort(data, port);
            try {
                startServer(binaries, data, chosen, durable, log);
            } catch (DatabaseException e) {
                Postmaster other = Postmaster.read(data);
                if (other.alive()) { // another process started it at the same moment
                    return join(data, other, port, password, durable);
                }
                throw e;
            }
            EmbeddedDatabase db = new EmbeddedDatabase(data, binaries, chosen, password, durable);
            try {
                db.prepareRoleAndDatabase(superuserPassword);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            return db;
        } catch (IOException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    /** @return the JDBC URL of the LLMlab database */
    public String jdbcUrl() {
        return jdbcUrl(port, DATABASE);
    }

    /** @return the role to connect as: {@value #ROLE}, which needs the kept password */
    public String user() {
        return ROLE;
    }

    /** @return the port PostgreSQL listens on */
    public int port() {
        return port;
    }

    /** @return the connection settings for the LLMlab database, with the role's password */
    public DatabaseConnection connection() {
        return new DatabaseConnection(jdbcUrl(), ROLE, password,
                durable ? DatabaseConnection.Origin.EMBEDDED : DatabaseConnection.Origin.EMBEDDED_THROWAWAY);
    }

    /** Stops PostgreSQL if this process started it (fast shutdown: open sessions are ended). */
    @Override
    public void close() {
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs (or ran) stop() itself
            }
        }
        stop();
    }

    private void stop() {
        if (binaries == null || closed.getAndSet(true)) {
            return;
        }
        Result r = run(binaries.command("pg_ctl", "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "120"),
                null, Duration.ofSeconds(130));
        if (r.exit() != 0) {
            LOG.log(System.Logger.Level.ERROR, "could not stop the embedded PostgreSQL in " + dataDirectory + ": " + r.output());
        }
    }

    private static EmbeddedDatabase join(Path data, Postmaster running, int port, String password, boolean durable) {
        int p = running.port() > 0 ? running.port() : choosePort(data, port);
        LOG.log(System.Logger.Level.INFO, "joining the PostgreSQL already running on port " + p + " for " + data);
        awaitLogin(data, running, p, password);
        return new EmbeddedDatabase(data, null, p, password, durable);
    }

    /** Another process's cluster may still be starting or recovering: wait until the role can log in. */
    private static void awaitLogin(Path data, Postmaster running, int port, String password) {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(port, DATABASE), ROLE, password)) {
                return;
            } catch (SQLException e) {
                boolean notYet = "57P03".equals(e.getSQLState()) || "08001".equals(e.getSQLState());
                if (!notYet) {
                    throw new DatabaseException("cannot log in as " + ROLE + " to the PostgreSQL another process runs for " + data
                            + " on port " + port + ": " + e.getMessage() + ". If an older LLMlab runs it, stop that one:"
                            + " this version sets up the passwords when it starts the cluster itself.", e);
                }
                if (!ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new DatabaseException("the PostgreSQL another process started for " + data + " (process "
                            + running.pid() + ") stopped before it accepted connections; start again", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new DatabaseException("the PostgreSQL another process runs for " + data + " did not accept"
                            + " connections within " + STARTUP_LIMIT.toMinutes() + " minutes: " + e.getMessage(), e);
                }
            }
            sleep(200);
        }
    }

    /** @return true when this call made the cluster, false when another process made it meanwhile */
    private static boolean initdb(PostgresBinaries binaries, Path data, Path superuserFile, Path log) throws IOException {
        // initdb into a private temporary folder moved into place: a crash never leaves half a cluster
        Path tmp = Files.createTempDirectory(data.getParent(), data.getFileName() + ".initdb-");
        try {
            Result r = run(binaries.command("initdb", "-D", tmp.toString(), "-U", SUPERUSER, "-A", "scram-sha-256",
                    "--pwfile=" + superuserFile, "-E", "UTF-8"), null, Duration.ofMinutes(5));
            append(log, r.output());
            if (r.exit() != 0) {
                throw failure("initdb could not create the cluster for " + data, r, log);
            }
            Files.writeString(tmp.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
            try {
                // replaces an empty folder (made by older versions before initdb), never a cluster
                Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
                return true;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                return false;
            } catch (FileSystemException e) {
                if (Files.exists(data.resolve("PG_VERSION"))) {
                    return false;
                }
                throw e;
            }
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Makes {@code pg_hba.conf} ask every user for a password. When the superuser's password is not
     * known (a cluster made by an older LLMlab, or a lost password file) it is set first, in
     * single-user mode: PostgreSQL does not listen then, so nobody can use the moment.
     */
    private static void requirePasswords(PostgresBinaries binaries, Path data, String superuserPassword,
            boolean superuserPasswordUnknown, Path log) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        boolean hbaIsOurs = Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA);
        if (!hbaIsOurs || superuserPasswordUnknown) {
            LOG.log(System.Logger.Level.WARNING, "securing the embedded PostgreSQL in " + data
                    + ": every connection will need a password (kept in " + data.getParent() + ")");
            String verifier;
            try {
                verifier = PasswordUtil.encodeScramSha256(superuserPassword.toCharArray());
            } catch (RuntimeException e) {
                throw new DatabaseException("cannot hash the superuser password: " + e.getMessage(), e);
            }
            // the statement carries a SCRAM verifier, never the password, and is never logged
            Result r = run(binaries.command("postgres", "--single", "-D", data.toString(),
                    "-c", "log_min_error_statement=panic", SUPERUSER), "ALTER ROLE " + SUPERUSER + " WITH LOGIN PASSWORD '" + verifier + "';\n", STARTUP_LIMIT);
            append(log, r.output());
            if (r.exit() != 0 || r.output().contains("ERROR:") || r.output().contains("FATAL:")) {
                throw failure("could not set the superuser password of the embedded PostgreSQL in " + data, r, log);
            }
        }
        if (!hbaIsOurs) {
            PrivateFiles.replace(hba, PG_HBA);
        }
    }

    private static void startServer(PostgresBinaries binaries, Path data, int port, boolean durable, Path log) {
        List<String> settings = new ArrayList<>(List.of(
                "listen_addresses=127.0.0.1",
                "unix_socket_directories=''", // no socket: only password-checked TCP on loopback
                "password_encryption=scram-sha-256",
                "max_connections=200",
                "shared_buffers=256MB",
                "timezone=UTC"));
        // explicit both ways: an acknowledged commit is on disk before the answer (durable), or a test runs fast
        String on = durable ? "on" : "off";
        settings.add("fsync=" + on);
        settings.add("synchronous_commit=" + on);
        settings.add("full_page_writes=" + on);
        StringBuilder options = new StringBuilder("-p ").append(port);
        settings.forEach(s -> options.append(" -c ").append(s));
        long seconds = STARTUP_LIMIT.toSeconds();
        Result r = run(binaries.command("pg_ctl", "start", "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", Long.toString(seconds), "-o", options.toString()), null, STARTUP_LIMIT.plusMinutes(1));
        if (r.exit() != 0) {
            Postmaster p = Postmaster.read(data);
            if (p.alive() && p.port() == port) {
                // still starting after the limit: do not leave it running behind the error
                run(binaries.command("pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "120"), null,
                        Duration.ofSeconds(130));
            }
            DatabaseException e = failure("PostgreSQL did not start for " + data + " on port " + port, r, log);
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            throw e;
        }
    }

    private void prepareRoleAndDatabase(String superuserPassword) {
        boolean handOver;
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"), SUPERUSER, superuserPassword);
                Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN");
            }
            s.execute("ALTER ROLE " + ROLE + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            c.unwrap(PGConnection.class).alterUserPassword(ROLE, password.toCharArray(), "scram-sha-256");
            String owner = null;
            try (PreparedStatement q = c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
                q.setString(1, DATABASE);
                try (ResultSet rs = q.executeQuery()) {
                    owner = rs.next() ? rs.getString(1) : null;
                }
            }
            if (owner == null) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
            } else if (!owner.equals(ROLE)) {
                s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + ROLE);
            }
            handOver = owner != null && !owner.equals(ROLE);
        } catch (SQLException e) {
            throw new DatabaseException("cannot set up role " + ROLE + " and database " + DATABASE + " in " + dataDirectory
                    + ": " + e.getMessage(), e);
        }
        if (handOver) {
            handOver(superuserPassword);
        }
    }

    /** A database made by an older LLMlab belongs to the superuser: give its objects to the role. */
    private void handOver(String superuserPassword) {
        LOG.log(System.Logger.Level.WARNING, "handing database " + DATABASE + " over to role " + ROLE);
        String objects = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
        String sql = "DO $$ DECLARE r record; BEGIN\n"
                + " FOR r IN SELECT n.nspname FROM pg_namespace n WHERE n.nspowner = '" + SUPERUSER + "'::regrole AND "
                + objects + " AND n.nspname <> 'public' LOOP\n"
                + "  EXECUTE format('ALTER SCHEMA %I OWNER TO " + ROLE + "', r.nspname); END LOOP;\n"
                // sequences owned by a column follow their table
                + " FOR r IN SELECT c.oid::regclass AS o FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relowner = '" + SUPERUSER + "'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND "
                + objects + " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid ="
                + " 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP\n"
                + "  EXECUTE format('ALTER TABLE %s OWNER TO " + ROLE + "', r.o); END LOOP;\n"
                + " FOR r IN SELECT p.oid::regprocedure AS o FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.proowner = '" + SUPERUSER + "'::regrole AND " + objects + " LOOP\n"
                + "  EXECUTE format('ALTER ROUTINE %s OWNER TO " + ROLE + "', r.o); END LOOP;\n"
                + " FOR r IN SELECT t.oid::regtype AS o, t.typtype AS k FROM pg_type t JOIN pg_namespace n ON n.oid ="
                + " t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid WHERE t.typowner = '" + SUPERUSER
                + "'::regrole AND " + objects + " AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))"
                + " LOOP\n"
                + "  EXECUTE format(CASE WHEN r.k = 'd' THEN 'ALTER DOMAIN %s OWNER TO " + ROLE + "'"
                + " ELSE 'ALTER TYPE %s OWNER TO " + ROLE + "' END, r.o); END LOOP;\n"
                + "END $$";
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, DATABASE), SUPERUSER, superuserPassword);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseException("cannot hand database " + DATABASE + " over to role " + ROLE + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, arg);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static int choosePort(Path data, int port) {
        Path portFile = sibling(data, ".port");
        try {
            int chosen = port;
            if (chosen == 0 && Files.exists(portFile)) {
                chosen = Integer.parseInt(Files.readString(portFile).trim());
            }
            if (chosen == 0) {
                try (ServerSocket s = new ServerSocket(0)) {
                    chosen = s.getLocalPort();
                }
            }
            PrivateFiles.ensurePrivateFile(portFile);
            PrivateFiles.replace(portFile, Integer.toString(chosen));
            return chosen;
        } catch (IOException | NumberFormatException e) {
            throw new DatabaseException("cannot keep the PostgreSQL port in " + portFile + ": " + e.getMessage(), e);
        }
    }

    private static Path sibling(Path data, String suffix) {
        return data.resolveSibling(data.getFileName() + suffix);
    }

    /** The log grows by a few lines per start and checkpoint; one older generation is kept. */
    private static void prepareLog(Path log) throws IOException {
        if (Files.exists(log) && Files.size(log) > LOG_ROTATE_BYTES) {
            Files.move(log, sibling(log, ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        PrivateFiles.ensurePrivateFile(log);
    }

    private static void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write to " + log + ": " + e.getMessage());
        }
    }

    private static DatabaseException failure(String what, Result r, Path log) {
        return new DatabaseException(what + " (exit " + r.exit() + "): " + r.output().strip()
                + "\nthe end of " + log + ":\n" + tail(log, 30));
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, String stdin, Duration limit) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DatabaseException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the program ended without reading its input: its exit status and output tell why
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new DatabaseException("interrupted while running " + command.get(0), e);
        } catch (ExecutionException | TimeoutException e) {
            return new Result(p.exitValue(), "(output unreadable: " + e + ")");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + dir + ": " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for PostgreSQL");
        }
    }

    /**
     * What {@code postmaster.pid} says: the server's process and port. {@code alive} when that
     * process still runs PostgreSQL; {@code stale} when it is gone (the server crashed or was killed)
     * or the number now belongs to another program; neither when there is no file, or it cannot be
     * read yet (a server writing it right now), which PostgreSQL itself then judges.
     */
    private record Postmaster(long pid, int port, boolean alive, boolean stale) {
        static Postmaster read(Path data) {
            List<String> lines;
            try {
                lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return new Postmaster(0, 0, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + data.resolve("postmaster.pid"), e);
            }
            long pid;
            int port;
            try {
                pid = Long.parseLong(lines.get(0).trim());
                port = lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
            } catch (RuntimeException e) {
                return new Postmaster(0, 0, false, false);
            }
            boolean postgres = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .flatMap(h -> h.info().command())
                    .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                    .orElse(false);
            return new Postmaster(pid, port, postgres, !postgres);
        }
    }
}
