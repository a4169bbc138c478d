#!/usr/bin/env bash
# Start-up stays short (PRODUCT.md §11): libxlsxwriter and libcrypto, whose loading cost more
# than the rest of a short command, are opened only by what needs them — xlsx output and
# pseudonyms — and those still work; so is liborcus, in the spreadsheet module, by what reads a
# workbook. (The timings are in tests/bench/bench_startup.sh.)
source "$(dirname "$0")/lib.sh"

# The shared libraries the dynamic loader opened while running toro ARGS.
loaded_libraries() {
    LD_DEBUG=files "$TORO" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) *\[0\];  *needed by.*/\1/p; s/.*file=\([^ ]*\) *\[0\];  *dynamically loaded by.*/\1/p' | sort -u
}

test_short_commands_load_neither_library() {
    toro init --demo
    local libraries
    for command in "--version" "--as-of 2026-11-11 report missing --period 2026-10 --format csv" "db info"; do
        # shellcheck disable=SC2086
        libraries=$(loaded_libraries $command)
        [[ $libraries == *libsqlite3* || $command == --version ]] || fail "LD_DEBUG shows no libraries: $libraries"
        [[ $libraries != *libxlsxwriter* ]] || fail "'toro $command' loads libxlsxwriter"
        [[ $libraries != *libcrypto* ]] || fail "'toro $command' loads libcrypto"
        [[ $libraries != *liborcus* && $libraries != *toro-workbook* ]] || fail "'toro $command' loads liborcus"
    done
}

test_only_reading_a_workbook_loads_liborcus() {
    toro init --demo
    # A workbook toro wrote itself: its columns are not a report's, but it is read.
    toro --as-of 2026-11-11 report missing --period 2026-10 -o missing.xlsx
    expect_rc 0
    printf 'venture,period,indicator,value\nV-2025-005,2026-10,participants,4\n' >october.csv
    local libraries
    libraries=$(loaded_libraries --as-of 2026-11-11 report import october.csv --dry-run)
    [[ $libraries != *liborcus* ]] || fail "a CSV import loads liborcus: $libraries"
    libraries=$(loaded_libraries --as-of 2026-11-11 report import missing.xlsx --dry-run)
    [[ $libraries == *toro-workbook.so* && $libraries == *liborcus-0.17* ]] ||
        fail "reading a workbook did not load the spreadsheet module and liborcus: $libraries"
}

test_xlsx_and_pseudonyms_load_them_on_demand() {
    toro init --demo
    local libraries
    libraries=$(loaded_libraries --as-of 2026-11-11 report monthly -o monthly.xlsx)
    [[ $libraries == *libxlsxwriter* ]] || fail "xlsx output did not load libxlsxwriter: $libraries"
    [[ $(head -c 2 monthly.xlsx) == PK ]] || fail "not an xlsx file"
    # Attendance is pseudonymised with HMAC-SHA-256 (libcrypto): 64 hex digits, never the id.
    printf 'training,participant,pre_score,post_score\nT-2025-01,P-9001,10,20\n' >attendance.csv
    libraries=$(loaded_libraries register import attendance attendance.csv)
    [[ $libraries == *libcrypto* ]] || fail "pseudonymising did not load libcrypto: $libraries"
    local stored
    stored=$(sql toro.db "SELECT participant FROM attendance WHERE training = 'T-2025-01' AND pre_score = 10 AND post_score = 20")
    [[ $stored =~ ^[0-9a-f]{64}$ ]] || fail "participant stored as '$stored'"
}

run_tests
