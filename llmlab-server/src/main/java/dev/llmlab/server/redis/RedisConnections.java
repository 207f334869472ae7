package dev.llmlab.server.redis;

import dev.llmlab.server.ServerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The instance's {@link Redis}, when {@code REDIS_URL} names one: shared by the live-update bus
 * (its channel, {@value #CHANNEL}) and the summary cache.
 */
@Singleton
public final class RedisConnections {
    /** The channel live-update notices travel on. */
    public static final String CHANNEL = "llmlab:usage";
    private final Redis redis;

    /** @param config the instance's configuration: {@link ServerConfig#redisUrl()} */
    public RedisConnections(ServerConfig config) {
        this.redis = config.redisUrl() == null ? null : new Redis(config.redisUrl(), CHANNEL);
    }

    /** @return the Redis connections, or empty without {@code REDIS_URL} */
    public Optional<Redis> redis() {
        return Optional.ofNullable(redis);
    }

    /** Closes the connections. */
    @PreDestroy
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
