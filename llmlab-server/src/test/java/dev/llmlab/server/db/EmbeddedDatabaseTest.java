package dev.llmlab.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster as {@code llmlab serve} makes it (durable), in a home of its own: what it
 * writes to disk, who may connect, and how it comes back after a stop or a crash.
 */
class EmbeddedDatabaseTest {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    static Path parent;
    private static Path home;
    private static EmbeddedDatabase db;

    @BeforeAll
    static void start() {
        home = parent.resolve("home"); // missing: the server creates it
        db = EmbeddedDatabase.start(home.resolve("pgdata"), 0, true);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void durableCluster_runsWithFsyncSynchronousCommitAndFullPageWritesOn() throws Exception {
        try (Connection c = connect(db.connection()); Statement s = c.createStatement()) {
            assertThat(show(s, "fsync")).isEqualTo("on");
            assertThat(show(s, "synchronous_commit")).isEqualTo("on");
            assertThat(show(s, "full_page_writes")).isEqualTo("on");
        }
        assertThat(db.connection().checkDurability()).isEmpty();
    }

    @Test
    void home_everyFolderAndFileIsOwnerOnly() throws Exception {
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("pg-bin"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("pgdata"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve(EmbeddedDatabase.PASSWORD_FILE))).isEqualTo("rw-------");
        assertThat(mode(home.resolve(EmbeddedDatabase.SUPERUSER_PASSWORD_FILE))).isEqualTo("rw-------");
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            all.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                        open.add(p + " " + PosixFilePermissions.toString(perms));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(open).as("files others can read or write").isEmpty();
    }

    @Test
    void login_withoutPassword_isRefused() {
        assertRefused(EmbeddedDatabase.ROLE, "");
    }

    @Test
    void login_withWrongPassword_isRefused() {
        assertRefused(EmbeddedDatabase.ROLE, "not-the-password");
    }

    @Test
    void login_asSuperuserWithoutPassword_isRefused() {
        assertRefused("postgres", "");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres",
                "postgres", "")).isInstanceOf(SQLException.class);
    }

    @Test
    void login_withKeptPassword_isTheNonSuperuserRoleOwningTheDatabase() throws Exception {
        String kept = Files.readString(home.resolve(EmbeddedDatabase.PASSWORD_FILE)).trim();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "llmlab", kept); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rolsuper, (SELECT pg_get_userbyid(datdba) FROM pg_database"
                    + " WHERE datname = current_database()) FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("superuser").isFalse();
                assertThat(rs.getString(2)).isEqualTo("llmlab");
            }
            assertThatThrownBy(() -> s.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void connection_carriesThePassword_andHidesIt() {
        DatabaseConnection c = db.connection();
        assertThat(c.user()).isEqualTo("llmlab");
        assertThat(c.password()).isNotBlank();
        assertThat(c.toString()).doesNotContain(c.password());
    }

    private static void assertRefused(String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), user, password).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
    }

    private static Connection connect(DatabaseConnection c) throws SQLException {
        return DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
