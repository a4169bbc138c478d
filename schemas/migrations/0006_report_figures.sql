-- toro schema, version 6: a report's figures live in its own row (PRODUCT.md §6, §11).
-- A monthly report is written and read whole, so its figures are kept with it, as the
-- revisions in report_revision always were: `figures` maps indicator -> value and `spending`
-- maps budget category -> amount in grosze, each a JSON object with its keys in order.
-- A report is one row to write instead of one per figure, which is what lets a batch of a
-- million figures be imported at close to the speed of a bare table.
-- report_value and report_spending stay as views with the columns they had as tables, so
-- queries written against them keep working.

-- The table is rebuilt rather than altered, so that its status check is written as plain
-- comparisons: SQLite evaluates `IN (...)` in a CHECK by building a small temporary index on
-- every insert.
CREATE TEMP TABLE report_v5 AS
SELECT r.venture, r.period, r.revision, r.status, r.first_submitted_on, r.submitted_on, r.note, r.return_reason,
    -- A value is written as SQLite writes a REAL in JSON (15 significant digits) unless that
    -- would change it; then with the 17 digits that keep every bit.
    coalesce((
        SELECT json_group_object(indicator, json(CASE
                   WHEN CAST(printf('%!.15g', value) AS REAL) = value THEN printf('%!.15g', value)
                   ELSE printf('%!.17g', value) END))
        FROM (SELECT indicator, value FROM report_value v
              WHERE v.venture = r.venture AND v.period = r.period ORDER BY indicator)), '{}') AS figures,
    coalesce((
        SELECT json_group_object(category, amount)
        FROM (SELECT category, amount FROM report_spending s
              WHERE s.venture = r.venture AND s.period = r.period ORDER BY category)), '{}') AS spending
FROM report r;

DROP TABLE report_value;
DROP TABLE report_spending;
DROP TABLE report;

CREATE TABLE report (
    venture            TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    period             TEXT NOT NULL,   -- YYYY-MM
    revision           INTEGER NOT NULL, -- the current revision
    status             TEXT NOT NULL CHECK (status = 'submitted' OR status = 'accepted' OR status = 'returned'),
    first_submitted_on TEXT NOT NULL,   -- timeliness counts the first submission
    submitted_on       TEXT NOT NULL,   -- the current revision's
    note               TEXT,
    return_reason      TEXT,
    figures            TEXT NOT NULL DEFAULT '{}' CHECK (json_type(figures) = 'object'),   -- indicator -> value
    spending           TEXT NOT NULL DEFAULT '{}' CHECK (json_type(spending) = 'object'),  -- category -> grosze
    PRIMARY KEY (venture, period)
) STRICT;
CREATE INDEX report_period ON report (period);
INSERT INTO report SELECT * FROM report_v5;
DROP TABLE report_v5;

CREATE VIEW report_value (venture, period, indicator, value) AS
    SELECT r.venture, r.period, f.key, f.value FROM report r, json_each(r.figures) f;

CREATE VIEW report_spending (venture, period, category, amount) AS
    SELECT r.venture, r.period, s.key, s.value FROM report r, json_each(r.spending) s;
