#!/usr/bin/env bash
# Benchmark: `toro report monthly` on a country-sized store (20,000 organizations, 60,000
# ventures, five indicators, a report for every active venture-month over 60 months), against
# the same store with only 30 months of history, where the same ventures are active in the
# measured month with the same figures. Target (PRODUCT.md §11): the time follows the ventures
# active in the period, not the years of history: 60 months / 30 months under 1.2x. Then, on
# the 60-month store, `report monthly`, `report annual --year 2025` and `evaluate ventures
# --period 2026-06`: each of the last two within 1.5x of the first, every one under 128 MiB.
# Not part of CI or the unit tests.
#
#   tests/bench/bench_report_monthly.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   ORGS       organizations (default: 20000)
#   VENTURES   ventures in the 60-month store (default: 60000)
#   REPS       repetitions of each measurement; the median is reported (default: 5)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#   KEEP       when set, the two stores are kept in the scratch directory and it is not removed
#
# Needs python3, the sqlite3 shell (with its JSON functions) and GNU time at /usr/bin/time.
#
# The stores (not timed). The register goes through toro: `toro init`, then `toro register
# import` of the organizations (gen_orgs.py), one programme a year, five indicators and the
# ventures with their targets and budget lines (gen_reports.py): starts uniform over 2021-07 to
# 2026-06, 6 to 24 months long, `completed` when ended before 2026-07, else `active`. The
# 30-month store registers only the ventures starting in 2024-01 or later — every venture
# active in 2026-06 started in 2024-07 or later, so it is in both, with the same figures.
# The history is written with the sqlite3 shell straight into those stores, as `report import`
# would have written it, for every active or completed venture and each of its months up to
# 2026-06: a `report` row (revision 1; accepted before 2026-05, else submitted; about one in
# 200 returned with a reason; first_submitted_on = submitted_on in the next month, mostly by
# the due day 10, some late) holding its five figures (the venture's target indicators; now
# and then an outlier) and its spending per budget category (about the planned amount over
# the venture's months) and the `report_revision` snapshot (values and spending as JSON); no
# audit rows, which the sqlite3 shell cannot hash into the chain (schema 7) and no report
# reads. Rows go in month by month (period, then venture), the order in which
# monthly imports would have added them, so that one venture's history is spread over the
# tables as in a real store. `toro db check` must then pass on both stores.
#
# What is timed, per store and repetition, as the wall time of the whole process (stores
# alternate; one untimed run on each first, whose JSON outputs must be identical):
#   toro --db STORE --as-of 2026-07-20 report monthly --period 2026-06 --format json >/dev/null
# (stdout to /dev/null rather than `-o /dev/null`: toro writes -o files through a temporary
# file renamed over the target, which would replace a device such as /dev/null.)
# Then, per repetition, the three commands one after the other on the 60-month store, each
# `--as-of 2026-07-20 ... --format json >/dev/null` (one untimed run of each first).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
orgs=${ORGS:-20000}
ventures=${VENTURES:-60000}
reps=${REPS:-5}
sqlite3=${SQLITE3:-sqlite3}
period=2026-06
as_of=2026-07-20

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$toro" ] || die "no toro binary at $toro (build it: cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro; or set TORO)"
command -v "$sqlite3" >/dev/null || die "the sqlite3 shell is missing (apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || die "GNU time is missing at /usr/bin/time (apt-get install time)"
fi

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-report-monthly.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
export TORO_ACTOR=bench

seconds_since() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "toro:    $toro ($("$toro" --version 2>/dev/null | head -n 1))"
echo "sqlite3: $(command -v "$sqlite3") ($("$sqlite3" --version | cut -d' ' -f1))"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "store:   $orgs organizations, $ventures ventures over 60 months; period $period, as of $as_of; repetitions: $reps"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

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

