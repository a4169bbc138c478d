#!/usr/bin/env bash
# Workbooks read by every import (docs/formats.md "Spreadsheets"): plain sheets in the long and
# wide layout import exactly as the same rows in CSV (dates in both date systems, months typed
# as dates, numbers as numbers), problems name FILE:SHEET!CELL, workbooks come from standard
# input or are known by their content, and `register import` reads them too. The sheets are
# written by tests/e2e/spreadsheets.py with openpyxl, as a person's or a program's would be.
source "$(dirname "$0")/lib.sh"

# shellcheck source=tests/e2e/workbooks.sh
source "$(dirname "$0")/workbooks.sh"

LONG_CSV='venture,period,indicator,value,category,amount,submitted_on,note
V-2025-005,2026-10,participants,9,,,2026-11-08,Październik
V-2025-005,2026-10,support_hours,80.5,,,2026-11-08,Październik
V-2025-005,2026-10,,,personnel,4500.25,2026-11-08,Październik
V-2025-005,2026-10,,,equipment,120,2026-11-08,Październik
V-2025-012,2026-10,participants,4,,,2026-11-09,
V-2025-012,2026-10,,,services,999.99,2026-11-09,'

WIDE_CSV='venture,period,submitted_on,participants,support_hours,spent:personnel,spent:equipment
V-2025-005,2026-10,2026-11-08,9,80.5,4500.25,120
V-2025-012,2026-10,2026-11-09,4,,,'

# plain_as_csv LAYOUT CSV [--1904]: the sheet imports as the CSV does: the same counts, the same reports.
plain_as_csv() {
    local name=$1 text=$2 extra=${3:-}
    rm -rf csv xlsx && mkdir csv xlsx
    (cd csv && "$TORO" init --demo >/dev/null 2>&1)
    cp csv/toro.* xlsx/
    printf '%s\n' "$text" >"$name.csv"
    # shellcheck disable=SC2086
    sheets sheet "$name.csv" "$name.xlsx" $extra
    toro --db csv/toro.db --as-of 2026-11-11 report import "$name.csv" --format json
    expect_rc 0
    local from_csv=$out
    toro --db xlsx/toro.db --as-of 2026-11-11 report import "$name.xlsx" --format json
    expect_rc 0
    # The same summary, but for the cells a spreadsheet's problems name.
    expect_eq "$(jq -c 'del(.encoding) | del(.errors[].cell, .warnings[].cell)' <<<"$out")" \
        "$(jq -c 'del(.encoding)' <<<"$from_csv")"
    expect_eq "$(reports xlsx/toro.db)" "$(reports csv/toro.db)"
    [ -n "$(reports xlsx/toro.db | grep V-2025-012)" ] || fail "nothing was imported"
}

test_plain_long_and_wide_sheets_import_as_csv() {
    sqlite_only "two store files side by side, one per input" || return 0
    plain_as_csv long "$LONG_CSV"
    plain_as_csv wide "$WIDE_CSV"
    # Dates in the 1904 date system are the same dates.
    plain_as_csv long1904 "$LONG_CSV" --1904
    expect_eq "$(sql xlsx/toro.db "SELECT submitted_on FROM report WHERE venture = 'V-2025-005' AND period = '2026-10'")" "2026-11-08"
}

test_plain_sheet_problems_name_the_cell() {
    demo
    printf 'venture,period,indicator,value\nV-2025-005,2026-10,participants,dziewięć\nV-2025-005,2026-10,support_hours,5\n' >bad.csv
    sheets sheet bad.csv bad.xlsx
    toro --as-of 2026-11-11 report import bad.xlsx
    expect_rc 65
    expect_err_has "bad.xlsx:Dane!D2: value 'dziewięć': "
    printf 'venture,period,indicator,value,colour\nV-2025-005,2026-10,participants,4,red\n' >unknown.csv
    sheets sheet unknown.csv unknown.xlsx
    toro --as-of 2026-11-11 report import unknown.xlsx
    expect_rc 65
    expect_err_has "unknown.xlsx:Dane!E1: colour: unknown column 'colour'"
    # A period typed as a day is refused as in CSV, naming the cell.
    printf 'venture,period,indicator,value\nV-2025-005,2026-10-15,participants,4\n' >day.csv
    sheets sheet day.csv day.xlsx
    toro --as-of 2026-11-11 report import day.xlsx
    expect_rc 65
    expect_err_has "day.xlsx:Dane!B2: period '2026-10-15': a month is expected, not a day"
}

test_workbooks_from_standard_input_and_by_content() {
    demo
    printf '%s\n' "$LONG_CSV" >long.csv
    sheets sheet long.csv long.xlsx
    cp long.xlsx long.bin
    toro --as-of 2026-11-11 report import - --dry-run --format json <long.xlsx
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .rejected]' <<<"$out")" "[6,0]"
    toro --as-of 2026-11-11 report import long.bin --dry-run --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .rejected]' <<<"$out")" "[6,0]"
    printf 'not a workbook' >broken.xlsx
    toro --as-of 2026-11-11 report import broken.xlsx
    expect_rc 65
    expect_err_has "broken.xlsx: cannot read it as an .xlsx workbook (not a zip archive (an .xlsx file is one))"
    # Cut short, as a broken download: refused, nothing written.
    head -c 3000 long.xlsx >cut.xlsx
    toro --as-of 2026-11-11 report import cut.xlsx
    expect_rc 65
    expect_err_has "cut.xlsx: cannot read it as an .xlsx workbook"
    # A zip archive that is no workbook.
    "$PYTHON" -c 'import zipfile; zipfile.ZipFile("other.xlsx", "w").writestr("readme.txt", "hello")'
    toro --as-of 2026-11-11 report import other.xlsx
    expect_rc 65
    expect_err_has "other.xlsx: cannot read it as an .xlsx workbook (it has no workbook part (xl/workbook.xml): not a spreadsheet)"
    # A workbook whose sheet's part is missing, and one whose sheet is empty.
    "$PYTHON" - <<'PY'
import zipfile
with zipfile.ZipFile("long.xlsx") as source, zipfile.ZipFile("partless.xlsx", "w") as target:
    for item in source.infolist():
        if not item.filename.startswith("xl/worksheets/"):
            target.writestr(item, source.read(item))
PY
    toro --as-of 2026-11-11 report import partless.xlsx
    expect_rc 65
    expect_err_has "partless.xlsx: cannot read the sheet 'Dane': the package has no part"
    "$PYTHON" -c 'import openpyxl; openpyxl.Workbook().save("empty.xlsx")'
    toro --as-of 2026-11-11 report import empty.xlsx
    expect_rc 65
    expect_err_has "empty.xlsx: the sheet 'Sheet' is empty: toro reads the first sheet of a workbook, its first row naming the columns"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE period = '2026-10' AND venture = 'V-2025-012'")" "0"
}

test_register_import_reads_workbooks() {
    toro init
    printf 'code,name,legal_form,krs,nip,opp,district,email\nORG-1,Fundacja Źródło,FUND,12345,8567346215,true,Wola,zrodlo@example.org\n' >orgs.csv
    sheets sheet orgs.csv orgs.xlsx
    toro register import org orgs.xlsx
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT code, name, krs, nip, opp FROM org")" "ORG-1|Fundacja Źródło|0000012345|8567346215|1"
}

run_tests
