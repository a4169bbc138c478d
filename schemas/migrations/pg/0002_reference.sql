-- toro schema, version 2, on PostgreSQL: reference data (DOMAIN.md), loaded from
-- schemas/reference/*.csv (schemas/migrations/0002_reference.sql on SQLite).

CREATE TABLE legal_form (
    code    TEXT PRIMARY KEY,
    name_pl TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- Spheres of public benefit (art. 4 ust. 1 of the Act of 24 April 2003).
CREATE TABLE sphere (
    code       TEXT PRIMARY KEY,
    sort_key   TEXT NOT NULL,
    name_pl    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    valid_from DATE NOT NULL
);

CREATE TABLE district (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    sort_key INTEGER NOT NULL
);

-- seq: the order the categories are listed in (SQLite's rowid).
CREATE TABLE budget_category (
    code    TEXT PRIMARY KEY,
    name_pl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    seq     BIGINT GENERATED ALWAYS AS IDENTITY
);

-- @load schemas/reference/legal_forms.csv legal_form
-- @load schemas/reference/spheres.csv sphere
-- @load schemas/reference/districts.csv district
-- @load schemas/reference/budget_categories.csv budget_category
