-- LLMlab server schema. Money is NUMERIC without scale: stored exactly as priced.

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    email           text NOT NULL UNIQUE,          -- stored lower-cased
    password_hash   text NOT NULL,                 -- pbkdf2-sha256$iterations$salt$hash
    created_at      timestamptz NOT NULL,
    slack_webhook   text,
    discord_webhook text
);

-- LLMlab API keys: only a SHA-256 of the key is kept; the prefix is what lists show.
CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    prefix      text NOT NULL,
    key_hash    bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- Keys of the user's LLM providers (the seed's api_keys.encrypted_key): AES-GCM, key from the
-- environment, never returned in full.
CREATE TABLE provider_keys (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      text NOT NULL,
    encrypted_key bytea NOT NULL,
    key_hint      text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX provider_keys_user_idx ON provider_keys (user_id);

CREATE TABLE budgets (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    monthly_limit_usd   numeric NOT NULL CHECK (monthly_limit_usd > 0),
    alert_channel       text,
    alert_at_50_percent boolean NOT NULL,
    alert_at_80_percent boolean NOT NULL,
    created_at          timestamptz NOT NULL
);
CREATE INDEX budgets_user_idx ON budgets (user_id);

-- One row per usage event. The seed's separate `costs` table is folded in: an event has exactly
-- one current price, kept beside the token counts it was computed from so it can be re-priced.
CREATE TABLE events (
    user_id               uuid NOT NULL,
    id                    uuid NOT NULL,            -- the client's event id: idempotency key
    provider              text NOT NULL,
    model                 text NOT NULL,
    input_tokens          bigint NOT NULL,
    cache_read_tokens     bigint NOT NULL,
    cache_write_tokens    bigint NOT NULL,
    cache_write_1h_tokens bigint NOT NULL,
    output_tokens         bigint NOT NULL,
    reasoning_tokens      bigint,                   -- null: the provider did not say
    input_audio_tokens    bigint NOT NULL,
    output_audio_tokens   bigint NOT NULL,
    web_search_requests   bigint NOT NULL,
    cost_usd              numeric,                  -- null: unpriced (never 0 for unknown)
    input_cost_usd        numeric,
    cache_read_cost_usd   numeric,
    cache_write_cost_usd  numeric,
    output_cost_usd       numeric,
    web_search_cost_usd   numeric,
    priced_as             text,
    price_id              text,
    unpriced_reason       text,
    duration_ms           double precision,
    tags                  jsonb NOT NULL,
    occurred_at           timestamptz NOT NULL,
    received_at           timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    CHECK ((cost_usd IS NULL) = (unpriced_reason IS NOT NULL))
);
-- Re-pricing selects by time; BRIN costs next to nothing on insert for append-mostly data.
CREATE INDEX events_occurred_brin ON events USING brin (occurred_at);

-- Period totals in 15-minute UTC buckets: every time zone's day starts on a quarter hour, so any
-- zone's day, week or month is an exact sum of buckets; a summary never reads the events.
CREATE TABLE usage_totals (
    user_id          uuid NOT NULL,
    bucket           timestamptz NOT NULL,
    provider         text NOT NULL,
    model            text NOT NULL,
    events           bigint NOT NULL,
    unpriced_events  bigint NOT NULL,
    cost_usd         numeric NOT NULL,               -- sum over the priced events only
    input_tokens     bigint NOT NULL,
    output_tokens    bigint NOT NULL,
    PRIMARY KEY (user_id, bucket, provider, model)
);

-- The same totals by tag, for group_by=tag:<key>.
CREATE TABLE tag_totals (
    user_id          uuid NOT NULL,
    tag_key          text NOT NULL,
    bucket           timestamptz NOT NULL,
    tag_value        text NOT NULL,
    events           bigint NOT NULL,
    unpriced_events  bigint NOT NULL,
    cost_usd         numeric NOT NULL,
    PRIMARY KEY (user_id, tag_key, bucket, tag_value)
);

-- What each applied re-pricing changed, for audit.
CREATE TABLE reprice_runs (
    id              uuid PRIMARY KEY,
    applied_at      timestamptz NOT NULL,
    range_from      timestamptz NOT NULL,
    range_to        timestamptz NOT NULL,
    events_changed  bigint NOT NULL,
    cost_before_usd numeric NOT NULL,
    cost_after_usd  numeric NOT NULL
);
