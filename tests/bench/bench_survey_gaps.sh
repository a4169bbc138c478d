#!/usr/bin/env bash
# Benchmark: `toro survey gaps` over 10,000 respondents × 100 items (PRODUCT.md §11: under half
# a second, growing linearly). Measured at 2,500, 5,000, 10,000 and 20,000 respondents so the
# growth can be read off; each size's time is divided by its respondents to show the slope.
# Not part of CI or the unit tests.
#
#   tests/bench/bench_survey_gaps.sh
#
# It builds nothing. Build a Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target toro
#
# Environment:
#   TORO       the toro binary (default: build-release/cli/toro)
#   SIZES      respondent counts (default: "2500 5000 10000 20000")
#   ITEMS      items (default: 100, in 10 areas)
#   REPS       repetitions per size; the median is reported (default: 5)
#   BENCH_DIR  where the scratch directory goes (default: $TMPDIR or /tmp); removed at the end
#
# The stores (not timed): `toro survey create` of a generated instrument and `toro survey
# import` of generated responses (both groups, about 3 % of answers missing). The import time
# is reported too, for information. Timed: the whole process of
#   toro --db STORE survey gaps BENCH --compare a,b --format json >/dev/null
# (every figure: items, areas with α, and the Mann–Whitney comparison per area).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toro=${TORO:-build-release/cli/toro}
case $toro in /*) ;; *) toro=$root/$toro ;; esac
sizes=${SIZES:-"2500 5000 10000 20000"}
items=${ITEMS:-100}
reps=${REPS:-5}

[ -x "$toro" ] || { echo "bench: no toro binary at $toro (see the header)" >&2; exit 1; }
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/toro-bench-survey.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

python3 "$root/tests/bench/gen_survey.py" instrument "$items" >bench.toml
printf '%-12s %12s %12s %16s\n' respondents import_s gaps_s "gaps_us/resp"
for size in $sizes; do
    rm -f "s$size.db"
    python3 "$root/tests/bench/gen_survey.py" responses "$items" "$size" >"r$size.csv"
    "$toro" --db "s$size.db" survey create bench.toml 2>/dev/null
    import=$(seconds "$toro" --db "s$size.db" --no-progress survey import BENCH "r$size.csv")
    "$toro" --db "s$size.db" survey gaps BENCH --compare a,b --format json >/dev/null  # warm the page cache
    gaps=$(for _ in $(seq "$reps"); do
        seconds "$toro" --db "s$size.db" survey gaps BENCH --compare a,b --format json
    done | median)
    printf '%-12s %12.3f %12.3f %16.1f\n' "$size" "$import" "$gaps" "$(echo "$gaps * 1000000 / $size" | bc -l)"
done
