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

# The JSON of every other report of the demo, as PRODUCT.md fixes its shape.
test_demo_report_json_matches_golden_files() {
    toro init --demo
    local as_of=(--as-of 2026-11-11) later=(--as-of 2026-12-03)
    check "annual-2025.json" report annual --year 2025 "${later[@]}" --format json
    check "history-V-2025-002.json" report history V-2025-002 2026-10 --format json
    check "final-V-2025-014.json" report final V-2025-014 "${as_of[@]}" --format json
    check "settlement-V-2025-016.json" report settlement V-2025-016 "${as_of[@]}" --format json
    check "evaluate-ventures-2025.json" evaluate ventures --year 2025 "${later[@]}" --format json
    check "evaluate-ventures-2026-10.json" evaluate ventures --period 2026-10 "${later[@]}" --format json
    check "evaluate-training.json" evaluate training T-2025-01 --format json
    check "evaluate-summary.json" evaluate summary EWAL-2026 --format json
    check "evaluate-offers.json" evaluate offers OK-2027-K1 --format json
    check "survey-instrument.json" survey show KOMP-2026 --format json
    check "survey-gaps.json" survey gaps KOMP-2026 --format json
    check "survey-gaps-compare.json" survey gaps KOMP-2026 --compare ies,jst --format json
    check "survey-recommend.json" survey recommend KOMP-2026 --format json
}

run_tests
