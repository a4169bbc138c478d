#!/usr/bin/env bash
# Benchmark: `toro report monthly` written in each output format on a country-sized store
# (20,000 organizations, 60,000 ventures, 60 months of reports; the 60-month store of
# bench_report_monthly.sh). Target (the published-reports requirement): every output format
# under 128 MiB of peak memory there. Not part of CI or the unit tests.
#
#   tests/bench/bench_report_formats.sh          (from anywhere; paths are from the repo root)
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   ORGS       organizations (default: 20000)
#   VENTURES   ventures (default: 60000)
#   REPS       repetitions of each format; the median wall time and the largest peak RSS are
#              reported (default: 3)
#   FORMATS    the output files to write, by extension (default: "txt csv json jsonl md html xlsx")
#   LIMIT_MIB  the memory target (default: 128)
#   STORE      a directory holding a store made before (e.g. the h60 directory that KEEP=1 of
#              this script or of bench_report_monthly.sh leaves): measured instead of a new one
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#   KEEP       when set, the store and the outputs are kept in the scratch directory
#
# Needs python3, the sqlite3 shell (with its JSON functions) and GNU time at /usr/bin/time.
#
# The store (not timed) is made by national_store.sh (read its header). What is timed, per
# format and repetition (formats in turn, so that they meet the same load; one untimed run of
# each first), as the wall time of the whole process, with CPU time and peak RSS from
# /usr/bin/time:
#   toro --db STORE --as-of 2026-07-20 report monthly --period 2026-06 -o m.EXT
# -o writes through a temporary file renamed over the target, as people's exports are written.
# The outputs are checked lightly: the JSON parses and names the 2026-06 report, the CSV has
# a line per venture and indicator, the workbook is a zip file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
orgs=${ORGS:-20000}
ventures=${VENTURES:-60000}
reps=${REPS:-3}
formats=${FORMATS:-txt csv json jsonl md html xlsx}
limit=${LIMIT_MIB:-128}
sqlite3=${SQLITE3:-sqlite3}
period=2026-06
as_of=2026-07-20

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$toro" ] || die "no toro binary at $toro (build it: cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro; or set TORO)"
command -v python3 >/dev/null || die "python3 is missing"
if [ -z "${STORE:-}" ]; then
    command -v "$sqlite3" >/dev/null || die "the sqlite3 shell is missing (apt-get install sqlite3)"
fi
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || die "GNU time is missing at /usr/bin/time (apt-get install time)"
fi

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-report-formats.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
export TORO_ACTOR=bench

seconds_since() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "toro:    $toro ($("$toro" --version 2>/dev/null | head -n 1))"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"

if [ -n "${STORE:-}" ]; then
    store=$(cd "$STORE" && pwd)
    [ -f "$store/toro.db" ] || die "no toro.db in $STORE"
    echo "store:   $store (made before); period $period, as of $as_of; repetitions: $reps"
else
    echo "store:   $orgs organizations, $ventures ventures over 60 months; period $period, as of $as_of; repetitions: $reps"
    # shellcheck source=tests/bench/national_store.sh
    source "$root/tests/bench/national_store.sh"
    national_store_inputs
    store=$scratch/h60
    make_store "$store"
fi

out=$scratch/out
mkdir "$out"
cd "$store"  # its toro.toml: the defaults `toro init` writes

monthly() {  # monthly FILE: the report written to FILE
    "$toro" --db "$store/toro.db" --as-of "$as_of" report monthly --period "$period" -o "$1"
}

for ext in $formats; do  # one untimed run each
    monthly "$out/m.$ext"
done
python3 - "$out" "$period" <<'EOF'
import json, os, sys
out, period = sys.argv[1], sys.argv[2]
files = {ext: os.path.join(out, f"m.{ext}") for ext in ("json", "csv", "xlsx")}
ventures = None
if os.path.exists(files["json"]):
    report = json.load(open(files["json"]))
    assert report["period"] == period, report["period"]
    ventures = report["ventures"]
    lines = sum(max(1, len(v["indicators"])) for v in ventures)
    print(f"report:  {len(ventures)} ventures, {lines} venture lines, {len(report['flags'])} flags")
    if os.path.exists(files["csv"]):
        rows = open(files["csv"], encoding="utf-8", newline="").read().split("\r\n")
        header = "code,org,received,on_time,pace,budget_execution,indicator,target,actual,achievement,status"
        assert header in rows, "no venture table in the CSV"
        start = rows.index(header)
        end = rows.index("", start)  # sections end with a blank line
        assert end - start - 1 == lines, (end - start - 1, lines)
if os.path.exists(files["xlsx"]):
    with open(files["xlsx"], "rb") as f:
        assert f.read(4) == b"PK\x03\x04", "the workbook is not a zip file"
EOF

results=$scratch/results.txt
: >"$results"
for rep in $(seq 1 "$reps"); do
    for ext in $formats; do
        rm -f "$out/m.$ext"
        start=$(date +%s.%N)
        /usr/bin/time -f '%U %S %M' -o "$scratch/time" \
            "$toro" --db "$store/toro.db" --as-of "$as_of" report monthly --period "$period" -o "$out/m.$ext"
        end=$(date +%s.%N)
        read -r user system rss < <(tail -n 1 "$scratch/time")
        wall=$(python3 -c "print(f'{$end - $start:.3f}')")
        size=$(stat -c %s "$out/m.$ext")
        printf 'rep %d  m.%-6s %7.3f s wall  %6.2f s CPU  %7d KiB  %10d bytes\n' \
            "$rep" "$ext" "$wall" "$(python3 -c "print($user + $system)")" "$rss" "$size"
        echo "$ext $wall $user $system $rss $size" >>"$results"
    done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

python3 - "$results" "$limit" "$formats" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    ext, *figures = line.split()
    runs[ext].append([float(x) for x in figures])
limit = float(sys.argv[2])
print()
print(f"{'report monthly -o':20}{'wall s':>9}{'CPU s':>8}{'peak RSS':>13}{'output':>12}   (medians; peak RSS: the largest)")
over = []
for ext in sys.argv[3].split():
    wall, user, system, rss, size = zip(*runs[ext])
    cpu = [u + s for u, s in zip(user, system)]
    peak = max(rss) / 1024
    verdict = "OK" if peak < limit else f"OVER {limit:g} MiB"
    if peak >= limit:
        over.append(ext)
    print(f"{'m.' + ext:20}{statistics.median(wall):9.3f}{statistics.median(cpu):8.2f}{peak:9.1f} MiB"
          f"{max(size) / 1e6:9.1f} MB   {verdict}")
print()
print(f"every format under {limit:g} MiB: " + ("yes" if not over else "no (" + ", ".join(over) + ")"))
EOF
