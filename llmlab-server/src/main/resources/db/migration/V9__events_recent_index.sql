-- GET /api/events lists an account's events newest first, a page at a time from a cursor
-- (occurred_at, id): this index answers each page by seeking to the cursor and reading one page.
CREATE INDEX events_user_recent_idx ON events (user_id, occurred_at DESC, id DESC);
