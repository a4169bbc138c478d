#!/usr/bin/env bash
# Benchmark: `toro report import` of a long-layout workbook (.xlsx as Excel saves one: shared
# strings, numbers, months and days as date cells) of 1,000,000 rows — and, to see how memory
# grows with the file, 250,000 and 500,000 — against the import of the same rows as CSV, in the
# same run. Target (docs/formats.md "Spreadsheets"): the workbook within 3x the CSV's wall time.
# Not part of CI or the unit tests.
#
#   tests/bench/bench_spreadsheet_import.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary and its spreadsheet module first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-release --target toro toro_workbook
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   ROWS       the file sizes, in rows, largest last (default: "250000 500000 1000000")
#   ORGS       organizations in the store (default: 20000)
#   VENTURES   active ventures in the store, 2021-2026, five indicators each (default: 20000)
#   REPS       repetitions of each measurement; the median is reported (default: 3)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#
# Needs python3 (gen_orgs.py, gen_reports.py and gen_workbook.py write the files) and GNU time
# at /usr/bin/time. The store is prepared as bench_report_import.sh prepares it; the CSV is the
# same file, and gen_workbook.py writes its rows as the workbook (not timed).
#
# What is timed, per size and repetition, as the wall time of the whole process, each on a fresh
# copy of the prepared store: `toro --as-of 2026-12-31 report import FILE --no-progress --format
# json` with FILE the CSV, then the workbook; each summary must say "inserted":ROWS. Peak RSS
# from /usr/bin/time -f %M.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
sizes=(${ROWS:-250000 500000 1000000})
orgs=${ORGS:-20000}
ventures=${VENTURES:-20000}
reps=${REPS:-3}
largest=${sizes[${#sizes[@]}-1]}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$toro" ] || die "no toro binary at $toro (see the build commands above; or set TORO)"
command -v python3 >/dev/null || die "python3 is missing"
[ -x /usr/bin/time ] || die "GNU time is missing at /usr/bin/time (apt-get install time)"

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-spreadsheet-import.XXXXXX")
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
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "store:   $orgs organizations, $ventures ventures; files: ${sizes[*]} rows; repetitions: $reps"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

# The prepared store, as in bench_report_import.sh.
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
        "$toro" register import "${entity%%:*}" "${entity#*:}" --no-progress --format json >"$scratch/register.json" ||
            die "register import ${entity%%:*} failed: $(head -c 600 "$scratch/register.json")"
    done
    rm -f orgs.csv programs.csv indicators.csv ventures.json
)

"${gen[@]}" long "$scratch/reports-$largest.csv" --rows "$largest" "${common[@]}"
for n in "${sizes[@]}"; do
    [ "$n" = "$largest" ] || head -n $((n + 1)) "$scratch/reports-$largest.csv" >"$scratch/reports-$n.csv"
    python3 "$root/tests/bench/gen_workbook.py" "$scratch/reports-$n.csv" "$scratch/reports-$n.xlsx"
    echo "file:    reports-$n.csv $(du -h "$scratch/reports-$n.csv" | cut -f1), reports-$n.xlsx" \
        "$(du -h "$scratch/reports-$n.xlsx" | cut -f1) ($(($(wc -l <"$scratch/reports-$n.csv") - 1)) data lines)"
done

: >"$scratch/empty"
results=$scratch/results.txt
: >"$results"
# import_once FILE PREFIX ROWS: one timed import of FILE into a fresh copy of the prepared store.
import_once() {
    local file=$1 prefix=$2 n=$3 store=$scratch/store.db
    rm -f "$store" "$store-wal" "$store-shm"
    cp "$prepared/toro.db" "$store"
    cd "$prepared"  # its toro.toml: the defaults `toro init` writes
    timed "$prefix" "$scratch/toro.json" "$scratch/empty" -- \
        "$toro" --db "$store" --as-of 2026-12-31 report import "$file" --no-progress --format json
    grep -q "\"inserted\": *$n[,}]" "$scratch/toro.json" ||
        die "toro did not report \"inserted\":$n for $file: $(head -c 600 "$scratch/toro.json")"
    cd "$scratch"
    rm -f "$store" "$store-wal" "$store-shm"
}
for n in "${sizes[@]}"; do
    for rep in $(seq 1 "$reps"); do
        import_once "$scratch/reports-$n.csv" csv "$n"
        import_once "$scratch/reports-$n.xlsx" xlsx "$n"
        printf '%8d rows  rep %d  csv %8.3f s wall %7.2f s CPU %8d KiB   xlsx %8.3f s wall %7.2f s CPU %8d KiB\n' \
            "$n" "$rep" "$csv_wall" "$csv_cpu" "$csv_rss" "$xlsx_wall" "$xlsx_cpu" "$xlsx_rss"
        echo "$n $csv_wall $csv_cpu $csv_rss $xlsx_wall $xlsx_cpu $xlsx_rss" >>"$results"
    done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

python3 - "$results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    n, *figures = line.split()
    runs[int(n)].append([float(x) for x in figures])
median = statistics.median
print()
print(f"{'rows':>9}{'csv s':>9}{'CPU s':>8}{'peak RSS':>12}{'xlsx s':>9}{'CPU s':>8}{'peak RSS':>12}{'wall ratio':>12}")
peaks = {}
for n in sorted(runs):
    column = list(zip(*runs[n]))
    csv_wall, csv_cpu, xlsx_wall, xlsx_cpu = (median(column[i]) for i in (0, 1, 3, 4))
    csv_rss, xlsx_rss = max(column[2]) / 1024, max(column[5]) / 1024
    peaks[n] = (csv_rss, xlsx_rss)
    print(f"{n:9d}{csv_wall:9.2f}{csv_cpu:8.2f}{csv_rss:8.1f} MiB{xlsx_wall:9.2f}{xlsx_cpu:8.2f}{xlsx_rss:8.1f} MiB"
          f"{xlsx_wall / csv_wall:11.2f}x")
print("(medians of the repetitions; peak RSS: the largest of them)")
largest, smallest = max(runs), min(runs)
column = list(zip(*runs[largest]))
ratio = median(column[3]) / median(column[0])
print()
print(f"ratio xlsx/csv at {largest} rows (wall): {ratio:.2f}x (target: within 3x) -> "
      f"{'OK' if ratio <= 3 else 'OVER TARGET'}")
if largest != smallest:
    for name, i in (("csv", 0), ("xlsx", 1)):
        slope = (peaks[largest][i] - peaks[smallest][i]) / ((largest - smallest) / 100000)
        print(f"{name:>4} peak RSS {smallest} -> {largest} rows: {peaks[smallest][i]:.1f} -> {peaks[largest][i]:.1f} MiB "
              f"({slope:+.2f} MiB per 100,000 rows)")
PY
