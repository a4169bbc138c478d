# shellcheck shell=bash disable=SC2154  # the variables come from the script that sources it
# The country-sized stores of the report benchmarks (bench_report_monthly.sh,
# bench_report_formats.sh); sourced by them, not run. They set `root`, `toro`, `orgs`,
# `ventures`, `sqlite3`, `period` and `scratch` and define `die` and `seconds_since` first.
#
#   national_store_inputs          writes $scratch/orgs.csv and $scratch/history.sql (once)
#   make_store DIR [OPTIONS]       a store in DIR (OPTIONS go to gen_reports.py register, such
#                                  as --since 2024-01)
#
# The register goes through toro: `toro init`, then `toro register import` of the
# organizations (gen_orgs.py), one programme a year, five indicators and the ventures with their
# targets and budget lines (gen_reports.py): starts uniform over 2021-07 to 2026-06, 6 to 24
# months long, `completed` when ended before 2026-07, else `active`; with `--since P` only the
# ventures starting in P or later.
# The history is written with the sqlite3 shell straight into those stores, as `report import`
# would have written it, for every active or completed venture and each of its months up to
# 2026-06: a `report` row (revision 1; accepted before 2026-05, else submitted; about one in
# 200 returned with a reason; first_submitted_on = submitted_on in the next month, mostly by
# the due day 10, some late) holding its five figures (the venture's target indicators; now
# and then an outlier) and its spending per budget category (about the planned amount over
# the venture's months) and the `report_revision` snapshot (values and spending as JSON); no
# audit rows, which the sqlite3 shell cannot hash into the chain (schema 7) and no report
# reads. Rows go in month by month (period, then venture), the order in which monthly imports
# would have added them, so that one venture's history is spread over the tables as in a real
# store. `toro db check` must then pass on every store.
#

national_store_inputs() {
    python3 "$root/tests/bench/gen_orgs.py" "$orgs" "$scratch/orgs.csv"
    # The history, written as `report import` writes it (see the header). Months as integers
    # year * 12 + month - 1; h is a fixed hash of the venture's number and the month.
    cat >"$scratch/history.sql" <<'EOF'
PRAGMA foreign_keys = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;
BEGIN;
CREATE TEMP TABLE month AS
WITH RECURSIVE m(idx) AS (SELECT 2021 * 12 + 6 UNION ALL SELECT idx + 1 FROM m WHERE idx < 2026 * 12 + 5)
SELECT idx, printf('%04d-%02d', idx / 12, idx % 12 + 1) AS period FROM m;

CREATE TEMP TABLE vm AS
SELECT venture, period, idx, months, h,
       printf('%04d-%02d-%02d', (idx + 1) / 12, (idx + 1) % 12 + 1,
              CASE WHEN h % 10 < 8 THEN 1 + h % 9 ELSE 11 + h % 15 END) AS submitted_on
FROM (SELECT v.code AS venture, m.period, m.idx,
             (CAST(substr(v.ends, 1, 4) AS INTEGER) * 12 + CAST(substr(v.ends, 6, 2) AS INTEGER))
             - (CAST(substr(v.starts, 1, 4) AS INTEGER) * 12 + CAST(substr(v.starts, 6, 2) AS INTEGER)) + 1 AS months,
             (CAST(substr(v.code, 2) AS INTEGER) * 2654435761 + m.idx * 40503) % 1000003 AS h
      FROM venture v JOIN month m ON m.period BETWEEN v.starts AND v.ends
      WHERE v.status IN ('active', 'completed'))
ORDER BY period, venture;

CREATE TEMP TABLE figure AS
SELECT venture, period, indicator,
       CAST(CASE indicator
           WHEN 'satisfaction' THEN 3 + (hh % 21) / 10.0
           WHEN 'waiting_days' THEN 5 + hh % 30
           WHEN 'volunteers' THEN hh % 25
           ELSE (1 + hh % 60) * CASE WHEN hh % 499 = 0 THEN 12 ELSE 1 END
       END AS REAL) AS value
FROM (SELECT vm.venture, vm.period, t.indicator, (vm.h + unicode(t.indicator) * 977 + length(t.indicator) * 31) % 1000003 AS hh
      FROM vm JOIN target t ON t.venture = vm.venture);
CREATE INDEX temp.figure_report ON figure (venture, period, indicator);

CREATE TEMP TABLE spent AS
SELECT vm.venture, vm.period, b.category,
       b.planned * (85 + (vm.h + unicode(b.category) * 131) % 30) / 100 / vm.months AS amount
FROM vm JOIN budget b ON b.venture = vm.venture;
CREATE INDEX temp.spent_report ON spent (venture, period, category);

INSERT INTO report (venture, period, revision, status, first_submitted_on, submitted_on, note, return_reason,
                    figures, spending)
SELECT venture, period, 1,
       CASE WHEN h % 199 = 0 THEN 'returned' WHEN period < '2026-05' THEN 'accepted' ELSE 'submitted' END,
       submitted_on, submitted_on, NULL,
       CASE WHEN h % 199 = 0 THEN 'Brak podpisu osoby upoważnionej; proszę poprawić i przesłać ponownie' END,
       coalesce((SELECT json_group_object(indicator, value) FROM (SELECT indicator, value FROM figure f
                 WHERE f.venture = vm.venture AND f.period = vm.period ORDER BY indicator)), '{}'),
       coalesce((SELECT json_group_object(category, amount) FROM (SELECT category, sum(amount) AS amount FROM spent s
                 WHERE s.venture = vm.venture AND s.period = vm.period GROUP BY category ORDER BY category)), '{}')
FROM vm ORDER BY period, venture;

INSERT INTO report_revision (venture, period, revision, submitted_on, status, "values", spending, note)
SELECT r.venture, r.period, 1, r.submitted_on, r.status, r.figures,
       (SELECT json_group_object(key, value / 100.0) FROM json_each(r.spending)), NULL
FROM report r ORDER BY r.period, r.venture;

COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
}

