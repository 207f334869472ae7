package dev.llmlab.server.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback (the JDK's HTTP server) standing in for Slack, Discord or a
 * customer's endpoint: it keeps every request and answers the queued statuses, then {@code always}.
 */
final class Receiver implements AutoCloseable {
    /** One request as received. */
    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> next = new ConcurrentLinkedQueue<>();
    private volatile int always;

    private Receiver(int always) {
        this.always = always;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            Integer status = next.poll();
            int s = status == null ? this.always : status;
            byte[] answer = (s / 100 == 2 ? "ok" : "receiver says no").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(s, s == 204 ? -1 : answer.length);
            if (s != 204) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    /** @return a receiver answering {@code status} to every request */
    static Receiver answering(int status) {
        return new Receiver(status);
    }

    /** @return this receiver answering {@code statuses} to the next requests, in order */
    Receiver first(int... statuses) {
        for (int s : statuses) {
            next.add(s);
        }
        return this;
    }

    /** @param status what every later request is answered */
    void answer(int status) {
        always = status;
    }

    /** @return the port it listens on */
    int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:<port><path>} */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** @return the requests so far, in order */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
