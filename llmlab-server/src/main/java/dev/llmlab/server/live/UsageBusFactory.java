package dev.llmlab.server.live;

import dev.llmlab.server.ServerConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * Chooses how live updates travel between instances: PostgreSQL LISTEN/NOTIFY by default, nothing
 * else to run. Created with the server ({@link Context}), so that it listens before the first
 * stream opens.
 */
@Factory
public class UsageBusFactory {
    /**
     * @param config the instance's configuration
     * @param streams this instance's streams, which the bus delivers to
     * @return the bus
     */
    @Context
    @Bean(preDestroy = "close")
    public UsageBus usageBus(ServerConfig config, LiveStreams streams) {
        return new PostgresUsageBus(config.database(), streams);
    }
}
