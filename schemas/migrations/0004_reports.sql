-- toro schema, version 4: monthly reports (PRODUCT.md §6, §12). A report is one venture's
-- figures for one month; every submission is kept as a revision, the latest is current.

CREATE TABLE report (
    venture            TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    period             TEXT NOT NULL,   -- YYYY-MM
    revision           INTEGER NOT NULL, -- the current revision
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
    first_submitted_on TEXT NOT NULL,   -- timeliness counts the first submission
    submitted_on       TEXT NOT NULL,   -- the current revision's
    note               TEXT,
    return_reason      TEXT,
    PRIMARY KEY (venture, period)
) STRICT;
CREATE INDEX report_period ON report (period);

-- The figures of the current revision, one row per indicator and per spending category.
CREATE TABLE report_value (
    venture   TEXT NOT NULL,
    period    TEXT NOT NULL,
    indicator TEXT NOT NULL REFERENCES indicator (code) ON UPDATE CASCADE,
    value     REAL NOT NULL CHECK (value >= 0),
    PRIMARY KEY (venture, period, indicator),
    FOREIGN KEY (venture, period) REFERENCES report (venture, period) ON UPDATE CASCADE ON DELETE CASCADE
) STRICT;

CREATE TABLE report_spending (
    venture  TEXT NOT NULL,
    period   TEXT NOT NULL,
    category TEXT NOT NULL,
    amount   INTEGER NOT NULL CHECK (amount >= 0),   -- grosze
    PRIMARY KEY (venture, period, category),
    FOREIGN KEY (venture, period) REFERENCES report (venture, period) ON UPDATE CASCADE ON DELETE CASCADE
) STRICT;

-- Every revision as it was submitted or reviewed: nothing is lost.
CREATE TABLE report_revision (
    venture      TEXT NOT NULL,
    period       TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    submitted_on TEXT NOT NULL,
    status       TEXT NOT NULL,
    "values"     TEXT NOT NULL,   -- JSON object indicator -> value
    spending     TEXT NOT NULL,   -- JSON object category -> amount in złoty
    note         TEXT,
    PRIMARY KEY (venture, period, revision)
) STRICT;
