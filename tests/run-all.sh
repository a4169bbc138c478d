#!/bin/sh
# Builds toro twice — warnings as errors, and with AddressSanitizer + UndefinedBehaviorSanitizer —
# and runs every test (unit and end-to-end) in both; prints every html report with headless
# Chromium and opens the workbooks with LibreOffice (tests/visual/); then builds the libFuzzer targets with clang
# and runs each for a few seconds over its corpus (TORO_FUZZ_SECONDS, default 8). The slow
# benchmarks (tests/bench/) are not part of this. tests/lint.sh checks the layout (clang-format)
# and a short clang-tidy list after the first build.
set -eu
cd "$(dirname "$0")/.."
tests/deps.sh
jobs=$(nproc)
# The tests' scratch folders (their stores, PostgreSQL clusters, outputs) go to memory where
# /dev/shm is there with room for them (a cluster alone takes some 40 MB; containers often give
# /dev/shm 64 MB): a test commits thousands of times, and on a shared machine's disk each
# commit's fsync can cost more than the work it closes. Nothing the tests check depends on the
# disk: what a failed write leaves is tested through the failing VFS (tests/fault/).
scratch=""
shm_free_kib=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${shm_free_kib:-0}" -ge 2097152 ]; then
    scratch=$(mktemp -d /dev/shm/toro-tests.XXXXXX)
    chmod 1777 "$scratch"  # as /tmp: the clusters' owner (toro-pg when run as root) works in it
    trap 'rm -rf "$scratch"' EXIT
fi
# Both builds keep line tables (-g1), enough for the sanitizers' and a crash's backtraces, not
# full debug information, which took a quarter of the compile time.
for variant in ci asan; do
    case $variant in
        ci) flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTORO_WERROR=ON" type_flags="-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" exclude="" ;;
        asan) flags="-DCMAKE_BUILD_TYPE=Debug -DTORO_WERROR=ON -DTORO_SANITIZE=ON" type_flags="-DCMAKE_CXX_FLAGS_DEBUG=-g1" exclude="postgresql|docs" ;;
    esac
    echo "== build-$variant ($(date -u +%T))"
    # shellcheck disable=SC2086
    cmake -S . -B "build-$variant" -G Ninja $flags "$type_flags"
    cmake --build "build-$variant" -j "$jobs"
    # The PostgreSQL suites (e2e/test_pg_store.sh, e2e/test_pg_faults.sh, and the e2e_pg_* runs
    # of the other suites against PostgreSQL) start their own clusters; here they must not skip.
    # The sanitizer build leaves out the e2e_pg_* runs (label postgresql): the code they reach is
    # the code the same suites reach on SQLite and the two PostgreSQL suites, and CI has an hour.
    # It leaves out the documentation's suites too (label docs: --help examples, manual page,
    # completion, README), which under the sanitizers took five minutes of two cores' time.
    TMPDIR=${scratch:-${TMPDIR:-/tmp}} TORO_PG_REQUIRED=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir "build-$variant" --output-on-failure -j "$jobs" ${exclude:+-LE "$exclude"}
done

echo "== lint: clang-format, clang-tidy ($(date -u +%T))"
tests/lint.sh build-ci

echo "== visual: html printed by Chromium, xlsx and --excel csv opened by LibreOffice ($(date -u +%T))"
tests/visual/deps.sh
TORO=build-ci/cli/toro tests/visual/check_reports.sh "$PWD/build-ci/visual"

echo "== build-fuzz ($(date -u +%T))"
probe=$(mktemp -d)
if command -v clang++ >/dev/null 2>&1 &&
    printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' >"$probe/probe.cpp" &&
    clang++ -fsanitize=fuzzer "$probe/probe.cpp" -o "$probe/probe" >/dev/null 2>&1; then
    rm -rf "$probe"
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
        -DCMAKE_CXX_COMPILER=clang++ -DTORO_FUZZ=ON -DTORO_TESTS=OFF -DTORO_WERROR=ON
    cmake --build build-fuzz -j "$jobs" --target toro_fuzz
    tests/fuzz/run.sh "${TORO_FUZZ_SECONDS:-8}" build-fuzz
else
    rm -rf "$probe"
    echo "== SKIPPED the fuzz targets: clang++ cannot link -fsanitize=fuzzer (install clang with libFuzzer) ($(date -u +%T))"
fi
echo "== all tests passed ($(date -u +%T))"