# make_store DIR [--since P]: the register through toro, the history through sqlite3.
make_store() {
    local dir=$1 start
    shift
    mkdir "$dir"
    python3 "$root/tests/bench/gen_reports.py" register "$dir" --ventures "$ventures" --orgs "$orgs" \
        --first 2021-07 --last-start 2026-06 --last 2028-12 --min-months 6 --max-months 24 --now 2026-07 "$@"
    cp "$scratch/orgs.csv" "$dir/orgs.csv"
    (
        cd "$dir" || exit
        "$toro" init -q >/dev/null
        start=$(date +%s.%N)
        for entity in org:orgs.csv program:programs.csv indicator:indicators.csv venture:ventures.json; do
            "$toro" register import "${entity%%:*}" "${entity#*:}" --no-progress --format json >"$dir/register.json" ||
                die "register import ${entity%%:*} failed: $(head -c 600 "$dir/register.json")"
        done
        echo "prepare: $(basename "$dir"): register imported in $(seconds_since "$start") s"
        start=$(date +%s.%N)
        "$sqlite3" -bail toro.db <"$scratch/history.sql" >/dev/null
        echo "prepare: $(basename "$dir"): history written in $(seconds_since "$start") s"
        start=$(date +%s.%N)
        "$toro" db check >"$dir/check.txt" 2>&1 || die "toro db check failed on $dir: $(cat "$dir/check.txt")"
        echo "prepare: $(basename "$dir"): toro db check passed in $(seconds_since "$start") s"
        rm -f orgs.csv programs.csv indicators.csv ventures.json register.json
    )
    "$sqlite3" "$dir/toro.db" "SELECT 'prepare: $(basename "$dir"): ' || (SELECT count(*) FROM venture) || ' ventures, '
        || (SELECT count(*) FROM venture WHERE status IN ('active', 'completed') AND starts <= '$period' AND ends >= '$period')
        || ' active in $period, ' || (SELECT count(*) FROM report) || ' reports ('
        || (SELECT min(period) FROM report) || ' to ' || (SELECT max(period) FROM report) || '), '
        || (SELECT count(*) FROM report_value) || ' values, ' || (SELECT count(*) FROM report_spending) || ' spending rows, '
        || (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MiB'"
}

