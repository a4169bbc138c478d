-- toro schema, version 1: the audit log and the store's own settings.

-- Settings of this store (e.g. the secret key that pseudonymises respondents).
CREATE TABLE store_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Every change to a registered entity or report: append-only.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,          -- UTC, ISO 8601: 2026-11-27T05:55:01Z
    actor   TEXT NOT NULL,
    command TEXT NOT NULL,          -- the command line as typed
    entity  TEXT NOT NULL,          -- org, venture, report, store, ...
    key     TEXT NOT NULL,          -- the entity's natural key
    action  TEXT NOT NULL,          -- insert, update, delete, migrate, ...
    before  TEXT,                   -- JSON, NULL when there was nothing before
    after   TEXT                    -- JSON, NULL when nothing remains
) STRICT;
CREATE INDEX audit_entity_key ON audit (entity, key);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted');
END;
