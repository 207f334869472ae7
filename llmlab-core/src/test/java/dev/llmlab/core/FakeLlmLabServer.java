package dev.llmlab.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmlab.core.internal.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback that answers {@code POST /api/events/track} like the LLMlab
 * server: it stores each event id once (a re-sent id counts as a duplicate) and can be stopped
 * and started again on the same port.
 */
final class FakeLlmLabServer {
    final Map<String, Integer> received = new ConcurrentHashMap<>();
    final Set<String> stored = ConcurrentHashMap.newKeySet();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger lostResponses = new AtomicInteger();
    /** Store the events of the next N requests but drop the connection instead of answering. */
    final AtomicInteger loseNextResponses = new AtomicInteger();
    /** Answer this status to the next N requests without storing. */
    final AtomicInteger failNext = new AtomicInteger();
    volatile int failStatus = 503;
    /** Events matching this are refused with 400 (and the batch holding them). */
    volatile Predicate<Map<String, Object>> invalid = e -> false;
    volatile String expectedAuthorization;
    volatile Map<String, Object> lastEvent;
    private volatile HttpServer server;
    private int port;

    FakeLlmLabServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/api/events/track", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    void stop() {
        server.stop(0);
    }

    java.net.URI url() {
        return java.net.URI.create("http://127.0.0.1:" + port);
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (expectedAuthorization != null
                    && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad key\"}}");
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, failStatus, "{\"error\":{\"code\":\"unavailable\",\"message\":\"try later\"}}");
                return;
            }
            Map<String, Object> doc = (Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8));
            List<Object> events = (List<Object>) doc.get("events");
            for (Object o : events) {
                if (invalid.test((Map<String, Object>) o)) {
                    respond(exchange, 400, "{\"error\":{\"code\":\"invalid\",\"message\":\"model is required\","
                            + "\"field\":\"model\"}}");
                    return;
                }
            }
            int accepted = 0;
            int duplicates = 0;
            for (Object o : events) {
                lastEvent = (Map<String, Object>) o;
                String id = (String) ((Map<String, Object>) o).get("id");
                received.merge(id, 1, Integer::sum);
                if (stored.add(id)) {
                    accepted++;
                } else {
                    duplicates++;
                }
            }
            if (loseNextResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                lostResponses.incrementAndGet();
                return; // stored, but the connection closes without an answer: the client must re-send
            }
            respond(exchange, 200, "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + ",\"events\":[]}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }
}
