package dev.llmlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code REDIS_URL}: read from the environment, checked before anything starts, its password never shown. */
class RedisUrlTest {
    @Test
    void validUrls_areTaken() {
        for (String url : new String[] {"redis://127.0.0.1:6379", "redis://localhost", "redis://:s3cret@cache:6380/2",
            "rediss://user:pw@redis.example.com:6380", "redis://[::1]:6379"}) {
            assertThat(TestServers.config().redisUrl(url).build().redisUrl()).as(url).isEqualTo(url);
        }
        assertThat(TestServers.config().redisUrl("  ").build().redisUrl()).isNull();
        assertThat(TestServers.config().build().redisUrl()).isNull();
    }

    @Test
    void invalidUrl_isRefused_withoutShowingThePassword() {
        assertThatThrownBy(() -> ServerConfig.checkRedisUrl("http://:hunter22@cache:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDIS_URL must look like redis://host:port")
                .hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> ServerConfig.checkRedisUrl("redis://cache:port")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environment_namesIt() {
        assertThat(ServerHome.of(Map.of("REDIS_URL", " redis://127.0.0.1:6379 ")).redisUrl())
                .isEqualTo("redis://127.0.0.1:6379");
        assertThat(ServerHome.of(Map.of()).redisUrl()).isNull();
    }
}
