package dev.llmlab.server.live;

import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.redis.RedisConnections;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * Chooses how live updates travel between instances: Redis pub/sub when {@code REDIS_URL} is set,
 * else PostgreSQL LISTEN/NOTIFY (nothing else to run). Created with the server ({@link Context}),
 * so that it listens before the first stream opens.
 */
@Factory
public class UsageBusFactory {
    /**
     * @param config the instance's configuration
     * @param redis the instance's Redis connections, if any
     * @param streams this instance's streams, which the bus delivers to
     * @return the bus
     */
    @Context
    @Bean(preDestroy = "close")
    public UsageBus usageBus(ServerConfig config, RedisConnections redis, LiveStreams streams) {
        return redis.redis().<UsageBus>map(r -> new RedisUsageBus(r, streams))
                .orElseGet(() -> new PostgresUsageBus(config.database(), streams));
    }
}
