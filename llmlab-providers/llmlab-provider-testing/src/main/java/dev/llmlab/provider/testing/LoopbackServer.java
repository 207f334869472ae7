package dev.llmlab.provider.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on a loopback port that answers every request under a path with the JSON
 * body set last: for running a provider's official SDK client against golden bodies. Closing it
 * stops it.
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start("/v1/")) {
 *     server.respondWith(golden);
 *     client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1")...
 * }
 * }</pre>
 */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);

    private LoopbackServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param path the path prefix to answer, e.g. {@code "/v1/"}
     * @return a started server, answering {@code 200} with an empty body until told otherwise
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static LoopbackServer start(String path) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoopbackServer server = new LoopbackServer(http);
        http.createContext(path, exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] out = server.body.get();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        http.start();
        return server;
    }

    /**
     * @param json the body every following request gets; not null
     * @return this server
     */
    public LoopbackServer respondWith(byte[] json) {
        body.set(json.clone());
        return this;
    }

    /** @return {@code http://127.0.0.1:<port>}, without a trailing slash */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
