package dev.llmlab.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseConnectionTest {
    @Test
    void parse_postgresUrl_splitsCredentials() {
        DatabaseConnection c = DatabaseConnection.parse("postgres://app:p%40ss@db.internal:6543/llmlab?sslmode=require");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/llmlab?sslmode=require");
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("p@ss");
    }

    @Test
    void parse_jdbcUrl_keptAsIs() {
        assertThat(DatabaseConnection.parse("jdbc:postgresql://h/db?user=u").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=u");
    }

    @Test
    void migrate_unreachableJdbcUrlWithPassword_errorMasksThePassword() {
        DatabaseConnection c = DatabaseConnection.parse("jdbc:postgresql://127.0.0.1:1/llmlab?user=app&password=hunter2-secret");
        assertThatThrownBy(c::migrate)
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/llmlab?user=app&password=***")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void migrate_wrongPasswordOfPostgresUrl_errorMasksThePassword() {
        DatabaseConnection c = DatabaseConnection.parse("postgres://app:hunter2-secret@127.0.0.1:1/llmlab");
        assertThatThrownBy(c::migrate).isInstanceOf(DatabaseException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void maskedUrl_andToString_hidePasswordsInEveryForm() {
        DatabaseConnection jdbc = DatabaseConnection.parse("jdbc:postgresql://h:5432/db?user=u&password=p%40ss&ssl=true");
        assertThat(jdbc.maskedUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true");
        assertThat(jdbc.toString()).doesNotContain("p%40ss");
        assertThat(DatabaseConnection.mask("jdbc:postgresql://u:secret@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(DatabaseConnection.mask("postgres://u:secret@h:5432/db?sslmode=require"))
                .isEqualTo("postgres://u:***@h:5432/db?sslmode=require");
        assertThat(DatabaseConnection.mask("jdbc:postgresql://h/db?PASSWORD=x&user=u")).isEqualTo("jdbc:postgresql://h/db?PASSWORD=***&user=u");
        assertThat(DatabaseConnection.mask("jdbc:postgresql://h:5432/db")).isEqualTo("jdbc:postgresql://h:5432/db");
        DatabaseConnection split = DatabaseConnection.parse("postgres://app:p%40ss@db.internal:6543/llmlab");
        assertThat(split.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void parse_otherScheme_errorRedactsPassword() {
        assertThatThrownBy(() -> DatabaseConnection.parse("mysql://u:secret@h/db"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseConnection.parse("postgres://u:p@h")).isInstanceOf(DatabaseException.class);
    }
}
