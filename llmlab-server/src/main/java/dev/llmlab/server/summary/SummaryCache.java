package dev.llmlab.server.summary;

import dev.llmlab.server.redis.Redis;
import dev.llmlab.server.redis.RedisConnections;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Keeps summary answers in Redis for {@link #TTL}, when {@code REDIS_URL} is set, so that
 * dashboards refetching on every live update (several tabs, several people of one account) cost
 * one summary per account and parameters per two seconds.
 *
 * <p><b>Never stale after an ingest.</b> The key holds the account's version, a Redis counter
 * ({@code llmlab:summary-version:<user id>}) that the ingest increments once its transaction has
 * committed and before it answers; a summary cached before is never read again, even one computed
 * from the database before the commit and stored after it (it went under the old version). What
 * else a summary shows (the budget, which days are past) may be up to {@link #TTL} old.
 *
 * <p>Without Redis, or while it cannot be reached, every summary is computed (see {@link Redis}).
 */
@Singleton
public final class SummaryCache {
    /** How long a cached summary lives. */
    public static final Duration TTL = Duration.ofSeconds(2);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final RedisConnections connections;

    /** @param connections the instance's Redis connections, if any */
    public SummaryCache(RedisConnections connections) {
        this.connections = connections;
    }

    /**
     * @param userId the account
     * @param request the summary's parameters
     * @param compute the answer's JSON, computed when it is not cached
     * @return the answer's JSON, cached or computed
     */
    public byte[] get(UUID userId, SummaryRequest request, Supplier<byte[]> compute) {
        Optional<Redis> r = connections.redis();
        if (r.isEmpty() || !r.get().available()) {
            return compute.get();
        }
        Redis redis = r.get();
        String version = redis.get(versionKey(userId));
        if (!redis.available()) {
            return compute.get();
        }
        Period p = request.period();
        String key = "llmlab:summary:" + userId + ":" + (version == null ? "0" : version) + ":" + p.name() + ":"
                + ISO.format(p.from()) + ":" + ISO.format(p.to()) + ":" + p.zone().getId() + ":"
                + (request.tagKey() == null ? "" : "tag:" + request.tagKey());
        String cached = redis.get(key);
        if (cached != null) {
            return cached.getBytes(StandardCharsets.UTF_8);
        }
        byte[] answer = compute.get();
        redis.set(key, new String(answer, StandardCharsets.UTF_8), TTL);
        return answer;
    }

    /**
     * Makes every summary the account has cached unreachable; called after an ingest commits.
     *
     * @param redis the Redis connections
     * @param userId the account
     */
    public static void invalidate(Redis redis, UUID userId) {
        redis.incr(versionKey(userId));
    }

    private static String versionKey(UUID userId) {
        return "llmlab:summary-version:" + userId;
    }
}
