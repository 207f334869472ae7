package dev.llmlab.server.ingest;

import dev.llmlab.core.pricing.Cost;
import dev.llmlab.server.db.DatabaseException;
import dev.llmlab.spi.Usage;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;

/**
 * Stores priced events, idempotently, with their period and tag totals, in one transaction per batch:
 * the rows travel as one array per column ({@code unnest}) in ONE insert, {@code ON CONFLICT DO NOTHING} on
 * (account, client event id) drops re-sent events, and the batch's totals are computed from the
 * rows the insert actually returned, so a duplicate is never counted twice, whichever instance or
 * thread receives it. The statement is atomic: events and totals commit together or not at all.
 *
 * <p>The totals are appended, in a second statement of the same transaction, as deltas
 * ({@code usage_deltas}, {@code tag_deltas}) rather than
 * upserted into shared rows, so concurrent batches of one account never wait for each other's
 * locks; {@link TotalsCompactor} folds the deltas into the totals in the background. Rows are
 * sorted by id; a deadlock or serialization failure (SQLSTATE 40P01/40001) is retried.
 */
@Singleton
public final class EventStore {
    static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(:ids, :providers, :models, :input, :cache_read, :cache_write, :cache_write_1h,
                                     :output, :reasoning, :input_audio, :output_audio, :web_search,
                                     :cost, :cost_input, :cost_cache_read, :cost_cache_write, :cost_output,
                                     :cost_web_search, :priced_as, :price_id, :unpriced_reason, :duration,
                                     :tags, :occurred_us)
                    AS t(id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                         cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                         output_audio_tokens, web_search_requests, cost_usd, input_cost_usd, cache_read_cost_usd,
                         cache_write_cost_usd, output_cost_usd, web_search_cost_usd, priced_as, price_id,
                         unpriced_reason, duration_ms, tags, occurred_us)
            ), ins AS (
                INSERT INTO events (user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                                    cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                                    output_audio_tokens, web_search_requests, cost_usd, input_cost_usd,
                                    cache_read_cost_usd, cache_write_cost_usd, output_cost_usd, web_search_cost_usd,
                                    priced_as, price_id, unpriced_reason, duration_ms, tags, occurred_at, received_at)
                SELECT :user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                       cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens, output_audio_tokens,
                       web_search_requests, cost_usd, input_cost_usd, cache_read_cost_usd, cache_write_cost_usd,
                       output_cost_usd, web_search_cost_usd, priced_as, price_id, unpriced_reason, duration_ms,
                       tags::jsonb, timestamptz 'epoch' + occurred_us * interval '1 microsecond', now()
                FROM input ORDER BY id
                ON CONFLICT (user_id, id) DO NOTHING
                RETURNING id
            )
            SELECT id FROM ins
            """;

    static final String INSERT_DELTAS = """
            WITH u AS (
                INSERT INTO usage_deltas (user_id, bucket, provider, model, events, unpriced_events, cost_usd,
                                          input_tokens, output_tokens)
                SELECT :user_id, timestamptz 'epoch' + b * interval '1 second', p, m, n, np, c, i, o
                FROM unnest(:u_bucket, :u_provider, :u_model, :u_events, :u_unpriced, :u_cost, :u_input, :u_output)
                    AS t(b, p, m, n, np, c, i, o)
                RETURNING 1
            )
            INSERT INTO tag_deltas (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
            SELECT :user_id, k, timestamptz 'epoch' + b * interval '1 second', v, n, np, c
            FROM unnest(:t_key, :t_bucket, :t_value, :t_events, :t_unpriced, :t_cost) AS t(k, b, v, n, np, c)
            """;
    /** Width of a totals bucket in seconds; buckets start at multiples of it from the epoch (2000-01-01 too). */
    static final long BUCKET_SECONDS = 900;

    private final Jdbi jdbi;
    private final Retry retry;

    /** @param jdbi the database */
    public EventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.retry = Retry.of("event-insert", RetryConfig.custom()
                .maxAttempts(5)
                .waitDuration(Duration.ofMillis(20))
                .retryOnException(EventStore::isTransient)
                .build());
    }

    /**
     * Inserts the events that are new for the account and adds them to the totals.
     *
     * @param userId the account; not null
     * @param events the priced events, distinct ids; not null
     * @return the ids actually inserted; the others were already stored (duplicates)
     */
    public Set<UUID> insert(UUID userId, List<PricedEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        List<PricedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(p -> p.event().id()));
        return Retry.decorateSupplier(retry, () -> insertOnce(userId, sorted)).get();
    }

    private Set<UUID> insertOnce(UUID userId, List<PricedEvent> sorted) {
        try {
            return jdbi.inTransaction(h -> insert(h, userId, sorted));
        } catch (SQLException e) {
            throw new DatabaseException("cannot store " + sorted.size() + " events: " + e.getMessage(), e);
        }
    }

    private static Set<UUID> insert(Handle h, UUID userId, List<PricedEvent> events) throws SQLException {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] providers = new String[n];
        String[] models = new String[n];
        Long[][] counts = new Long[9][n];
        BigDecimal[][] costs = new BigDecimal[6][n];
        String[] pricedAs = new String[n];
        String[] priceId = new String[n];
        String[] reason = new String[n];
        Double[] duration = new Double[n];
        String[] tags = new String[n];
        Long[] occurred = new Long[n];
        for (int i = 0; i < n; i++) {
            PricedEvent p = events.get(i);
            IncomingEvent e = p.event();
            Usage u = e.usage();
            ids[i] = e.id();
            providers[i] = u.provider();
            models[i] = u.model();
            counts[0][i] = u.inputTokens();
            counts[1][i] = u.cacheReadTokens();
            counts[2][i] = u.cacheWriteTokens();
            counts[3][i] = u.cacheWrite1hTokens();
            counts[4][i] = u.outputTokens();
            counts[5][i] = u.reasoningTokens().isPresent() ? u.reasoningTokens().getAsLong() : null;
            counts[6][i] = u.inputAudioTokens();
            counts[7][i] = u.outputAudioTokens();
            counts[8][i] = u.webSearchRequests();
            if (p.result().isPriced()) {
                Cost c = p.result().cost();
                costs[0][i] = c.total();
                costs[1][i] = c.input();
                costs[2][i] = c.cacheRead();
                costs[3][i] = c.cacheWrite();
                costs[4][i] = c.output();
                costs[5][i] = c.webSearch();
                pricedAs[i] = p.result().pricedAs();
                priceId[i] = p.result().priceId();
            } else {
                reason[i] = p.result().unpricedReason();
            }
            duration[i] = e.durationMs();
            tags[i] = e.tagsJson();
            occurred[i] = micros(e.occurredAt());
        }
        Connection c = h.getConnection();
        Query q = h.createQuery(INSERT)
                .bind("user_id", userId)
                .bind("ids", array(c.createArrayOf("uuid", ids)))
                .bind("providers", array(c.createArrayOf("text", providers)))
                .bind("models", array(c.createArrayOf("text", models)));
        String[] countNames = {"input", "cache_read", "cache_write", "cache_write_1h", "output", "reasoning",
            "input_audio", "output_audio", "web_search"};
        for (int k = 0; k < countNames.length; k++) {
            q.bind(countNames[k], array(c.createArrayOf("int8", counts[k])));
        }
        String[] costNames = {"cost", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output",
            "cost_web_search"};
        for (int k = 0; k < costNames.length; k++) {
            q.bind(costNames[k], array(c.createArrayOf("numeric", costs[k])));
        }
        q.bind("priced_as", array(c.createArrayOf("text", pricedAs)))
                .bind("price_id", array(c.createArrayOf("text", priceId)))
                .bind("unpriced_reason", array(c.createArrayOf("text", reason)))
                .bind("duration", array(c.createArrayOf("float8", duration)))
                .bind("tags", array(c.createArrayOf("text", tags)))
                .bind("occurred_us", array(c.createArrayOf("int8", occurred)));
        Set<UUID> inserted = new HashSet<>(q.mapTo(UUID.class).list());
        if (!inserted.isEmpty()) {
            insertDeltas(h, userId, events, inserted);
        }
        return inserted;
    }

    /**
     * Adds the inserted events to the totals, as one delta row per (bucket, provider, model) and per
     * (tag, bucket, value), in the same transaction as the events. Aggregated here rather than in SQL:
     * expanding the tags in PostgreSQL cost as much as inserting the events.
     */
    private static void insertDeltas(Handle h, UUID userId, List<PricedEvent> events, Set<UUID> inserted)
            throws SQLException {
        Map<List<Object>, Totals> usage = new HashMap<>();
        Map<List<Object>, Totals> tags = new HashMap<>();
        for (PricedEvent p : events) {
            if (!inserted.contains(p.event().id())) {
                continue;
            }
            long s = p.event().occurredAt().getEpochSecond();
            long bucket = s - Math.floorMod(s, BUCKET_SECONDS);
            Usage u = p.event().usage();
            BigDecimal cost = p.result().isPriced() ? p.result().cost().total() : null;
            usage.computeIfAbsent(List.of(bucket, u.provider(), u.model()), k -> new Totals()).add(cost, u);
            for (Map.Entry<String, String> t : p.event().tags().entrySet()) {
                tags.computeIfAbsent(List.of(t.getKey(), bucket, t.getValue()), k -> new Totals()).add(cost, u);
            }
        }
        int n = usage.size();
        Long[] uBucket = new Long[n];
        String[] uProvider = new String[n];
        String[] uModel = new String[n];
        Long[][] uCounts = new Long[2][n];
        BigDecimal[][] uTokens = new BigDecimal[2][n];
        BigDecimal[] uCost = new BigDecimal[n];
        int i = 0;
        for (Map.Entry<List<Object>, Totals> e : usage.entrySet()) {
            uBucket[i] = (Long) e.getKey().get(0);
            uProvider[i] = (String) e.getKey().get(1);
            uModel[i] = (String) e.getKey().get(2);
            Totals t = e.getValue();
            uCounts[0][i] = t.events;
            uCounts[1][i] = t.unpriced;
            uTokens[0][i] = t.input;
            uTokens[1][i] = t.output;
            uCost[i] = t.cost;
            i++;
        }
        int m = tags.size();
        String[] tKey = new String[m];
        Long[] tBucket = new Long[m];
        String[] tValue = new String[m];
        Long[][] tCounts = new Long[2][m];
        BigDecimal[] tCost = new BigDecimal[m];
        i = 0;
        for (Map.Entry<List<Object>, Totals> e : tags.entrySet()) {
            tKey[i] = (String) e.getKey().get(0);
            tBucket[i] = (Long) e.getKey().get(1);
            tValue[i] = (String) e.getKey().get(2);
            tCounts[0][i] = e.getValue().events;
            tCounts[1][i] = e.getValue().unpriced;
            tCost[i] = e.getValue().cost;
            i++;
        }
        Connection c = h.getConnection();
        h.createUpdate(INSERT_DELTAS)
                .bind("user_id", userId)
                .bind("u_bucket", array(c.createArrayOf("int8", uBucket)))
                .bind("u_provider", array(c.createArrayOf("text", uProvider)))
                .bind("u_model", array(c.createArrayOf("text", uModel)))
                .bind("u_events", array(c.createArrayOf("int8", uCounts[0])))
                .bind("u_unpriced", array(c.createArrayOf("int8", uCounts[1])))
                .bind("u_cost", array(c.createArrayOf("numeric", uCost)))
                .bind("u_input", array(c.createArrayOf("numeric", uTokens[0])))
                .bind("u_output", array(c.createArrayOf("numeric", uTokens[1])))
                .bind("t_key", array(c.createArrayOf("text", tKey)))
                .bind("t_bucket", array(c.createArrayOf("int8", tBucket)))
                .bind("t_value", array(c.createArrayOf("text", tValue)))
                .bind("t_events", array(c.createArrayOf("int8", tCounts[0])))
                .bind("t_unpriced", array(c.createArrayOf("int8", tCounts[1])))
                .bind("t_cost", array(c.createArrayOf("numeric", tCost)))
                .execute();
    }

    /**
     * Running totals of one delta row; cost sums the priced events only (exact). The token sums are
     * decimals, as in the table: a batch of many large events would overflow a long (the counts
     * grow by one per event and cannot).
     */
    private static final class Totals {
        long events;
        long unpriced;
        BigDecimal input = BigDecimal.ZERO;
        BigDecimal output = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;

        void add(BigDecimal eventCost, Usage u) {
            events++;
            input = input.add(BigDecimal.valueOf(u.inputTokens()));
            output = output.add(BigDecimal.valueOf(u.outputTokens()));
            if (eventCost == null) {
                unpriced++;
            } else {
                cost = cost.add(eventCost);
            }
        }
    }

    /**
     * Reads what the account has stored for some ids (for duplicates: the stored price).
     *
     * @param userId the account
     * @param ids event ids
     * @return stored rows by id
     */
    public List<StoredEvent> find(UUID userId, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.withHandle(h -> findIn(h, userId, ids));
        } catch (SQLException e) {
            throw new DatabaseException("cannot read events: " + e.getMessage(), e);
        }
    }

    private static List<StoredEvent> findIn(Handle h, UUID userId, java.util.Collection<UUID> ids) throws SQLException {
        {
            Array arr = h.getConnection().createArrayOf("uuid", ids.toArray(new UUID[0]));
            return h.createQuery("SELECT * FROM events WHERE user_id = :user_id AND id = ANY(:ids)")
                    .bind("user_id", userId)
                    .bind("ids", array(arr))
                    .map((rs, ctx) -> StoredEvent.from(rs))
                    .list();
        }
    }

    /** Binds a JDBC array as is (its element type travels with it). */
    static Argument array(Array value) {
        return (position, statement, ctx) -> statement.setArray(position, value);
    }

    static long micros(Instant at) {
        return TimeUnit.SECONDS.toMicros(at.getEpochSecond()) + at.getNano() / 1_000;
    }

    private static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
