package dev.llmlab.core.usage;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.spi.Usage;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * One usage record as {@link UsageRecords} read it: the normalized {@link Usage}, the instant that
 * selects the price in force, and what an event adds to it — the client's id, the call's duration
 * and its tags. Immutable and thread-safe.
 */
public final class UsageRecord {
    private final UUID id;
    private final Usage usage;
    private final Instant timestamp;
    private final double durationMs; // NaN: not given
    private final Map<String, String> tags;

    UsageRecord(UUID id, Usage usage, Instant timestamp, double durationMs, Map<String, String> tags) {
        this.id = id;
        this.usage = Objects.requireNonNull(usage, "usage");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.durationMs = durationMs;
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    /** @return the record's {@code id}, a canonical UUID; empty when the record has none */
    public Optional<UUID> id() {
        return Optional.ofNullable(id);
    }

    /** @return the normalized usage: provider, model and counts */
    public Usage usage() {
        return usage;
    }

    /** @return the record's {@code timestamp}, or the instant it was read at when it has none */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the call's duration in milliseconds ({@code duration_ms}); empty when not given */
    public OptionalDouble durationMs() {
        return Double.isNaN(durationMs) ? OptionalDouble.empty() : OptionalDouble.of(durationMs);
    }

    /** @return the tags, unmodifiable, in the record's order; empty when none */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return the tags as a compact JSON object, in the record's order ({@code {}} when none) */
    public String tagsJson() {
        if (tags.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(16 + tags.size() * 32);
        Json.quoteAll(sb, tags);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UsageRecord)) {
            return false;
        }
        UsageRecord r = (UsageRecord) o;
        return Objects.equals(id, r.id) && usage.equals(r.usage) && timestamp.equals(r.timestamp)
                && Double.compare(durationMs, r.durationMs) == 0 && tags.equals(r.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, usage, timestamp, durationMs, tags);
    }

    @Override
    public String toString() {
        return "UsageRecord{id=" + id + ", usage=" + usage + ", timestamp=" + timestamp + ", duration_ms="
                + (Double.isNaN(durationMs) ? "none" : durationMs) + ", tags=" + tags + '}';
    }
}
