package dev.llmlab.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The instance's connections to Redis ({@code REDIS_URL}): one for commands, one subscribed to a
 * channel. Built on Lettuce, which reconnects a dropped connection by itself and subscribes again.
 *
 * <p><b>Redis being down never fails a request.</b> Every command waits at most
 * {@link #COMMAND_TIMEOUT}; while Redis cannot be reached commands are refused at once (not
 * queued), each method answers "not done" ({@code null} or {@code false}) and the caller does
 * without — an uncached summary, a notice delivered on this instance only. The outage is logged
 * once, and its end once. When Redis cannot be reached at start, connecting is retried every
 * {@link #CONNECT_RETRY} in the background.
 *
 * A dropped connection is reconnected after at most {@link #MAX_RECONNECT_DELAY}.
 *
 * <p>Thread-safe. The subscription's messages arrive on Lettuce's I/O thread: the consumer must
 * not block.
 */
public final class Redis implements AutoCloseable {
    /** Longest wait for one command. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** How often connecting is tried again while Redis could not be reached at start. */
    static final Duration CONNECT_RETRY = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(Redis.class.getName());

    /** Longest wait between two attempts to reconnect a dropped connection. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    private final ClientResources resources;
    private final RedisClient client;
    private final String shownUrl;
    private final String channel;
    private volatile Consumer<String> messages = m -> { };
    private volatile Runnable resubscribed = () -> { };
    private final ScheduledExecutorService connector;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean down;
    private volatile boolean closed;

    /**
     * Connects (or starts trying to) and subscribes to a channel, whose messages go to
     * {@link #listen} once it is called.
     *
     * @param url {@code redis://[:password@]host[:port][/db]} or {@code rediss://…}; not null
     * @param channel the channel to subscribe to; not null
     */
    public Redis(String url, String channel) {
        RedisURI uri = RedisURI.create(Objects.requireNonNull(url, "url"));
        uri.setTimeout(COMMAND_TIMEOUT);
        this.shownUrl = masked(url);
        this.channel = Objects.requireNonNull(channel, "channel");
        this.resources = DefaultClientResources.builder()
                // Lettuce's default backs off to 30 s: a dashboard would wait that long after Redis returns
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected: a queued command would hold the request
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llmlab-redis-connect");
            t.setDaemon(true);
            return t;
        });
        if (!connect()) {
            connector.scheduleWithFixedDelay(this::retryConnect, CONNECT_RETRY.toMillis(), CONNECT_RETRY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * @param onMessage receives each message of the channel, on Lettuce's I/O thread; must not block
     * @param onResubscribed runs when the subscription is made again after a lost connection
     *     (messages may have been missed meanwhile)
     */
    public void listen(Consumer<String> onMessage, Runnable onResubscribed) {
        this.messages = Objects.requireNonNull(onMessage, "onMessage");
        this.resubscribed = Objects.requireNonNull(onResubscribed, "onResubscribed");
    }

    private static String masked(String text) {
        return text == null ? null : text.replaceAll("//[^@/\\s]*@", "//***@");
    }

    private void retryConnect() {
        if (!closed && commands == null && connect()) {
            connector.shutdown();
        }
    }

    /** @return whether both connections are made (they may drop later, Lettuce then reconnects them) */
    private synchronized boolean connect() {
        StatefulRedisConnection<String, String> c = null;
        StatefulRedisPubSubConnection<String, String> p = null;
        try {
            c = client.connect();
            p = client.connectPubSub();
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    messages.accept(message);
                }

                @Override
                public void subscribed(String ch, long count) {
                    // (again) after a time without the subscription: what was published then is lost
                    resubscribed.run();
                }
            });
            p.sync().subscribe(channel);
            commands = c;
            pubSub = p;
            up();
            return true;
        } catch (RuntimeException e) {
            if (c != null) {
                c.closeAsync();
            }
            if (p != null) {
                p.closeAsync();
            }
            failed(e);
            return false;
        }
    }

    /** @return whether the last command reached Redis */
    public boolean available() {
        return commands != null && !down;
    }

    /**
     * @param key a key
     * @return its value; null when it has none or Redis cannot be reached
     */
    public String get(String key) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            return null;
        }
        try {
            String v = c.sync().get(key);
            up();
            return v;
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
    }

    /**
     * @param key a key
     * @param value its value
     * @param ttl how long it lives
     * @return whether it was stored
     */
    public boolean set(String key, String value, Duration ttl) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            return false;
        }
        try {
            c.sync().set(key, value, SetArgs.Builder.px(ttl.toMillis()));
            up();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /**
     * @param key a counter
     * @return whether it was incremented
     */
    public boolean incr(String key) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            return false;
        }
        try {
            c.sync().incr(key);
            up();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /**
     * @param message what to send on the subscribed channel, to every instance (this one included)
     * @return whether Redis took it
     */
    public boolean publish(String message) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            return false;
        }
        try {
            c.sync().publish(channel, message);
            up();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private void up() {
        if (down) {
            down = false;
            LOG.log(System.Logger.Level.INFO, "Redis at " + shownUrl + " is reachable again");
        }
    }

    private void failed(RuntimeException e) {
        if (!down && !closed) {
            down = true; // once per outage
            LOG.log(System.Logger.Level.WARNING, "Redis at " + shownUrl + " cannot be reached (" + masked(e.getMessage())
                    + "); serving summaries uncached and live updates to this instance's streams only until it is");
        }
    }

    /** Closes the connections. */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (p != null) {
            p.close();
        }
        StatefulRedisConnection<String, String> c = commands;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
