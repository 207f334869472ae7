package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.server.db.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerHomeTest {
    @Test
    void jwtSecret_generatedOnFirstStart_keptAcrossStarts_privateFile(@TempDir Path home) throws Exception {
        byte[] first = ServerHome.of(Map.of("LLMLAB_HOME", home.toString())).jwtSecret();
        byte[] second = ServerHome.of(Map.of("LLMLAB_HOME", home.toString())).jwtSecret();
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("jwt-secret"))))
                .isEqualTo("rw-------");
    }

    @Test
    void jwtSecret_fromEnvironment_wins(@TempDir Path home) {
        String secret = "0123456789abcdef0123456789abcdef-env";
        assertThat(ServerHome.of(Map.of("LLMLAB_HOME", home.toString(), "JWT_SECRET", secret)).jwtSecret())
                .isEqualTo(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(home.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void encryptionKey_base64OrHex_orNullWhenUnset() {
        assertThat(ServerHome.of(Map.of()).encryptionKey()).isNull();
        assertThat(ServerHome.of(Map.of("LLMLAB_ENCRYPTION_KEY", "00".repeat(32))).encryptionKey()).hasSize(32);
        assertThat(ServerHome.of(Map.of("LLMLAB_ENCRYPTION_KEY",
                java.util.Base64.getEncoder().encodeToString(new byte[16]))).encryptionKey()).hasSize(16);
    }

    @Test
    void database_fromDatabaseUrl_doesNotStartEmbedded(@TempDir Path home) {
        try (ServerHome.Database db = ServerHome.of(Map.of("LLMLAB_HOME", home.toString(),
                "DATABASE_URL", "postgres://u:p@127.0.0.1:5999/llmlab")).database()) {
            assertThat(db.embedded()).isNull();
            assertThat(db.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5999/llmlab");
            assertThat(db.connection().user()).isEqualTo("u");
        }
        assertThat(home.resolve("pgdata")).doesNotExist();
    }

    @Test
    void database_jdbcUrlWithPassword_descriptionMasksIt(@TempDir Path home) {
        try (ServerHome.Database db = ServerHome.of(Map.of("LLMLAB_HOME", home.toString(),
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5999/llmlab?user=u&password=hunter2-secret")).database()) {
            assertThat(db.description()).isEqualTo("DATABASE_URL jdbc:postgresql://127.0.0.1:5999/llmlab?user=u&password=***");
        }
    }

    @Test
    void jwtSecret_missingHome_createdOwnerOnly(@TempDir Path parent) throws Exception {
        Path home = parent.resolve("a").resolve("home");
        ServerHome.of(Map.of("LLMLAB_HOME", home.toString())).jwtSecret();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void jwtSecret_homeWritableByOthers_refusedNamingTheFix(@TempDir Path parent) throws Exception {
        Path home = Files.createDirectory(parent.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> ServerHome.of(Map.of("LLMLAB_HOME", home.toString())).jwtSecret())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(home.toString())
                .hasMessageContaining("rwxrwxr-x")
                .hasMessageContaining("chmod go-w");
        assertThat(home.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void home_defaultsToDotLlmlabUnderUserHome() {
        assertThat(ServerHome.of(Map.of()).home()).isEqualTo(Path.of(System.getProperty("user.home"), ".llmlab"));
    }
}
