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
    void parse_otherScheme_errorRedactsPassword() {
        assertThatThrownBy(() -> DatabaseConnection.parse("mysql://u:secret@h/db"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseConnection.parse("postgres://u:p@h")).isInstanceOf(DatabaseException.class);
    }
}
