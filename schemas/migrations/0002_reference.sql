-- toro schema, version 2: reference data (DOMAIN.md), loaded from schemas/reference/*.csv.
-- A city corrects these files, not the code; config can add districts and budget categories.

CREATE TABLE legal_form (
    code    TEXT PRIMARY KEY,
    name_pl TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

-- Spheres of public benefit (art. 4 ust. 1 of the Act of 24 April 2003).
CREATE TABLE sphere (
    code       TEXT PRIMARY KEY,   -- the point as written in the act: 1, 1a, 22a
    sort_key   TEXT NOT NULL,      -- number then suffix: 01, 01a, 22a
    name_pl    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    valid_from TEXT NOT NULL       -- the point applies from this date
) STRICT;

CREATE TABLE district (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    sort_key INTEGER NOT NULL      -- Polish alphabetical order
) STRICT;

CREATE TABLE budget_category (
    code    TEXT PRIMARY KEY,
    name_pl TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

-- @load schemas/reference/legal_forms.csv legal_form
-- @load schemas/reference/spheres.csv sphere
-- @load schemas/reference/districts.csv district
-- @load schemas/reference/budget_categories.csv budget_category
