package dev.llmlab.core;

import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The tracker's one background thread: drains the queue in batches, reads usage, prices it,
 * settles budgets, and offers each batch to every sink channel.
 */
final class Worker implements Runnable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final int MAX_ERROR_TEXT = 2000;

    private final LlmLab lab;
    private final EventQueue queue;
    final List<SinkChannel> channels;
    private final ProviderRegistry providers;
    private final Supplier<PriceCatalog> catalog;
    private CostCalculator calculator; // of the catalog last read; worker thread only
    private final Budgets budgets;
    private final Map<String, String> defaultTags;
    private final int maxBatch;
    private final long idleParkNanos;
    // Event ids: 122 random bits from a generator seeded once from SecureRandom, so ids of
    // different processes do not collide (the server deduplicates on them) at a fraction of
    // UUID.randomUUID()'s cost. Worker thread only.
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());
    private volatile long processed;
    private volatile boolean stopping;
    private volatile long stopDeadline;

    Worker(LlmLab lab, EventQueue queue, List<SinkChannel> channels, ProviderRegistry providers,
            Supplier<PriceCatalog> catalog, Budgets budgets, Map<String, String> defaultTags, int maxBatch,
            long idleParkNanos) {
        this.lab = lab;
        this.queue = queue;
        this.channels = List.copyOf(channels);
        this.providers = providers;
        this.catalog = catalog;
        this.calculator = CostCalculator.of(catalog.get());
        this.budgets = budgets;
        this.defaultTags = defaultTags;
        this.maxBatch = maxBatch;
        this.idleParkNanos = idleParkNanos;
    }

    long processed() {
        return processed;
    }

    void stop(long deadlineNanos) {
        stopDeadline = deadlineNanos;
        stopping = true;
    }

    @Override
    public void run() {
        List<PendingCall> drained = new ArrayList<>(maxBatch);
        List<TrackedEvent> events = new ArrayList<>(maxBatch);
        while (true) {
            try {
                boolean stop = stopping;
                drained.clear();
                int n = queue.drain(drained, maxBatch);
                if (n > 0) {
                    process(drained, events);
                    continue;
                }
                long now = System.nanoTime();
                long nextDue = now + idleParkNanos;
                for (SinkChannel c : channels) {
                    c.retryDue(now);
                    if (c.hasBacklog() && c.nextAttemptNanos() - nextDue < 0) {
                        nextDue = c.nextAttemptNanos();
                    }
                }
                if (stop && queue.isEmpty()) {
                    break;
                }
                if (!queue.isEmpty()) {
                    Thread.onSpinWait(); // a producer claimed a slot and is about to publish
                    continue;
                }
                LockSupport.parkNanos(this, Math.max(1000, nextDue - now));
            } catch (Throwable t) { // the worker must survive anything
                lab.internalErrors.increment();
                LOG.log(System.Logger.Level.ERROR, "LLMlab tracker worker failed; continuing", t);
            }
        }
        drainBacklogsUntil(stopDeadline);
        for (SinkChannel c : channels) {
            c.close();
        }
    }

    private void drainBacklogsUntil(long deadline) {
        long start = System.nanoTime();
        for (SinkChannel c : channels) {
            c.expedite(start);
        }
        while (true) {
            long now = System.nanoTime();
            boolean any = false;
            long nextDue = deadline;
            for (SinkChannel c : channels) {
                c.retryDue(now);
                if (c.hasBacklog()) {
                    any = true;
                    nextDue = Math.min(nextDue, c.nextAttemptNanos());
                }
            }
            if (!any || now - deadline >= 0) {
                if (any) {
                    LOG.log(System.Logger.Level.WARNING, "LLMlab closed with events still waiting for failing sinks");
                }
                return;
            }
            LockSupport.parkNanos(this, Math.max(1_000_000, Math.min(nextDue, deadline) - now));
        }
    }

    private void process(List<PendingCall> drained, List<TrackedEvent> events) {
        events.clear();
        for (PendingCall p : drained) {
            if (p.flushed != null) {
                deliver(events);
                events.clear();
                p.flushed.countDown();
                continue;
            }
            TrackedEvent e;
            try {
                e = materialize(p);
            } catch (Throwable t) {
                lab.internalErrors.increment();
                LOG.log(System.Logger.Level.WARNING, "LLMlab could not process a tracked call", t);
                continue;
            }
            events.add(e);
        }
        deliver(events);
        events.clear();
    }

    private void deliver(List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (SinkChannel c : channels) {
            c.offer(events, now);
        }
        processed += events.size();
    }

    private TrackedEvent materialize(PendingCall p) {
        CallOptions options = p.options;
        Map<String, String> tags = options.tags().isEmpty() ? defaultTags : merge(defaultTags, options.tags());
        Instant at = Instant.ofEpochMilli(p.startMillis);
        TrackedEvent.Builder b = TrackedEvent.builder(nextId(), at)
                .provider(options.provider())
                .model(options.model())
                .durationNanos(p.durationNanos)
                .tags(tags);
        Usage usage = null;
        if (p.error != null) {
            b.status(EventStatus.CALL_FAILED, describe(p.error));
            if (p.source != null) { // a failed stream: attach the usage received so far, if readable
                try {
                    usage = usageOf(options, p.source);
                } catch (RuntimeException ignored) {
                    usage = null;
                }
            }
        } else if (p.noUsageReason != null) {
            b.status(EventStatus.NO_USAGE, p.noUsageReason);
        } else {
            try {
                usage = usageOf(options, p.source);
            } catch (RuntimeException e) {
                b.status(EventStatus.USAGE_UNREADABLE, truncate(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        CostResult cost = null;
        if (usage != null) {
            b.usage(usage);
            try {
                cost = calculator().price(usage, at);
                b.cost(cost);
            } catch (RuntimeException e) {
                lab.internalErrors.increment();
                b.unpricedReason("pricing failed: " + e);
            }
        }
        TrackedEvent event = b.build();
        Reservation reservation = p.reservation == null ? Reservation.NONE : p.reservation;
        if (!budgets.isEmpty()) {
            try {
                budgets.settle(reservation, tags, event.costUsd(), usage != null && event.costUsd() == null, at);
            } catch (RuntimeException e) {
                lab.internalErrors.increment();
                LOG.log(System.Logger.Level.WARNING, "LLMlab budget settlement failed", e);
            }
        }
        return event;
    }

    /** The calculator of the prices in force: a refreshed price file takes effect at the next event. */
    private CostCalculator calculator() {
        PriceCatalog now = catalog.get(); // one volatile read with a PriceRefresher
        if (calculator.catalog() != now) {
            calculator = CostCalculator.of(now);
        }
        return calculator;
    }

    private Usage usageOf(CallOptions options, Object source) {
        Usage usage = extract(options.provider(), source, 0);
        if (options.model() != null && !options.model().equals(usage.model())) {
            usage = usage.withModel(options.model());
        }
        if (options.serviceTier() != null && !usage.serviceTierReported()) {
            usage = usage.withServiceTier(options.serviceTier()); // the response's own tier wins
        }
        return usage;
    }

    private Usage extract(String provider, Object source, int depth) {
        if (source instanceof Usage) {
            return (Usage) source;
        }
        if (source instanceof String) {
            byte[] body = ((String) source).getBytes(StandardCharsets.UTF_8);
            return provider == null ? providers.parse(body) : providers.parse(provider, body);
        }
        if (source instanceof byte[]) {
            byte[] body = (byte[]) source;
            return provider == null ? providers.parse(body) : providers.parse(provider, body);
        }
        if (source == null) {
            throw new UsageParseException("the call returned null: no response to read usage from");
        }
        if (source instanceof PendingCall.SourceFailure) {
            RuntimeException f = ((PendingCall.SourceFailure) source).failure;
            throw new UsageParseException("the usage source function failed: " + f, f);
        }
        if (source instanceof HttpResponse && depth == 0) {
            HttpResponse<?> response = (HttpResponse<?>) source;
            Object body = response.body();
            if (response.statusCode() >= 400) {
                throw new UsageParseException("HTTP " + response.statusCode() + " from " + response.uri()
                        + (body instanceof String ? ": " + truncate((String) body) : ""));
            }
            return extract(provider, body, depth + 1);
        }
        if (provider == null) {
            throw new UsageParseException("cannot detect the provider of a " + source.getClass().getName()
                    + "; name the provider");
        }
        return providers.usageOf(provider, source).orElseThrow(() -> new UsageParseException("the " + provider
                + " adapter does not read a " + source.getClass().getName()
                + "; return the raw response body, or a type the adapter knows"));
    }

    private UUID nextId() {
        long msb = (ids.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L; // version 4
        long lsb = (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb);
    }

    static Map<String, String> merge(Map<String, String> defaults, Map<String, String> own) {
        if (defaults.isEmpty()) {
            return own;
        }
        Map<String, String> m = new LinkedHashMap<>(defaults);
        m.putAll(own);
        return m;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return truncate(m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_TEXT ? s : s.substring(0, MAX_ERROR_TEXT) + "…";
    }
}
