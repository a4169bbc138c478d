-- toro schema, version 1, on PostgreSQL (schemas/migrations/0001_base.sql on SQLite): the audit
-- log, the store's own settings, and the schema version (SQLite keeps it in user_version).

-- One row: which program owns this schema and at which version it is. toro refuses a database
-- whose tables it did not create.
CREATE TABLE toro_schema (
    application TEXT PRIMARY KEY CHECK (application = 'toro'),
    version     INTEGER NOT NULL CHECK (version >= 0)
);
INSERT INTO toro_schema (application, version) VALUES ('toro', 0);

-- Settings of this store.
CREATE TABLE store_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every change to a registered entity or report: append-only. `at` stays text in the form toro
-- writes (2026-11-27T05:55:01Z), and `before`/`after` the JSON text as written: the audit hash
-- (schema 7) is computed over exactly these characters.
CREATE TABLE audit (
    id      BIGINT PRIMARY KEY,
    at      TEXT NOT NULL CHECK (at ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$'),
    actor   TEXT NOT NULL,
    command TEXT NOT NULL,
    entity  TEXT NOT NULL,
    key     TEXT NOT NULL,
    action  TEXT NOT NULL,
    before  TEXT,
    after   TEXT
);
CREATE INDEX audit_entity_key ON audit (entity, key);
CREATE INDEX audit_at ON audit (at);

CREATE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: rows cannot be changed';
END
$$;
CREATE FUNCTION audit_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: rows cannot be deleted';
END
$$;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_update();
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_delete();
-- PostgreSQL can also empty a table without deleting its rows one by one.
CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete();
