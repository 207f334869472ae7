package dev.llmlab.benchmarks.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.Cost;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.db.DatabaseConnection;
import dev.llmlab.server.db.EmbeddedDatabase;
import dev.llmlab.server.ingest.EventStore;
import dev.llmlab.server.ingest.IncomingEvent;
import dev.llmlab.server.ingest.PricedEvent;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Load harness of the server's ingest, on loopback, with everything on this machine: the embedded
 * PostgreSQL (durable settings, as {@code llmlab serve} runs it), one server instance and the
 * client threads. Measures, in one run:
 *
 * <ol>
 *   <li>the raw PostgreSQL insert rate of the same rows (JDBC, one {@code unnest} INSERT per batch,
 *       no totals, no HTTP): the ceiling;
 *   <li>sustained batch ingest over HTTP ({@code POST /api/events/track}, batches of {@code --batch});
 *   <li>single-event POSTs per second;
 *   <li>summary latency (p50/p95) with {@code --summary-events} events stored for one account.
 * </ol>
 *
 * <p>{@code --budgets N} first gives the ingesting account N budgets of varied scopes (the whole
 * account, a provider, a model, a tag, the API key), periods and zones, so the ingest figures
 * include counting each batch against them; compare with a run without it.
 *
 * <pre>{@code
 * java -cp llmlab-benchmarks/target/benchmarks.jar dev.llmlab.benchmarks.ingest.IngestLoadHarness \
 *     --duration 20 --batch 500 --threads 4 --runs 3 --summary-events 1000000
 * }</pre>
 */
