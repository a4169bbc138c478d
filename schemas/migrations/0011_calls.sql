-- toro schema, version 10: the grant cycle before the grant (PRODUCT.md §13): open calls,
-- offers with their budget lines and targets, the committee's reviewers and their points, and
-- the offers awarded as ventures. Money is INTEGER grosze; dates ISO text, months YYYY-MM.

-- Whether an organization of a legal form may receive a grant in an open call (art. 3 ust. 2–3
-- of the act on public benefit activity): a city corrects the data file, not the code.
CREATE TABLE legal_form_grant (
    legal_form TEXT PRIMARY KEY REFERENCES legal_form (code),
    eligible   INTEGER NOT NULL CHECK (eligible IN (0, 1))
) STRICT;

-- criteria: the call's criteria as read from its TOML file at import, a JSON array of
-- {"code","name","max_points","kind"}.
CREATE TABLE call (
    code          TEXT PRIMARY KEY,
    program       TEXT NOT NULL REFERENCES program (code) ON UPDATE CASCADE,
    title         TEXT NOT NULL,
    opens_on      TEXT NOT NULL,
    closes_on     TEXT NOT NULL,
    pool          INTEGER NOT NULL CHECK (pool >= 0),
    min_own_share REAL NOT NULL DEFAULT 0,
    threshold     REAL NOT NULL DEFAULT 0.6,
    criteria      TEXT NOT NULL,
    CHECK (opens_on <= closes_on)
) STRICT;
CREATE INDEX call_program ON call (program);

CREATE TABLE offer (
    code         TEXT PRIMARY KEY,
    call         TEXT NOT NULL REFERENCES call (code) ON UPDATE CASCADE,
    org          TEXT NOT NULL REFERENCES org (code) ON UPDATE CASCADE,
    title        TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    requested    INTEGER NOT NULL,
    own_funds    INTEGER,
    in_kind      INTEGER,
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    sphere       TEXT NOT NULL REFERENCES sphere (code),
    districts    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX offer_call ON offer (call);
CREATE INDEX offer_org ON offer (org);

CREATE TABLE offer_budget (
    offer    TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE ON DELETE CASCADE,
    category TEXT NOT NULL,
    source   TEXT NOT NULL DEFAULT 'grant' CHECK (source IN ('grant', 'own', 'in_kind')),
    planned  INTEGER NOT NULL,
    PRIMARY KEY (offer, category, source)
) STRICT;

CREATE TABLE offer_target (
    offer     TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE ON DELETE CASCADE,
    indicator TEXT NOT NULL REFERENCES indicator (code) ON UPDATE CASCADE,
    baseline  REAL NOT NULL DEFAULT 0,
    target    REAL NOT NULL,
    PRIMARY KEY (offer, indicator)
) STRICT;

-- conflicts: the organizations (codes, a JSON array) the reviewer declared a connection with.
CREATE TABLE reviewer (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    call      TEXT NOT NULL REFERENCES call (code) ON UPDATE CASCADE,
    conflicts TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX reviewer_call ON reviewer (call);

CREATE TABLE score (
    offer     TEXT NOT NULL REFERENCES offer (code) ON UPDATE CASCADE,
    reviewer  TEXT NOT NULL REFERENCES reviewer (code) ON UPDATE CASCADE,
    criterion TEXT NOT NULL,
    points    REAL NOT NULL,
    PRIMARY KEY (offer, reviewer, criterion)
) STRICT;
CREATE INDEX score_reviewer ON score (reviewer);

-- An offer turned into a venture by `register offer award`: once only.
CREATE TABLE offer_award (
    offer      TEXT PRIMARY KEY REFERENCES offer (code) ON UPDATE CASCADE,
    venture    TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    amount     INTEGER NOT NULL,
    awarded_on TEXT NOT NULL
) STRICT;

-- @load schemas/reference/legal_forms_grant.csv legal_form_grant
