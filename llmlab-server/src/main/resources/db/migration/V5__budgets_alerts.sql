-- Budgets that warn: a budget gains its name, period, time zone, thresholds, scope, channels and
-- mode; spend is accounted per budget and period in the transaction that stores the events, and an
-- alert (with one delivery row per channel: the outbox) is created in that same transaction.

ALTER TABLE budgets
    ADD COLUMN name       text    NOT NULL DEFAULT 'budget',
    ADD COLUMN period     text    NOT NULL DEFAULT 'month' CHECK (period IN ('day', 'week', 'month')),
    ADD COLUMN time_zone  text    NOT NULL DEFAULT 'UTC',
    ADD COLUMN thresholds integer[] NOT NULL DEFAULT ARRAY[50, 80, 100],
    ADD COLUMN scope      jsonb   NOT NULL DEFAULT '{}'::jsonb,    -- {"tags":{…},"provider","model","api_key_id"}
    ADD COLUMN channels   jsonb   NOT NULL DEFAULT '[]'::jsonb,    -- as sent; never returned or logged in full
    ADD COLUMN mode       text    NOT NULL DEFAULT 'alert' CHECK (mode IN ('alert', 'hard')),
    ADD COLUMN updated_at timestamptz;

-- The API key that ingested an event, for budgets scoped to one key (null for events stored earlier).
ALTER TABLE events ADD COLUMN api_key_id uuid;

-- What each budget has spent in each of its periods: moved by ingest (and re-pricing) in the
-- transaction that stores the events, so a threshold crossing is decided under this row's lock.
CREATE TABLE budget_spend (
    budget_id    uuid        NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    spent_usd    numeric     NOT NULL,
    events       bigint      NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (budget_id, period_start)
);

-- One row per alert; dedupe_key makes each kind fire at most once per budget and period (or hour):
-- threshold:<percent>:<period_start>, forecast:<period_start>, spike:<hour_start>.
CREATE TABLE alerts (
    id                uuid        PRIMARY KEY,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    budget_id         uuid        NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    type              text        NOT NULL CHECK (type IN ('budget.threshold_crossed', 'budget.forecast_overrun',
                                                           'budget.spend_spike')),
    threshold_percent integer,
    period_start      timestamptz NOT NULL,
    period_end        timestamptz NOT NULL,
    dedupe_key        text        NOT NULL,
    spent_usd         numeric     NOT NULL,
    limit_usd         numeric     NOT NULL,
    forecast_usd      numeric,
    payload           jsonb       NOT NULL,                        -- the webhook body, fixed at creation
    created_at        timestamptz NOT NULL,
    UNIQUE (budget_id, dedupe_key),
    CHECK ((type = 'budget.threshold_crossed') = (threshold_percent IS NOT NULL))
);
CREATE INDEX alerts_user_created_idx ON alerts (user_id, created_at DESC, id);

-- The outbox: one delivery per alert and channel, inserted with the alert.
CREATE TABLE alert_deliveries (
    id              uuid        PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_index   integer     NOT NULL,
    channel_type    text        NOT NULL CHECK (channel_type IN ('slack', 'discord', 'email', 'webhook')),
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (alert_id, channel_index)
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- Every attempt of every delivery, for GET /api/alerts and for an operator.
CREATE TABLE alert_attempts (
    delivery_id  uuid        NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
    http_status  integer,
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);
