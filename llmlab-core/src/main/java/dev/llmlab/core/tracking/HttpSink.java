package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.Checks;
import dev.llmlab.spi.LlmLabException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends events to an LLMlab server's {@code POST /api/events/track} as {@code {"events":[…]}},
 * each event being {@link TrackedEvent#toIngestJson()} (the usage record of {@code llmlab cost} plus
 * {@code id}, {@code timestamp}, {@code duration_ms}, {@code tags}; the server prices events
 * itself, so no client cost is sent).
 *
 * <h2>Delivery</h2>
 * <ul>
 *   <li><b>Spool first.</b> {@link #write} only appends the batch to a disk spool (segment files
 *       of at most {@code maxBatchSize} events in the spool directory, forced to disk per the
 *       {@link FsyncPolicy}); the sink's own sender thread posts the spooled segments in order.
 *       So the tracker's worker never waits on the network, and events survive the server being
 *       unreachable and the process restarting: a new {@code HttpSink} on the same directory
 *       sends what the previous one left.</li>
 *   <li><b>Retries.</b> A connection failure, a timeout, 408, 429 or 5xx keeps the segment and
 *       retries it with exponential backoff (from {@code initialBackoff}, doubling, up to
 *       {@code maxBackoff}, with up to 20 % random jitter). 401, 403, 404 and 405 are
 *       configuration errors (key, URL): retried the same way and logged, events kept.</li>
 *   <li><b>Idempotent re-sends.</b> A segment is deleted only after a 2xx. A response lost after
 *       the server stored the events makes the segment go again with the same event ids; the
 *       server counts them as duplicates. So every event is stored once.</li>
 *   <li><b>A rejected event does not block the rest.</b> Any other 4xx (400, 409, 413, 422…) for
 *       a segment makes the sender post its events one by one: accepted ones are done (a
 *       duplicate is harmless), and each event the server rejects on its own is appended, with
 *       the status and the server's answer, to {@code rejected.jsonl} in the spool directory and
 *       counted in {@link #rejected()}; it is never retried.</li>
 *   <li><b>Bounded spool.</b> When the spool exceeds {@code maxSpoolBytes}, the oldest segment
 *       is dropped and counted in {@link #droppedFromSpool()} (logged).</li>
 *   <li><b>Close</b> keeps sending until the spool is empty or {@code closeTimeout} passes;
 *       what is left stays on disk for the next start.</li>
 * </ul>
 * One spool directory belongs to one process at a time (a lock file enforces it).
 * Events without usage (failed calls) are not sent unless {@code includeEventsWithoutUsage}
 * is set: the server's ingest is about billed usage.
 *
 * <pre>{@code
 * HttpSink http = HttpSink.builder(URI.create("https://llmlab.internal.example"))
 *         .apiKey(System.getenv("LLMLAB_API_KEY"))
 *         .spoolDirectory(Path.of("/var/lib/myapp/llmlab-spool"))
 *         .build();
 * LlmLab lab = LlmLab.builder().sink(http).build();
 * }</pre>
 */
public final class HttpSink implements TrackingSink {
    private static final System.Logger LOG = System.getLogger(HttpSink.class.getName());

    private final URI endpoint;
    private final String authorization;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final Duration closeTimeout;
    private final boolean includeWithoutUsage;
    private final Spool spool;
    private final Thread sender;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean closing;
    private volatile long closeDeadline;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedPosts = new AtomicLong();
    private volatile String lastError;

    private HttpSink(Builder b) {
        this.endpoint = b.serverUrl.resolve(b.serverUrl.getPath().endsWith("/") ? "api/events/track"
                : b.serverUrl.getPath() + "/api/events/track");
        this.authorization = b.apiKey == null ? null : "Bearer " + b.apiKey;
        this.requestTimeout = b.requestTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.connectTimeout)
                .build();
        this.initialBackoffNanos = b.initialBackoff.toNanos();
        this.maxBackoffNanos = b.maxBackoff.toNanos();
        this.closeTimeout = b.closeTimeout;
        this.includeWithoutUsage = b.includeEventsWithoutUsage;
        this.spool = Spool.open(b.spoolDirectory, b.maxBatchSize, b.maxSpoolBytes, b.fsync);
        this.sender = new Thread(this::sendLoop, "llmlab-http-sink");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * @param serverUrl the LLMlab server's base URL, e.g. {@code http://localhost:8080}; the sink
     *     posts to {@code <serverUrl>/api/events/track}
     * @return a builder; the spool directory is required
     * @throws IllegalArgumentException when the URL is not an http or https URL
     */
    public static Builder builder(URI serverUrl) {
        return new Builder(serverUrl);
    }

    /** @return the URL events are posted to */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return "http:" + endpoint;
    }

    /**
     * Appends the batch to the spool and wakes the sender.
     *
     * @throws IOException when the spool cannot be written; the tracker retries the batch
     */
    @Override
    public void write(List<TrackedEvent> batch) throws IOException {
        List<String> lines = new ArrayList<>(batch.size());
        for (TrackedEvent e : batch) {
            if (e.usage() != null || includeWithoutUsage) {
                lines.add(e.toIngestJson());
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        spool.append(lines);
        signal();
    }

    /** @return events the server acknowledged (2xx) */
    public long sent() {
        return sent.get();
    }

    /** @return events the server rejected on their own (written to {@code rejected.jsonl}) */
    public long rejected() {
        return rejected.get();
    }

    /** @return posts that failed and were retried */
    public long failedPosts() {
        return failedPosts.get();
    }

    /** @return events waiting in the spool */
    public long pending() {
        return spool.pendingEvents();
    }

    /** @return segments dropped because the spool grew past its bound */
    public long droppedFromSpool() {
        return spool.droppedSegments();
    }

    /** @return the last failure, or null */
    public String lastError() {
        return lastError;
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void sleep(long nanos) {
        lock.lock();
        try {
            long wait = closing ? Math.min(nanos, closeDeadline - System.nanoTime()) : nanos;
            if (wait > 0) {
                wake.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void sendLoop() {
        long backoff = initialBackoffNanos;
        boolean failing = false;
        while (true) {
            if (closing && (spool.pendingEvents() == 0 || System.nanoTime() - closeDeadline >= 0)) {
                return;
            }
            Spool.Segment segment;
            try {
                segment = spool.oldest();
            } catch (IOException | RuntimeException e) {
                lastError = e.toString();
                LOG.log(System.Logger.Level.WARNING, "LLMlab HTTP sink cannot read its spool", e);
                sleep(backoff);
                backoff = Math.min(maxBackoffNanos, backoff * 2);
                continue;
            }
            if (segment == null) {
                if (closing) {
                    return;
                }
                lock.lock();
                try {
                    if (spool.pendingEvents() == 0) {
                        wake.await(1, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
                continue;
            }
            Outcome outcome = sendSegment(segment);
            if (outcome == Outcome.DONE) {
                spool.remove(segment);
                if (failing) {
                    LOG.log(System.Logger.Level.INFO, "LLMlab HTTP sink reaches " + endpoint + " again");
                }
                failing = false;
                backoff = initialBackoffNanos;
            } else {
                failedPosts.incrementAndGet();
                if (!failing) {
                    LOG.log(System.Logger.Level.WARNING, "LLMlab HTTP sink cannot deliver to " + endpoint
                            + " (" + lastError + "); events are kept in the spool and retried");
                }
                failing = true;
                long jitter = (long) (backoff * 0.2 * ThreadLocalRandom.current().nextDouble());
                sleep(backoff + jitter);
                backoff = Math.min(maxBackoffNanos, backoff * 2);
            }
        }
    }

    private enum Outcome { DONE, RETRY }

    private Outcome sendSegment(Spool.Segment segment) {
        List<String> lines;
        try {
            lines = segment.lines();
        } catch (IOException e) {
            lastError = e.toString();
            return Outcome.RETRY;
        }
        if (lines.isEmpty()) {
            return Outcome.DONE;
        }
        int status = post(lines);
        if (status >= 200 && status < 300) {
            sent.addAndGet(lines.size());
            return Outcome.DONE;
        }
        if (!isPerEventRejection(status)) {
            return Outcome.RETRY;
        }
        // The server refused the batch: find the events it refuses on their own, keep the rest flowing.
        for (String line : lines) {
            int one = lines.size() == 1 ? status : post(List.of(line));
            if (one >= 200 && one < 300) {
                sent.incrementAndGet();
            } else if (isPerEventRejection(one)) {
                rejected.incrementAndGet();
                spool.reject(line, one, lastError);
            } else {
                return Outcome.RETRY; // the server went away meanwhile: retry the segment; re-sends are deduplicated
            }
        }
        return Outcome.DONE;
    }

    private static boolean isPerEventRejection(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 404 && status != 405
                && status != 408 && status != 429;
    }

    /** @return the HTTP status, or -1 when there was no answer */
    private int post(List<String> lines) {
        StringBuilder body = new StringBuilder(lines.size() * 400 + 16).append("{\"events\":[");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(lines.get(i));
        }
        body.append("]}");
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                String answer = response.body();
                lastError = "HTTP " + status + ": " + (answer.length() > 500 ? answer.substring(0, 500) : answer);
            }
            return status;
        } catch (IOException e) {
            lastError = e.toString();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastError = e.toString();
            return -1;
        }
    }

    /**
     * Stops the sender after it has sent what is spooled, or when the close timeout passes; what
     * is not sent stays in the spool for the next start.
     */
    @Override
    public void close() throws IOException {
        closeDeadline = System.nanoTime() + closeTimeout.toNanos();
        closing = true;
        spool.rollForClose();
        signal();
        try {
            sender.join(closeTimeout.toMillis() + requestTimeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }

    /** Builds an {@link HttpSink}; not thread-safe. */
    public static final class Builder {
        private final URI serverUrl;
        private String apiKey;
        private Path spoolDirectory;
        private int maxBatchSize = 500;
        private long maxSpoolBytes = 512L * 1024 * 1024;
        private FsyncPolicy fsync = FsyncPolicy.everyBatch();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofMinutes(2);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private boolean includeEventsWithoutUsage;

        private Builder(URI serverUrl) {
            this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
            Checks.argument("http".equals(serverUrl.getScheme()) || "https".equals(serverUrl.getScheme()),
                    "serverUrl must be an http or https URL, was " + serverUrl);
        }

        /** @param value the API key sent as {@code Authorization: Bearer}; null for none @return this */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** @param value the spool directory, created when missing; required @return this */
        public Builder spoolDirectory(Path value) {
            this.spoolDirectory = Objects.requireNonNull(value, "spoolDirectory");
            return this;
        }

        /** @param value the most events per post (and per spool segment); default 500 @return this */
        public Builder maxBatchSize(int value) {
            this.maxBatchSize = Checks.atLeast("maxBatchSize", value, 1);
            return this;
        }

        /** @param value the spool's size bound in bytes; default 512 MiB @return this */
        public Builder maxSpoolBytes(long value) {
            this.maxSpoolBytes = Checks.atLeast("maxSpoolBytes", value, 1L);
            return this;
        }

        /** @param value when spool writes are forced to disk; default every batch @return this */
        public Builder fsync(FsyncPolicy value) {
            this.fsync = Objects.requireNonNull(value, "fsync");
            return this;
        }

        /**
         * @param connect the connect timeout; positive, default 5 s
         * @param request the whole request's timeout; positive, default 30 s
         * @return this
         */
        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = Checks.positive("connect timeout", connect);
            this.requestTimeout = Checks.positive("request timeout", request);
            return this;
        }

        /**
         * @param initial the first retry delay; default 500 ms
         * @param max the longest, reached by doubling; default 2 min
         * @return this
         */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Checks.argument(!initial.isZero() && !initial.isNegative() && max.compareTo(initial) >= 0,
                    "backoff must satisfy 0 < initial <= max, was " + initial + ", " + max);
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** @param value how long close() keeps sending; positive, default 5 s @return this */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = Checks.positive("closeTimeout", value);
            return this;
        }

        /** @param value whether to send failed calls without usage too; default false @return this */
        public Builder includeEventsWithoutUsage(boolean value) {
            this.includeEventsWithoutUsage = value;
            return this;
        }

        /**
         * @return the sink, its sender started (sending what a previous run left in the spool)
         * @throws IllegalStateException when no spool directory was set
         * @throws LlmLabException when the spool directory cannot be opened, or another sink holds it
         */
        public HttpSink build() {
            Checks.required(spoolDirectory, "HttpSink needs a spoolDirectory, where events wait while the server "
                    + "is unreachable");
            return new HttpSink(this);
        }
    }
}
