-- toro schema, version 7, on PostgreSQL: an audit log that shows tampering, and erasure that
-- holds (schemas/migrations/0007_audit_chain.sql on SQLite; docs/operations.md "The audit log").
-- Every audit row carries `hash`, the SHA-256 of its own fields chained to the previous row's
-- (lib/store/audit_chain.cpp), and `os_login`, the login of the process that wrote it.

ALTER TABLE audit ADD COLUMN os_login TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT;

-- One row per audit field a `db forget` redacted (see the SQLite migration).
CREATE TABLE audit_redaction (
    audit_id        BIGINT NOT NULL,
    field           TEXT NOT NULL CHECK (field IN ('command', 'key', 'before', 'after')),
    digest          TEXT NOT NULL,
    redacted_digest TEXT NOT NULL,
    forget_id       BIGINT NOT NULL,
    PRIMARY KEY (audit_id, field, forget_id)
);
CREATE FUNCTION audit_redaction_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'redactions of the audit log cannot be changed';
END
$$;
CREATE FUNCTION audit_redaction_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'redactions of the audit log cannot be deleted';
END
$$;
CREATE TRIGGER audit_redaction_append_only_update BEFORE UPDATE ON audit_redaction
    FOR EACH ROW EXECUTE FUNCTION audit_redaction_refuse_update();
CREATE TRIGGER audit_redaction_append_only_delete BEFORE DELETE ON audit_redaction
    FOR EACH ROW EXECUTE FUNCTION audit_redaction_refuse_delete();
CREATE TRIGGER audit_redaction_append_only_truncate BEFORE TRUNCATE ON audit_redaction
    FOR EACH STATEMENT EXECUTE FUNCTION audit_redaction_refuse_delete();

-- People erased by `db forget`: the SHA-256 of their pseudonym.
CREATE TABLE forgotten (
    digest TEXT PRIMARY KEY,
    at     TEXT NOT NULL
);

-- An audit row may change in two ways only: a row written before version 7 gets its hash once
-- (and nothing else), and a redaction authorised in audit_redaction changes the redactable
-- fields of its row; every other change is still refused.
CREATE OR REPLACE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at OR NEW.actor IS DISTINCT FROM OLD.actor
        OR NEW.os_login IS DISTINCT FROM OLD.os_login OR NEW.entity IS DISTINCT FROM OLD.entity
        OR NEW.action IS DISTINCT FROM OLD.action
        OR NOT ((OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.command IS NOT DISTINCT FROM OLD.command
                 AND NEW.key IS NOT DISTINCT FROM OLD.key AND NEW.before IS NOT DISTINCT FROM OLD.before
                 AND NEW.after IS NOT DISTINCT FROM OLD.after)
                OR (NEW.hash IS NOT DISTINCT FROM OLD.hash
                    AND EXISTS (SELECT 1 FROM audit_redaction WHERE audit_id = OLD.id))) THEN
        RAISE EXCEPTION 'the audit log is append-only: rows cannot be changed';
    END IF;
    RETURN NEW;
END
$$;
