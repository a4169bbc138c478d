#!/usr/bin/env bash
# Benchmark: toro on a PostgreSQL store, each part against its baseline in the same run.
#   1. `toro report import` of N long-layout report rows (1,000,000 by default; the generator and
#      layout of bench_report_import.sh) into a PostgreSQL store, against psql's `\copy` of the
#      same file into a bare table of the same five columns. Target: toro within 2x the wall
#      time of `\copy`.
#   2. `toro report monthly` on the country-sized store of bench_report_monthly.sh (60 months of
#      history) held in PostgreSQL, against the same command on the same store in SQLite: wall
#      time, CPU and peak memory of each and the ratio PG/SQLite; the two JSON outputs must be
#      identical (cmp).
# It runs a throwaway PostgreSQL 15 cluster of its own (tests/pg_cluster.sh: Unix socket only,
# fsync off), stopped at the end. Not part of CI or the unit tests.
#
#   tests/bench/bench_pg.sh                          (from anywhere; paths are from the repo root)
#   N=20000 ORGS=2000 VENTURES=2000 NATIONAL_ORGS=2000 NATIONAL_VENTURES=3000 REPS=2 \
#       tests/bench/bench_pg.sh                                                     (a quick run)
#   PARTS=1 N=1000000 REPS=1 tests/bench/bench_pg.sh                                   (part 1 only)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO               the toro binary (default: build-release/cli/toro)
#   PARTS              which parts to run (default: "1 2")
#   N                  report rows in the file of part 1 (default: 1000000)
#   ORGS, VENTURES     organizations and active ventures in the store of part 1 (default: 20000 each)
#   NATIONAL_ORGS      organizations of the national store of part 2 (default: 20000)
#   NATIONAL_VENTURES  ventures of the national store of part 2 (default: 60000)
#   REPS               repetitions of each measurement; the median is reported (default: 3)
#   BENCH_DIR          where the scratch directory goes (default: $TMPDIR or /tmp); removed at the
#                      end, with the cluster in it. Keep it short: the server's socket is in it.
#   SQLITE3, PSQL      the sqlite3 shell and psql (default: on PATH)
#   TORO_PG_BIN        PostgreSQL's binaries for pg_cluster.sh (default: /usr/lib/postgresql/15/bin)
#
# Needs python3, the sqlite3 shell, psql, PostgreSQL 15's server binaries and GNU time at
# /usr/bin/time (Debian: `apt-get install postgresql-15 postgresql-client time sqlite3`; time is
# installed here when missing and running as root).
#
# Part 1. Preparation (not timed): a database `prepared` made by `toro --db URI init`, then
# `toro register import` of ORGS organizations, one programme a year, five indicators and
# VENTURES ventures with targets and budget lines, exactly as bench_report_import.sh prepares
# its SQLite store; then the report file (gen_reports.py long). Timed, per repetition, as the
# wall time of the whole client process:
#   toro  `toro --db URI --as-of 2026-12-31 report import FILE --no-progress --format json` into
#         a fresh copy of `prepared` (CREATE DATABASE ... TEMPLATE prepared, not timed); the
#         summary must say "inserted":N.
#   psql  `psql -c "\copy bare FROM FILE WITH (FORMAT csv, HEADER true)"` into a fresh database
#         holding only `CREATE TABLE bare(venture, period, indicator, value, submitted_on)`, all
#         text, no keys (not timed); bare must then hold N rows.
#   floor `psql -c "\copy report (...) FROM FILE"` of the reports the first toro run wrote (read
#         back out of its store, not timed) into a fresh copy of `prepared`: what the server
#         alone spends on these rows with the store's own table, its keys, checks and indexes —
#         the floor under toro's import, shown beside the target's ratio.
# Part 2. The SQLite store is made by national_store.sh as bench_report_monthly.sh makes its
# 60-month store: the register through `toro register import`, the history (a report per
# venture-month, with its revision) written by the sqlite3 shell straight into the tables. The
# PostgreSQL store is made the same way where toro makes it and copied where the sqlite3 shell
# did: `toro --db URI init` and `toro register import` of the same inputs (gen_orgs.py and
# gen_reports.py register with the same arguments, hence the same bytes), then the `report` and
# `report_revision` rows read out of the SQLite store with `sqlite3 -csv` and loaded with psql's
# `\copy` into the same columns (report_value and report_spending are views of `report` on
# PostgreSQL), then `VACUUM ANALYZE` (what autovacuum would have done on a store filled month
# by month). `toro db check` must pass on both, and the register's row counts must agree.
# Timed, alternating the stores, after one untimed run on each whose outputs are compared:
#   toro --db STORE --as-of 2026-07-20 report monthly --period 2026-06 --format json >/dev/null
#
# CPU time and peak RSS are the client's (GNU time); on PostgreSQL the server's share of the
# work shows in the wall time and in "server CPU": the CPU time of the backends that the
# postmaster reaped during the measurement (the utime, stime, cutime and cstime of the
# postmaster, /proc/PID/stat, before and after; autovacuum workers count too, the long-lived
# background writers do not).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
parts=${PARTS:-1 2}
n=${N:-1000000}
reps=${REPS:-3}
sqlite3=${SQLITE3:-sqlite3}
psql=${PSQL:-psql}
period=2026-06
as_of=2026-07-20

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$toro" ] || die "no toro binary at $toro (build it: cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro; or set TORO)"
command -v "$sqlite3" >/dev/null || die "the sqlite3 shell is missing (apt-get install sqlite3)"
command -v "$psql" >/dev/null || die "psql is missing (apt-get install postgresql-client)"
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || die "GNU time is missing at /usr/bin/time (apt-get install time)"
fi

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-pg.XXXXXX")
chmod 755 "$scratch"  # the cluster's owner (toro-pg when run as root) must enter it
cluster=$scratch/pg
# cleanup: stop the cluster (when it was started) and remove the scratch directory.
cleanup() {
    [ ! -d "$cluster" ] || "$root/tests/pg_cluster.sh" stop "$cluster" || true
    rm -rf "$scratch"
}
trap cleanup EXIT
export TORO_ACTOR=bench

