-- toro schema, version 12, on PostgreSQL: what a report costs an import
-- (schemas/migrations/0012_report_keys.sql on SQLite, where nothing changes; docs/architecture.md,
-- "The report table on PostgreSQL").
--
-- 1. The status and the first submission, which `report monthly`, `report annual` and
--    `evaluate ventures` read without the rows, ride in the primary key's index (INCLUDE):
--    one index kept per report instead of two, the reads still index-only.
ALTER TABLE report
    DROP CONSTRAINT report_pkey,
    ADD CONSTRAINT report_pkey PRIMARY KEY (venture, period) INCLUDE (status, first_submitted_on);
DROP INDEX report_status;

-- 2. Every report names a venture that exists, as the foreign key report_venture_fkey said, but
--    checked once per statement for all the ventures it wrote (the key looked up and locked the
--    venture once per report). The checks lock each venture FOR KEY SHARE, as the key did, so a
--    venture cannot be removed or renamed while a batch that names it is uncommitted; a
--    venture's removal is refused while reports name it, and its renaming renames them. Errors
--    keep the key's SQLSTATE (23503) and name. Like the key's own checks, the functions run
--    as the schema's owner (SECURITY DEFINER, on the search path they were made with): a role
--    that may write reports need not be allowed to lock ventures.
ALTER TABLE report DROP CONSTRAINT report_venture_fkey;

-- The key's own words for a report naming no venture.
CREATE FUNCTION report_venture_missing(venture text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE foreign_key_violation USING
        MESSAGE = 'insert or update on table "report" violates foreign key constraint "report_venture_fkey"',
        DETAIL = format('Key (venture)=(%s) is not present in table "venture".', venture),
        TABLE = 'report', CONSTRAINT = 'report_venture_fkey';
END
$$;

CREATE FUNCTION report_ventures_exist() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    missing text;
BEGIN
    PERFORM FROM venture WHERE code IN (SELECT DISTINCT venture FROM new_report) FOR KEY SHARE;
    SELECT n.venture INTO missing
        FROM (SELECT DISTINCT venture FROM new_report) n
        WHERE NOT EXISTS (SELECT FROM venture v WHERE v.code = n.venture)
        ORDER BY n.venture LIMIT 1;
    IF FOUND THEN
        PERFORM report_venture_missing(missing);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_venture_insert AFTER INSERT ON report
    REFERENCING NEW TABLE AS new_report FOR EACH STATEMENT EXECUTE FUNCTION report_ventures_exist();

-- A report moved to another venture (rare: toro's own updates keep the venture).
CREATE FUNCTION report_venture_exists() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM FROM venture WHERE code = NEW.venture FOR KEY SHARE;
    IF NOT FOUND THEN
        PERFORM report_venture_missing(NEW.venture);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_venture_update AFTER UPDATE OF venture ON report
    FOR EACH ROW WHEN (OLD.venture IS DISTINCT FROM NEW.venture) EXECUTE FUNCTION report_venture_exists();

CREATE FUNCTION venture_reports_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        UPDATE report SET venture = NEW.code WHERE venture = OLD.code;
    ELSIF EXISTS (SELECT FROM report WHERE venture = OLD.code) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'update or delete on table "venture" violates foreign key constraint "report_venture_fkey" on table "report"',
            DETAIL = format('Key (code)=(%s) is still referenced from table "report".', OLD.code),
            TABLE = 'report', CONSTRAINT = 'report_venture_fkey';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER venture_report_delete AFTER DELETE ON venture
    FOR EACH ROW EXECUTE FUNCTION venture_reports_follow();
CREATE TRIGGER venture_report_rename AFTER UPDATE OF code ON venture
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION venture_reports_follow();
