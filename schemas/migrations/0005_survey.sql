-- toro schema, version 5: survey and evaluation instruments and their responses
-- (PRODUCT.md §7, §8). A respondent is stored only as a keyed hash (store/pseudonym).

-- An instrument as loaded from its TOML file; `definition` keeps the file's text, so `show`
-- and every analysis read exactly what was loaded.
CREATE TABLE instrument (
    code       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('competency', 'evaluation')),
    title      TEXT NOT NULL,
    scale_min  INTEGER NOT NULL,
    scale_max  INTEGER NOT NULL,
    definition TEXT NOT NULL,
    loaded_at  TEXT NOT NULL
) STRICT;

CREATE TABLE instrument_area (
    instrument TEXT NOT NULL REFERENCES instrument (code) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (instrument, code)
) STRICT;

-- `id` is what answers refer to; items keep their order in `position`.
CREATE TABLE instrument_item (
    id         INTEGER PRIMARY KEY,
    instrument TEXT NOT NULL REFERENCES instrument (code) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    area       TEXT,
    criterion  TEXT,
    type       TEXT NOT NULL CHECK (type IN ('likert', 'nps', 'text', 'choice')),
    text       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    UNIQUE (instrument, code)
) STRICT;

-- One respondent's answers to one instrument in one wave ('' when no wave was given).
CREATE TABLE response (
    id          INTEGER PRIMARY KEY,
    instrument  TEXT NOT NULL REFERENCES instrument (code) ON DELETE CASCADE,
    wave        TEXT NOT NULL DEFAULT '',
    respondent  TEXT NOT NULL,   -- HMAC-SHA-256 of the respondent's id, 64 hex digits
    grp         TEXT NOT NULL,
    org         TEXT,
    role        TEXT,
    district    TEXT,
    imported_at TEXT NOT NULL,
    UNIQUE (instrument, wave, respondent)
) STRICT;
CREATE INDEX response_respondent ON response (respondent);

-- `value` is the rating (for competency items: current proficiency), `required` the
-- importance of a competency item; `text` the answer of a text or choice item. A missing
-- answer has no row, or NULL in the rating it lacks.
CREATE TABLE answer (
    response INTEGER NOT NULL REFERENCES response (id) ON DELETE CASCADE,
    item     INTEGER NOT NULL REFERENCES instrument_item (id),
    value    REAL,
    required REAL,
    text     TEXT,
    PRIMARY KEY (response, item)
) STRICT, WITHOUT ROWID;
