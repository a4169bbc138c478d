-- toro schema, version 10: the end of the grant cycle (PRODUCT.md §13, docs/grants.md): the
-- grant's payments to the organization, the organization's returns, the final report's actual
-- costs by category and source, and a venture's own use deadline when its contract sets one.

-- The last day the grant may be used, when the contract sets one other than the last day of the
-- venture's last month (art. 251 ust. 3 of the public finance act).
ALTER TABLE venture ADD COLUMN use_until TEXT;

-- The grant paid to the organization, tranche by tranche.
CREATE TABLE payment (
    id      INTEGER PRIMARY KEY,
    venture TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    paid_on TEXT NOT NULL,
    amount  INTEGER NOT NULL CHECK (amount > 0),
    UNIQUE (venture, paid_on, amount)
) STRICT;

-- What the organization returned of the grant (principal first, then interest: grants/settlement).
CREATE TABLE grant_return (
    id          INTEGER PRIMARY KEY,
    venture     TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    returned_on TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    UNIQUE (venture, returned_on, amount)
) STRICT;

-- The final report's financial part: actual costs of a category from one source.
CREATE TABLE final_cost (
    venture  TEXT NOT NULL REFERENCES venture (code) ON UPDATE CASCADE,
    category TEXT NOT NULL,
    source   TEXT NOT NULL CHECK (source IN ('grant', 'own', 'personal', 'in_kind', 'fees', 'other')),
    actual   INTEGER NOT NULL CHECK (actual >= 0),
    PRIMARY KEY (venture, category, source)
) STRICT;
