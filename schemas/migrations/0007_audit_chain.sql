-- toro schema, version 7: an audit log that shows tampering, and erasure that holds
-- (docs/operations.md "The audit log", "Pseudonyms and the key file", "Erasure").
--
-- Every audit row carries `hash`, the SHA-256 (64 hex digits) of its own fields chained to the
-- previous row's hash (lib/store/audit_chain.cpp writes the serialization), and `os_login`, the
-- login of the process that wrote it beside the declared `actor`. The rows an older store
-- holds are chained by the program right after this file runs (lib/store/store.cpp), which
-- also moves the pseudonym key out of store_setting into the key file and erases it.

ALTER TABLE audit ADD COLUMN os_login TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT;

-- One row per audit field a `db forget` redacted: the SHA-256 of the field as it was, which
-- the chain is verified against in its place, the SHA-256 of the field as redacted, and the
-- id of the audit row of the forget that did it (whose `after` lists the rows it redacted).
CREATE TABLE audit_redaction (
    audit_id        INTEGER NOT NULL,
    field           TEXT NOT NULL CHECK (field = 'command' OR field = 'key' OR field = 'before' OR field = 'after'),
    digest          TEXT NOT NULL,
    redacted_digest TEXT NOT NULL,
    forget_id       INTEGER NOT NULL,
    PRIMARY KEY (audit_id, field, forget_id)
) STRICT;
CREATE TRIGGER audit_redaction_append_only_update BEFORE UPDATE ON audit_redaction
BEGIN
    SELECT RAISE(ABORT, 'redactions of the audit log cannot be changed');
END;
CREATE TRIGGER audit_redaction_append_only_delete BEFORE DELETE ON audit_redaction
BEGIN
    SELECT RAISE(ABORT, 'redactions of the audit log cannot be deleted');
END;

-- People erased by `db forget`: the SHA-256 of their pseudonym, so that an import that would
-- bring them back is refused, while the pseudonym itself is no longer kept.
CREATE TABLE forgotten (
    digest TEXT PRIMARY KEY,
    at     TEXT NOT NULL
) STRICT;

-- An audit row may change in two ways only: a row written before version 7 gets its hash once
-- (and nothing else), and a redaction authorised in audit_redaction changes the redactable
-- fields of its row; every other change is still refused.
DROP TRIGGER audit_append_only_update;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.os_login IS NOT OLD.os_login OR NEW.entity IS NOT OLD.entity OR NEW.action IS NOT OLD.action
    OR NOT ((OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.command IS OLD.command AND NEW.key IS OLD.key
             AND NEW.before IS OLD.before AND NEW.after IS OLD.after)
            OR (NEW.hash IS OLD.hash AND EXISTS (SELECT 1 FROM audit_redaction WHERE audit_id = OLD.id)))
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;