public final class IngestLoadHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {{"openai", "harness-gpt-large"}, {"openai", "harness-gpt-small"}};

    private final int seconds;
    private final int batch;
    private final int threads;
    private final int runs;
    private final long summaryEvents;
    private final int budgets;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CostCalculator calculator;
    private URI base;
    private String apiKey;
    private String token;

    private IngestLoadHarness(int seconds, int batch, int threads, int runs, long summaryEvents, int budgets,
            PriceCatalog catalog) {
        this.seconds = seconds;
        this.budgets = budgets;
        this.batch = batch;
        this.threads = threads;
        this.runs = runs;
        this.summaryEvents = summaryEvents;
        this.calculator = CostCalculator.of(catalog);
    }

    /**
     * @param args {@code --duration S --batch N --threads T --runs R --summary-events N
     *     [--budgets N] [--database-url URL] [--fsync on|off]}
     */
    public static void main(String[] args) throws Exception {
        int seconds = 20;
        int batch = 500;
        int threads = 4;
        int runs = 3;
        long summaryEvents = 1_000_000;
        int budgets = 0;
        String databaseUrl = null;
        boolean durable = true;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--duration" -> seconds = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--summary-events" -> summaryEvents = Long.parseLong(v);
                case "--budgets" -> budgets = Integer.parseInt(v);
                case "--database-url" -> databaseUrl = v;
                case "--fsync" -> durable = !"off".equals(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --duration S --batch N --threads T --runs R --summary-events N [--budgets N]"
                        + " [--database-url URL]");
            }
            i++;
        }
        PriceCatalog catalog;
        try (InputStream in = IngestLoadHarness.class.getResourceAsStream("harness-prices.json")) {
            Path tmp = Files.createTempFile("harness-prices", ".json");
            Files.write(tmp, in.readAllBytes());
            catalog = PriceCatalog.fromFile(tmp);
        }
        IngestLoadHarness h = new IngestLoadHarness(seconds, batch, threads, runs, summaryEvents, budgets, catalog);
        EmbeddedDatabase embedded = null;
        DatabaseConnection db;
        if (databaseUrl != null) {
            db = DatabaseConnection.parse(databaseUrl);
        } else {
            embedded = EmbeddedDatabase.start(Files.createTempDirectory("llmlab-harness-").resolve("pgdata"), 0, durable);
            db = embedded.connection();
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s; database: %s (fsync %s)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), databaseUrl == null ? "embedded PostgreSQL 17" : db.maskedUrl(),
                durable ? "on" : "off");
        System.out.printf(Locale.ROOT, "settings: %d s per run, %d runs, batches of %d, %d client threads, %d budgets%n",
                seconds, runs, batch, threads, budgets);
        try (LlmLabServer server = LlmLabServer.start(ServerConfig.builder(db, catalog, secret)
                .host("127.0.0.1").port(0).poolSize(Math.max(8, threads * 2)).build())) {
            h.base = server.uri();
            h.run(db);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void run(DatabaseConnection db) throws Exception {
        signup();
        createBudgets();
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(threads + 2);
        Jdbi jdbi = Jdbi.create(new com.zaxxer.hikari.HikariDataSource(pool));
        UUID rawAccount = jdbi.withHandle(hd -> hd.createQuery("SELECT id FROM users LIMIT 1").mapTo(UUID.class).one());

        System.out.println("warming up (HTTP batches and raw inserts)...");
        measure("warm-up", Math.min(5, seconds), () -> postBatch());
        measure("warm-up", Math.min(5, seconds), () -> rawInsert(db, rawAccount));

        EventStore store = new EventStore(jdbi);
        List<Double> raw = new ArrayList<>();
        List<Double> stored = new ArrayList<>();
        List<Double> ingest = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            raw.add(measure("raw PostgreSQL insert, run " + r, seconds, () -> rawInsert(db, rawAccount)));
            stored.add(measure("server SQL via JDBC, run " + r, seconds, () -> storeBatch(store, rawAccount)));
            prepareBodies(seconds * 60_000 / batch + threads);
            ingest.add(measure("HTTP batch ingest, run " + r, seconds, () -> postPrepared()));
        }
        List<Double> single = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            single.add(measure("HTTP single-event POSTs, run " + r, Math.max(5, seconds / 2), () -> postSingle()));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT raw PostgreSQL insert (same rows, JDBC, batches of %d): median %,.0f events/s %s%n",
                batch, median(raw), fmt(raw));
        System.out.printf(Locale.ROOT, "RESULT server's ingest statement via JDBC (events + total deltas, no HTTP): median %,.0f events/s %s%n",
                median(stored), fmt(stored));
        System.out.printf(Locale.ROOT, "RESULT HTTP batch ingest (batches of %d, %d threads): median %,.0f events/s %s%n",
                batch, threads, median(ingest), fmt(ingest));
        System.out.printf(Locale.ROOT, "RESULT HTTP single-event POSTs (%d threads): median %,.0f requests/s %s%n",
                threads, median(single), fmt(single));
        if (summaryEvents > 0) {
            summaryLatency(jdbi);
        }
    }

    private interface Step {
        long run() throws Exception; // events done
    }

    private double measure(String name, int secs, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(secs).toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    done.addAndGet(step.run());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = done.get() / elapsed;
        System.out.printf(Locale.ROOT, "  %-36s %,12d in %5.1f s = %,10.0f /s%n", name, done.get(), elapsed, rate);
        return rate;
    }

    private void signup() throws IOException, InterruptedException {
        String email = "harness-" + UUID.randomUUID() + "@example.com";
        JsonNode r = send("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"harness password\"}", null, 201);
        apiKey = r.get("api_key").asText();
        token = r.get("token").asText();
    }

    /**
     * Gives the account {@link #budgets} budgets, cycling through scopes (whole account, provider,
     * each model, a project tag, the env tag, the API key), periods and zones; limits from $1 to
     * $100,000, so some cross their thresholds during the run and create alerts.
     */
    private void createBudgets() throws IOException, InterruptedException {
        if (budgets <= 0) {
            return;
        }
        String keyId = JSON.readTree(get("/api/keys", token)).get("keys").get(0).get("id").asText();
        String[] scopes = {"{}", "{\"provider\":\"openai\"}", "{\"model\":\"" + MODELS[0][1] + "\"}",
            "{\"provider\":\"openai\",\"model\":\"" + MODELS[1][1] + "\"}", "{\"tags\":{\"project\":\"p3\"}}",
            "{\"tags\":{\"env\":\"prod\",\"project\":\"p7\"}}", "{\"api_key_id\":\"" + keyId + "\"}"};
        String[] periods = {"month", "week", "day"};
        String[] zones = {"UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York"};
        for (int i = 0; i < budgets; i++) {
            String body = "{\"name\":\"harness " + i + "\",\"limit_usd\":\"" + BigDecimal.TEN.pow(i % 6).toPlainString()
                    + "\",\"period\":\"" + periods[i % periods.length] + "\",\"time_zone\":\"" + zones[i % zones.length]
                    + "\",\"scope\":" + scopes[i % scopes.length]
                    // an e-mail channel: the harness's server has no SMTP settings, so the run creates
                    // alerts and deliveries without sending anything (a loopback webhook is refused when
                    // the budget is saved)
                    + ",\"channels\":[{\"type\":\"email\",\"to\":\"harness@example.com\"}]}";
            send("/api/budgets", body, token, 201);
        }
    }

    private byte[] get(String path, String bearer) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private long postBatch() throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder(batch * 260).append("{\"events\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendEvent(sb);
        }
        sb.append("]}");
        return accepted(sendRaw("/api/events/track", sb.toString(), apiKey, 200));
    }

    private java.util.concurrent.ConcurrentLinkedQueue<byte[]> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Builds the request bodies of a run before it starts (enough for 60,000 events/s), so that the
     * measured time holds the HTTP exchange and the server's work, not the client composing JSON.
     */
    private void prepareBodies(int count) {
        prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int b = 0; b < count; b++) {
            StringBuilder sb = new StringBuilder(batch * 260).append("{\"events\":[");
            for (int i = 0; i < batch; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendEvent(sb);
            }
            prepared.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private long postPrepared() throws IOException, InterruptedException {
        byte[] body = prepared.poll();
        if (body == null) {
            return postBatch(); // ran faster than prepared for
        }
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/events/track")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("track answered " + r.statusCode());
        }
        return accepted(r.body());
    }

    private long postSingle() throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder(300);
        appendEvent(sb);
        return accepted(sendRaw("/api/events/track", sb.toString(), apiKey, 200));
    }

    private static void appendEvent(StringBuilder sb) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String[] m = MODELS[rnd.nextInt(MODELS.length)];
        long input = 200 + rnd.nextInt(20_000);
        sb.append("{\"id\":\"").append(new UUID(rnd.nextLong(), rnd.nextLong())).append("\",\"provider\":\"").append(m[0])
                .append("\",\"model\":\"").append(m[1]).append("\",\"input_tokens\":").append(input)
                .append(",\"cache_read_tokens\":").append(input / 4).append(",\"output_tokens\":").append(rnd.nextInt(2_000))
                .append(",\"duration_ms\":").append(rnd.nextInt(5_000))
                .append(",\"tags\":{\"project\":\"p").append(rnd.nextInt(10)).append("\",\"env\":\"prod\"}}");
    }

    /**
     * Reads only the leading {@code "accepted"} count of a track response (a streaming read that
     * stops there): the client shares the CPU with the server here, so it must stay cheap.
     */
    private static long accepted(byte[] body) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(body)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("accepted".equals(name)) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        }
        throw new IllegalStateException("no accepted count in " + new String(body, 0, Math.min(200, body.length),
                StandardCharsets.UTF_8));
    }

    private JsonNode send(String path, String body, String bearer, int expected) throws IOException, InterruptedException {
        return JSON.readTree(sendRaw(path, body, bearer, expected));
    }

    private byte[] sendRaw(String path, String body, String bearer, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** The server's own statement (events, idempotency, total deltas) on the same kind of rows. */
    private long storeBatch(EventStore store, UUID account) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Instant now = Instant.now();
        List<PricedEvent> events = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            String[] m = MODELS[rnd.nextInt(MODELS.length)];
            long input = 200 + rnd.nextInt(20_000);
            Usage u = Usage.builder(m[0], m[1]).inputTokens(input).cacheReadTokens(input / 4)
                    .outputTokens(rnd.nextInt(2_000)).build();
            String tags = "{\"env\": \"prod\", \"project\": \"p" + rnd.nextInt(10) + "\"}";
            IncomingEvent e = new IncomingEvent(new UUID(rnd.nextLong(), rnd.nextLong()), u, now,
                    (double) rnd.nextInt(5_000), java.util.Map.of(), tags);
            events.add(new PricedEvent(e, calculator.price(u, now)));
        }
        return store.insert(account, events).size();
    }

    private static final String RAW_INSERT = """
            INSERT INTO events (user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                                cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                                output_audio_tokens, web_search_requests, cost_usd, input_cost_usd, cache_read_cost_usd,
                                cache_write_cost_usd, output_cost_usd, web_search_cost_usd, priced_as, price_id,
                                unpriced_reason, duration_ms, tags, occurred_at, received_at)
            SELECT ?, id, provider, model, i, cr, 0, 0, o, NULL, 0, 0, 0, c, ci, ccr, 0, co, 0, pa, pid, NULL, d,
                   tags::jsonb, timestamptz 'epoch' + us * interval '1 microsecond', now()
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::numeric[], ?::numeric[],
                        ?::numeric[], ?::numeric[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::int8[])
                 AS t(id, provider, model, i, cr, o, c, ci, ccr, co, pa, pid, d, tags, us)
            ON CONFLICT (user_id, id) DO NOTHING
            """;

    private final ThreadLocal<Connection> rawConnections = new ThreadLocal<>();

    /** The same rows as an HTTP batch, priced the same way, inserted with one statement over JDBC. */
    private long rawInsert(DatabaseConnection db, UUID account) throws SQLException {
        Connection c = rawConnections.get();
        if (c == null) {
            c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            rawConnections.set(c);
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = batch;
        UUID[] ids = new UUID[n];
        String[] prov = new String[n];
        String[] model = new String[n];
        Long[] in = new Long[n];
        Long[] cr = new Long[n];
        Long[] out = new Long[n];
        BigDecimal[][] cost = new BigDecimal[4][n];
        String[] pa = new String[n];
        String[] pid = new String[n];
        Double[] d = new Double[n];
        String[] tags = new String[n];
        Long[] us = new Long[n];
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            String[] m = MODELS[rnd.nextInt(MODELS.length)];
            long input = 200 + rnd.nextInt(20_000);
            long output = rnd.nextInt(2_000);
            CostResult r = calculator.price(Usage.builder(m[0], m[1]).inputTokens(input).cacheReadTokens(input / 4)
                    .outputTokens(output).build(), now);
            Cost k = r.cost();
            ids[i] = new UUID(rnd.nextLong(), rnd.nextLong());
            prov[i] = m[0];
            model[i] = m[1];
            in[i] = input;
            cr[i] = input / 4;
            out[i] = output;
            cost[0][i] = k.total();
            cost[1][i] = k.input();
            cost[2][i] = k.cacheRead();
            cost[3][i] = k.output();
            pa[i] = r.pricedAs();
            pid[i] = r.priceId();
            d[i] = (double) rnd.nextInt(5_000);
            tags[i] = "{\"project\":\"p" + rnd.nextInt(10) + "\",\"env\":\"prod\"}";
            us[i] = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
        Arrays.sort(ids);
        try (PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
            ps.setObject(1, account);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", prov));
            ps.setArray(4, c.createArrayOf("text", model));
            ps.setArray(5, c.createArrayOf("int8", in));
            ps.setArray(6, c.createArrayOf("int8", cr));
            ps.setArray(7, c.createArrayOf("int8", out));
            for (int k = 0; k < 4; k++) {
                ps.setArray(8 + k, c.createArrayOf("numeric", cost[k]));
            }
            ps.setArray(12, c.createArrayOf("text", pa));
            ps.setArray(13, c.createArrayOf("text", pid));
            ps.setArray(14, c.createArrayOf("float8", d));
            ps.setArray(15, c.createArrayOf("text", tags));
            ps.setArray(16, c.createArrayOf("int8", us));
            return ps.executeUpdate();
        }
    }

    /** Loads N events for a fresh account in SQL (generate_series), builds their totals, times summaries. */
    private void summaryLatency(Jdbi jdbi) throws Exception {
        String email = "summary-" + UUID.randomUUID() + "@example.com";
        JsonNode r = send("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"harness password\"}", null, 201);
        UUID account = UUID.fromString(r.get("user_id").asText());
        String bearer = r.get("token").asText();
        long t0 = System.nanoTime();
        jdbi.useHandle(h -> {
            // Spread over the current month up to now, in UTC; priced like the harness models.
            h.createUpdate("""
                    INSERT INTO events (user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                                        cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                                        output_audio_tokens, web_search_requests, cost_usd, input_cost_usd,
                                        cache_read_cost_usd, cache_write_cost_usd, output_cost_usd, web_search_cost_usd,
                                        priced_as, price_id, unpriced_reason, duration_ms, tags, occurred_at, received_at)
                    SELECT :u, gen_random_uuid(), 'openai', m.model, 1000 + g % 5000, 0, 0, 0, g % 700, NULL, 0, 0, 0,
                           (1000 + g % 5000) * m.ri / 1000000 + (g % 700) * m.ro / 1000000,
                           (1000 + g % 5000) * m.ri / 1000000, 0, 0, (g % 700) * m.ro / 1000000, 0,
                           m.model, 'openai/' || m.model || '@2024-01-01', NULL, 100,
                           jsonb_build_object('project', 'p' || (g % 10), 'env', 'prod'),
                           date_trunc('month', now()) + (now() - date_trunc('month', now())) * (g::float8 / :n), now()
                    FROM generate_series(1, :n) AS g
                    CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 0 THEN 'harness-gpt-large' ELSE 'harness-gpt-small' END AS model,
                                               CASE WHEN g % 2 = 0 THEN 2.50 ELSE 0.15 END AS ri,
                                               CASE WHEN g % 2 = 0 THEN 10.00 ELSE 0.60 END AS ro) m
                    """).bind("u", account).bind("n", summaryEvents).execute();
            h.createUpdate("""
                    INSERT INTO usage_totals (user_id, bucket, provider, model, events, unpriced_events, cost_usd,
                                              input_tokens, output_tokens)
                    SELECT user_id, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), provider, model,
                           count(*), count(*) FILTER (WHERE cost_usd IS NULL), coalesce(sum(cost_usd), 0),
                           sum(input_tokens), sum(output_tokens)
                    FROM events WHERE user_id = :u GROUP BY 1, 2, 3, 4
                    """).bind("u", account).execute();
            h.createUpdate("""
                    INSERT INTO tag_totals (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
                    SELECT user_id, t.key, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), t.value,
                           count(*), count(*) FILTER (WHERE cost_usd IS NULL), coalesce(sum(cost_usd), 0)
                    FROM events CROSS JOIN LATERAL jsonb_each_text(tags) AS t(key, value)
                    WHERE user_id = :u GROUP BY 1, 2, 3, 4
                    """).bind("u", account).execute();
            h.execute("ANALYZE events");
            h.execute("ANALYZE usage_totals");
            h.execute("ANALYZE tag_totals");
        });
        long stored = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM events WHERE user_id = :u")
                .bind("u", account).mapTo(Long.class).one());
        long totalEvents = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM events").mapTo(Long.class).one());
        System.out.printf(Locale.ROOT, "loaded %,d events for the summary account in %.1f s (%,d events in the table)%n",
                stored, (System.nanoTime() - t0) / 1e9, totalEvents);
        for (String q : new String[] {"period=month&tz=UTC", "period=month&tz=Europe/Paris&group_by=tag:project",
            "period=day&tz=UTC", "period=week&tz=America/New_York"}) {
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/costs/summary?" + q))
                    .header("Authorization", "Bearer " + bearer).GET().build();
            for (int i = 0; i < 30; i++) {
                http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            }
            long[] lat = new long[300];
            JsonNode last = null;
            for (int i = 0; i < lat.length; i++) {
                long s = System.nanoTime();
                HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                lat[i] = System.nanoTime() - s;
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("summary answered " + resp.statusCode());
                }
                if (i == lat.length - 1) {
                    last = JSON.readTree(resp.body());
                }
            }
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "RESULT summary %-48s p50 %6.2f ms  p95 %6.2f ms  (%d requests; events in period %,d)%n",
                    q, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.95)] / 1e6, lat.length,
                    last.get("events").asLong());
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(List<Double> values) {
        StringBuilder sb = new StringBuilder("(runs:");
        for (double v : values) {
            sb.append(String.format(Locale.ROOT, " %,.0f", v));
        }
        return sb.append(')').toString();
    }

    @SuppressWarnings("unused")
    private static long count(ResultSet rs) throws SQLException {
        return rs.next() ? rs.getLong(1) : 0;
    }
}
