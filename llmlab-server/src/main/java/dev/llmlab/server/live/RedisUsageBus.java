package dev.llmlab.server.live;

import dev.llmlab.server.redis.Redis;
import dev.llmlab.server.summary.SummaryCache;

/**
 * Live updates over Redis pub/sub ({@code REDIS_URL}): after an ingest commits, the account's
 * summary cache version is incremented (so no summary cached before the commit is served again)
 * and the notice is published; every instance is subscribed and hands the notices to its streams.
 *
 * <p>While Redis cannot be reached, the notice goes to this instance's streams directly: a browser
 * connected to the instance that ingested still updates, one connected elsewhere updates when
 * Redis is back (its stream is then told to refetch).
 */
final class RedisUsageBus implements UsageBus {
    private static final System.Logger LOG = System.getLogger(RedisUsageBus.class.getName());
    private final Redis redis;
    private final LiveStreams streams;

    /**
     * @param redis the instance's Redis connections, subscribed to the notices' channel
     * @param streams this instance's streams
     */
    RedisUsageBus(Redis redis, LiveStreams streams) {
        this.redis = redis;
        this.streams = streams;
        redis.listen(this::dispatch, streams::resync);
    }

    @Override
    public void committed(UsageNotice notice) {
        // first the cache (a client refetching on the notice must not get a summary from before it)
        SummaryCache.invalidate(redis, notice.userId());
        if (!redis.publish(notice.payload())) {
            streams.deliver(notice);
        }
    }

    private void dispatch(String payload) {
        try {
            streams.deliver(UsageNotice.parse(payload));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "live updates: ignored a message on Redis: " + e.getMessage());
        }
    }
}
