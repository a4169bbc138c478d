-- toro schema, version 8, on PostgreSQL: an organization is written at close to the speed of a
-- bare table (schemas/migrations/0008_org_import.sql on SQLite, which rebuilds the table to write
-- its checks as plain comparisons; PostgreSQL needs no rebuild). The indexes on district and
-- legal form go; KRS and NIP stay unique among the organizations that have one.

DROP INDEX org_district;
DROP INDEX org_legal_form;
ALTER TABLE org DROP CONSTRAINT org_krs_key;
ALTER TABLE org DROP CONSTRAINT org_nip_key;
CREATE UNIQUE INDEX org_krs ON org (krs) WHERE krs IS NOT NULL;
CREATE UNIQUE INDEX org_nip ON org (nip) WHERE nip IS NOT NULL;
