#!/bin/sh
# Builds toro twice — warnings as errors, and with AddressSanitizer + UndefinedBehaviorSanitizer —
# and runs every test (unit and end-to-end) in both. The slow benchmarks (tests/bench/) are
# not part of this.
set -eu
cd "$(dirname "$0")/.."
tests/deps.sh
jobs=$(nproc)
for variant in ci asan; do
    case $variant in
        ci) flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTORO_WERROR=ON" ;;
        asan) flags="-DCMAKE_BUILD_TYPE=Debug -DTORO_WERROR=ON -DTORO_SANITIZE=ON" ;;
    esac
    echo "== build-$variant"
    # shellcheck disable=SC2086
    cmake -S . -B "build-$variant" -G Ninja $flags
    cmake --build "build-$variant" -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir "build-$variant" --output-on-failure -j "$jobs"
done
echo "== all tests passed"
