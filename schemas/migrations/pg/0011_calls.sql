-- toro schema, version 11, on PostgreSQL: the grant cycle before the grant (PRODUCT.md §13;
-- schemas/migrations/0011_calls.sql on SQLite): open calls, offers with their budget lines and
-- targets, the committee's reviewers and their points, and the offers awarded as ventures.

CREATE TABLE legal_form_grant (
    legal_form TEXT PRIMARY KEY REFERENCES legal_form (code),
    eligible   INTEGER NOT NULL CHECK (eligible IN (0, 1))
);

-- criteria: the call's criteria as read from its TOML file at import, a JSON array.
CREATE TABLE call (
    code          TEXT PRIMARY KEY,
    program       TEXT NOT NULL REFERENCES program (code) ON UPDATE CASCADE,
    title         TEXT NOT NULL,
    opens_on      DATE NOT NULL,
    closes_on     DATE NOT NULL,
    pool          BIGINT NOT NULL CHECK (pool >= 0),
    min_own_share DOUBLE PRECISION NOT NULL DEFAULT 0,
    threshold     DOUBLE PRECISION NOT NULL DEFAULT 0.6,
    criteria      json NOT NULL,
    CHECK (opens_on <= closes_on)
);
CREATE INDEX call_program ON call (program);

CREATE TABLE offer (
    code         TEXT PRIMARY KEY,
    call         TEXT NOT NULL REFERENCES call (code) ON UPDATE CASCADE,
    org          TEXT NOT NULL REFERENCES org (code) ON UPDATE CASCADE,
    title        TEXT NOT NULL,
    submitted_on DATE NOT NULL,
    requested    BIGINT NOT NULL,
    own_funds    BIGINT,
    in_kind      BIGINT,
    starts       toro_month NOT NULL,
    ends         toro_month NOT NULL,
    sphere       TEXT NOT NULL REFERENCES sphere (code),
    districts    json NOT NULL DEFAULT '[]'
);
CREATE INDEX offer_call ON offer (call);
CREATE INDEX offer_org ON offer (org);

CREATE TABLE offer_budget (
    offer    TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE ON DELETE CASCADE,
    category TEXT NOT NULL,
    source   TEXT NOT NULL DEFAULT 'grant' CHECK (source IN ('grant', 'own', 'in_kind')),
    planned  BIGINT NOT NULL,
    seq      BIGINT GENERATED ALWAYS AS IDENTITY,  -- the order the lines were written in (rowid)
    PRIMARY KEY (offer, category, source)
);

CREATE TABLE offer_target (
    offer     TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE ON DELETE CASCADE,
    indicator TEXT NOT NULL REFERENCES indicator (code) ON UPDATE CASCADE,
    baseline  DOUBLE PRECISION NOT NULL DEFAULT 0,
    target    DOUBLE PRECISION NOT NULL,
    seq       BIGINT GENERATED ALWAYS AS IDENTITY,  -- the order the targets were written in (rowid)
    PRIMARY KEY (offer, indicator)
);

-- conflicts: the organizations (codes, a JSON array) the reviewer declared a connection with.
CREATE TABLE reviewer (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    call      TEXT NOT NULL REFERENCES call (code) ON UPDATE CASCADE,
    conflicts json NOT NULL DEFAULT '[]'
);
CREATE INDEX reviewer_call ON reviewer (call);

CREATE TABLE score (
    offer     TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE,
    reviewer  TEXT NOT NULL REFERENCES reviewer (code) ON UPDATE CASCADE,
    criterion TEXT NOT NULL,
    points    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (offer, reviewer, criterion)
);
CREATE INDEX score_reviewer ON score (reviewer);

-- An offer turned into a venture by `register offer award`: once only.
CREATE TABLE offer_award (
    offer      TEXT PRIMARY KEY REFERENCES offer (code) ON UPDATE CASCADE,
    venture    TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    amount     BIGINT NOT NULL,
    awarded_on DATE NOT NULL
);

-- @load schemas/reference/legal_forms_grant.csv legal_form_grant
