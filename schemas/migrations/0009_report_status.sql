-- toro schema, version 9: whether each month's report came, and when, read from an index
-- (PRODUCT.md §11: `report annual` and `evaluate ventures` within 1.5x of `report monthly`).
--
-- Every count of reports (monthly, annual, evaluate ventures, the completeness history) asks,
-- for each venture running in a window of months, which of its months have a received report
-- and when each was first submitted. With the status and first submission in the index beside
-- the key, a venture's months are one short range of this index, in month order, instead of a
-- lookup of the report's row (its figures with it) for each month.
--
-- Every query of reports now names the venture, so the index by month alone goes: an import
-- keeps up the same number of indexes as before.
DROP INDEX report_period;
CREATE INDEX report_status ON report (venture, period, status, first_submitted_on);
