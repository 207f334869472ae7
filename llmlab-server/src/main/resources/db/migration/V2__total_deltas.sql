-- Ingest no longer upserts the shared total rows (every concurrent batch of an account hit the same
-- rows and queued on their locks until commit). It appends per-batch deltas here instead; a
-- background compactor folds them into usage_totals / tag_totals every second, and summaries read
-- totals + deltas in one statement, so they are exact at any moment.
CREATE TABLE usage_deltas (
    user_id          uuid NOT NULL,
    bucket           timestamptz NOT NULL,
    provider         text NOT NULL,
    model            text NOT NULL,
    events           bigint NOT NULL,
    unpriced_events  bigint NOT NULL,
    cost_usd         numeric NOT NULL,
    input_tokens     bigint NOT NULL,
    output_tokens    bigint NOT NULL
);
CREATE INDEX usage_deltas_user_idx ON usage_deltas (user_id, bucket);

CREATE TABLE tag_deltas (
    user_id          uuid NOT NULL,
    tag_key          text NOT NULL,
    bucket           timestamptz NOT NULL,
    tag_value        text NOT NULL,
    events           bigint NOT NULL,
    unpriced_events  bigint NOT NULL,
    cost_usd         numeric NOT NULL
);
CREATE INDEX tag_deltas_user_idx ON tag_deltas (user_id, tag_key, bucket);
