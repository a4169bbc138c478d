#!/usr/bin/env bash
# run.sh SECONDS [BUILD]: runs every libFuzzer target of BUILD (default build-fuzz, configured
# with -DTORO_FUZZ=ON) for SECONDS each over its seed corpus in tests/fuzz/corpus/<target>/.
# New inputs go to a scratch directory (the committed corpus is read, never written); a crash
# leaves its input in BUILD/fuzz-artifacts/ and makes the script fail. Add that input to
# corpus/<target>/ as regression-<what> once the bug is fixed. Inputs are capped at 8 KiB: the
# readers are run twice, once in chunks of a few bytes, and small inputs keep that fast.
set -u
seconds=${1:?usage: run.sh SECONDS [BUILD]}
here=$(cd "$(dirname "$0")" && pwd)
build=${2:-$here/../../build-fuzz}
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

failed=0
for target in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$target" ] || continue
    name=$(basename "$target")
    corpus=$here/corpus/${name#fuzz_}
    mkdir -p "$scratch/$name"
    log=$scratch/$name.log
    if "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$scratch/$name" "$corpus" >"$log" 2>&1; then
        echo "ok   $name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s"
    else
        echo "FAIL $name (input kept in $artifacts):"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
        tail -n 30 "$log" >"$artifacts/$name.log"
        failed=1
    fi
done
[ "$failed" = 0 ] || exit 1
