-- toro schema, version 8: an organization is written at close to the speed of a bare table
-- (PRODUCT.md §11: `register import org` within 3x of the sqlite3 shell's .import).
--
-- The table is rebuilt rather than altered, so that its checks are written as plain
-- comparisons: SQLite evaluates `IN (...)` in a CHECK by building a small temporary index on
-- every insert, which took a third of the time of writing an organization. The indexes on
-- district and legal form go: every query reads organizations by code (a filtered `register
-- org list` reads the few thousand rows of a register whole), and each index cost as much to
-- keep up as the row itself. Codes, KRS and NIP keep theirs, which keep them unique; those of
-- KRS and NIP hold only the organizations that have one (many have no KRS).
--
-- Ventures and loans refer to organizations; their references are checked at the end of the
-- migration's transaction, when every organization is back.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE org_v7 AS SELECT * FROM org;
DROP TABLE org;

CREATE TABLE org (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT,
    legal_form  TEXT NOT NULL REFERENCES legal_form (code),
    krs         TEXT,
    nip         TEXT,
    regon       TEXT,
    opp         INTEGER NOT NULL DEFAULT 0 CHECK (opp = 0 OR opp = 1),
    opp_since   TEXT,
    district    TEXT,
    address     TEXT,
    postal_code TEXT,
    city        TEXT,
    email       TEXT,
    phone       TEXT,
    spheres     TEXT NOT NULL DEFAULT '[]',
    founded_on  TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'suspended' OR status = 'closed')
) STRICT;
CREATE UNIQUE INDEX org_krs ON org (krs) WHERE krs IS NOT NULL;
CREATE UNIQUE INDEX org_nip ON org (nip) WHERE nip IS NOT NULL;
INSERT INTO org SELECT * FROM org_v7 ORDER BY code;
DROP TABLE org_v7;
