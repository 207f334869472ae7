package dev.llmlab.server.live;

import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.http.ApiException;
import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The live-update streams open on this instance ({@code GET /api/live}), by account, and what they
 * are sent. A stream starts with {@code event: ready} (which also sets the browser's reconnect
 * delay, {@code retry:}) — a client refetches on it, so a stream that reconnects catches up on
 * whatever it missed while away — then gets {@code event: usage} for every committed ingest of its
 * account, from whichever instance, and a heartbeat comment every
 * {@link ServerConfig#liveHeartbeat()} so that proxies and the idle timeout keep it open.
 *
 * <p>Nothing here blocks: a notice is handed to each stream's sink, which netty drains on its event
 * loop; a client that stops reading has at most {@value #BUFFERED} events held for it, the oldest
 * dropped first (they are notices: the newest says all a client needs). The number of streams is
 * bounded per account (429) and overall (503); a stream's slot is freed when its client goes away.
 */
@Singleton
public final class LiveStreams {
    private static final System.Logger LOG = System.getLogger(LiveStreams.class.getName());
    /** How long a browser waits before reconnecting a lost stream. */
    static final Duration RETRY = Duration.ofSeconds(2);
    /** Events held for a client that does not read. */
    static final int BUFFERED = 32;
    /** A stream nobody subscribed to within this long (its client left before the answer) is dropped. */
    private static final long UNCLAIMED_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Map<UUID, Set<Stream>> byAccount = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final int perAccount;
    private final int total;
    private final ScheduledExecutorService heartbeat;

    /** @param config the limits and the heartbeat interval */
    public LiveStreams(ServerConfig config) {
        this.perAccount = config.liveStreamsPerAccount();
        this.total = config.liveStreams();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llmlab-live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = config.liveHeartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** One open stream: its account and, once subscribed, its sink. */
    private final class Stream {
        final UUID userId;
        final long openedAt = System.nanoTime();
        volatile FluxSink<Event<String>> sink;
        private boolean closed;

        Stream(UUID userId) {
            this.userId = userId;
        }

        void send(Event<String> e) {
            FluxSink<Event<String>> s = sink;
            if (s != null) {
                s.next(e);
            }
        }

        /** Frees the slot, once. */
        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            byAccount.computeIfPresent(userId, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            open.decrementAndGet();
        }
    }

    /**
     * Opens a stream for an account, or refuses it when the limits are reached.
     *
     * @param userId the account whose notices the stream gets; not null
     * @return the stream's events, to be returned as {@code text/event-stream}
     * @throws ApiException 429 {@code too_many_streams} when the account has its most streams open
     *     on this instance, 503 {@code streams_unavailable} when the instance has
     */
    public Publisher<Event<String>> open(UUID userId) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            throw new ApiException(503, "streams_unavailable", "this server has its most live-update streams open ("
                    + total + "); try again shortly", null);
        }
        Stream stream = new Stream(userId);
        boolean[] admitted = {false};
        byAccount.compute(userId, (k, set) -> {
            Set<Stream> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (s.size() < perAccount) {
                s.add(stream);
                admitted[0] = true;
            }
            return s.isEmpty() ? null : s;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            throw new ApiException(429, "too_many_streams", "this account has " + perAccount + " live-update streams"
                    + " open, the most allowed; close a browser tab of the dashboard first", null);
        }
        return Flux.<Event<String>>create(sink -> {
            sink.onDispose(stream::close);
            stream.sink = sink;
            sink.next(event("ready", "{\"at\":\"" + Instant.now() + "\"}").retry(RETRY));
        }, FluxSink.OverflowStrategy.BUFFER)
                .onBackpressureBuffer(BUFFERED, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    /**
     * Sends a notice to this instance's streams of its account.
     *
     * @param notice what an ingest stored
     */
    public void deliver(UsageNotice notice) {
        Set<Stream> streams = byAccount.get(notice.userId());
        if (streams == null) {
            return;
        }
        Event<String> e = event("usage", notice.json());
        for (Stream s : streams) {
            s.send(e);
        }
    }

    /**
     * Tells every stream to refetch: notices may have been lost (the bus was disconnected), so a
     * client cannot rely on having seen them all.
     */
    public void resync() {
        Event<String> e = event("ready", "{\"at\":\"" + Instant.now() + "\"}");
        byAccount.values().forEach(set -> set.forEach(s -> s.send(e)));
    }

    /** @return the streams open on this instance */
    public int openStreams() {
        return open.get();
    }

    private Event<String> event(String name, String data) {
        return Event.of(data).name(name).id(Long.toString(ids.incrementAndGet()));
    }

    private void beat() {
        try {
            long now = System.nanoTime();
            Event<String> ping = Event.of("{}").name("ping").comment("keep-alive");
            for (Set<Stream> set : byAccount.values()) {
                for (Stream s : set) {
                    if (s.sink == null && now - s.openedAt > UNCLAIMED_NANOS) {
                        s.close();
                    } else {
                        s.send(ping);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "live-update heartbeat failed", e); // next beat tries again
        }
    }

    /** Ends every stream (the server stops). */
    @PreDestroy
    public void close() {
        heartbeat.shutdownNow();
        byAccount.values().forEach(set -> set.forEach(s -> {
            FluxSink<Event<String>> sink = s.sink;
            if (sink != null) {
                sink.complete();
            }
            s.close();
        }));
    }
}
