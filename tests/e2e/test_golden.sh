#!/usr/bin/env bash
# Report outputs of the demo city compared with reviewed golden files in tests/golden/.
# After a deliberate change, regenerate them with TORO_UPDATE_GOLDEN=1 and review the diff.
source "$(dirname "$0")/lib.sh"

GOLDEN="$TORO_SOURCE/tests/golden"

# check NAME ARGS...: runs toro ARGS and compares stdout with $GOLDEN/NAME.
check() {
    local name=$1
    shift
    toro "$@"
    [ "$rc" = 0 ] || { fail "toro $* exited $rc"; return; }
    if [ "${TORO_UPDATE_GOLDEN:-}" = 1 ]; then
        printf '%s\n' "$out" >"$GOLDEN/$name"
        return
    fi
    diff -u "$GOLDEN/$name" <(printf '%s\n' "$out") >/dev/null || {
        diff -u "$GOLDEN/$name" <(printf '%s\n' "$out") | head -20 >&2
        fail "output differs from tests/golden/$name"
    }
}

test_demo_reports_match_golden_files() {
    toro init --demo
    local as_of=(--as-of 2026-11-11)
    for format in md csv json; do
        check "monthly.$format" report monthly "${as_of[@]}" --by program --format "$format"
        check "loans.$format" report loans "${as_of[@]}" --format "$format"
        check "missing.$format" report missing "${as_of[@]}" --format "$format"
        check "venture-V-2025-002.$format" report venture V-2025-002 "${as_of[@]}" --format "$format"
    done
    check "monthly-pl.md" report monthly "${as_of[@]}" --lang pl --format md
}

run_tests
