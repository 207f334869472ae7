package dev.llmlab.server.cli;

import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.ServerHome;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmlab serve [--port N] [--host ADDR]}: runs the team server until stopped (Ctrl-C or
 * SIGTERM). Micronaut and PostgreSQL start here only, so the other commands stay fast.
 *
 * <pre>{@code
 * $ llmlab serve --port 8080
 * llmlab server listening on http://0.0.0.0:8080 (embedded PostgreSQL on 127.0.0.1:5xxxx, data in ~/.llmlab/pgdata)
 * }</pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the LLMlab server (HTTP API on --port, PostgreSQL from DATABASE_URL or embedded).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "interface to bind (default: ${DEFAULT-VALUE})")
    String host;

    /** @return 0 after a clean stop */
    @Override
    public Integer call() throws Exception {
        ServerHome home = ServerHome.fromEnvironment();
        ServerHome.Database db = home.database();
        LlmLabServer server;
        try {
            ServerConfig config = ServerConfig.builder(db.connection(), home.catalog(null), home.jwtSecret())
                    .encryptionKey(home.encryptionKey())
                    .trustedProxies(home.trustedProxies())
                    .host(host)
                    .port(port)
                    .build();
            server = LlmLabServer.start(config);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                db.close();
                stopped.countDown();
            }
        }, "llmlab-shutdown"));
        System.out.println("llmlab server listening on http://" + host + ":" + server.port() + " (" + db.description() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
