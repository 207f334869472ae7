-- Token sums in the totals cannot overflow. One event carries at most 10^12 tokens per field, but
-- any number of events may fall into one 15-minute bucket, so a bigint sum (at most 9.2 * 10^18)
-- is reachable with about nine million large events: the columns become numeric (exact, no upper
-- bound worth naming). The event counts stay bigint: they grow by one per stored event, and 2^63
-- events are far beyond what the events table can hold (32 TB at ~200 bytes a row is ~1.6 * 10^11
-- rows), so they cannot overflow for rows that ingest or re-pricing wrote. Summaries read the
-- counts and the cost, never the token sums, so their speed does not change.
ALTER TABLE usage_totals
    ALTER COLUMN input_tokens TYPE numeric,
    ALTER COLUMN output_tokens TYPE numeric;
ALTER TABLE usage_deltas
    ALTER COLUMN input_tokens TYPE numeric,
    ALTER COLUMN output_tokens TYPE numeric;

-- A delta row that cannot be folded into its total (a value no valid ingest writes, e.g. one put
-- there by hand) is held back instead of stopping the fold for every account: the compactor sets
-- held_at and leaves the row where it is, so summaries still count it. Clearing held_at (after
-- correcting the row) lets the compactor try it again.
ALTER TABLE usage_deltas ADD COLUMN held_at timestamptz;
ALTER TABLE tag_deltas ADD COLUMN held_at timestamptz;
