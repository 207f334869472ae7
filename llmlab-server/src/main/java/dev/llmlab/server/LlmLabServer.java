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
        props.putAll(transportProperties(config));
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

    /**
     * The connection settings: request line and header limits, the idle timeout, and TLS. The header
     * and body timeouts are enforced per connection by the transport guard (see
     * {@code dev.llmlab.server.http.TransportGuard}), which reads them from the config.
     */
    private static Map<String, Object> transportProperties(ServerConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.netty.max-initial-line-length", ServerConfig.MAX_REQUEST_LINE_BYTES);
        props.put("micronaut.server.netty.max-header-size", ServerConfig.MAX_HEADER_BYTES);
        props.put("micronaut.server.idle-timeout", config.idleTimeout().toSeconds() + "s");
        if (config.tlsCertificate() != null) {
            props.put("micronaut.server.ssl.enabled", true);
            // HTTPS only, on the configured port: no second plain-HTTP listener
            props.put("micronaut.server.ssl.port", config.port() == 0 ? -1 : config.port());
            props.put("micronaut.server.dual-protocol", false);
            props.put("micronaut.server.ssl.key-store.certificate-path", "file:" + config.tlsCertificate());
            props.put("micronaut.server.ssl.key-store.key-path", "file:" + config.tlsKey());
        }
        return props;
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:8080} or {@code https://…} with TLS */
    public URI uri() {
        return URI.create(server.getScheme() + "://" + server.getHost() + ":" + server.getPort());
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
