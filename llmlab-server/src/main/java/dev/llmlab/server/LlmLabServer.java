package dev.llmlab.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One running server instance: a Micronaut context with its netty HTTP server. Instances hold no
 * state across requests; any number of them can share one database.
 *
 * <pre>{@code
 * try (LlmLabServer server = LlmLabServer.start(config)) {
 *     URI base = server.uri();
 * }
 * }</pre>
 */
public final class LlmLabServer implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;

    private LlmLabServer(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
    }

    /**
     * Migrates the schema, then starts the HTTP server.
     *
     * @param config the instance's configuration; not null
     * @return the running server
     */
    public static LlmLabServer start(ServerConfig config) {
        Objects.requireNonNull(config, "config");
        config.database().checkDurability();
        config.database().migrate();
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.application.name", "llmlab");
        props.put("micronaut.server.host", config.host());
        props.put("micronaut.server.port", config.port() == 0 ? -1 : config.port());
        props.put("micronaut.server.max-request-size", config.maxBodyBytes());
        props.put("micronaut.server.netty.server-header", "llmlab");
        props.put("datasources.default.url", config.database().jdbcUrl());
        props.put("datasources.default.username", config.database().user());
        props.put("datasources.default.password", config.database().password());
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        props.put("datasources.default.maximum-pool-size", config.poolSize());
        props.put("datasources.default.minimum-idle", 2);
        props.put("datasources.default.dialect", "POSTGRES");
        props.put("datasources.default.schema-generate", "NONE");
        ApplicationContext context = ApplicationContext.builder()
                .properties(props)
                .singletons(config)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return new LlmLabServer(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:8080} */
    public URI uri() {
        return URI.create("http://" + server.getHost() + ":" + server.getPort());
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getPort();
    }

    /** @return the Micronaut context (for tests and tools running in process) */
    public ApplicationContext context() {
        return context;
    }

    /** Stops the HTTP server and closes the database pool. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            context.close();
        }
    }
}
