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
csv=$scratch/orgs.csv

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

python3 "$root/tests/bench/gen_orgs.py" "$n" "$csv"
echo "file:    $(du -h "$csv" | cut -f1) ($(($(wc -l <"$csv") - 1)) data lines)"

columns="code,name,short_name,legal_form,krs,nip,regon,opp,opp_since,district,address,postal_code,city,email,phone,spheres,founded_on,status"
create="CREATE TABLE org($(echo "$columns" | sed 's/,/ TEXT, /g') TEXT);"
printf '.mode csv\n.import --skip 1 %s org\n' "$csv" >"$scratch/import.sql"
: >"$scratch/empty"

toro_times=() reimport_times=() sqlite_times=() toro_rss=() reimport_rss=() sqlite_rss=()
toro_cpu=() reimport_cpu=() sqlite_cpu=()
for rep in $(seq 1 "$reps"); do
    # toro: a fresh store, then the import, then the same import again.
    store=$scratch/toro-$rep
    mkdir "$store"
    (cd "$store" && TORO_ACTOR=bench "$toro" init -q >/dev/null)
    cd "$store"
    export TORO_ACTOR=bench
    run_timed seconds cpu rss "$scratch/first.json" "$scratch/empty" -- \
        "$toro" register import org "$csv" --no-progress --format json
    grep -q "\"inserted\": *$n[,}]" "$scratch/first.json" ||
        die "toro did not report \"inserted\":$n: $(head -c 400 "$scratch/first.json")"
    toro_times+=("$seconds") toro_cpu+=("$cpu") toro_rss+=("$rss")
    printf 'rep %d  toro import      %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$seconds" "$cpu" "$rss"

    run_timed seconds cpu rss "$scratch/second.json" "$scratch/empty" -- \
        "$toro" register import org "$csv" --no-progress --format json
    grep -q "\"unchanged\": *$n[,}]" "$scratch/second.json" ||
        die "the second import did not report \"unchanged\":$n: $(head -c 400 "$scratch/second.json")"
    reimport_times+=("$seconds") reimport_cpu+=("$cpu") reimport_rss+=("$rss")
    printf 'rep %d  toro re-import   %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$seconds" "$cpu" "$rss"
    cd "$scratch"
    rm -rf "$store"

    # sqlite3: a fresh database with the bare table, then the shell's .import.
    db=$scratch/sqlite-$rep.db
    "$sqlite3" "$db" "$create"
    run_timed seconds cpu rss "$scratch/sqlite.out" "$scratch/import.sql" -- "$sqlite3" -bail "$db"
    count=$("$sqlite3" "$db" 'SELECT count(*) FROM org')
    [ "$count" = "$n" ] || die "sqlite3 imported $count rows, not $n: $(head -c 400 "$scratch/sqlite.out")"
    sqlite_times+=("$seconds") sqlite_cpu+=("$cpu") sqlite_rss+=("$rss")
    printf 'rep %d  sqlite3 .import  %8.3f s wall  %6.2f s CPU  %7d KiB\n' "$rep" "$seconds" "$cpu" "$rss"
    rm -f "$db"
done

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
python3 - "$n" "${toro_times[*]}" "${sqlite_times[*]}" "${reimport_times[*]}" \
    "${toro_cpu[*]}" "${sqlite_cpu[*]}" "${reimport_cpu[*]}" \
    "${toro_rss[*]}" "${sqlite_rss[*]}" "${reimport_rss[*]}" <<'EOF'
import statistics, sys
n = int(sys.argv[1])
toro, sqlite, again, toro_cpu, sqlite_cpu, again_cpu = ([float(x) for x in a.split()] for a in sys.argv[2:8])
toro_rss, sqlite_rss, again_rss = ([int(x) for x in a.split()] for a in sys.argv[8:11])
median = statistics.median
t, s, r = median(toro), median(sqlite), median(again)
print()
print(f"{'':24}{'wall s':>9}{'CPU s':>8}{'rows/s':>10}{'peak RSS':>13}   (medians; peak RSS: the largest)")
for label, wall, cpu, rss in (("toro import", toro, toro_cpu, toro_rss),
                              ("toro re-import (same)", again, again_cpu, again_rss),
                              ("sqlite3 .import", sqlite, sqlite_cpu, sqlite_rss)):
    print(f"{label:24}{median(wall):9.3f}{median(cpu):8.2f}{n / median(wall):10.0f}{max(rss) / 1024:9.1f} MiB")
print()
ratio = t / s
print(f"ratio toro/sqlite3 (wall): {ratio:.2f}x (target: within 3x) -> {'OK' if ratio <= 3 else 'OVER TARGET'}")
print(f"ratio toro/sqlite3 (CPU):  {median(toro_cpu) / median(sqlite_cpu):.2f}x")
print(f"ratio re-import/sqlite3 (wall): {r / s:.2f}x")
EOF