# seconds_since START: the seconds since START (date +%s.%N), one decimal.
seconds_since() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

# sql DATABASE STATEMENT: run STATEMENT in DATABASE through psql; prints the result unaligned.
sql() { "$psql" -X -A -t -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d "$1" -c "$2"; }

# uri DATABASE: the URI of DATABASE in the cluster (the password comes from PGPASSFILE).
uri() { echo "postgresql:///$1?host=$cluster&user=toro"; }

# server_cpu: the CPU seconds of the postmaster and of every backend it has reaped.
server_cpu() {
    local pid
    pid=$(head -n 1 "$cluster/data/postmaster.pid")
    python3 - "$pid" <<'EOF'
import os, sys
fields = open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split()
print(f"{sum(int(x) for x in fields[11:15]) / os.sysconf('SC_CLK_TCK'):.2f}")
EOF
}

# timed PREFIX STDOUT_FILE STDIN_FILE -- COMMAND...: sets ${PREFIX}_wall (seconds, around the
# whole process), ${PREFIX}_cpu (user + system, from GNU time), ${PREFIX}_rss (peak, KiB) and
# ${PREFIX}_server (server CPU seconds of the backends reaped meanwhile; see the header).
timed() {
    local prefix=$1 out=$2 in=$3
    shift 4
    local start end user system rss server_before server_after
    server_before=$(server_cpu)
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" <"$in" >"$out"
    end=$(date +%s.%N)
    sleep 0.3  # the backend's exit, and the postmaster reaping it
    server_after=$(server_cpu)
    read -r user system rss < <(tail -n 1 "$scratch/time")
    printf -v "${prefix}_wall" '%s' "$(python3 -c "print(f'{$end - $start:.3f}')")"
    printf -v "${prefix}_cpu" '%s' "$(python3 -c "print(f'{$user + $system:.2f}')")"
    printf -v "${prefix}_rss" '%s' "$rss"
    printf -v "${prefix}_server" '%s' "$(python3 -c "print(f'{$server_after - $server_before:.2f}')")"
}

# register_import DIR URI: `toro register import` of DIR's organizations, programmes,
# indicators and ventures into the store at URI, run in DIR.
register_import() {
    local dir=$1 store=$2 entity
    (
        cd "$dir"
        for entity in org:orgs.csv program:programs.csv indicator:indicators.csv venture:ventures.json; do
            "$toro" --db "$store" register import "${entity%%:*}" "${entity#*:}" --no-progress --format json \
                >"$dir/register.json" || die "register import ${entity%%:*} failed: $(head -c 600 "$dir/register.json")"
        done
    )
}

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "toro:    $toro ($("$toro" --version 2>/dev/null | head -n 1))"
echo "sqlite3: $(command -v "$sqlite3") ($("$sqlite3" --version | cut -d' ' -f1))"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "parts:   $parts; repetitions: $reps"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

