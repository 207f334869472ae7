package dev.llmlab.core;

import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetCheckFailure;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.budget.BudgetListener;
import dev.llmlab.core.budget.BudgetStatus;
import dev.llmlab.core.budget.Forecast;
import dev.llmlab.core.internal.Checks;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.QueueFullPolicy;
import dev.llmlab.core.tracking.SinkStats;
import dev.llmlab.core.tracking.SpendAggregate;
import dev.llmlab.core.tracking.StreamTracker;
import dev.llmlab.core.tracking.TrackedCall;
import dev.llmlab.core.tracking.TrackerStats;
import dev.llmlab.core.tracking.TrackingSink;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The LLMlab tracker: wraps LLM calls, reads their usage, prices it exactly, and delivers the
 * events to sinks in the background, with in-process budgets. Build one per application and share
 * it; it is thread-safe. Close it (or let its JVM shutdown hook close it) to flush what is queued.
 *
 * <h2>What the caller's thread does</h2>
 * Only the call itself, two clock reads, and handing a small record to a bounded lock-free queue
 * (never I/O, never a lock). Reading the usage from the result, pricing, budgets and delivery run
 * on one background worker thread, so the result object is read <em>after</em> {@code track}
 * returns: do not mutate it (e.g. reuse a {@code byte[]}) afterwards. When the queue is full the
 * {@link QueueFullPolicy} decides; drops are counted in {@link #stats()}. The one exception: with
 * {@link Builder#serverBudgetCheck}, the first call of a provider, model and tags in each cache TTL
 * asks the server's budgets before it is made, waiting at most {@link Builder#budgetCheckTimeout}.
 *
 * <h2>Failures</h2>
 * A call that throws is recorded as an error event and its exception reaches the caller
 * unchanged. A failure inside LLMlab (adapter, pricing, a sink, the queue) never reaches the
 * caller; it is counted in {@code stats().internalErrors()} or in the sink's stats. The one
 * exception LLMlab throws on purpose is {@link BudgetExceededException}, before the call, from a
 * hard budget.
 *
 * <pre>{@code
 * LlmLab lab = LlmLab.builder()
 *         .defaultTag("project", "support-bot")
 *         .sink(JsonLinesSink.open(Path.of("llm-usage.jsonl"), FsyncPolicy.everyBatch()))
 *         .budget(Budget.builder("monthly").monthly(ZoneId.of("Europe/Berlin")).limitUsd("500").hard().build())
 *         .build();
 *
 * String body = lab.track("openai", () -> http.send(request, BodyHandlers.ofString()).body());
 * lab.spend().period(BudgetPeriod.MONTH, Instant.now()).costUsd();
 * }</pre>
 */
public final class LlmLab implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LlmLab.class.getName());

    private final ProviderRegistry providers;
    private final Supplier<PriceCatalog> catalog;
    private final PriceRefresher ownPrices; // built from prices(PriceSource): closed with the tracker
    private volatile CostCalculator calculator;
    private final SpendAggregate spend;
    private final Budgets budgets;
    private final ServerBudgetCheck serverBudgets; // null unless serverBudgetCheck(...) was given
    private final Map<String, String> defaultTags;
    private final Clock clock;
    private final EventQueue queue;
    private final QueueFullPolicy queueFullPolicy;
    private final long blockNanos;
    private final Worker worker;
    private final Thread workerThread;
    private final Duration closeTimeout;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder flushMarkers = new LongAdder();
    final LongAdder internalErrors = new LongAdder();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LlmLab(Builder b) {
        this.providers = b.providers != null ? b.providers : ProviderRegistry.loadDefault();
        Checks.argument(b.refresher == null || b.catalog == null && b.pricesSource == null,
                "prices(PriceRefresher) brings its own catalog; give it alone, without catalog(...) or prices(PriceSource)");
        if (b.refresher != null) {
            this.ownPrices = null;
            this.catalog = b.refresher;
        } else {
            PriceCatalog base = b.catalog != null ? b.catalog : PriceCatalog.fromProviders(providers);
            if (b.pricesSource != null) {
                PriceRefresher.Builder r = PriceRefresher.builder(base, b.pricesSource).interval(b.pricesInterval);
                if (b.pricesCache != null) {
                    r.cacheDirectory(b.pricesCache);
                }
                this.ownPrices = r.build();
                this.catalog = ownPrices;
            } else {
                this.ownPrices = null;
                this.catalog = () -> base;
            }
        }
        this.calculator = CostCalculator.of(catalog.get());
        this.spend = SpendAggregate.create(b.zone);
        this.budgets = Budgets.of(b.budgets, b.budgetListener);
        this.serverBudgets = b.checkServer == null ? null
                : new ServerBudgetCheck(b.checkServer, b.checkApiKey, b.checkTtl, b.checkTimeout, b.checkFailure);
        this.defaultTags = Collections.unmodifiableMap(new LinkedHashMap<>(b.defaultTags));
        this.clock = b.clock;
        this.queue = new EventQueue(b.queueCapacity);
        this.queueFullPolicy = b.queueFullPolicy;
        this.blockNanos = b.queueFullPolicy.maxWait().toNanos();
        this.closeTimeout = b.closeTimeout;
        List<SinkChannel> channels = new ArrayList<>();
        long initial = b.sinkRetryInitial.toNanos();
        long max = b.sinkRetryMax.toNanos();
        channels.add(new SinkChannel(spend, Integer.MAX_VALUE, b.maxBatchSize, initial, max));
        for (TrackingSink s : b.sinks) {
            channels.add(new SinkChannel(s, b.maxSinkBacklog, b.maxBatchSize, initial, max));
        }
        this.worker = new Worker(this, queue, channels, providers, catalog, budgets, defaultTags, b.maxBatchSize,
                b.flushInterval.toNanos());
        this.workerThread = new Thread(worker, "llmlab-tracker");
        workerThread.setDaemon(true);
        workerThread.start();
        if (b.shutdownHook) {
            this.shutdownHook = new Thread(this::close, "llmlab-tracker-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /**
     * @return a builder: providers found with {@link ProviderRegistry#loadDefault()}, their price
     *     lists, days counted in UTC, a queue of 65,536 events that drops (and counts) when full,
     *     no sinks but the in-memory aggregate, no budgets, a JVM shutdown hook that flushes
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes a call and tracks its cost; returns its result unchanged.
     *
     * @param provider the provider name or alias whose adapter reads the result; null to detect it
     *     from a body
     * @param call the call; it returns a response body ({@code String} / {@code byte[]}), a
     *     {@code java.net.http.HttpResponse}, a {@link Usage}, or an object the provider's adapter
     *     reads (a JSON tree, an SDK response)
     * @param <T> the call's result type
     * @param <E> what the call throws
     * @return the call's result
     * @throws E the call's own exception, unchanged (recorded as an error event)
     * @throws BudgetExceededException before the call, when a hard budget has no room
     */
    public <T, E extends Throwable> T track(String provider, TrackedCall<T, E> call) throws E {
        return track(CallOptions.provider(provider), call, null);
    }

    /**
     * Makes a call with tags, a model override or a cost estimate, and tracks its cost.
     *
     * @param options provider, tags, model, estimate; not null
     * @param call the call
     * @param <T> the call's result type
     * @param <E> what the call throws
     * @return the call's result
     * @throws E the call's own exception, unchanged
     * @throws BudgetExceededException before the call, when a hard budget has no room
     */
    public <T, E extends Throwable> T track(CallOptions options, TrackedCall<T, E> call) throws E {
        return track(options, call, null);
    }

    /**
     * Makes a call and tracks its cost, reading the usage from a part of the result: e.g.
     * {@code HttpResponse::body}, or a field holding the raw body. The function runs on the
     * caller's thread after the call; if it throws, the event records why and the caller still
     * gets the result.
     *
     * @param options provider, tags, model, estimate; not null
     * @param call the call
     * @param usageSource picks what the adapter reads from the result; null for the result itself
     * @param <T> the call's result type
     * @param <E> what the call throws
     * @return the call's result
     * @throws E the call's own exception, unchanged
     * @throws BudgetExceededException before the call, when a hard budget has no room
     */
    public <T, E extends Throwable> T track(CallOptions options, TrackedCall<T, E> call,
            Function<? super T, ?> usageSource) throws E {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(call, "call");
        Reservation reservation = reserve(options);
        long startMillis = clock.millis();
        long t0 = System.nanoTime();
        T result;
        try {
            result = call.call();
        } catch (Throwable t) {
            submit(new PendingCall(options, null, t, startMillis, System.nanoTime() - t0, reservation, null));
            throw t;
        }
        long duration = System.nanoTime() - t0;
        Object source = result;
        if (usageSource != null) {
            try {
                source = usageSource.apply(result);
            } catch (RuntimeException e) {
                source = new PendingCall.SourceFailure(e);
            }
        }
        submit(new PendingCall(options, source, null, startMillis, duration, reservation, null));
        return result;
    }

    /**
     * Records usage the caller already has (e.g. from a framework callback), with no call made.
     *
     * @param usage the usage; not null
     * @param options tags and model override; its provider is ignored in favour of the usage's
     */
    public void record(Usage usage, CallOptions options) {
        record(usage, options, 0L);
    }

    /**
     * Records usage the caller already has, with the call's duration.
     *
     * @param usage the usage; not null
     * @param options tags and model override; not null
     * @param durationNanos how long the call took
     */
    public void record(Usage usage, CallOptions options, long durationNanos) {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(options, "options");
        submit(new PendingCall(options, usage, null, clock.millis(), durationNanos, Reservation.NONE, null));
    }

    /**
     * Records usage the caller already has, without tags.
     *
     * @param usage the usage; not null
     */
    public void record(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        submit(new PendingCall(CallOptions.provider(usage.provider()), usage, null, clock.millis(), 0L,
                Reservation.NONE, null));
    }

    /**
     * Records a failed call the caller observed itself (e.g. from a framework's error callback).
     *
     * @param options provider, tags and model; not null
     * @param failure the failure; not null
     * @param durationNanos how long the call took
     */
    public void recordFailure(CallOptions options, Throwable failure, long durationNanos) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(failure, "failure");
        submit(new PendingCall(options, null, failure, clock.millis(), durationNanos, Reservation.NONE, null));
    }

    /**
     * Records a call that completed but reported no usage (e.g. a framework response without token
     * counts): an event with status {@code NO_USAGE} and the reason, never a zero cost.
     *
     * @param options provider, tags and model; not null
     * @param reason why there is no usage; not null
     * @param durationNanos how long the call took
     */
    public void recordNoUsage(CallOptions options, String reason, long durationNanos) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(reason, "reason");
        submit(new PendingCall(options, null, null, clock.millis(), durationNanos, Reservation.NONE, reason));
    }

    /**
     * Starts tracking a streamed call: feed the returned handle the stream's lines or text, and
     * end it. Hard budgets are checked (and the estimate reserved) now, before the call.
     *
     * @param options provider, tags, model, estimate; not null
     * @return the handle; the event is recorded once, when it is completed, failed or closed
     * @throws BudgetExceededException when a hard budget has no room
     */
    public StreamTracker trackStream(CallOptions options) {
        Objects.requireNonNull(options, "options");
        Reservation reservation = reserve(options);
        return new StreamHandle(this, options, reservation, clock.millis(), System.nanoTime());
    }

    /**
     * Tracks a stream of SSE lines as it is consumed (e.g. the body of
     * {@code HttpClient.send(request, BodyHandlers.ofLines())}); the event is recorded when the
     * stream is exhausted or closed, whichever comes first. Close the returned stream (try with
     * resources) so that a stream abandoned half-way is still recorded.
     *
     * @param options provider, tags, model, estimate; not null
     * @param lines the stream's lines; not null
     * @return the same lines, tracked
     * @throws BudgetExceededException when a hard budget has no room
     */
    public Stream<String> trackLines(CallOptions options, Stream<String> lines) {
        Objects.requireNonNull(lines, "lines");
        StreamTracker handle = trackStream(options);
        Iterator<String> tracked = trackLines(handle, lines.iterator());
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(tracked, Spliterator.ORDERED), false)
                .onClose(() -> {
                    try {
                        lines.close();
                    } finally {
                        handle.close();
                    }
                });
    }

    /**
     * Tracks an iterator of SSE lines as it is consumed; the event is recorded when the iterator
     * is exhausted or throws.
     *
     * @param options provider, tags, model, estimate; not null
     * @param lines the lines; not null
     * @return the same lines, tracked
     * @throws BudgetExceededException when a hard budget has no room
     */
    public Iterator<String> trackLines(CallOptions options, Iterator<String> lines) {
        Objects.requireNonNull(lines, "lines");
        return trackLines(trackStream(options), lines);
    }

    private static Iterator<String> trackLines(StreamTracker handle, Iterator<String> lines) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more;
                try {
                    more = lines.hasNext();
                } catch (RuntimeException | Error e) {
                    handle.fail(e);
                    throw e;
                }
                if (!more) {
                    handle.complete();
                }
                return more;
            }

            @Override
            public String next() {
                String line;
                try {
                    line = lines.next();
                } catch (RuntimeException | Error e) {
                    handle.fail(e);
                    throw e;
                }
                if (line != null) {
                    handle.line(line);
                }
                return line;
            }
        };
    }

    /**
     * Wraps an implementation of an interface so that its methods annotated with
     * {@link dev.llmlab.core.tracking.TrackCost} (or all methods, when the interface is
     * annotated) are tracked like {@code track}; other methods, and {@code equals},
     * {@code hashCode}, {@code toString}, go straight to the implementation. Exceptions reach the
     * caller unchanged.
     *
     * @param type the interface; not null
     * @param implementation the object to wrap; not null
     * @param <T> the interface type
     * @return a proxy implementing {@code type}
     * @throws IllegalArgumentException when {@code type} is not an interface, or an annotation's
     *     tag or estimate is malformed
     */
    public <T> T wrap(Class<T> type, T implementation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        Checks.argument(type.isInterface(), type.getName() + " is not an interface; wrap() proxies interfaces");
        TrackingProxy handler = new TrackingProxy(this, type, implementation);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /**
     * Prices the most a call can cost, for {@link CallOptions#estimatedMaxCostUsd}: its prompt
     * tokens (all uncached, the dearest case) and its {@code max_tokens} of output, at the prices
     * in force now.
     *
     * @param provider the provider; not null
     * @param model the model; not null
     * @param inputTokens the prompt's tokens (an upper bound)
     * @param maxOutputTokens the request's output limit
     * @return the estimated maximum cost
     * @throws dev.llmlab.core.pricing.UnknownModelException when the model is unpriced
     */
    public BigDecimal estimateMaxCostUsd(String provider, String model, long inputTokens, long maxOutputTokens) {
        Usage worst = Usage.builder(provider, model).inputTokens(inputTokens).outputTokens(maxOutputTokens).build();
        CostResult result = calculator().price(worst, clock.instant());
        return result.cost().total();
    }

    /** @return the in-memory spend aggregate, by day, provider, model and tag */
    public SpendAggregate spend() {
        return spend;
    }

    /** @return this month's spend projected to the month's end, in the aggregate's time zone */
    public Forecast monthEndForecast() {
        return spend.monthEndForecast(clock.instant());
    }

    /** @return each budget's state in its current period */
    public List<BudgetStatus> budgets() {
        return budgets.status(clock.instant());
    }

    /**
     * @return a calculator of the prices in force now (with {@link Builder#prices(PriceSource)}, the
     *     last good price file); events are priced with the prices in force when the worker reads them
     */
    public CostCalculator calculator() {
        CostCalculator c = calculator;
        PriceCatalog now = catalog.get();
        if (c.catalog() != now) {
            c = CostCalculator.of(now);
            calculator = c;
        }
        return c;
    }

    /** @return the provider adapters used to read usage */
    public ProviderRegistry providers() {
        return providers;
    }

    /** @return the tracker's counters */
    public TrackerStats stats() {
        List<SinkStats> sinks = new ArrayList<>();
        for (SinkChannel c : worker.channels) {
            sinks.add(c.stats());
        }
        return new TrackerStats(queue.enqueued() - flushMarkers.sum(), dropped.sum(), worker.processed(), queue.size(),
                internalErrors.sum(), sinks);
    }

    /**
     * Waits until every event handed over before this call has been processed and offered to
     * every sink (a failing sink keeps them in its retry backlog).
     *
     * @param timeout the longest to wait; not null
     * @return true when done in time
     */
    public boolean flush(Duration timeout) {
        if (closed) {
            return queue.isEmpty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch latch = new CountDownLatch(1);
        PendingCall marker = new PendingCall(latch);
        flushMarkers.increment(); // counted first, so that stats never report a marker as an event
        while (queue.offer(marker) < 0) {
            if (System.nanoTime() - deadline >= 0 || closed) {
                flushMarkers.decrement();
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        LockSupport.unpark(workerThread);
        try {
            return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting events, delivers what is queued (retrying failing sinks until the close
     * timeout), and closes the sinks. Events tracked after close are dropped and counted. Safe to
     * call more than once and from any thread.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        worker.stop(System.nanoTime() + closeTimeout.toNanos());
        LockSupport.unpark(workerThread);
        try {
            workerThread.join(closeTimeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = queue.size();
        if (workerThread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab tracker did not finish delivering within " + closeTimeout);
        } else if (left > 0) {
            dropped.add(left);
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook runs or has run
            }
        }
        if (ownPrices != null) {
            ownPrices.close();
        }
    }

    // ---- internals shared with the worker, stream handles and proxies

    Reservation reserve(CallOptions options) {
        if (!budgets.hasHardBudget() && serverBudgets == null) {
            return Reservation.NONE;
        }
        Map<String, String> tags = options.tags().isEmpty() ? defaultTags : Worker.merge(defaultTags, options.tags());
        Reservation reservation = Reservation.NONE;
        if (budgets.hasHardBudget()) {
            try {
                reservation = budgets.reserve(tags, options.estimatedMaxCostUsd(), clock.instant());
            } catch (BudgetExceededException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                internalErrors.increment();
                LOG.log(System.Logger.Level.WARNING, "LLMlab budget check failed; the call goes ahead", e);
            }
        }
        if (serverBudgets != null) {
            try {
                serverBudgets.admit(options.provider(), options.model(), tags, options.estimatedMaxCostUsd());
            } catch (BudgetExceededException e) {
                // Refused by the server's budgets: give back the room reserved in process.
                budgets.settle(reservation, tags, null, false, clock.instant());
                throw e;
            } catch (RuntimeException | LinkageError e) {
                internalErrors.increment();
                LOG.log(System.Logger.Level.WARNING, "LLMlab server budget check failed; the call goes ahead", e);
            }
        }
        return reservation;
    }

    void submit(PendingCall p) {
        try {
            if (closed) {
                onDropped(p);
                return;
            }
            long index = queue.offer(p);
            if (index < 0 && blockNanos > 0) {
                long deadline = System.nanoTime() + blockNanos;
                LockSupport.unpark(workerThread);
                do {
                    LockSupport.parkNanos(50_000);
                    index = queue.offer(p);
                } while (index < 0 && System.nanoTime() - deadline < 0 && !closed);
            }
            if (index < 0) {
                onDropped(p);
            } else if ((index & 1023) == 0) {
                LockSupport.unpark(workerThread); // keep a busy queue moving without a wake-up per event
            }
        } catch (RuntimeException | LinkageError e) {
            internalErrors.increment();
        }
    }

    private void onDropped(PendingCall p) {
        dropped.increment();
        long d = dropped.sum();
        if (d == 1 || d % 10_000 == 0) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab dropped a tracked event (" + d + " so far): "
                    + (closed ? "the tracker is closed" : "queue full, policy " + queueFullPolicy));
        }
        if (p.reservation != null && p.reservation != Reservation.NONE) {
            // The cost is unknown: charge the declared estimate, the conservative choice.
            budgets.settle(p.reservation, Worker.merge(defaultTags, p.options.tags()),
                    p.error == null ? p.reservation.estimateUsd() : null, false, clock.instant());
        }
    }

    long nowMillis() {
        return clock.millis();
    }

    /** Builds an {@link LlmLab}; not thread-safe. */
    public static final class Builder {
        private ProviderRegistry providers;
        private PriceCatalog catalog;
        private PriceSource pricesSource;
        private PriceRefresher refresher;
        private Duration pricesInterval = PriceRefresher.DEFAULT_INTERVAL;
        private Path pricesCache;
        private ZoneId zone = ZoneOffset.UTC;
        private final List<TrackingSink> sinks = new ArrayList<>();
        private final List<Budget> budgets = new ArrayList<>();
        private BudgetListener budgetListener;
        private final Map<String, String> defaultTags = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private int queueCapacity = 65_536;
        private QueueFullPolicy queueFullPolicy = QueueFullPolicy.dropNewest();
        private int maxBatchSize = 512;
        private int maxSinkBacklog = 100_000;
        private Duration flushInterval = Duration.ofMillis(50);
        private Duration sinkRetryInitial = Duration.ofMillis(100);
        private Duration sinkRetryMax = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private boolean shutdownHook = true;
        private URI checkServer;
        private String checkApiKey;
        private Duration checkTtl = Duration.ofSeconds(1);
        private Duration checkTimeout = Duration.ofMillis(500);
        private BudgetCheckFailure checkFailure = BudgetCheckFailure.FAIL_OPEN;

        private Builder() {
        }

        /**
         * Asks the LLMlab server's hard budgets ({@code GET /api/budgets/check}) before each tracked
         * call, besides the in-process budgets, so that a team's limit holds across every process
         * that reports to the server. A call the server's budgets have no room for is refused with
         * {@link BudgetExceededException}, like an in-process hard budget's. Answers are cached per
         * (provider, model, tags) for {@link #budgetCheckCacheTtl} and the estimates of the calls
         * let through are subtracted locally meanwhile, so a limit can be overshot by at most the
         * calls in flight within one TTL (other processes', undeclared estimates, events not yet
         * delivered). The caller's thread asks the server when its key's answer is older than the
         * TTL, waiting at most {@link #budgetCheckTimeout}.
         *
         * <pre>{@code
         * LlmLab lab = LlmLab.builder()
         *         .sink(HttpSink.builder(server).apiKey(key).spoolDirectory(spool).build())
         *         .serverBudgetCheck(server, key)                       // a key with 'ingest' or 'read'
         *         .budgetCheckFailure(BudgetCheckFailure.FAIL_CLOSED)   // default FAIL_OPEN
         *         .build();
         * }</pre>
         *
         * @param server the server's base URL, e.g. {@code https://llmlab.example.internal}; not null
         * @param apiKey an API key with the {@code ingest} or {@code read} scope; not null; sent in the
         *     {@code Authorization} header only, never logged
         * @return this
         */
        public Builder serverBudgetCheck(URI server, String apiKey) {
            Objects.requireNonNull(server, "server");
            Checks.argument(server.isAbsolute() && ("http".equalsIgnoreCase(server.getScheme())
                    || "https".equalsIgnoreCase(server.getScheme())) && server.getHost() != null,
                    "serverBudgetCheck takes the server's http(s) base URL, like https://llmlab.example.internal, was "
                    + server);
            this.checkServer = server;
            this.checkApiKey = Checks.notBlank("apiKey", Objects.requireNonNull(apiKey, "apiKey"));
            return this;
        }

        /**
         * @param value how long a server budget check answer (or failure) is used for calls of the
         *     same provider, model and tags; positive; default 1 s
         * @return this
         */
        public Builder budgetCheckCacheTtl(Duration value) {
            this.checkTtl = Checks.positive("budgetCheckCacheTtl", value);
            return this;
        }

        /**
         * @param value the connect and answer timeout of the server budget check; positive; default 500 ms
         * @return this
         */
        public Builder budgetCheckTimeout(Duration value) {
            this.checkTimeout = Checks.positive("budgetCheckTimeout", value);
            return this;
        }

        /**
         * @param value what a call does when the server budget check cannot be asked; not null;
         *     default {@link BudgetCheckFailure#FAIL_OPEN}
         * @return this
         */
        public Builder budgetCheckFailure(BudgetCheckFailure value) {
            this.checkFailure = Objects.requireNonNull(value, "budgetCheckFailure");
            return this;
        }

        /** @param value the provider adapters; default {@link ProviderRegistry#loadDefault()} @return this */
        public Builder providers(ProviderRegistry value) {
            this.providers = Objects.requireNonNull(value, "providers");
            return this;
        }

        /** @param value the prices; default the adapters' price lists @return this */
        public Builder catalog(PriceCatalog value) {
            this.catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /**
         * Applies a price file over the catalog: a file, read at {@link #build()}, or an
         * {@code https://} URL, downloaded at {@link #build()} and again every
         * {@link #pricesRefreshInterval} by a {@link PriceRefresher} the tracker closes with itself.
         * A URL that cannot be loaded never fails the build: the last good copy kept in
         * {@link #pricesCacheDirectory} is used, or the catalog alone (logged as an error) until a
         * download succeeds. Events are priced with the file in force when the worker reads them.
         *
         * <pre>{@code
         * LlmLab lab = LlmLab.builder()
         *         .prices(PriceSource.parse("https://prices.example.com/llmlab.json"))
         *         .build();
         * }</pre>
         *
         * @param value the price file or URL; not null
         * @return this
         * @see PriceRefresher
         */
        public Builder prices(PriceSource value) {
            this.pricesSource = Objects.requireNonNull(value, "prices");
            return this;
        }

        /**
         * Prices with the catalog a refresher of the application's keeps in force (a custom HTTP
         * client, one refresher shared by several trackers). The application closes it; give it
         * instead of {@link #catalog} and {@link #prices(PriceSource)}.
         *
         * @param value the refresher; not null
         * @return this
         */
        public Builder prices(PriceRefresher value) {
            this.refresher = Objects.requireNonNull(value, "prices");
            return this;
        }

        /**
         * @param value how often a price URL given to {@link #prices(PriceSource)} is downloaded
         *     again; more than 0; default 1 hour
         * @return this
         */
        public Builder pricesRefreshInterval(Duration value) {
            this.pricesInterval = Checks.positive("pricesRefreshInterval", value);
            return this;
        }

        /**
         * @param value where the last good copy of a price URL is kept; not null; default
         *     {@code ~/.llmlab/prices-cache}
         * @return this
         */
        public Builder pricesCacheDirectory(Path value) {
            this.pricesCache = Objects.requireNonNull(value, "pricesCacheDirectory");
            return this;
        }

        /** @param value the zone the in-memory aggregate counts days in; default UTC @return this */
        public Builder timeZone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "timeZone");
            return this;
        }

        /** @param value a sink to deliver events to, besides the in-memory aggregate @return this */
        public Builder sink(TrackingSink value) {
            sinks.add(Objects.requireNonNull(value, "sink"));
            return this;
        }

        /** @param value a budget rule @return this */
        public Builder budget(Budget value) {
            budgets.add(Objects.requireNonNull(value, "budget"));
            return this;
        }

        /** @param value told when budget thresholds are crossed @return this */
        public Builder budgetListener(BudgetListener value) {
            this.budgetListener = Objects.requireNonNull(value, "budgetListener");
            return this;
        }

        /**
         * @param key a tag every event carries (a call's own tag of the same key wins); not null
         * @param value its value; not null
         * @return this
         */
        public Builder defaultTag(String key, String value) {
            defaultTags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param value the clock timestamps come from; default system UTC @return this */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @param value the queue's capacity, rounded up to a power of two; default 65,536 @return this */
        public Builder queueCapacity(int value) {
            this.queueCapacity = Checks.inRange("queueCapacity", value, 2, 1 << 30, "2 to 2^30");
            return this;
        }

        /** @param value what to do when the queue is full; default drop newest @return this */
        public Builder queueFullPolicy(QueueFullPolicy value) {
            this.queueFullPolicy = Objects.requireNonNull(value, "queueFullPolicy");
            return this;
        }

        /** @param value the most events per sink write; default 512 @return this */
        public Builder maxBatchSize(int value) {
            this.maxBatchSize = Checks.atLeast("maxBatchSize", value, 1);
            return this;
        }

        /**
         * @param value the most events kept for one failing sink before its oldest are dropped
         *     (counted); default 100,000
         * @return this
         */
        public Builder maxSinkBacklog(int value) {
            this.maxSinkBacklog = Checks.atLeast("maxSinkBacklog", value, 1);
            return this;
        }

        /** @param value the longest an idle worker sleeps before delivering; default 50 ms @return this */
        public Builder flushInterval(Duration value) {
            this.flushInterval = Checks.positive("flushInterval", value);
            return this;
        }

        /**
         * @param initial the first retry delay of a failing sink; default 100 ms
         * @param max the longest delay, reached by doubling; default 30 s
         * @return this
         */
        public Builder sinkRetry(Duration initial, Duration max) {
            this.sinkRetryInitial = Checks.positive("initial retry delay", initial);
            this.sinkRetryMax = Checks.positive("max retry delay", max);
            return this;
        }

        /** @param value how long close() keeps delivering; default 10 s @return this */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = Checks.positive("closeTimeout", value);
            return this;
        }

        /** @param value whether a JVM shutdown hook closes the tracker; default true @return this */
        public Builder shutdownHook(boolean value) {
            this.shutdownHook = value;
            return this;
        }

        /**
         * @return the tracker, its worker started
         * @throws LlmLabException when the providers or catalog cannot be loaded, or a price file
         *     given to {@link #prices(PriceSource)} is missing or malformed (a price URL never fails
         *     the build)
         * @throws IllegalArgumentException when {@link #prices(PriceRefresher)} is combined with
         *     {@link #catalog} or {@link #prices(PriceSource)}
         */
        public LlmLab build() {
            return new LlmLab(this);
        }
    }
}
