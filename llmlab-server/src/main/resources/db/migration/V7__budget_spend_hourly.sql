-- What each budget has spent in each UTC hour, for the spend-spike alert: moved by ingest (and
-- re-pricing) in the same statement as budget_spend, so the current hour's row is moved under its
-- lock and a spike is decided by exactly one transaction. Only the current hour and the 24 before
-- it are ever read; older rows are deleted by the periodic prune (HourlySpendPruner).
CREATE TABLE budget_spend_hourly (
    budget_id  uuid        NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    hour_start timestamptz NOT NULL,
    spent_usd  numeric     NOT NULL,
    PRIMARY KEY (budget_id, hour_start)
);
CREATE INDEX budget_spend_hourly_hour_idx ON budget_spend_hourly (hour_start);

-- A counter of every change to an account's budgets (create, edit, delete, by any writer), so
-- ingest can keep the account's budgets parsed in memory and learn whether they are still current
-- from a value its insert statement already returns, instead of reading the budgets on every batch.
ALTER TABLE users ADD COLUMN budgets_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION budgets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE users SET budgets_version = budgets_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        UPDATE users SET budgets_version = budgets_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER budgets_version_bump
    AFTER INSERT OR UPDATE OR DELETE ON budgets
    FOR EACH ROW EXECUTE FUNCTION budgets_changed();
