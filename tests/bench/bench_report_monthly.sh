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
# The stores (not timed) are made by national_store.sh (read its header): the register through
# `toro init` and `toro register import`, the history written with the sqlite3 shell as `report
# import` would have written it, month by month. The 30-month store registers only the ventures
# starting in 2024-01 or later — every venture active in 2026-06 started in 2024-07 or later,
# so it is in both, with the same figures. `toro db check` must pass on both stores.
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

# shellcheck source=tests/bench/national_store.sh
source "$root/tests/bench/national_store.sh"
national_store_inputs
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
