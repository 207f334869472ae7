package dev.llmlab.core.pricing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 serving one price file at {@code /prices.json}, as a price host
 * would: the answer is whatever the test set last (a file with its ETag and Last-Modified, a
 * status, garbage), and a request whose {@code If-None-Match} matches the file's ETag gets 304.
 * Every request's conditional headers are recorded.
 */
final class PriceHost implements AutoCloseable {
    /** The conditional headers of one request. */
    record Request(String ifNoneMatch, String ifModifiedSince) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile byte[] body = new byte[0];
    private volatile String etag;
    private volatile String lastModified;
    private volatile long delayMillis;

    PriceHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/prices.json", this::handle);
        server.start();
    }

    /** Serves a file with validators; 304 to a request that names its ETag. */
    PriceHost serve(String json, String etag, String lastModified) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
        this.etag = etag;
        this.lastModified = lastModified;
        this.status = 200;
        return this;
    }

    /** Answers every request with this status and body, without validators. */
    PriceHost answer(int status, String text) {
        this.status = status;
        this.body = text.getBytes(StandardCharsets.UTF_8);
        this.etag = null;
        this.lastModified = null;
        return this;
    }

    /** Waits this long before answering. */
    PriceHost delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prices.json");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            requests.add(new Request(ifNoneMatch, exchange.getRequestHeaders().getFirst("If-Modified-Since")));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String tag = etag;
            if (status == 200 && tag != null && tag.equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] b = body;
            if (tag != null) {
                exchange.getResponseHeaders().set("ETag", tag);
            }
            if (lastModified != null && status == 200) {
                exchange.getResponseHeaders().set("Last-Modified", lastModified);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