# make_store DIR [--since P]: the register through toro, the history through sqlite3.
make_store() {
    local dir=$1 start
    shift
    mkdir "$dir"
    python3 "$root/tests/bench/gen_reports.py" register "$dir" --ventures "$ventures" --orgs "$orgs" \
        --first 2021-07 --last-start 2026-06 --last 2028-12 --min-months 6 --max-months 24 --now 2026-07 "$@"
    cp "$scratch/orgs.csv" "$dir/orgs.csv"
    (
        cd "$dir"
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

make_store "$scratch/h60"
make_store "$scratch/h30" --since 2024-01

run() {  # run STORE OUTPUT
    "$toro" --db "$1/toro.db" --as-of "$as_of" report monthly --period "$period" --format json >"$2"
}
cd "$scratch/h60"  # its toro.toml: the defaults `toro init` writes
run "$scratch/h60" "$scratch/h60.json"
run "$scratch/h30" "$scratch/h30.json"
cmp -s "$scratch/h60.json" "$scratch/h30.json" ||
    die "the two stores give different reports for $period (diff $scratch/h60.json $scratch/h30.json; KEEP=1 keeps them)"
python3 - "$scratch/h60.json" <<'EOF'
import collections, json, sys
report = json.load(open(sys.argv[1]))
s = report["summary"]
kinds = collections.Counter(flag["kind"] for flag in report["flags"])
print(f"report:  {s['expected']} ventures expected, {s['received']} received, {s['on_time']} on time; "
      f"{len(report['ventures'])} ventures, {sum(len(v['indicators']) for v in report['ventures'])} indicator lines, "
      f"flags {dict(sorted(kinds.items()))}; the same JSON from both stores")
EOF

results=$scratch/results.txt
: >"$results"
for rep in $(seq 1 "$reps"); do
    for store in h60 h30; do
        start=$(date +%s.%N)
        /usr/bin/time -f '%U %S %M' -o "$scratch/time" \
            "$toro" --db "$scratch/$store/toro.db" --as-of "$as_of" report monthly --period "$period" --format json >/dev/null
        end=$(date +%s.%N)
        read -r user system rss < <(tail -n 1 "$scratch/time")
        wall=$(python3 -c "print(f'{$end - $start:.3f}')")
        cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
        printf 'rep %d  %s months  %7.3f s wall  %6.2f s CPU (%5.2f user %5.2f sys)  %7d KiB\n' \
            "$rep" "${store#h}" "$wall" "$cpu" "$user" "$system" "$rss"
        echo "$store $wall $cpu $rss $user $system" >>"$results"
    done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

python3 - "$results" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    store, *figures = line.split()
    runs[store].append([float(x) for x in figures])
median = statistics.median
print()
print(f"{'history':>10}{'wall s':>9}{'CPU s':>8}{'user s':>8}{'sys s':>8}{'peak RSS':>12}   (medians; peak RSS: the largest)")
figures = {}
for store in ("h60", "h30"):
    column = list(zip(*runs[store]))
    figures[store] = (median(column[0]), median(column[1]))
    print(f"{store[1:] + ' months':>10}{figures[store][0]:9.3f}{figures[store][1]:8.2f}{median(column[3]):8.2f}"
          f"{median(column[4]):8.2f}{max(column[2]) / 1024:8.1f} MiB")
ratio = figures["h60"][0] / figures["h30"][0]
print()
print(f"ratio 60/30 months (wall): {ratio:.2f}x (target: under 1.2x) -> {'OK' if ratio < 1.2 else 'OVER TARGET'}")
print(f"ratio 60/30 months (CPU):  {figures['h60'][1] / max(figures['h30'][1], 0.01):.2f}x")
EOF

# The other commands on the 60-month store (PRODUCT.md §11): `report annual` and `evaluate
# ventures` each within 1.5x the wall time of `report monthly` for one month, every one under
# 128 MiB of peak memory. The three run one after the other in each repetition, so that they
# meet the same load.
echo
echo "other commands on the 60-month store, as of $as_of (REPS=$reps):"
commands=("report monthly --period $period" "report annual --year 2025" "evaluate ventures --period $period")
results=$scratch/commands.txt
: >"$results"
for command in "${commands[@]}"; do  # one untimed run each
    # shellcheck disable=SC2086 # the command's words
    "$toro" --db "$scratch/h60/toro.db" --as-of "$as_of" $command --format json >/dev/null
done
for rep in $(seq 1 "$reps"); do
    for i in "${!commands[@]}"; do
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        /usr/bin/time -f '%U %S %M' -o "$scratch/time" \
            "$toro" --db "$scratch/h60/toro.db" --as-of "$as_of" ${commands[$i]} --format json >/dev/null
        end=$(date +%s.%N)
        read -r user system rss < <(tail -n 1 "$scratch/time")
        wall=$(python3 -c "print(f'{$end - $start:.3f}')")
        cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
        printf 'rep %d  %-36s %7.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "${commands[$i]}" "$wall" "$cpu" "$rss"
        echo "$i $wall $cpu $rss" >>"$results"
    done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

python3 - "$results" "${commands[@]}" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    i, *figures = line.split()
    runs[int(i)].append([float(x) for x in figures])
names = sys.argv[2:]
median = statistics.median
print()
print(f"{'command (--format json)':38}{'wall s':>9}{'CPU s':>8}{'peak RSS':>12}{'vs monthly':>12}   (medians; peak RSS: the largest)")
walls, cpus = {}, {}
for i, name in enumerate(names):
    column = list(zip(*runs[i]))
    walls[i], cpus[i] = median(column[0]), median(column[1])
    rss = max(column[2]) / 1024
    versus = f"{walls[i] / walls[0]:.2f}x" if i else ""
    memory = "OK" if rss < 128 else "OVER 128 MiB"
    print(f"{name:38}{walls[i]:9.3f}{cpus[i]:8.2f}{rss:8.1f} MiB{versus:>12}   {memory}")
print()
for i in (1, 2):
    ratio = walls[i] / walls[0]
    print(f"ratio {names[i].split(' --')[0]} / report monthly (wall): {ratio:.2f}x (target: within 1.5x) -> "
          f"{'OK' if ratio <= 1.5 else 'OVER TARGET'}; CPU {cpus[i] / cpus[0]:.2f}x")
EOF
