-- toro schema, version 15, on PostgreSQL: the check that a statement's reports name ventures
-- that exist (report_ventures_exist, versions 12 and 13) without a row lock per venture
-- (schemas/migrations/0015_report_check_lock.sql on SQLite, where nothing changes;
-- docs/architecture.md, "The report table on PostgreSQL").
--
-- Version 13 gathered the statement's distinct ventures and locked each FOR KEY SHARE: after a
-- COPY of 200,000 reports of 20,000 ventures, 20,000 row locks, each written to the heap and the
-- log (14 ms), behind the gathering (56 ms). Here one lock of the table in SHARE mode holds
-- every venture as it is until the transaction ends: a removal or a renaming, by anyone, waits
-- for the batch's commit, and the batch waits for one under way, as the row locks made them
-- do. Unlike them, it also holds back other changes to ventures for that time (between the
-- statement's end and the commit: toro's own writers take turns on the audit log's lock
-- anyway). The new rows are then read once, against the ventures' index (a hash anti-join), for
-- the first code that names none: 47 ms where version 13 took 70.
CREATE OR REPLACE FUNCTION report_ventures_exist() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    missing text;
BEGIN
    LOCK TABLE venture IN SHARE MODE;
    SELECT n.venture INTO missing FROM new_report n
        WHERE NOT EXISTS (SELECT FROM venture v WHERE v.code = n.venture)
        ORDER BY n.venture LIMIT 1;
    IF FOUND THEN
        PERFORM report_venture_missing(missing);
    END IF;
    RETURN NULL;
END
$$;
