package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.json.JsonObjectText;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One tracked LLM call as the sinks receive it: an id, when it started, how long it took, its
 * tags, its normalized usage (absent when the call failed or its usage could not be read) and its
 * exact cost (absent when unpriced, with the reason). Immutable and thread-safe.
 *
 * <p>{@link #toJson()} writes the usage record that {@code llmlab cost} reads (and
 * {@link dev.llmlab.core.usage.UsageRecords#parse} reads back), through the one usage-record
 * writer, plus
 * {@code id}, {@code timestamp}, {@code duration_ms}, {@code tags}, {@code status} and the
 * client-side pricing ({@code cost_usd} as an exact decimal string or null, {@code priced_as},
 * {@code price_id}, {@code unpriced_reason}, {@code error}).
 */
public final class TrackedEvent {
    private final UUID id;
    private final long timestampMillis;
    private final String provider;
    private final String model;
    private final Usage usage;
    private final BigDecimal costUsd;
    private final String pricedAs;
    private final String priceId;
    private final String unpricedReason;
    private final long durationNanos;
    private final Map<String, String> tags;
    private final EventStatus status;
    private final String error;

    private TrackedEvent(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.timestampMillis = b.timestampMillis;
        this.usage = b.usage;
        this.provider = b.usage != null ? b.usage.provider() : b.provider;
        this.model = b.usage != null && b.usage.model() != null ? b.usage.model() : b.model;
        this.costUsd = b.costUsd;
        this.pricedAs = b.pricedAs;
        this.priceId = b.priceId;
        this.unpricedReason = b.unpricedReason;
        this.durationNanos = b.durationNanos;
        this.tags = b.tags;
        this.status = Objects.requireNonNull(b.status, "status");
        this.error = b.error;
    }

    /**
     * @param id the event id; not null
     * @param timestamp when the call started; not null
     * @return a builder for an event with status {@link EventStatus#OK}
     */
    public static Builder builder(UUID id, Instant timestamp) {
        return new Builder(id, timestamp.toEpochMilli());
    }

    /** @return the event id, unique; re-sends of one event carry the same id */
    public UUID id() {
        return id;
    }

    /** @return when the call started (it selects the price in force) */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** @return {@link #timestamp()} in epoch milliseconds */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** @return the provider, or null when it was neither named nor detected */
    public String provider() {
        return provider;
    }

    /** @return the model, or null when unknown */
    public String model() {
        return model;
    }

    /** @return the usage, or null when the call failed or its usage could not be read */
    public Usage usage() {
        return usage;
    }

    /** @return the exact cost in US dollars, or null when there is no usage or it is unpriced */
    public BigDecimal costUsd() {
        return costUsd;
    }

    /** @return true when a cost was computed */
    public boolean isPriced() {
        return costUsd != null;
    }

    /** @return the catalog model the usage was priced as, or null */
    public String pricedAs() {
        return pricedAs;
    }

    /** @return the exact price used ({@code provider/model@date}), or null */
    public String priceId() {
        return priceId;
    }

    /** @return why usage could not be priced, or null */
    public String unpricedReason() {
        return unpricedReason;
    }

    /** @return the call's duration in nanoseconds */
    public long durationNanos() {
        return durationNanos;
    }

    /** @return the call's duration in whole milliseconds */
    public long durationMillis() {
        return durationNanos / 1_000_000L;
    }

    /** @return the tags, unmodifiable, in the order given */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return how the call ended */
    public EventStatus status() {
        return status;
    }

    /** @return true when the status is not {@link EventStatus#OK} */
    public boolean isError() {
        return status != EventStatus.OK;
    }

    /** @return what went wrong (the exception's type and message), or null */
    public String error() {
        return error;
    }

    /** @return the event as one line of compact JSON (no newline) */
    public String toJson() {
        StringBuilder sb = new StringBuilder(512);
        writeJson(sb);
        return sb.toString();
    }

    /**
     * Appends the event as compact JSON.
     *
     * @param sb where to append; not null
     */
    public void writeJson(StringBuilder sb) {
        writeJson(sb, true);
    }

    /**
     * @return the event as the server's ingest expects it ({@code POST /api/events/track}): the
     *     usage record of {@code llmlab cost} plus {@code id}, {@code timestamp}, {@code duration_ms} and
     *     {@code tags}, without the client-side pricing (the server prices every event itself);
     *     {@code reasoning_tokens} only when known, {@code error} only for a failed call
     */
    public String toIngestJson() {
        StringBuilder sb = new StringBuilder(384);
        writeJson(sb, false);
        return sb.toString();
    }

    private void writeJson(StringBuilder sb, boolean full) {
        JsonObjectText out = new JsonObjectText(sb);
        out.string(UsageRecords.ID, id.toString());
        out.string(UsageRecords.TIMESTAMP, timestamp().toString());
        // The event's own provider and model: a usage without a model (Cohere) gets the call's.
        out.string(UsageRecords.PROVIDER, provider);
        out.string(UsageRecords.MODEL, model);
        if (usage != null) {
            UsageRecords.writeCounts(usage, out, full);
        }
        out.number(UsageRecords.DURATION_MS, durationMillis());
        out.strings(UsageRecords.TAGS, tags);
        if (full) {
            out.string("status", status.json());
            out.string("cost_usd", costUsd == null ? null : Amounts.plain(costUsd));
            if (pricedAs != null) {
                out.string("priced_as", pricedAs);
                out.string("price_id", priceId);
            }
            if (unpricedReason != null) {
                out.string("unpriced_reason", unpricedReason);
            }
        }
        if (error != null) {
            out.string("error", error);
        }
        out.end();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedEvent && ((TrackedEvent) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "TrackedEvent" + toJson();
    }

    /** Builds a {@link TrackedEvent}; not thread-safe. */
    public static final class Builder {
        private final UUID id;
        private final long timestampMillis;
        private String provider;
        private String model;
        private Usage usage;
        private BigDecimal costUsd;
        private String pricedAs;
        private String priceId;
        private String unpricedReason;
        private long durationNanos;
        private Map<String, String> tags = Map.of();
        private EventStatus status = EventStatus.OK;
        private String error;

        private Builder(UUID id, long timestampMillis) {
            this.id = Objects.requireNonNull(id, "id");
            this.timestampMillis = timestampMillis;
        }

        /** @param value the provider, used when there is no usage @return this builder */
        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        /** @param value the model, used when the usage names none @return this builder */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** @param value the usage, or null @return this builder */
        public Builder usage(Usage value) {
            this.usage = value;
            return this;
        }

        /**
         * Takes the cost, priced-as and price id, or the unpriced reason, from a pricing result.
         *
         * @param result the pricing result; not null
         * @return this builder
         */
        public Builder cost(CostResult result) {
            if (result.isPriced()) {
                this.costUsd = result.cost().total();
                this.pricedAs = result.pricedAs();
                this.priceId = result.priceId();
                this.unpricedReason = null;
            } else {
                this.costUsd = null;
                this.unpricedReason = result.unpricedReason();
            }
            return this;
        }

        /** @param value the exact cost in USD, or null @return this builder */
        public Builder costUsd(BigDecimal value) {
            this.costUsd = value;
            return this;
        }

        /** @param value why the usage is unpriced, or null @return this builder */
        public Builder unpricedReason(String value) {
            this.unpricedReason = value;
            return this;
        }

        /** @param nanos the call's duration @return this builder */
        public Builder durationNanos(long nanos) {
            this.durationNanos = Math.max(0, nanos);
            return this;
        }

        /** @param value the tags; not null @return this builder */
        public Builder tags(Map<String, String> value) {
            this.tags = value.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(value));
            return this;
        }

        /**
         * @param value how the call ended; not null
         * @param message what went wrong, or null
         * @return this builder
         */
        public Builder status(EventStatus value, String message) {
            this.status = Objects.requireNonNull(value, "status");
            this.error = message;
            return this;
        }

        /** @return the event */
        public TrackedEvent build() {
            return new TrackedEvent(this);
        }
    }
}
