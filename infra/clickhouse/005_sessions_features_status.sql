-- What became of each connection's features and getStats time series (SessionRecord.featuresStatus/featuresReason):
--   features_status  ok | truncated | skipped | failed; '' for rows written before the enricher reported it
--   features_reason  the budget or failure, e.g. stats-ids-over-budget, dump-over-budget, extraction-failed; '' when ok
-- The dump is written whatever the status. Budgets and reasons: the README's enricher limits table.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS features_status LowCardinality(String) DEFAULT '';
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS features_reason LowCardinality(String) DEFAULT '';
