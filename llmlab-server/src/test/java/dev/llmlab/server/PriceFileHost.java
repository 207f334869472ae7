package dev.llmlab.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A price host on 127.0.0.1: a real HTTP server answering {@code GET /prices.json} with the status
 * and text the test set last (with an ETag for a 200, and 304 to a request naming it).
 */
public final class PriceFileHost implements AutoCloseable {
    /** Requests answered so far. */
    public final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = "";

    /** Starts on a free loopback port. */
    public PriceFileHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/prices.json", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                String tag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
                if (status == 200 && tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                if (status == 200) {
                    exchange.getResponseHeaders().set("ETag", tag);
                }
                exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                }
            }
        });
        server.start();
    }

    /** @param json the price file to serve with 200 @return this */
    public PriceFileHost serve(String json) {
        this.body = json;
        this.status = 200;
        return this;
    }

    /** @param code the status every request gets @param text its body @return this */
    public PriceFileHost answer(int code, String text) {
        this.status = code;
        this.body = text;
        return this;
    }

    /** @return {@code http://127.0.0.1:PORT/prices.json} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prices.json";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
