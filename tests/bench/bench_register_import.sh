#!/usr/bin/env bash
# Benchmark: `toro register import org` of N organizations (default 100,000) from CSV, against
# the sqlite3 shell's `.import` of the same file into a bare table of 18 text columns, in the
# same run. Target: toro within 3x of sqlite3 (wall time). Not part of CI or the unit tests.
#
#   tests/bench/bench_register_import.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   N          organizations to generate (default: 100000)
#   REPS       repetitions of each measurement; the median is reported (default: 3)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); it is removed at the end
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#
# Needs python3 (tests/bench/gen_orgs.py writes the file), the sqlite3 shell (Debian: sqlite3)
# and GNU time at /usr/bin/time for peak memory (Debian: `apt-get install time`; installed here
# when missing and running as root).
#
# What is timed, per repetition, as wall time of the whole process:
#   toro        `toro register import org orgs.csv --no-progress --format json` into a store
#               just made by `toro init` (init itself not timed); the summary must say
#               "inserted":N. Peak RSS from /usr/bin/time -f %M.
#   re-import   the same command again on the same store: every row "unchanged".
#   sqlite3     `sqlite3 DB` reading `.mode csv` / `.import --skip 1 orgs.csv org` on stdin, into
#               a fresh database whose `CREATE TABLE org(...)` was run beforehand (not timed);
#               the table must then hold N rows.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
n=${N:-100000}
reps=${REPS:-3}
sqlite3=${SQLITE3:-sqlite3}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$toro" ] || die "no toro binary at $toro (build it: cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release; or set TORO)"
command -v "$sqlite3" >/dev/null || die "the sqlite3 shell is missing (apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || die "GNU time is missing at /usr/bin/time (apt-get install time)"
fi

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-import.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

now() { date +%s.%N; }
# run_timed SECONDS_VAR CPU_VAR RSS_VAR STDOUT_FILE STDIN_FILE -- COMMAND...
# Wall time around the whole process (start-up included); from GNU time, CPU time (user +
# system, less sensitive than wall time to other load on the machine) and peak RSS in KiB.
run_timed() {
    local -n seconds_var=$1 cpu_var=$2 rss_var=$3
    local out=$4 in=$5
    shift 6
    local start end user system
    start=$(now)
    /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" <"$in" >"$out"
    end=$(now)
    read -r user system rss_var < <(tail -n 1 "$scratch/time")
    seconds_var=$(python3 -c "print(f'{$end - $start:.3f}')")
    cpu_var=$(python3 -c "print(f'{$user + $system:.2f}')")
}

echo "toro:    $toro ($("$toro" --version 2>/dev/null | head -n 1))"
echo "sqlite3: $(command -v "$sqlite3") ($("$sqlite3" --version | cut -d' ' -f1))"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "rows:    $n, repetitions: $reps, scratch: $scratch"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

wide="code,name,short_name,legal_form,krs,nip,regon,opp,opp_since,district,address,postal_code,city,email,phone,spheres,founded_on,status"
narrow="code,name,legal_form,nip,district,city"
python3 "$root/tests/bench/gen_orgs.py" "$n" "$scratch/wide.csv" --columns "$wide"
python3 "$root/tests/bench/gen_orgs.py" "$n" "$scratch/narrow.csv" --columns "$narrow"
for file in wide narrow; do
    echo "file:    $file.csv: $(du -h "$scratch/$file.csv" | cut -f1), $(($(wc -l <"$scratch/$file.csv") - 1)) data lines, $(head -n 1 "$scratch/$file.csv" | tr ',' '\n' | wc -l) columns"
done
: >"$scratch/empty"
results=$scratch/results.txt
: >"$results"

