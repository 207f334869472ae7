package dev.llmlab.server.cli;

import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.ServerHome;
import dev.llmlab.server.alerts.AlertSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmlab serve [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE]}: runs the team
 * server until stopped (Ctrl-C or SIGTERM). Micronaut and PostgreSQL start here only, so the other
 * commands stay fast.
 *
 * <p>It listens on 127.0.0.1 unless told otherwise: opening it to the network ({@code --host
 * 0.0.0.0}) over plain HTTP would send passwords, tokens and API keys in the clear, so the start
 * says so, and points to TLS ({@code --tls-cert}/{@code --tls-key}, or {@code LLMLAB_TLS_CERT} /
 * {@code LLMLAB_TLS_KEY}) or a TLS reverse proxy.
 *
 * <pre>{@code
 * $ llmlab serve --port 8080
 * llmlab server listening on http://127.0.0.1:8080 (embedded PostgreSQL on 127.0.0.1:5xxxx, data in ~/.llmlab/pgdata)
 * $ llmlab serve --host 0.0.0.0 --port 8443 --tls-cert fullchain.pem --tls-key privkey.pem
 * llmlab server listening on https://0.0.0.0:8443 (TLS certificate fullchain.pem; embedded PostgreSQL …)
 * }</pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the LLMlab server (HTTP API on --port, PostgreSQL from DATABASE_URL or embedded).")
public final class ServeCommand implements Callable<Integer> {
    /** Names the certificate file when {@code --tls-cert} is not given. */
    static final String TLS_CERT_VARIABLE = "LLMLAB_TLS_CERT";
    /** Names the key file when {@code --tls-key} is not given. */
    static final String TLS_KEY_VARIABLE = "LLMLAB_TLS_KEY";

    @Option(names = "--port", defaultValue = "8080", description = "port of the API (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "interface to bind (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 opens the"
                    + " server to the network: then serve TLS (--tls-cert/--tls-key) or bind 127.0.0.1 behind a"
                    + " TLS reverse proxy")
    String host;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "serve HTTPS with this PEM certificate chain, server certificate first (with --tls-key;"
                    + " default: $" + TLS_CERT_VARIABLE + ")")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "the unencrypted PEM (PKCS#8) private key of --tls-cert (default: $" + TLS_KEY_VARIABLE + ")")
    Path tlsKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The certificate chain and key files of HTTPS. */
    record Tls(Path certificate, Path key) {
    }

    /** @return 0 after a clean stop */
    @Override
    public Integer call() throws Exception {
        Tls tls;
        try {
            tls = tls(tlsCert, tlsKey, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (tls != null) {
            ServerConfig.checkTls(tls.certificate(), tls.key()); // a wrong file is reported before the database starts
        }
        ServerHome home = ServerHome.fromEnvironment();
        AlertSettings alerts;
        try {
            alerts = AlertSettings.fromEnvironment(System.getenv()); // reported before anything starts
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String redisUrl = home.redisUrl();
        try {
            ServerConfig.checkRedisUrl(redisUrl); // reported before anything starts
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerHome.Prices prices;
        try {
            home.pricesRefresh(); // a wrong setting is reported before anything starts
            prices = home.prices();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerHome.Database db;
        try {
            db = home.database();
        } catch (RuntimeException e) {
            prices.close();
            throw e;
        }
        LlmLabServer server;
        try {
            ServerConfig.Builder config = ServerConfig.builder(db.connection(), prices, home.jwtSecret())
                    .encryptionKey(home.encryptionKey())
                    .trustedProxies(home.trustedProxies())
                    .alerts(alerts)
                    .publicUrl(home.publicUrl())
                    .redisUrl(redisUrl)
                    .host(host)
                    .port(port);
            if (tls != null) {
                config.tls(tls.certificate(), tls.key());
            }
            server = LlmLabServer.start(config.build());
        } catch (RuntimeException e) {
            prices.close();
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                prices.close();
                db.close();
                stopped.countDown();
            }
        }, "llmlab-shutdown"));
        String warning = plainHttpWarning(host, tls != null);
        if (warning != null) {
            System.err.println(warning);
            System.err.flush();
        }
        if (prices.builtInOnly()) {
            System.err.println(builtInPricesWarning(prices));
            System.err.flush();
        }
        System.out.println("llmlab server listening on " + (tls == null ? "http" : "https") + "://" + host + ":"
                + server.port() + " (" + (tls == null ? "" : "TLS certificate " + tls.certificate() + "; ")
                + db.description() + ")");
        if (prices.refresher() != null) {
            System.out.println("llmlab prices: " + prices.summary());
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * @param certOption {@code --tls-cert}, or null
     * @param keyOption {@code --tls-key}, or null
     * @param env the environment, read when an option is missing
     * @return both files, or null when neither is given (plain HTTP)
     * @throws IllegalArgumentException when only one of the two is given
     */
    static Tls tls(Path certOption, Path keyOption, Map<String, String> env) {
        Path cert = certOption != null ? certOption : pathOf(env.get(TLS_CERT_VARIABLE));
        Path key = keyOption != null ? keyOption : pathOf(env.get(TLS_KEY_VARIABLE));
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("TLS needs both a certificate and its key: give --tls-cert ("
                    + TLS_CERT_VARIABLE + ") and --tls-key (" + TLS_KEY_VARIABLE + "), or neither; got only "
                    + (cert == null ? "the key " + key : "the certificate " + cert));
        }
        return new Tls(cert, key);
    }

    private static Path pathOf(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    /**
     * @param prices the prices, {@code LLMLAB_PRICES} set but not loaded
     * @return the warning printed at start: the server charges built-in prices until the file loads
     */
    static String builtInPricesWarning(ServerHome.Prices prices) {
        return "warning: " + ServerHome.PRICES_VARIABLE + " " + prices.refresher().source() + " could not be loaded ("
                + prices.refresher().lastError().orElse("?") + ") and no copy of it is kept: events are priced with the"
                + " built-in prices only until it loads (retried every few minutes; see the log).";
    }

    /**
     * @param host the interface the server binds
     * @param tls whether it serves HTTPS
     * @return the warning to print at start, or null when the server is loopback-only or encrypted
     */
    static String plainHttpWarning(String host, boolean tls) {
        if (tls || isLoopback(host)) {
            return null;
        }
        return "warning: plain HTTP on " + host + ", reachable from the network: passwords, login tokens and API"
                + " keys would cross it unencrypted. Serve TLS (--tls-cert/--tls-key), or bind 127.0.0.1 behind a"
                + " TLS reverse proxy (docs/server.md, \"Running\").";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the bind fails anyway
        }
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
