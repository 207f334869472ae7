package dev.llmlab.server;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** JSON of test events. */
public final class Events {
    private Events() {
    }

    /** @return one event's JSON */
    public static String event(UUID id, String provider, String model, long input, long cacheRead, long output,
            String timestamp, String tagsJson) {
        return "{\"id\":\"" + id + "\",\"provider\":\"" + provider + "\",\"model\":\"" + model
                + "\",\"input_tokens\":" + input + ",\"cache_read_tokens\":" + cacheRead + ",\"output_tokens\":" + output
                + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
                + (tagsJson == null ? "" : ",\"tags\":" + tagsJson) + ",\"duration_ms\":120}";
    }

    /** @return a batch body */
    public static String batch(List<String> events) {
        return events.stream().collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }

    /** @return events stored for an account */
    public static long count(UUID userId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM events WHERE user_id = :u")
                .bind("u", userId).mapTo(Long.class).one());
    }

    /** @return events counted in the period totals of an account */
    public static long totalsCount(UUID userId) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(
                "SELECT (SELECT coalesce(sum(events), 0) FROM usage_totals WHERE user_id = :u)"
                + " + (SELECT coalesce(sum(events), 0) FROM usage_deltas WHERE user_id = :u)")
                .bind("u", userId).mapTo(Long.class).one());
    }
}
