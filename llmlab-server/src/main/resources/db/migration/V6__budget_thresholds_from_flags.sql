-- Budgets made with the seed's flags before thresholds existed alert where their flags said:
-- 50 and 80 only when set, 100 always.
UPDATE budgets
SET thresholds = array_remove(array_remove(ARRAY[50, 80, 100],
                     CASE WHEN alert_at_50_percent THEN NULL ELSE 50 END),
                     CASE WHEN alert_at_80_percent THEN NULL ELSE 80 END)
WHERE updated_at IS NULL;
