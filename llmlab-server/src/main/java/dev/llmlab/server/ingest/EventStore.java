package dev.llmlab.server.ingest;

import dev.llmlab.server.budget.BudgetSpend;
import dev.llmlab.server.budget.Spend;
import dev.llmlab.server.db.Columns;
import dev.llmlab.server.db.SqlTypes;
import dev.llmlab.server.live.UsageBus;
import dev.llmlab.server.live.UsageNotice;
import dev.llmlab.spi.Usage;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

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
 *
 * <p>Last in the same transaction, {@link BudgetSpend} adds the new priced events to the spend of
 * the account's budgets and creates the alerts that spend crosses (see there why exactly once). The
 * insert also returns the account's {@code budgets_version}, so the budgets are read again only
 * when they changed. The {@link UsageBus} is told what was stored, inside the transaction and again
 * once it committed, so that the account's live streams on every instance hear of it (never of a
 * batch that rolled back).
 */
@Singleton
public final class EventStore {
    static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(:ids, :providers, :models, :input, :cache_read, :cache_write, :cache_write_1h,
                                     :output, :reasoning, :input_audio, :output_audio, :web_search,
                                     :cost, :cost_input, :cost_cache_read, :cost_cache_write, :cost_output,
                                     :cost_web_search, :priced_as, :price_id, :unpriced_reason, :duration,
                                     :tags, :occurred_us, :service_tier, :inference_geo)
                    AS t(id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                         cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                         output_audio_tokens, web_search_requests, cost_usd, input_cost_usd, cache_read_cost_usd,
                         cache_write_cost_usd, output_cost_usd, web_search_cost_usd, priced_as, price_id,
                         unpriced_reason, duration_ms, tags, occurred_us, service_tier, inference_geo)
            ), ins AS (
                INSERT INTO events (user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                                    cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens,
                                    output_audio_tokens, web_search_requests, cost_usd, input_cost_usd,
                                    cache_read_cost_usd, cache_write_cost_usd, output_cost_usd, web_search_cost_usd,
                                    priced_as, price_id, unpriced_reason, duration_ms, tags, occurred_at, received_at,
                                    api_key_id, service_tier, inference_geo)
                SELECT :user_id, id, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
                       cache_write_1h_tokens, output_tokens, reasoning_tokens, input_audio_tokens, output_audio_tokens,
                       web_search_requests, cost_usd, input_cost_usd, cache_read_cost_usd, cache_write_cost_usd,
                       output_cost_usd, web_search_cost_usd, priced_as, price_id, unpriced_reason, duration_ms,
                       tags::jsonb, timestamptz 'epoch' + occurred_us * interval '1 microsecond', now(),
                       CAST(:api_key_id AS uuid), service_tier, inference_geo
                FROM input ORDER BY id
                ON CONFLICT (user_id, id) DO NOTHING
                RETURNING id
            )
            SELECT id, (SELECT budgets_version FROM users WHERE id = :user_id) AS budgets_version FROM ins
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

    /** The events' columns, as {@link #INSERT} unnests them. */
    private static final Columns<PricedEvent> EVENTS = Columns.<PricedEvent>of()
            .with("ids", UUID.class, p -> p.event().id())
            .with("providers", String.class, p -> p.event().usage().provider())
            .with("models", String.class, p -> p.event().usage().model())
            .with("input", Long.class, p -> p.event().usage().inputTokens())
            .with("cache_read", Long.class, p -> p.event().usage().cacheReadTokens())
            .with("cache_write", Long.class, p -> p.event().usage().cacheWriteTokens())
            .with("cache_write_1h", Long.class, p -> p.event().usage().cacheWrite1hTokens())
            .with("output", Long.class, p -> p.event().usage().outputTokens())
            .with("reasoning", Long.class, p -> reasoning(p.event().usage()))
            .with("input_audio", Long.class, p -> p.event().usage().inputAudioTokens())
            .with("output_audio", Long.class, p -> p.event().usage().outputAudioTokens())
            .with("web_search", Long.class, p -> p.event().usage().webSearchRequests())
            .with(PricedEvent::result, PriceColumns.COLUMNS)
            .with("duration", Double.class, p -> p.event().durationMs())
            .with("tags", String.class, p -> p.event().tagsJson())
            .with("occurred_us", Long.class, p -> micros(p.event().occurredAt()))
            .with("service_tier", String.class, p -> p.event().usage().serviceTier().wireName())
            .with("inference_geo", String.class, p -> p.event().usage().inferenceGeo());

    /** The delta rows of {@code usage_deltas}, as {@link #INSERT_DELTAS} unnests them. */
    private static final Columns<Map.Entry<UsageKey, Totals>> USAGE_DELTAS = Columns.<Map.Entry<UsageKey, Totals>>of()
            .with("u_bucket", Long.class, e -> e.getKey().bucket())
            .with("u_provider", String.class, e -> e.getKey().provider())
            .with("u_model", String.class, e -> e.getKey().model())
            .with("u_events", Long.class, e -> e.getValue().events)
            .with("u_unpriced", Long.class, e -> e.getValue().unpriced)
            .with("u_cost", BigDecimal.class, e -> e.getValue().cost)
            .with("u_input", BigDecimal.class, e -> e.getValue().input)
            .with("u_output", BigDecimal.class, e -> e.getValue().output);

    /** The delta rows of {@code tag_deltas}, as {@link #INSERT_DELTAS} unnests them. */
    private static final Columns<Map.Entry<TagKey, Totals>> TAG_DELTAS = Columns.<Map.Entry<TagKey, Totals>>of()
            .with("t_key", String.class, e -> e.getKey().key())
            .with("t_bucket", Long.class, e -> e.getKey().bucket())
            .with("t_value", String.class, e -> e.getKey().value())
            .with("t_events", Long.class, e -> e.getValue().events)
            .with("t_unpriced", Long.class, e -> e.getValue().unpriced)
            .with("t_cost", BigDecimal.class, e -> e.getValue().cost);

    private final Jdbi jdbi;
    private final BudgetSpend budgets;
    private final UsageBus live;
    private final Retry retry;

    /**
     * A store whose alerts link nowhere (for tools and tests without a server).
     *
     * @param jdbi the database; {@link SqlTypes} are installed on it
     */
    public EventStore(Jdbi jdbi) {
        this(jdbi, new BudgetSpend((String) null));
    }

    /**
     * A store that tells no live stream (for tools and tests without a server).
     *
     * @param jdbi the database; {@link SqlTypes} are installed on it
     * @param budgets counts stored events against budgets, in the same transaction
     */
    public EventStore(Jdbi jdbi, BudgetSpend budgets) {
        this(jdbi, budgets, UsageBus.NONE);
    }

    /**
     * @param jdbi the database; {@link SqlTypes} are installed on it
     * @param budgets counts stored events against budgets, in the same transaction
     * @param live tells the account's live streams, on every instance, what each committed batch stored
     */
    @Inject
    public EventStore(Jdbi jdbi, BudgetSpend budgets, UsageBus live) {
        this.jdbi = SqlTypes.installOn(jdbi);
        this.budgets = budgets;
        this.live = live;
        this.retry = Retry.of("event-insert", RetryConfig.custom()
                .maxAttempts(5)
                .waitDuration(Duration.ofMillis(20))
                .retryOnException(EventStore::isTransient)
                .build());
    }

    /**
     * Inserts the events that are new for the account and adds them to the totals, as sent without
     * an API key's id.
     *
     * @param userId the account; not null
     * @param events the priced events, distinct ids; not null
     * @return the ids actually inserted; the others were already stored (duplicates)
     */
    public Set<UUID> insert(UUID userId, List<PricedEvent> events) {
        return insert(userId, null, events);
    }

    /**
     * Inserts the events that are new for the account and adds them to the totals and to the spend
     * of the account's budgets.
     *
     * @param userId the account; not null
     * @param apiKeyId the API key that sent them, or null
     * @param events the priced events, distinct ids; not null
     * @return the ids actually inserted; the others were already stored (duplicates)
     */
    public Set<UUID> insert(UUID userId, UUID apiKeyId, List<PricedEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        List<PricedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(p -> p.event().id()));
        Stored stored = Retry.decorateSupplier(retry, () -> insertOnce(userId, apiKeyId, sorted)).get();
        if (stored.notice() != null) {
            live.committed(stored.notice());
        }
        return stored.inserted();
    }

    /** What one committed transaction stored: the new ids, and the live notice (null when none were new). */
    private record Stored(Set<UUID> inserted, UsageNotice notice) {
    }

    private Stored insertOnce(UUID userId, UUID apiKeyId, List<PricedEvent> sorted) {
        return jdbi.inTransaction(h -> insert(h, userId, apiKeyId, sorted));
    }

    private Stored insert(Handle h, UUID userId, UUID apiKeyId, List<PricedEvent> events) {
        Set<UUID> inserted = new HashSet<>();
        Long[] budgetsVersion = new Long[1];
        EVENTS.bind(h.createQuery(INSERT), events)
                .bind("user_id", userId)
                .bind("api_key_id", apiKeyId)
                .map((rs, ctx) -> {
                    budgetsVersion[0] = rs.getObject("budgets_version", Long.class);
                    return inserted.add(rs.getObject("id", UUID.class));
                })
                .list();
        if (inserted.isEmpty()) {
            return new Stored(inserted, null);
        }
        insertDeltas(h, userId, events, inserted);
        List<Spend> spends = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        for (PricedEvent p : events) {
            if (inserted.contains(p.event().id()) && p.result().isPriced()) {
                IncomingEvent e = p.event();
                spends.add(new Spend(e.occurredAt(), e.usage().provider(), e.usage().model(), e.tags(), apiKeyId,
                        p.result().cost().total()));
                cost = cost.add(p.result().cost().total());
            }
        }
        Instant now = Instant.now();
        budgets.count(h, userId, budgetsVersion[0], spends, now);
        UsageNotice notice = new UsageNotice(userId, inserted.size(), cost, now);
        live.stored(h, notice);
        return new Stored(inserted, notice);
    }

    /** The key of a {@code usage_deltas} row. */
    private record UsageKey(long bucket, String provider, String model) {
    }

    /** The key of a {@code tag_deltas} row. */
    private record TagKey(String key, long bucket, String value) {
    }

    /**
     * Adds the inserted events to the totals, as one delta row per (bucket, provider, model) and per
     * (tag, bucket, value), in the same transaction as the events. Aggregated here rather than in SQL:
     * expanding the tags in PostgreSQL cost as much as inserting the events.
     */
    private static void insertDeltas(Handle h, UUID userId, List<PricedEvent> events, Set<UUID> inserted) {
        Map<UsageKey, Totals> usage = new HashMap<>();
        Map<TagKey, Totals> tags = new HashMap<>();
        for (PricedEvent p : events) {
            if (!inserted.contains(p.event().id())) {
                continue;
            }
            long s = p.event().occurredAt().getEpochSecond();
            long bucket = s - Math.floorMod(s, BUCKET_SECONDS);
            Usage u = p.event().usage();
            BigDecimal cost = p.result().isPriced() ? p.result().cost().total() : null;
            usage.computeIfAbsent(new UsageKey(bucket, u.provider(), u.model()), k -> new Totals()).add(cost, u);
            for (Map.Entry<String, String> t : p.event().tags().entrySet()) {
                tags.computeIfAbsent(new TagKey(t.getKey(), bucket, t.getValue()), k -> new Totals()).add(cost, u);
            }
        }
        Update update = h.createUpdate(INSERT_DELTAS).bind("user_id", userId);
        USAGE_DELTAS.bind(update, new ArrayList<>(usage.entrySet()));
        TAG_DELTAS.bind(update, new ArrayList<>(tags.entrySet()));
        update.execute();
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
    public List<StoredEvent> find(UUID userId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE user_id = :user_id AND id = ANY(:ids)")
                .bind("user_id", userId)
                .bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> StoredEvent.from(rs))
                .list());
    }

    /** @return the reasoning tokens, or null when the client did not say */
    private static Long reasoning(Usage u) {
        return u.reasoningTokens().isPresent() ? u.reasoningTokens().getAsLong() : null;
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
