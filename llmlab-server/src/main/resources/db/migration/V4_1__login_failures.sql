-- Failed logins, counted per account and per client address so that every instance sharing this
-- database throttles the same attempts. A row is keyed by a SHA-256 (of the lower-cased email, or
-- of the address or IPv6 /64 network), so unknown emails are tracked exactly like real ones and no
-- email or address is kept in the clear. Rows idle for longer than the window are deleted.
CREATE TABLE login_failures (
    kind            text NOT NULL CHECK (kind IN ('account', 'address')),
    subject         bytea NOT NULL,
    failures        integer NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz,            -- null: the next attempt need not wait
    PRIMARY KEY (kind, subject)
);
CREATE INDEX login_failures_last_idx ON login_failures (last_failure_at);