status=0
"$root/tests/pg_cluster.sh" start "$cluster" >"$scratch/cluster.uri" || die "cannot start a PostgreSQL cluster in $cluster"
export PGPASSFILE=$cluster/pgpass
echo "server:  $(sql toro 'SHOW server_version'), $(sql toro 'SHOW shared_buffers') shared buffers, fsync $(sql toro 'SHOW fsync'); psql $("$psql" --version | awk '{print $3}')"
: >"$scratch/empty"

# Part 1: report import against psql's \copy.
part1() {
    local orgs=${ORGS:-20000} ventures=${VENTURES:-20000} prepared=$scratch/prepared file=$scratch/reports.csv
    local common=(--ventures "$ventures" --orgs "$orgs" --first 2021-01 --last-start 2025-01 --last 2026-12 --now 2021-01)
    local start rep count rows=$scratch/report-rows.tsv
    local report_columns="venture, period, revision, status, first_submitted_on, submitted_on, note, figures, spending"
    echo
    echo "== part 1: report import of $n rows into PostgreSQL, against psql \\copy ($orgs organizations, $ventures ventures)"
    mkdir "$prepared"
    python3 "$root/tests/bench/gen_orgs.py" "$orgs" "$prepared/orgs.csv"
    python3 "$root/tests/bench/gen_reports.py" register "$prepared" "${common[@]}"
    sql postgres 'CREATE DATABASE prepared'
    start=$(date +%s.%N)
    (cd "$prepared" && "$toro" --db "$(uri prepared)" init -q >/dev/null)
    register_import "$prepared" "$(uri prepared)"
    # As autovacuum would leave it: otherwise each timed copy of the database gets its first
    # VACUUM and ANALYZE from autovacuum while the import runs, on the same two cores.
    sql prepared 'VACUUM ANALYZE'
    echo "prepare: register imported in $(seconds_since "$start") s: $(sql prepared 'SELECT count(*) FROM venture') ventures, $(sql prepared 'SELECT count(*) FROM target') targets"
    python3 "$root/tests/bench/gen_reports.py" long "$file" --rows "$n" "${common[@]}"
    echo "file:    reports.csv $(du -h "$file" | cut -f1) ($(($(wc -l <"$file") - 1)) data lines)"

    results=$scratch/part1.txt
    : >"$results"
    for rep in $(seq 1 "$reps"); do
        sql postgres 'DROP DATABASE IF EXISTS store' 2>/dev/null
        sql postgres 'CREATE DATABASE store TEMPLATE prepared'
        cd "$prepared"  # its toro.toml: the defaults `toro init` writes
        timed toro "$scratch/toro.json" "$scratch/empty" -- \
            "$toro" --db "$(uri store)" --as-of 2026-12-31 report import "$file" --no-progress --format json
        grep -q "\"inserted\": *${n}[,}]" "$scratch/toro.json" ||
            die "toro did not report \"inserted\":$n: $(head -c 600 "$scratch/toro.json")"
        cd "$scratch"
        [ -s "$rows" ] || "$psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d store \
            -c "\\copy (SELECT $report_columns FROM report) TO '$rows'"
        sql postgres 'DROP DATABASE store'

        # The floor of the schema: the rows toro wrote, copied by psql into the same table.
        sql postgres 'DROP DATABASE IF EXISTS floor' 2>/dev/null
        sql postgres 'CREATE DATABASE floor TEMPLATE prepared'
        timed floor "$scratch/psql.out" "$scratch/empty" -- \
            "$psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d floor \
            -c "\\copy report ($report_columns) FROM '$rows'"
        sql postgres 'DROP DATABASE floor'

        sql postgres 'DROP DATABASE IF EXISTS bare' 2>/dev/null
        sql postgres 'CREATE DATABASE bare'
        sql bare 'CREATE TABLE bare(venture text, period text, indicator text, value text, submitted_on text)'
        timed copy "$scratch/psql.out" "$scratch/empty" -- \
            "$psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d bare \
            -c "\\copy bare FROM '$file' WITH (FORMAT csv, HEADER true)"
        count=$(sql bare 'SELECT count(*) FROM bare')
        [ "$count" = "$n" ] || die "psql \\copy loaded $count rows, not $n: $(head -c 400 "$scratch/psql.out")"
        sql postgres 'DROP DATABASE bare'

        printf 'rep %d  toro %8.3f s wall %6.2f s CPU %6.2f s server %7d KiB   psql \\copy %7.3f s wall %6.2f s CPU %6.2f s server %7d KiB   floor %7.3f s wall %6.2f s server\n' \
            "$rep" "$toro_wall" "$toro_cpu" "$toro_server" "$toro_rss" "$copy_wall" "$copy_cpu" "$copy_server" "$copy_rss" \
            "$floor_wall" "$floor_server"
        echo "$toro_wall $toro_cpu $toro_server $toro_rss $copy_wall $copy_cpu $copy_server $copy_rss $floor_wall $floor_cpu $floor_server $floor_rss" >>"$results"
    done
    rm -f "$file" "$rows"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end of part 1"

    python3 - "$results" "$n" >"$scratch/part1.summary" <<'EOF'
import statistics, sys
runs = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
n = int(sys.argv[2])
column = list(zip(*runs))
median = statistics.median
toro, toro_cpu, toro_server, copy, copy_cpu, copy_server = (median(column[i]) for i in (0, 1, 2, 4, 5, 6))
toro_rss, copy_rss = max(column[3]) / 1024, max(column[7]) / 1024
copy_name = "psql \\copy"
print(f"part 1: report import of {n} rows into PostgreSQL (medians of {len(runs)}; peak RSS: the largest; CPU: the client's)")
print(f"{'':14}{'wall s':>9}{'rows/s':>10}{'CPU s':>8}{'server CPU s':>14}{'peak RSS':>12}")
print(f"{'toro import':14}{toro:9.3f}{n / toro:10.0f}{toro_cpu:8.2f}{toro_server:14.2f}{toro_rss:8.1f} MiB")
print(f"{copy_name:14}{copy:9.3f}{n / copy:10.0f}{copy_cpu:8.2f}{copy_server:14.2f}{copy_rss:8.1f} MiB")
floor, floor_cpu, floor_server = (median(column[i]) for i in (8, 9, 10))
print(f"{'into report':14}{floor:9.3f}{n / floor:10.0f}{floor_cpu:8.2f}{floor_server:14.2f}{max(column[11]) / 1024:8.1f} MiB"
      "   (psql \\copy of the reports toro wrote into the store's own table: the schema's floor)")
ratio = toro / copy
print(f"ratio toro/{copy_name} (wall): {ratio:.2f}x (target: within 2x) -> {'OK' if ratio <= 2 else 'OVER TARGET'}; "
      f"client + server CPU {(toro_cpu + toro_server) / max(copy_cpu + copy_server, 0.01):.2f}x")
print(f"the schema's floor/{copy_name} (wall): {floor / copy:.2f}x; toro/floor: {toro / floor:.2f}x")
EOF
    echo
    cat "$scratch/part1.summary"
}

