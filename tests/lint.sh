#!/usr/bin/env bash
# The mechanical checks of the code (part of tests/run-all.sh):
#  - clang-format: every C++ file as the project's .clang-format lays it out
#    (fix with `git ls-files '*.cpp' '*.hpp' | xargs clang-format -i`);
#  - clang-tidy: a short list of checks that find real mistakes (use after move, dangling
#    views, needless copies, a missing override, an if without braces) on the library and the
#    command line, with the compile commands of a configured build.
#
#   tests/lint.sh [BUILD_DIR]        (default: build-ci; it must have been configured)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-ci}
checks='-*,bugprone-use-after-move,bugprone-dangling-handle,bugprone-undefined-memory-manipulation,bugprone-move-forwarding-reference,bugprone-sizeof-expression,bugprone-string-constructor,performance-unnecessary-copy-initialization,performance-move-const-arg,performance-for-range-copy,modernize-use-override,readability-braces-around-statements'

echo "== clang-format"
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== clang-tidy ($checks)"
[ -f "$build/compile_commands.json" ] || { echo "lint: configure $build first (compile_commands.json)" >&2; exit 2; }
findings=$(mktemp)
trap 'rm -f "$findings"' EXIT
status=0
git ls-files 'lib/*.cpp' 'cli/*.cpp' |
    xargs -P "$(nproc)" -n 6 clang-tidy -p "$build" --quiet --warnings-as-errors='*' --checks="$checks" \
        >"$findings" 2>&1 || status=$?
# Only the count of warnings clang-tidy did not show (outside lib/ and cli/) is not a finding.
if grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$findings" | grep -q . || [ "$status" != 0 ]; then
    grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$findings" >&2
    echo "lint: clang-tidy found the above (exit $status)" >&2
    exit 1
fi
echo "lint: clean"
