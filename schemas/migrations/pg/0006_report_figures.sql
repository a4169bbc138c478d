-- toro schema, version 6, on PostgreSQL: a report's figures live in its own row (PRODUCT.md
-- §6, §11; schemas/migrations/0006_report_figures.sql on SQLite). `figures` maps indicator ->
-- value and `spending` budget category -> amount in grosze, each a `json` object with its keys in
-- order (json keeps the text as toro writes it). report_value and report_spending stay as
-- views with the columns they had as tables.

ALTER TABLE report
    ADD COLUMN figures  json NOT NULL DEFAULT '{}' CHECK (json_typeof(figures) = 'object'),
    ADD COLUMN spending json NOT NULL DEFAULT '{}' CHECK (json_typeof(spending) = 'object');

-- The figures of existing reports, keys in byte order as on SQLite.
UPDATE report r SET
    figures = coalesce((
        SELECT ('{' || string_agg(to_json(v.indicator)::text || ':' || v.value::text, ','
                                  ORDER BY v.indicator COLLATE "C") || '}')::json
        FROM report_value v WHERE v.venture = r.venture AND v.period = r.period), '{}'),
    spending = coalesce((
        SELECT ('{' || string_agg(to_json(s.category)::text || ':' || s.amount::text, ','
                                  ORDER BY s.category COLLATE "C") || '}')::json
        FROM report_spending s WHERE s.venture = r.venture AND s.period = r.period), '{}');

DROP TABLE report_value;
DROP TABLE report_spending;

CREATE VIEW report_value (venture, period, indicator, value) AS
    SELECT r.venture, r.period, f.key, f.value::double precision FROM report r, json_each_text(r.figures) f;

CREATE VIEW report_spending (venture, period, category, amount) AS
    SELECT r.venture, r.period, s.key, s.value::bigint FROM report r, json_each_text(r.spending) s;