# Part 2: report monthly on the national store in PostgreSQL, against the same in SQLite.
part2() {
    # national_store.sh's names: orgs, ventures, period, scratch, sqlite3, root, toro.
    local orgs=${NATIONAL_ORGS:-20000} ventures=${NATIONAL_VENTURES:-60000} pgdir=$scratch/national-pg
    local start table columns count rep store
    echo
    echo "== part 2: report monthly --period $period as of $as_of, national store ($orgs organizations, $ventures ventures, 60 months) in PostgreSQL against SQLite"
    # shellcheck source=tests/bench/national_store.sh
    source "$root/tests/bench/national_store.sh"
    national_store_inputs
    make_store "$scratch/h60"

    # The same register through toro into PostgreSQL: make_store's inputs, written again with
    # its arguments (the generators give the same bytes for the same arguments).
    mkdir "$pgdir"
    python3 "$root/tests/bench/gen_reports.py" register "$pgdir" --ventures "$ventures" --orgs "$orgs" \
        --first 2021-07 --last-start 2026-06 --last 2028-12 --min-months 6 --max-months 24 --now 2026-07
    cp "$scratch/orgs.csv" "$pgdir/orgs.csv"
    sql postgres 'CREATE DATABASE national'
    start=$(date +%s.%N)
    (cd "$pgdir" && "$toro" --db "$(uri national)" init -q >/dev/null)
    register_import "$pgdir" "$(uri national)"
    echo "prepare: national (PostgreSQL): register imported in $(seconds_since "$start") s"
    for table in org venture target budget; do
        [ "$(sql national "SELECT count(*) FROM $table")" = "$("$sqlite3" "$scratch/h60/toro.db" "SELECT count(*) FROM $table")" ] ||
            die "the two stores hold different numbers of $table rows"
    done
    # The history the sqlite3 shell wrote, copied row for row.
    start=$(date +%s.%N)
    for table in report report_revision; do
        case $table in
            report) columns='venture, period, revision, status, first_submitted_on, submitted_on, note, return_reason, figures, spending' ;;
            report_revision) columns='venture, period, revision, submitted_on, status, "values", spending, note' ;;
        esac
        "$sqlite3" -bail -csv "$scratch/h60/toro.db" "SELECT $columns FROM $table ORDER BY rowid" >"$scratch/$table.csv"
        sql national "\\copy $table ($columns) FROM '$scratch/$table.csv' WITH (FORMAT csv)" >/dev/null
        count=$(sql national "SELECT count(*) FROM $table")
        [ "$count" = "$("$sqlite3" "$scratch/h60/toro.db" "SELECT count(*) FROM $table")" ] ||
            die "$table: $count rows copied into PostgreSQL, not as many as in SQLite"
        rm -f "$scratch/$table.csv"
    done
    sql national 'VACUUM ANALYZE'
    echo "prepare: national (PostgreSQL): history copied and analyzed in $(seconds_since "$start") s: $(sql national 'SELECT count(*) FROM report') reports, $(sql national 'SELECT count(*) FROM report_value') values, $(sql national "SELECT pg_size_pretty(pg_database_size('national'))")"
    start=$(date +%s.%N)
    "$toro" --db "$(uri national)" db check >"$pgdir/check.txt" 2>&1 ||
        die "toro db check failed on the PostgreSQL store: $(cat "$pgdir/check.txt")"
    echo "prepare: national (PostgreSQL): toro db check passed in $(seconds_since "$start") s"
    rm -f "$pgdir"/*.csv "$pgdir"/*.json

    # run STORE OUTPUT: the monthly report of STORE (a file or a URI) into OUTPUT.
    run() { "$toro" --db "$1" --as-of "$as_of" report monthly --period "$period" --format json >"$2"; }
    cd "$scratch/h60"  # its toro.toml: the defaults `toro init` writes; --db names the store
    run "$scratch/h60/toro.db" "$scratch/sqlite.json"
    run "$(uri national)" "$scratch/pg.json"
    if cmp -s "$scratch/sqlite.json" "$scratch/pg.json"; then
        same="identical (cmp): $(wc -c <"$scratch/pg.json") bytes"
    else
        same="DIFFERENT: $(cmp "$scratch/sqlite.json" "$scratch/pg.json" 2>&1 | head -n 1)"
        status=1
    fi
    echo "output:  the JSON of report monthly from SQLite and from PostgreSQL: $same"

    results=$scratch/part2.txt
    : >"$results"
    for rep in $(seq 1 "$reps"); do
        for store in sqlite pg; do
            if [ "$store" = sqlite ]; then db=$scratch/h60/toro.db; else db=$(uri national); fi
            timed m "/dev/null" "$scratch/empty" -- \
                "$toro" --db "$db" --as-of "$as_of" report monthly --period "$period" --format json
            printf 'rep %d  %-6s %7.3f s wall %6.2f s CPU %6.2f s server %7d KiB\n' \
                "$rep" "$store" "$m_wall" "$m_cpu" "$m_server" "$m_rss"
            echo "$store $m_wall $m_cpu $m_server $m_rss" >>"$results"
        done
    done
    cd "$scratch"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end of part 2"

    python3 - "$results" "$same" >"$scratch/part2.summary" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    store, *figures = line.split()
    runs[store].append([float(x) for x in figures])
median = statistics.median
print(f"part 2: report monthly on the national store (medians of {len(runs['pg'])}; peak RSS: the largest; CPU: the client's)")
print(f"{'':14}{'wall s':>9}{'CPU s':>8}{'server CPU s':>14}{'peak RSS':>12}")
figures = {}
for store, name in (("sqlite", "SQLite"), ("pg", "PostgreSQL")):
    column = list(zip(*runs[store]))
    figures[store] = (median(column[0]), median(column[1]), median(column[2]), max(column[3]) / 1024)
    wall, cpu, server, rss = figures[store]
    server = f"{server:.2f}" if store == "pg" else "-"
    print(f"{name:14}{wall:9.3f}{cpu:8.2f}{server:>14}{rss:8.1f} MiB")
pg, lite = figures["pg"], figures["sqlite"]
print(f"ratio PostgreSQL/SQLite: wall {pg[0] / lite[0]:.2f}x, peak RSS {pg[3] / lite[3]:.2f}x, "
      f"client + server CPU {(pg[1] + pg[2]) / max(lite[1], 0.01):.2f}x")
print(f"outputs: {sys.argv[2]}")
EOF
    echo
    cat "$scratch/part2.summary"
}

for part in $parts; do
    case $part in
        1) part1 ;;
        2) part2 ;;
        *) die "PARTS: no part $part (1 or 2)" ;;
    esac
done

echo
echo "== results ($("$toro" --version 2>/dev/null | head -n 1), $(nproc) CPUs, REPS=$reps)"
for part in $parts; do
    echo
    cat "$scratch/part$part.summary"
done
exit "$status"
