-- toro schema, version 9, on PostgreSQL: whether each month's report came, and when, read from
-- an index (schemas/migrations/0009_report_status.sql on SQLite).
DROP INDEX report_period;
CREATE INDEX report_status ON report (venture, period, status, first_submitted_on);
