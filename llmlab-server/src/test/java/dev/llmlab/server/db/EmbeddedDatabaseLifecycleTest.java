package dev.llmlab.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the embedded cluster again: after a stop, after a crash, from an older version, or not at all. */
class EmbeddedDatabaseLifecycleTest {
    @Test
    void restart_afterStop_keepsDataAndPassword(@TempDir Path home) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home.resolve("pgdata"), 0, false)) {
            execute(db.connection(), "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('before')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home.resolve("pgdata"), 0, false)) {
            assertThat(queryOne(db.connection(), "SELECT v FROM kept")).isEqualTo("before");
        }
    }

    @Test
    void restart_postmasterPidNamingAnotherLiveProcess_starts(@TempDir Path home) throws Exception {
        Path data = home.resolve("pgdata");
        int port;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            execute(db.connection(), "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('before')");
            port = db.port();
        }
        // after a kill -9 the file stays behind, and its process number may by then belong to anything
        Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n1700000000\n"
                + port + "\n\n127.0.0.1\n  5432001    0\nready   \n", StandardCharsets.UTF_8);
        long started = System.nanoTime();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(queryOne(db.connection(), "SELECT v FROM kept")).isEqualTo("before");
        }
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
    }

    @Test
    void start_postgresRefusesItsSettings_failsAtOnceWithTheReasonFromItsLog(@TempDir Path home) throws Exception {
        Path data = home.resolve("pgdata");
        EmbeddedDatabase.start(data, 0, false).close();
        Files.writeString(data.resolve("postgresql.auto.conf"), "max_wal_senders = 'many'\n", StandardCharsets.UTF_8);
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedDatabase.start(data, 0, false))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("PostgreSQL did not start")
                .hasMessageContaining("max_wal_senders")
                .hasMessageContaining("pgdata.log");
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
    }

    @Test
    void start_clusterOfAnOlderVersionTrustingEveryLocalUser_isSecuredAndHandedToTheRole(@TempDir Path home) throws Exception {
        Path data = home.resolve("pgdata");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // what LLMlab 0.1 left in ~/.llmlab: initdb -A trust, superuser postgres, everything owned by it
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).setOverrideWorkingDirectory(home.resolve("old-bin").toFile()).start()) {
            try (Connection c = legacy.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE llmlab");
            }
            new DatabaseConnection("jdbc:postgresql://127.0.0.1:" + port + "/llmlab", "postgres", "").migrate();
            execute(new DatabaseConnection("jdbc:postgresql://127.0.0.1:" + port + "/llmlab", "postgres", ""),
                    "CREATE TABLE legacy_note (v text)", "INSERT INTO legacy_note VALUES ('kept')");
        }
        Files.writeString(data.resolveSibling("pgdata.port"), Integer.toString(port));

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\btrust\\b");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            DatabaseConnection c = db.connection();
            assertThat(queryOne(c, "SELECT v FROM legacy_note")).isEqualTo("kept");
            assertThat(queryOne(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'llmlab'"))
                    .isEqualTo("0");
            execute(c, "INSERT INTO legacy_note VALUES ('written by llmlab')");
            c.migrate(); // the role can run the next migrations
        }
    }

    @Test
    void start_homeWritableByOthers_isRefusedNamingTheFix(@TempDir Path parent) throws Exception {
        Path home = Files.createDirectory(parent.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(home.resolve("pgdata"), 0, false))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(home.toString())
                .hasMessageContaining("writable by other users")
                .hasMessageContaining("chmod go-w");
        assertThat(home.resolve("pgdata")).doesNotExist();
    }

    @Test
    void start_binariesFolderWritableByOthers_isRefusedNamingTheFix(@TempDir Path home) throws Exception {
        Path bin = Files.createDirectory(home.resolve("pg-bin"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(home.resolve("pgdata"), 0, false))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(bin.toString())
                .hasMessageContaining("writable by other users")
                .hasMessageContaining("rm -rf");
        assertThat(home.resolve("pgdata")).doesNotExist();
    }

    static void execute(DatabaseConnection c, String... sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
                Statement s = conn.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static String queryOne(DatabaseConnection c, String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
                Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
