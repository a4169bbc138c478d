-- toro schema, version 3: the register (PRODUCT.md §5). Natural keys are text codes; lists
-- are JSON arrays of strings; money is INTEGER grosze; dates are ISO text, periods YYYY-MM.

CREATE TABLE org (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT,
    legal_form  TEXT NOT NULL REFERENCES legal_form (code),
    krs         TEXT UNIQUE,
    nip         TEXT UNIQUE,
    regon       TEXT,
    opp         INTEGER NOT NULL DEFAULT 0 CHECK (opp IN (0, 1)),
    opp_since   TEXT,
    district    TEXT,
    address     TEXT,
    postal_code TEXT,
    city        TEXT,
    email       TEXT,
    phone       TEXT,
    spheres     TEXT NOT NULL DEFAULT '[]',
    founded_on  TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed'))
) STRICT;
CREATE INDEX org_district ON org (district);
CREATE INDEX org_legal_form ON org (legal_form);

CREATE TABLE indicator (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    name_en          TEXT,
    unit             TEXT NOT NULL,
    kind             TEXT NOT NULL DEFAULT 'output' CHECK (kind IN ('output', 'result')),
    aggregation      TEXT NOT NULL DEFAULT 'sum' CHECK (aggregation IN ('sum', 'last', 'max')),
    higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1))
) STRICT;

CREATE TABLE program (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    year      INTEGER NOT NULL,
    mode      TEXT NOT NULL CHECK (mode IN ('open_call', 'small_grant', 'local_initiative', 'regranting', 'loan_fund', 'other')),
    form      TEXT CHECK (form IN ('entrusting', 'supporting')),
    spheres   TEXT NOT NULL DEFAULT '[]',
    budget    INTEGER,
    opens_on  TEXT,
    closes_on TEXT
) STRICT;

CREATE TABLE venture (
    code       TEXT PRIMARY KEY,
    org        TEXT NOT NULL REFERENCES org (code) ON UPDATE CASCADE,
    program    TEXT NOT NULL REFERENCES program (code) ON UPDATE CASCADE,
    title      TEXT NOT NULL,
    sphere     TEXT NOT NULL REFERENCES sphere (code),
    districts  TEXT NOT NULL DEFAULT '[]',
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'completed', 'terminated')),
    grant      INTEGER NOT NULL,
    own_funds  INTEGER,
    in_kind    INTEGER,
    report_day INTEGER CHECK (report_day BETWEEN 1 AND 28),
    CHECK (starts <= ends)
) STRICT;
CREATE INDEX venture_org ON venture (org);
CREATE INDEX venture_program ON venture (program);
CREATE INDEX venture_period ON venture (starts, ends);

CREATE TABLE target (
    venture   TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE ON DELETE CASCADE,
    indicator TEXT NOT NULL REFERENCES indicator (code) ON UPDATE CASCADE,
    baseline  REAL NOT NULL DEFAULT 0,
    target    REAL NOT NULL,
    PRIMARY KEY (venture, indicator)
) STRICT;

CREATE TABLE budget (
    venture  TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE ON DELETE CASCADE,
    category TEXT NOT NULL,
    source   TEXT NOT NULL DEFAULT 'grant' CHECK (source IN ('grant', 'own', 'in_kind')),
    planned  INTEGER NOT NULL,
    PRIMARY KEY (venture, category, source)
) STRICT;

CREATE TABLE loan (
    code         TEXT PRIMARY KEY,
    org          TEXT NOT NULL REFERENCES org (code) ON UPDATE CASCADE,
    venture      TEXT REFERENCES venture (code) ON UPDATE CASCADE,
    principal    INTEGER NOT NULL,
    annual_rate  TEXT NOT NULL,     -- percent as written, exact: "1.5"
    term_months  INTEGER NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('annuity', 'equal_principal')),
    disbursed_on TEXT NOT NULL,
    first_due_on TEXT,
    grace_months INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX loan_org ON loan (org);

-- The schedule computed when the loan is registered (or its terms change).
CREATE TABLE loan_instalment (
    loan      TEXT NOT NULL REFERENCES loan (code) ON UPDATE CASCADE ON DELETE CASCADE,
    no        INTEGER NOT NULL,
    due_on    TEXT NOT NULL,
    principal INTEGER NOT NULL,
    interest  INTEGER NOT NULL,
    payment   INTEGER NOT NULL,
    balance   INTEGER NOT NULL,
    PRIMARY KEY (loan, no)
) STRICT;

CREATE TABLE repayment (
    id      INTEGER PRIMARY KEY,
    loan    TEXT NOT NULL REFERENCES loan (code) ON UPDATE CASCADE,
    paid_on TEXT NOT NULL,
    amount  INTEGER NOT NULL CHECK (amount > 0),
    UNIQUE (loan, paid_on, amount)
) STRICT;

CREATE TABLE consultation (
    code         TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    subject      TEXT,
    participants INTEGER NOT NULL CHECK (participants >= 0),
    orgs         TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE training (
    code      TEXT PRIMARY KEY,
    module    TEXT NOT NULL,
    title     TEXT NOT NULL,
    held_on   TEXT NOT NULL,
    hours     REAL,
    max_score REAL NOT NULL DEFAULT 100
) STRICT;

-- participant holds a keyed hash of the participant's id, never the id itself.
CREATE TABLE attendance (
    training     TEXT NOT NULL REFERENCES training (code) ON UPDATE CASCADE ON DELETE CASCADE,
    participant  TEXT NOT NULL,
    pre_score    REAL,
    post_score   REAL,
    satisfaction REAL,
    PRIMARY KEY (training, participant)
) STRICT;
