#!/usr/bin/env bash
# Benchmark: `toro report import` of a long-layout file of 1,000,000 rows (and, to see whether
# memory is flat in the file size, 250,000 and 500,000), against the sqlite3 shell's `.import`
# of the same file into a bare table of the same five columns, in the same run.
# Targets (PRODUCT.md §11): wall time within 2x of sqlite3; peak memory under 64 MiB and flat
# in the file size (judged from the second-largest file to the largest: the store's page cache
# fills up to its fixed bound over the first few hundred thousand rows). Not part of CI or the
# unit tests.
#
#   tests/bench/bench_report_import.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   ROWS       the file sizes, in rows, largest last (default: "250000 500000 1000000")
#   ORGS       organizations in the store (default: 20000)
#   VENTURES   active ventures in the store, 2021-2026, five indicators each (default: 20000)
#   REPS       repetitions of each measurement; the median is reported (default: 3)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#
# Needs python3 (gen_orgs.py and gen_reports.py write the files), the sqlite3 shell and GNU
# time at /usr/bin/time (Debian: `apt-get install time`; installed here when missing and
# running as root).
#
# Preparation (not timed): a store made by `toro init`, then `toro register import` of ORGS
# organizations, one programme a year, five indicators and VENTURES ventures with their targets
# and budget lines; then the report file (venture, period, indicator, value, submitted_on; the
# five rows of one report together, month after month), whose first lines make the smaller files.
#
# What is timed, per size and repetition, as the wall time of the whole process:
#   toro     `toro --as-of 2026-12-31 report import FILE --no-progress --format json` on a fresh
#            copy of the prepared store; the summary must say "inserted":ROWS. Peak RSS from
#            /usr/bin/time -f %M.
#   sqlite3  `sqlite3 DB` reading `.import --csv --skip 1 FILE t` on stdin, into a fresh
#            database whose `CREATE TABLE t(venture, period, indicator, value, submitted_on)`
#            (all TEXT) was run beforehand (not timed); t must then hold ROWS rows.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
sizes=(${ROWS:-250000 500000 1000000})
orgs=${ORGS:-20000}
ventures=${VENTURES:-20000}
reps=${REPS:-3}
sqlite3=${SQLITE3:-sqlite3}
largest=${sizes[${#sizes[@]}-1]}

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

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-report-import.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export TORO_ACTOR=bench

# timed VAR_PREFIX STDOUT_FILE STDIN_FILE -- COMMAND...: sets ${prefix}_wall (seconds, around
# the whole process), ${prefix}_cpu (user + system, from GNU time) and ${prefix}_rss (peak, KiB).
timed() {
    local prefix=$1 out=$2 in=$3
    shift 4
    local start end user system rss
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" <"$in" >"$out"
    end=$(date +%s.%N)
    read -r user system rss < <(tail -n 1 "$scratch/time")
    printf -v "${prefix}_wall" '%s' "$(python3 -c "print(f'{$end - $start:.3f}')")"
    printf -v "${prefix}_cpu" '%s' "$(python3 -c "print(f'{$user + $system:.2f}')")"
    printf -v "${prefix}_rss" '%s' "$rss"
}

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "toro:    $toro ($("$toro" --version 2>/dev/null | head -n 1))"
echo "sqlite3: $(command -v "$sqlite3") ($("$sqlite3" --version | cut -d' ' -f1))"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "store:   $orgs organizations, $ventures ventures; files: ${sizes[*]} rows; repetitions: $reps"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

# The prepared store.
prepared=$scratch/prepared
mkdir "$prepared"
python3 "$root/tests/bench/gen_orgs.py" "$orgs" "$prepared/orgs.csv"
gen=(python3 "$root/tests/bench/gen_reports.py")
common=(--ventures "$ventures" --orgs "$orgs" --first 2021-01 --last-start 2025-01 --last 2026-12 --now 2021-01)
"${gen[@]}" register "$prepared" "${common[@]}"
(
    cd "$prepared"
    "$toro" init -q >/dev/null
    for entity in org:orgs.csv program:programs.csv indicator:indicators.csv venture:ventures.json; do
        start=$(date +%s.%N)
        "$toro" register import "${entity%%:*}" "${entity#*:}" --no-progress --format json >"$scratch/register.json" ||
            die "register import ${entity%%:*} failed: $(head -c 600 "$scratch/register.json")"
        printf 'prepare: register import %-9s %6.1f s\n' "${entity%%:*}" "$(python3 -c "import time; print(time.time() - $start)")"
    done
    rm -f orgs.csv programs.csv indicators.csv ventures.json
)
[ ! -e "$prepared/toro.db-wal" ] || [ ! -s "$prepared/toro.db-wal" ] || die "the prepared store was left with a WAL"
echo "prepare: store $(du -h "$prepared/toro.db" | cut -f1), $("$sqlite3" "$prepared/toro.db" 'SELECT count(*) FROM venture') ventures, $("$sqlite3" "$prepared/toro.db" 'SELECT count(*) FROM target') targets"

"${gen[@]}" long "$scratch/reports-$largest.csv" --rows "$largest" "${common[@]}"
for n in "${sizes[@]}"; do
    [ "$n" = "$largest" ] || head -n $((n + 1)) "$scratch/reports-$largest.csv" >"$scratch/reports-$n.csv"
    echo "file:    reports-$n.csv $(du -h "$scratch/reports-$n.csv" | cut -f1) ($(($(wc -l <"$scratch/reports-$n.csv") - 1)) data lines)"
done

: >"$scratch/empty"
results=$scratch/results.txt
: >"$results"
for n in "${sizes[@]}"; do
    file=$scratch/reports-$n.csv
    printf '.import --csv --skip 1 %s t\n' "$file" >"$scratch/import.sql"
    for rep in $(seq 1 "$reps"); do
        store=$scratch/store.db
        rm -f "$store" "$store-wal" "$store-shm"
        cp "$prepared/toro.db" "$store"
        cd "$prepared"  # its toro.toml: the defaults `toro init` writes
        timed toro "$scratch/toro.json" "$scratch/empty" -- \
            "$toro" --db "$store" --as-of 2026-12-31 report import "$file" --no-progress --format json
        grep -q "\"inserted\": *$n[,}]" "$scratch/toro.json" ||
            die "toro did not report \"inserted\":$n: $(head -c 600 "$scratch/toro.json")"
        cd "$scratch"
        rm -f "$store" "$store-wal" "$store-shm"

        db=$scratch/sqlite.db
        rm -f "$db"
        "$sqlite3" "$db" 'CREATE TABLE t(venture TEXT, period TEXT, indicator TEXT, value TEXT, submitted_on TEXT);'
        timed sqlite "$scratch/sqlite.out" "$scratch/import.sql" -- "$sqlite3" -bail "$db"
        count=$("$sqlite3" "$db" 'SELECT count(*) FROM t')
        [ "$count" = "$n" ] || die "sqlite3 imported $count rows, not $n: $(head -c 400 "$scratch/sqlite.out")"
        rm -f "$db"

        printf '%8d rows  rep %d  toro %8.3f s wall %7.2f s CPU %8d KiB   sqlite3 %6.3f s wall %6.2f s CPU %7d KiB\n' \
            "$n" "$rep" "$toro_wall" "$toro_cpu" "$toro_rss" "$sqlite_wall" "$sqlite_cpu" "$sqlite_rss"
        echo "$n $toro_wall $toro_cpu $toro_rss $sqlite_wall $sqlite_cpu $sqlite_rss" >>"$results"
    done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

python3 - "$results" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    n, *figures = line.split()
    runs[int(n)].append([float(x) for x in figures])
median = statistics.median
print()
print(f"{'rows':>9}{'toro s':>9}{'CPU s':>8}{'rows/s':>9}{'peak RSS':>12}{'sqlite3 s':>11}{'CPU s':>8}{'peak RSS':>12}"
      f"{'wall ratio':>12}{'CPU ratio':>11}")
peaks = {}
for n in sorted(runs):
    column = list(zip(*runs[n]))
    toro, toro_cpu, sqlite, sqlite_cpu = (median(column[i]) for i in (0, 1, 3, 4))
    toro_rss, sqlite_rss = max(column[2]) / 1024, max(column[5]) / 1024
    peaks[n] = toro_rss
    print(f"{n:9d}{toro:9.2f}{toro_cpu:8.2f}{n / toro:9.0f}{toro_rss:8.1f} MiB{sqlite:11.2f}{sqlite_cpu:8.2f}"
          f"{sqlite_rss:8.1f} MiB{toro / sqlite:11.2f}x{toro_cpu / max(sqlite_cpu, 0.01):10.2f}x")
print("(medians of the repetitions; peak RSS: the largest of them)")
largest, smallest = max(runs), min(runs)
column = list(zip(*runs[largest]))
ratio = median(column[0]) / median(column[3])
print()
print(f"ratio toro/sqlite3 at {largest} rows (wall): {ratio:.2f}x (target: within 2x) -> "
      f"{'OK' if ratio <= 2 else 'OVER TARGET'}")
print(f"peak RSS at {largest} rows: {peaks[largest]:.1f} MiB (target: under 64 MiB) -> "
      f"{'OK' if peaks[largest] < 64 else 'OVER TARGET'}")
if largest != smallest:
    # SQLite's page cache (16 MiB) fills during the first few hundred thousand rows and then
    # stays at its bound, so flatness is judged on the largest doubling of the file.
    slope = (peaks[largest] - peaks[smallest]) / ((largest - smallest) / 100000)
    print(f"peak RSS growth {smallest} -> {largest} rows: x{peaks[largest] / peaks[smallest]:.2f}, "
          f"{slope:+.2f} MiB per 100,000 rows")
    below = max(n for n in runs if n < largest)
    growth = peaks[largest] / peaks[below]
    print(f"peak RSS growth {below} -> {largest} rows: x{growth:.2f} "
          f"(flat: under 5 % growth) -> {'OK' if growth < 1.05 else 'NOT FLAT'}")
EOF
