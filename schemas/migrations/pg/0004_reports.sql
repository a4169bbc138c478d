-- toro schema, version 4, on PostgreSQL: monthly reports (PRODUCT.md §6, §12;
-- schemas/migrations/0004_reports.sql on SQLite). A report is one venture's figures for one
-- month; every submission is kept as a revision, the latest is current.

CREATE TABLE report (
    venture            TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    period             toro_month NOT NULL,
    revision           INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
    first_submitted_on DATE NOT NULL,
    submitted_on       DATE NOT NULL,
    note               TEXT,
    return_reason      TEXT,
    PRIMARY KEY (venture, period)
);
CREATE INDEX report_period ON report (period);

CREATE TABLE report_value (
    venture   TEXT NOT NULL,
    period    toro_month NOT NULL,
    indicator TEXT NOT NULL REFERENCES indicator (code) ON UPDATE CASCADE,
    value     DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    PRIMARY KEY (venture, period, indicator),
    FOREIGN KEY (venture, period) REFERENCES report (venture, period) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE report_spending (
    venture  TEXT NOT NULL,
    period   toro_month NOT NULL,
    category TEXT NOT NULL,
    amount   BIGINT NOT NULL CHECK (amount >= 0),   -- grosze
    PRIMARY KEY (venture, period, category),
    FOREIGN KEY (venture, period) REFERENCES report (venture, period) ON UPDATE CASCADE ON DELETE CASCADE
);

-- Every revision as it was submitted or reviewed: nothing is lost.
CREATE TABLE report_revision (
    venture      TEXT NOT NULL,
    period       toro_month NOT NULL,
    revision     INTEGER NOT NULL,
    submitted_on DATE NOT NULL,
    status       TEXT NOT NULL,
    "values"     json NOT NULL,   -- indicator -> value
    spending     json NOT NULL,   -- category -> amount in złoty
    note         TEXT,
    PRIMARY KEY (venture, period, revision)
);
