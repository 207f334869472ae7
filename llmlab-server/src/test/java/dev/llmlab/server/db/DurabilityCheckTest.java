package dev.llmlab.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import org.junit.jupiter.api.Test;

/**
 * The durability check at start, against the shared test cluster, which runs with fsync,
 * synchronous_commit and full_page_writes off on purpose.
 */
class DurabilityCheckTest {
    private static DatabaseConnection as(DatabaseConnection.Origin origin) {
        DatabaseConnection c = TestServers.database().connection();
        return new DatabaseConnection(c.jdbcUrl(), c.user(), c.password(), origin);
    }

    @Test
    void checkDurability_embeddedClusterThatCanLoseCommits_refusesNamingTheSettings() {
        assertThatThrownBy(() -> as(DatabaseConnection.Origin.EMBEDDED).checkDurability())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("fsync=off")
                .hasMessageContaining("synchronous_commit=off")
                .hasMessageContaining("full_page_writes=off")
                .hasMessageContaining("Refusing to start");
    }

    @Test
    void checkDurability_externalDatabaseThatCanLoseCommits_warnsNamingTheSettings() {
        assertThat(as(DatabaseConnection.Origin.EXTERNAL).checkDurability())
                .containsExactly("fsync=off", "synchronous_commit=off", "full_page_writes=off");
    }

    @Test
    void checkDurability_throwAwayTestCluster_isNotChecked() {
        assertThat(TestServers.database().connection().checkDurability()).isEmpty();
    }

    @Test
    void serverStart_onEmbeddedClusterThatCanLoseCommits_refused() {
        assertThatThrownBy(() -> LlmLabServer.start(dev.llmlab.server.ServerConfig.builder(
                        as(DatabaseConnection.Origin.EMBEDDED), TestServers.catalog(), new byte[32])
                .host("127.0.0.1").port(0).build()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("synchronous_commit=off");
    }
}
