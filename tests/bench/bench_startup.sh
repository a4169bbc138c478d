#!/usr/bin/env bash
# Benchmark: start-up (PRODUCT.md §11). `toro --version` and `toro report missing` on the demo
# store must feel instant to a cron job: within 3x of `sqlite3 FILE 'select 1'` on the same
# file, measured in the same run. Not part of CI or the unit tests.
#
#   tests/bench/bench_startup.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   REPS       runs of each command; the median is reported (default: 300)
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#
# What it does: `toro init --demo` in a scratch directory (not timed), one untimed run of each
# command, then REPS rounds, each running the three commands one after the other (so that a
# change in the machine's load touches all three alike):
#   sqlite3 toro.db 'select 1'                                  (the baseline)
#   toro --version
#   toro --as-of 2026-11-11 report missing --period 2026-10 --format csv
# stdout and stderr to /dev/null. Each run's wall time is taken with a monotonic clock around
# fork+exec+wait (python3's time.perf_counter_ns and subprocess), so the figures include
# loading the program and its shared libraries, as a cron job sees it; the CPU time (user +
# system, from wait4) is taken too, being less disturbed by other load on a shared machine.
# Reported: the median, the 10th and 90th percentiles of wall time, the median CPU time, and
# the ratio of each median to the baseline's. The target is on wall time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro="$root/$toro" ;; esac
reps=${REPS:-300}
sqlite3=$(command -v "${SQLITE3:-sqlite3}")
[ -x "$toro" ] || { echo "no toro binary at $toro (set TORO)" >&2; exit 2; }

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-startup.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
"$toro" init --demo >/dev/null 2>&1

echo "toro:    $toro ($("$toro" --version))"
echo "sqlite3: $sqlite3 ($("$sqlite3" --version | cut -d' ' -f1))"
echo "store:   demo, $(stat -c %s toro.db) bytes; REPS=$reps; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$reps" "$sqlite3" "$toro" <<'PY'
import os
import statistics
import subprocess
import sys
import time

reps = int(sys.argv[1])
sqlite3, toro = sys.argv[2], sys.argv[3]
commands = {
    "sqlite3 toro.db 'select 1'": [sqlite3, "toro.db", "select 1"],
    "toro --version": [toro, "--version"],
    "toro report missing": [toro, "--as-of", "2026-11-11", "report", "missing", "--period", "2026-10",
                            "--format", "csv"],
}
times = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for name, argv in commands.items():  # untimed: page cache, and a check that each one works
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode != 0:
        sys.exit(f"{name} exited {result.returncode}: {result.stderr.decode()}")
for _ in range(reps):
    for name, argv in commands.items():
        start = time.perf_counter_ns()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times[name].append((time.perf_counter_ns() - start) / 1e6)
        cpu[name].append((usage.ru_utime + usage.ru_stime) * 1e3)
        if status != 0:
            sys.exit(f"{name} failed")

baseline = statistics.median(times["sqlite3 toro.db 'select 1'"])
baseline_cpu = statistics.median(cpu["sqlite3 toro.db 'select 1'"])
print(f"{'command':<26} {'wall median':>11} {'p10':>8} {'p90':>8} {'vs sqlite3':>10}   {'CPU median':>10} {'vs sqlite3':>10}")
for name, values in times.items():
    deciles = statistics.quantiles(values, n=10)
    median = statistics.median(values)
    cpu_median = statistics.median(cpu[name])
    print(f"{name:<26} {median:>9.2f}ms {deciles[0]:>6.2f}ms {deciles[-1]:>6.2f}ms {median / baseline:>9.2f}x"
          f"   {cpu_median:>8.2f}ms {cpu_median / baseline_cpu:>9.2f}x")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
