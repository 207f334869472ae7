package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.Checks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The catalog in force now: a base catalog (the built-in prices) with a price file from a
 * {@link PriceSource} applied over it, and, for a URL, downloaded again on a schedule. Thread-safe;
 * {@link #current()} is one volatile read, so pricing code can call it for every event.
 *
 * <pre>{@code
 * try (PriceRefresher prices = PriceRefresher.builder(PriceCatalog.loadDefault(),
 *         PriceSource.parse("https://prices.example.com/llmlab.json")).build()) {
 *     CostResult r = CostCalculator.of(prices.current()).price(usage, at);
 * }
 * }</pre>
 *
 * <h2>A URL</h2>
 * <ul>
 *   <li>{@link Builder#build()} downloads it before returning, then every {@link Builder#interval}
 *       (default 1 hour) on a daemon thread ({@code llmlab-prices}); {@link #refreshNow()} does one
 *       refresh at once.</li>
 *   <li>Requests are conditional: the ETag and Last-Modified of the copy in use are sent as
 *       {@code If-None-Match} / {@code If-Modified-Since}; 304 keeps the copy.</li>
 *   <li>A download is bounded: {@link Builder#maxBytes} (default 16 MiB, larger is a failure) and
 *       {@link Builder#timeout} (default 30 s for the whole download, connecting included).</li>
 *   <li>A new file is used only if it validates: UTF-8, LLMlab's price-file format, and no name
 *       claimed twice once applied over the base. Anything else — no connection, a timeout, a
 *       status other than 200 or 304, garbage, a file that does not validate — is a failed
 *       refresh: the copy in use stays, and one WARNING line names the source and the error. The
 *       next try comes after the interval, or after 5 minutes if that is sooner.</li>
 *   <li>Each good download is kept in the cache folder ({@link Builder#cacheDirectory}, default
 *       {@code ~/.llmlab/prices-cache}; see {@code PriceCache} for the files). At start, when the
 *       URL cannot be loaded, the kept copy is used (a WARNING says so); with no kept copy either,
 *       the base catalog alone is used and an ERROR says so, until a refresh succeeds. A start never
 *       fails because of the URL: a price host must not be able to stop an application.</li>
 *   <li>Whenever the file in use changes (and at start), an INFO line gives its SHA-256
 *       ({@link #digest()}), so every priced event's {@code price_id} can be traced to the exact
 *       file it was priced with.</li>
 * </ul>
 *
 * <h2>A file</h2>
 * Read once, at {@link Builder#build()}, which throws {@link PriceFileException} when it is
 * missing or malformed (as {@link PriceCatalog#fromFile} does); it is not re-read on a schedule.
 * {@link #refreshNow()} re-reads it, keeping the last good one when it fails.
 */
public final class PriceRefresher implements Supplier<PriceCatalog>, AutoCloseable {
    /** How often a URL is downloaded again unless told otherwise: 1 hour. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** The largest price file downloaded unless told otherwise: 16 MiB. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    /** How long a whole download may take unless told otherwise: 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The longest wait before trying again after a failed refresh. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(PriceRefresher.class.getName());

    private final PriceCatalog base;
    private final PriceSource source;
    private final PriceCache cache;
    private final Duration interval;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient client;
    private final boolean requireFile;
    private final Clock clock = Clock.systemUTC();
    private final Object refreshLock = new Object();
    private final ScheduledExecutorService scheduler;
    private volatile Loaded loaded;
    private volatile String lastError;

    /**
     * What is in force: the catalog, and the file it was built from (all null for the base alone).
     *
     * @param catalog the base with the file applied
     * @param digest SHA-256 of the file, hex, or null for the base alone
     * @param how "downloaded", "kept copy", "file" or null
     * @param at when the file was fetched or read
     * @param etag the ETag it came with, or null
     * @param lastModified its Last-Modified, or null
     */
    private record Loaded(PriceCatalog catalog, String digest, String how, Instant at, String etag,
            String lastModified) {
    }

    private PriceRefresher(Builder b) {
        this.base = b.base;
        this.source = b.source;
        this.cache = b.source.isUrl() && b.cacheDirectory != null ? new PriceCache(b.cacheDirectory) : null;
        this.interval = b.interval;
        this.maxBytes = b.maxBytes;
        this.timeout = b.timeout;
        this.requireFile = b.requireFile;
        this.client = !b.source.isUrl() ? null : b.client != null ? b.client
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.loaded = new Loaded(base, null, null, null, null, null);
        if (source.isUrl()) {
            start();
            if (requireFile && loaded.digest == null) {
                throw new PriceFileException(source + ": cannot load the price file (" + lastError + ")"
                        + (cache == null ? "" : " and no copy of it is kept in " + cache.directory()));
            }
            this.scheduler = interval == null ? null : scheduler();
            if (scheduler != null) {
                schedule(lastError != null ? retryDelay() : interval);
            }
        } else {
            this.scheduler = null;
            Fetched file = readFile(); // throws: a broken file fails the start, as it always has
            PriceCatalog catalog = validate(file.body);
            this.loaded = new Loaded(catalog, sha256(file.body), "file", clock.instant(), null, null);
            LOG.log(System.Logger.Level.INFO, () -> "LLMlab prices: using " + source + " (sha256 " + loaded.digest
                    + ", " + catalog.models().size() + " models in the catalog)");
        }
    }

    /**
     * @param base the catalog the file is applied over, usually the built-in prices; not null
     * @param source the price file or URL; not null
     * @return a builder with the defaults: refreshed every hour, at most 16 MiB, 30 s timeouts, kept
     *     in {@code ~/.llmlab/prices-cache}
     */
    public static Builder builder(PriceCatalog base, PriceSource source) {
        return new Builder(base, source);
    }

    /** @return the catalog in force now: the base with the last good file applied */
    public PriceCatalog current() {
        return loaded.catalog;
    }

    /** @return {@link #current()} */
    @Override
    public PriceCatalog get() {
        return loaded.catalog;
    }

    /** @return where the price file comes from */
    public PriceSource source() {
        return source;
    }

    /** @return the SHA-256 (hex) of the price file in force, or empty while only the base is in force */
    public Optional<String> digest() {
        return Optional.ofNullable(loaded.digest);
    }

    /** @return the error of the latest refresh if it failed; empty once one succeeds */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * @return one line for people: the source, and the file in force (its SHA-256 and when it was
     *     fetched) or that only the base is in force and why
     */
    public String summary() {
        Loaded l = loaded;
        if (l.digest == null) {
            return source + " not loaded (" + (lastError == null ? "not tried" : lastError) + "): built-in prices only";
        }
        return source + " (sha256 " + l.digest + ", " + describeHow(l) + ")";
    }

    private static String describeHow(Loaded l) {
        String at = l.at.truncatedTo(ChronoUnit.SECONDS).toString();
        switch (l.how) {
            case "downloaded": return "downloaded " + at;
            case "kept copy": return "kept copy downloaded " + at;
            default: return "read " + at;
        }
    }

    /** The result of one refresh. */
    public sealed interface Outcome permits Updated, NotModified, Unchanged, Failed {
    }

    /**
     * A new file is in force.
     *
     * @param digest its SHA-256
     * @param previousDigest the SHA-256 of the file it replaces, or null when only the base was in force
     */
    public record Updated(String digest, String previousDigest) implements Outcome {
    }

    /**
     * The server answered 304: the file in force is current.
     *
     * @param digest the SHA-256 of the file in force
     */
    public record NotModified(String digest) implements Outcome {
    }

    /**
     * The download is byte for byte the file in force.
     *
     * @param digest its SHA-256
     */
    public record Unchanged(String digest) implements Outcome {
    }

    /**
     * The refresh failed; what was in force stays.
     *
     * @param reason what went wrong, e.g. {@code "HTTP 500"} or the price-file error
     * @param keptDigest the SHA-256 of the file still in force, or null when only the base is
     */
    public record Failed(String reason, String keptDigest) implements Outcome {
    }

    /**
     * Downloads (or re-reads) the price file now and puts it in force if it is new and validates.
     * Never throws for a failure of the source: that is a {@link Failed} outcome, logged.
     *
     * @return what happened
     */
    public Outcome refreshNow() {
        return refresh(false);
    }

    private void start() {
        if (cache != null) {
            try {
                PriceCache.Entry kept = cache.read(source.uri().orElseThrow().toString());
                if (kept != null) {
                    PriceCatalog catalog = validate(kept.body());
                    loaded = new Loaded(catalog, kept.digest(), "kept copy", kept.fetchedAt(), kept.etag(),
                            kept.lastModified());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "LLMlab prices: the kept copy of " + source + " in "
                        + cache.directory() + " is not usable (" + message(e) + "); ignoring it");
            }
        }
        refresh(true);
    }

    private Outcome refresh(boolean starting) {
        synchronized (refreshLock) {
            Loaded before = loaded;
            Fetched f;
            try {
                f = source.isUrl() ? download(before) : readFile();
            } catch (RuntimeException e) {
                return failed(message(e), before, starting);
            }
            if (f.body == null) { // 304
                lastError = null;
                if (starting) {
                    logInForce(before, null);
                }
                return new NotModified(before.digest);
            }
            String digest = sha256(f.body);
            if (digest.equals(before.digest)) {
                lastError = null;
                loaded = new Loaded(before.catalog, digest, before.how.equals("kept copy") ? "downloaded" : before.how,
                        f.at, f.etag, f.lastModified);
                keep(f, digest);
                if (starting) {
                    logInForce(loaded, null);
                }
                return new Unchanged(digest);
            }
            PriceCatalog catalog;
            try {
                catalog = validate(f.body);
            } catch (RuntimeException e) {
                return failed(message(e), before, starting);
            }
            lastError = null;
            loaded = new Loaded(catalog, digest, source.isUrl() ? "downloaded" : "file", f.at, f.etag, f.lastModified);
            keep(f, digest);
            logInForce(loaded, before.digest);
            return new Updated(digest, before.digest);
        }
    }

    private void logInForce(Loaded now, String previousDigest) {
        LOG.log(System.Logger.Level.INFO, () -> "LLMlab prices: using " + source + " (sha256 " + now.digest + ", "
                + describeHow(now) + ", " + now.catalog.models().size() + " models in the catalog"
                + (previousDigest == null ? "" : "; was sha256 " + previousDigest) + ")");
    }

    private Failed failed(String reason, Loaded kept, boolean starting) {
        lastError = reason;
        if (kept.digest == null && starting && requireFile) {
            return new Failed(reason, null); // build() throws with the reason
        }
        if (kept.digest == null) {
            String where = cache == null ? "no copy is kept" : "no kept copy is in " + cache.directory();
            LOG.log(System.Logger.Level.ERROR, "LLMlab prices: " + source + " could not be loaded (" + reason + ") and "
                    + where + ": PRICING WITH THE BUILT-IN PRICES ONLY until it loads; "
                    + (interval == null ? "no retry scheduled" : "next try in " + human(retryDelay())));
        } else if (starting) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab prices: " + source + " could not be loaded (" + reason
                    + "); using the kept copy (sha256 " + kept.digest + ", " + describeHow(kept) + ")");
        } else {
            LOG.log(System.Logger.Level.WARNING, "LLMlab prices: refreshing " + source + " failed (" + reason
                    + "); keeping sha256 " + kept.digest + " (" + describeHow(kept) + ")");
        }
        return new Failed(reason, kept.digest);
    }

    private void keep(Fetched f, String digest) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(source.uri().orElseThrow().toString(), source.toString(),
                    new PriceCache.Entry(f.body, digest, f.etag, f.lastModified, f.at));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab prices: cannot keep a copy of " + source + " in "
                    + cache.directory() + " (" + message(e) + "); it is in force, but a start without the"
                    + " network would not find it");
        }
    }

    private PriceCatalog validate(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new PriceFileException(source + ": not UTF-8 text");
        }
        return base.withOverrides(PriceCatalog.of(PriceFiles.parse(text, source.toString())));
    }

    /** A fetched file: its body (null for 304) and validators. */
    private record Fetched(byte[] body, String etag, String lastModified, Instant at) {
    }

    private Fetched readFile() {
        Path file = source.path().orElseThrow();
        try {
            return new Fetched(Files.readAllBytes(file), null, null, clock.instant());
        } catch (IOException e) {
            throw new PriceFileException(file + ": cannot read price file: " + e.getMessage(), e);
        }
    }

    private Fetched download(Loaded current) {
        URI uri = source.uri().orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json");
        if (current.digest != null) { // validators only for a copy of this URL that is in force
            if (current.etag != null) {
                request.header("If-None-Match", current.etag);
            }
            if (current.lastModified != null) {
                request.header("If-Modified-Since", current.lastModified);
            }
        }
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request.build(),
                info -> info.statusCode() == 200 ? new LimitedBody(maxBytes,
                        info.headers().firstValueAsLong("Content-Length").orElse(-1))
                        : HttpResponse.BodySubscribers.replacing((byte[]) null));
        HttpResponse<byte[]> response;
        try {
            // the client's timeout ends with the headers; this one bounds the body too
            response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new PriceFileException("no complete answer within " + human(timeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new PriceFileException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpConnectTimeoutException) {
                throw new PriceFileException("cannot connect within " + human(timeout), cause);
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new PriceFileException("no complete answer within " + human(timeout), cause);
            }
            throw new PriceFileException(message(cause), cause);
        }
        int status = response.statusCode();
        if (status == 304 && current.digest != null) {
            return new Fetched(null, null, null, clock.instant());
        }
        if (status != 200) {
            throw new PriceFileException("HTTP " + status);
        }
        return new Fetched(response.body(), response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null), clock.instant());
    }

    /** Collects a body up to a size, failing (and cancelling the download) beyond it. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private long size;

        LimitedBody(long max, long declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                body.completeExceptionally(tooLarge(declared));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                size += b.remaining();
                if (size > max) {
                    subscription.cancel();
                    body.completeExceptionally(tooLarge(size));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        private IOException tooLarge(long bytes) {
            return new IOException("larger than the limit of " + max + " bytes (" + (bytes == size ? "at least " : "")
                    + bytes + " bytes)");
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }

    private ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "llmlab-prices");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    private void schedule(Duration delay) {
        try {
            scheduler.schedule(() -> {
                Duration next = interval;
                try {
                    if (refresh(false) instanceof Failed) {
                        next = retryDelay();
                    }
                } catch (Throwable t) { // the schedule must survive anything
                    LOG.log(System.Logger.Level.ERROR, "LLMlab prices: refreshing " + source + " failed", t);
                    next = retryDelay();
                }
                schedule(next);
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: no more refreshes
        }
    }

    private Duration retryDelay() {
        return interval.compareTo(RETRY_AFTER_FAILURE) < 0 ? interval : RETRY_AFTER_FAILURE;
    }

    /** @return a duration as people write it: {@code 1 h}, {@code 5 min}, {@code 30 s}, {@code 200 ms} */
    static String human(Duration d) {
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + " h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String message(Throwable e) {
        if (e instanceof PriceFileException || e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof java.net.ConnectException) {
            return "cannot connect";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** @return the SHA-256 of the bytes, lower-case hex */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stops the schedule; the catalog in force stays readable. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "PriceRefresher{" + summary() + '}';
    }

    /** Builds a {@link PriceRefresher}; not thread-safe. */
    public static final class Builder {
        private final PriceCatalog base;
        private final PriceSource source;
        private Path cacheDirectory = Path.of(System.getProperty("user.home"), ".llmlab", "prices-cache");
        private Duration interval = DEFAULT_INTERVAL;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration timeout = DEFAULT_TIMEOUT;
        private HttpClient client;
        private boolean requireFile;

        private Builder(PriceCatalog base, PriceSource source) {
            this.base = Objects.requireNonNull(base, "base");
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * @param value how often a URL is downloaded again; more than 0; default 1 hour
         * @return this
         */
        public Builder interval(Duration value) {
            this.interval = Checks.positive("price refresh interval", value);
            return this;
        }

        /**
         * Loads the source once, at {@link #build()}, and never on a schedule ({@link #refreshNow()}
         * still refreshes): for a command that runs and ends.
         *
         * @return this
         */
        public Builder noSchedule() {
            this.interval = null;
            return this;
        }

        /**
         * @param value the folder keeping the last good copy of each URL (created owner-only when
         *     missing); not null; default {@code ~/.llmlab/prices-cache}
         * @return this
         */
        public Builder cacheDirectory(Path value) {
            this.cacheDirectory = Objects.requireNonNull(value, "cacheDirectory");
            return this;
        }

        /**
         * Keeps no copy on disk: a start without the network then prices with the base alone.
         *
         * @return this
         */
        public Builder noCache() {
            this.cacheDirectory = null;
            return this;
        }

        /**
         * @param value the largest file accepted, in bytes, at least 1; default 16 MiB
         * @return this
         */
        public Builder maxBytes(long value) {
            this.maxBytes = Checks.atLeast("maxBytes", value, 1L);
            return this;
        }

        /**
         * @param value how long a download may take, connecting included; more than 0; default 30 s
         * @return this
         */
        public Builder timeout(Duration value) {
            this.timeout = Checks.positive("timeout", value);
            return this;
        }

        /**
         * @param value the client downloads go through (a proxy, a trust store of your own);
         *     not null; default a new client following redirects, never from https to http
         * @return this
         */
        public Builder httpClient(HttpClient value) {
            this.client = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * Makes {@link #build()} fail when a URL can be neither downloaded nor found in the cache,
         * instead of starting with the base alone: for a command whose answer would be wrong
         * without the file.
         *
         * @return this
         */
        public Builder requireFile() {
            this.requireFile = true;
            return this;
        }

        /**
         * Loads the source (a URL: downloads it, or uses the kept copy; a file: reads it) and, for a
         * URL, starts the schedule.
         *
         * @return the refresher, its first load done
         * @throws PriceFileException for a file source that is missing or malformed, or with
         *     {@link #requireFile()} a URL that neither loads nor is kept; the message names the
         *     source and the error
         */
        public PriceRefresher build() {
            return new PriceRefresher(this);
        }
    }
}
