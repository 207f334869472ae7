package dev.llmlab.server.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real server-sent-events client of {@code GET /api/live} (java.net.http on loopback), reading
 * the stream as a browser's EventSource does: fields per line, an event per blank line.
 */
final class SseClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One received event: its name (null for none), data, id, retry and comment lines as sent. */
    record Received(String name, String data, String id, String retry, String comment) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    private final String errorBody;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.reader = null;
            return;
        }
        this.errorBody = null;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return a stream opened with a bearer credential (null for none), after its answer's head arrived */
    static SseClient open(URI base, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/live")).header("Accept", "text/event-stream")
                .GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return new SseClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the answer's status */
    int status() {
        return response.statusCode();
    }

    /** @return a header of the answer, or null */
    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** @return the body of a refused stream (status not 200) */
    String errorBody() {
        return errorBody;
    }

    /**
     * @param name the event name wanted
     * @param timeout how long to wait
     * @return the next event of that name (others before it are skipped), or null when none came in time
     */
    Received next(String name, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = until - System.nanoTime();
                Received r = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    return null;
                }
                if (name.equals(r.name())) {
                    return r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = null;
            String id = null;
            String retry = null;
            String comment = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || comment != null) {
                        events.add(new Received(name, data == null ? null : data.toString(), id, retry, comment));
                    }
                    name = null;
                    data = null;
                    id = null;
                    retry = null;
                    comment = null;
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "" -> comment = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    case "id" -> id = value;
                    case "retry" -> retry = value;
                    default -> { }
                }
            }
            if (data != null) { // a body that is not an event stream (an error answer)
                events.add(new Received(name, data.toString(), id, retry, comment));
            }
        } catch (IOException e) {
            if (!closed) {
                events.add(new Received("closed", e.toString(), null, null, null));
            }
        }
    }

    /** Closes the connection, as a browser tab that goes away. */
    @Override
    public void close() {
        closed = true;
        try {
            response.body().close();
        } catch (IOException e) {
            // closed anyway
        }
    }
}
