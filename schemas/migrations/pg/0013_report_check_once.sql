-- toro schema, version 13, on PostgreSQL: the check that a statement's reports name ventures
-- that exist (report_ventures_exist, version 12) reads the statement's new rows once instead of
-- twice (schemas/migrations/0013_report_check_once.sql on SQLite, where nothing changes;
-- docs/architecture.md, "The report table on PostgreSQL").
--
-- The distinct ventures are gathered once, then locked FOR KEY SHARE in one pass, as before. Each
-- code is one venture, so when fewer rows were locked than ventures named, one is missing; only
-- then are they looked up one by one, for the first missing one's code. A venture removed by a
-- transaction that committed while this one waited for its lock is not locked, so it is missing
-- (or, made anew meanwhile, locked on the next pass).
CREATE OR REPLACE FUNCTION report_ventures_exist() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    named text[];
    locked bigint;
    missing text;
BEGIN
    SELECT array_agg(venture) INTO named FROM (SELECT DISTINCT venture FROM new_report) n;
    LOOP
        PERFORM FROM venture WHERE code = ANY (named) FOR KEY SHARE;
        GET DIAGNOSTICS locked = ROW_COUNT;
        EXIT WHEN locked = coalesce(cardinality(named), 0);
        SELECT n INTO missing FROM unnest(named) n
            WHERE NOT EXISTS (SELECT FROM venture v WHERE v.code = n)
            ORDER BY n LIMIT 1;
        IF FOUND THEN
            PERFORM report_venture_missing(missing);
        END IF;
        -- All are there again (one was removed and made anew meanwhile): lock them again.
    END LOOP;
    RETURN NULL;
END
$$;