# measure FILE: REPS repetitions of the toro import, the re-import and sqlite3's .import of
# $scratch/FILE.csv, appended to $results as "FILE WHAT WALL CPU RSS".
measure() {
    local file=$1 csv=$scratch/$1.csv rep store db count seconds cpu rss
    printf '.mode csv\n.import --skip 1 %s org\n' "$csv" >"$scratch/import.sql"
    for rep in $(seq 1 "$reps"); do
        # toro: a fresh store, then the import, then the same import again.
        store=$scratch/toro-$rep
        mkdir "$store"
        cd "$store"
        "$toro" init -q >/dev/null
        run_timed seconds cpu rss "$scratch/first.json" "$scratch/empty" -- \
            "$toro" register import org "$csv" --no-progress --format json
        grep -q "\"inserted\": *$n[,}]" "$scratch/first.json" ||
            die "toro did not report \"inserted\":$n: $(head -c 400 "$scratch/first.json")"
        echo "$file import $seconds $cpu $rss" >>"$results"
        printf 'rep %d  %-6s  toro import      %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$file" "$seconds" "$cpu" "$rss"

        run_timed seconds cpu rss "$scratch/second.json" "$scratch/empty" -- \
            "$toro" register import org "$csv" --no-progress --format json
        grep -q "\"unchanged\": *$n[,}]" "$scratch/second.json" ||
            die "the second import did not report \"unchanged\":$n: $(head -c 400 "$scratch/second.json")"
        echo "$file reimport $seconds $cpu $rss" >>"$results"
        printf 'rep %d  %-6s  toro re-import   %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$file" "$seconds" "$cpu" "$rss"
        cd "$scratch"
        rm -rf "$store"

        # sqlite3: a fresh database with the bare table, then the shell's .import.
        db=$scratch/sqlite-$rep.db
        "$sqlite3" "$db" "CREATE TABLE org($(head -n 1 "$csv" | sed 's/,/ TEXT, /g') TEXT);"
        run_timed seconds cpu rss "$scratch/sqlite.out" "$scratch/import.sql" -- "$sqlite3" -bail "$db"
        count=$("$sqlite3" "$db" 'SELECT count(*) FROM org')
        [ "$count" = "$n" ] || die "sqlite3 imported $count rows, not $n: $(head -c 400 "$scratch/sqlite.out")"
        echo "$file sqlite3 $seconds $cpu $rss" >>"$results"
        printf 'rep %d  %-6s  sqlite3 .import  %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$file" "$seconds" "$cpu" "$rss"
        rm -f "$db"
    done
}
export TORO_ACTOR=bench
measure wide
measure narrow

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
python3 - "$n" "$results" <<'EOF'
import collections, statistics, sys
n = int(sys.argv[1])
runs = collections.defaultdict(list)
for line in open(sys.argv[2]):
    file, what, wall, cpu, rss = line.split()
    runs[file, what].append((float(wall), float(cpu), int(rss)))
median = statistics.median
for file, columns in (("wide", 18), ("narrow", 6)):
    figures = {what: (median(r[0] for r in runs[file, what]), median(r[1] for r in runs[file, what]),
                      max(r[2] for r in runs[file, what])) for what in ("import", "reimport", "sqlite3")}
    print()
    print(f"{file + f' file, {columns} columns':28}{'wall s':>9}{'CPU s':>8}{'rows/s':>10}{'peak RSS':>13}"
          "   (medians; peak RSS: the largest)")
    for what, label in (("import", "toro import"), ("reimport", "toro re-import (same)"),
                        ("sqlite3", "sqlite3 .import")):
        wall, cpu, rss = figures[what]
        print(f"  {label:26}{wall:9.3f}{cpu:8.2f}{n / wall:10.0f}{rss / 1024:9.1f} MiB")
    wall, cpu = figures["sqlite3"][:2]
    ratio = figures["import"][0] / wall
    print(f"  ratio toro/sqlite3 (wall): {ratio:.2f}x (target: within 3x) -> {'OK' if ratio <= 3 else 'OVER TARGET'}")
    print(f"  ratio toro/sqlite3 (CPU):  {figures['import'][1] / max(cpu, 0.01):.2f}x")
    print(f"  ratio re-import/sqlite3 (wall): {figures['reimport'][0] / wall:.2f}x")
EOF
