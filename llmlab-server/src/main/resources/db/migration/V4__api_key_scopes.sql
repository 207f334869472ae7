-- What each API key may do: 'ingest' (send events), 'read' (summaries, events, lists) and
-- 'manage' (create and revoke keys, budgets, provider keys). Keys made before scopes existed could
-- ingest and read, which is what they keep; signup's first key gets the same.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['ingest', 'read']::text[];
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_known
    CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['ingest', 'read', 'manage']::text[]);

