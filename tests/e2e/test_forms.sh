#!/usr/bin/env bash
# Report forms (docs/reports.md "The organizations' side"): the demo's forms written, filled by a
# script as an organization's staff would (openpyxl), imported and compared with `report
# history`; forms whose structure was changed refused naming the cell; the forms LibreOffice
# saved (committed fixtures, made by tests/fixtures/spreadsheets/make.sh) read the same.
source "$(dirname "$0")/lib.sh"

# shellcheck source=tests/e2e/workbooks.sh
source "$(dirname "$0")/workbooks.sh"
FIXTURES="$TORO_SOURCE/tests/fixtures/spreadsheets"

# same_report HISTORY_JSON EXPECTED_JSON: the last revision holds the expected figures.
same_report() {
    "$PYTHON" - "$1" "$2" <<'PY' || fail "the report differs from the filled form"
import json, sys
history = json.loads(sys.argv[1])
expected = json.loads(sys.argv[2])
last = history[-1]
for key in ("submitted_on", "values", "spending", "note"):
    if last[key] != expected[key]:
        sys.exit(f"{key}: {last[key]!r} != {expected[key]!r}")
PY
}

test_demo_forms_filled_by_a_script_import_as_reported() {
    demo
    toro --as-of 2026-11-11 report form --period 2026-10 -o forms/ --format json
    expect_rc 0
    expect_err_has "wrote 5 forms to forms/"
    local list=$out ventures venture seed=1 report
    ventures=$(jq -r '.[].venture' <<<"$list")
    expect_eq "$(tr '\n' ' ' <<<"$ventures")" "V-2025-005 V-2025-012 V-2025-017 V-2025-022 V-2025-024 "
    # The ventures whose report for 2026-10 is missing or not yet due, and no other.
    expect_eq "$(jq -r '.[] | select(.venture == "V-2025-022") | .due_on' <<<"$list")" "2026-11-20"
    for venture in $ventures; do
        report=$(sheets fill "forms/${venture}_2026-10.xlsx" "filled-$venture.xlsx" "$seed")
        toro --as-of 2026-11-11 report import "filled-$venture.xlsx" --format json
        expect_rc 0
        expect_eq "$(jq -c '[.inserted, .rejected]' <<<"$out")" "[$(jq '(.values | length) + (.spending | length)' <<<"$report"),0]"
        toro --as-of 2026-11-11 report history "$venture" 2026-10 --format json
        expect_rc 0
        same_report "$out" "$report"
        seed=$((seed + 1))
    done
    # Every expected report has arrived: no form is left to write, and none is missing.
    toro --as-of 2026-11-21 report missing --period 2026-10 --check
    expect_rc 0
    toro --as-of 2026-11-21 report form --period 2026-10 -o more/
    expect_rc 0
    expect_err_has "every report expected has been received; no form written"
    expect_no_file more
    # The same form imported again changes nothing.
    toro --as-of 2026-11-11 report import filled-V-2025-005.xlsx --format json
    expect_eq "$(jq -c '[.inserted, .updated]' <<<"$out")" "[0,0]"
}

test_form_is_protected_prefilled_and_validated() {
    demo
    toro --lang pl --as-of 2026-11-11 report form V-2025-005 2026-10
    expect_rc 0
    expect_err_has "zapisano V-2025-005_2026-10.xlsx (formularz V-2025-005 za 2026-10, termin 2026-11-10)"
    toro --as-of 2026-11-11 --lang en report form V-2025-005 2026-10 -o en.xlsx
    expect_rc 0
    "$PYTHON" - V-2025-005_2026-10.xlsx en.xlsx <<'PY' || fail "the form is not as it should be"
import sys, openpyxl
def check(condition, message):
    if not condition:
        sys.exit(message)
book = openpyxl.load_workbook(sys.argv[1])
check(book.sheetnames == ["Raport", "Instrukcja", "toro"], book.sheetnames)
check(book["toro"].sheet_state == "hidden", "the description is not hidden")
sheet = book["Raport"]
check(sheet.protection.sheet and not sheet.protection.password, "the sheet is not protected without a password")
check(book["toro"].protection.sheet, "the description is not protected")
fill = {"B9", "B10", "F14", "F15", "F19", "F20", "F21", "F22"}
for row in sheet.iter_rows(min_row=1, max_row=30, max_col=6):
    for cell in row:
        check(cell.protection.locked == (cell.coordinate not in fill), f"{cell.coordinate} locked={cell.protection.locked}")
check(sheet["B4"].value == "V-2025-005" and sheet["B7"].value == "2026-10", "venture and month")
check(str(sheet["B8"].value)[:10] == "2026-11-10", f"due {sheet['B8'].value}")
check(sheet["A14"].value == "participants" and sheet["D14"].value == 122, "the first target")
# So far: the reports received up to 2026-09 (participants sum to 113 in the demo).
check(sheet["E14"].value == 113, f"so far {sheet['E14'].value}")
check(sheet["A20"].value == "personnel" and sheet["D20"].value == 60000, "a budget line")
rules = {str(v.sqref): (v.type, v.operator, v.formula1) for v in sheet.data_validations.dataValidation}
check(rules["B9"][0] == "date", rules)
check(rules["F14"] == ("decimal", "greaterThanOrEqual", "0"), rules)
check(rules["F20"] == ("custom", None, "AND(ISNUMBER(F20),F20>=0,ROUND(F20,2)=F20)"), rules)
check("Nie przesuwaj" in book["Instrukcja"]["A7"].value, book["Instrukcja"]["A7"].value)
english = openpyxl.load_workbook(sys.argv[2])
check(english.sheetnames == ["Report", "Instructions", "toro"], english.sheetnames)
check(english["Report"]["A14"].value == "participants" and english["Report"]["B14"].value == "Participants supported",
      english["Report"]["B14"].value)
check("Do not move" in english["Instructions"]["A7"].value, "English instructions")
PY
    # Where to send it comes from [mail].
    sed -i 's|^# from = .*|from = "Biuro <dialog@um.example.pl>"|; s|^# reply_to = .*|reply_to = "raporty@um.example.pl"|' toro.toml
    toro --lang pl --as-of 2026-11-11 report form V-2025-005 2026-10 -o mail.xlsx
    expect_rc 0
    "$PYTHON" -c 'import openpyxl, sys; t = openpyxl.load_workbook("mail.xlsx")["Instrukcja"]["A11"].value; sys.exit(0 if "raporty@um.example.pl" in t else t)' ||
        fail "the instructions do not name reply_to"
}

test_form_command_refusals() {
    demo
    toro --as-of 2026-11-11 report form V-2025-001 2026-10
    expect_rc 65
    expect_err_has "V-2025-001 2026-10: outside the venture's months (2025-01 to 2026-06)"
    toro --as-of 2026-11-11 report form V-9 2026-10
    expect_rc 65
    toro --as-of 2026-11-11 report form V-2025-005 2026-10 -o form.ods
    expect_rc 2
    expect_err_has "a form is written as .xlsx"
    toro --as-of 2026-11-11 report form --period 2026-10
    expect_rc 2
    expect_err_has "name their folder with -o DIR/"
    toro --as-of 2026-11-11 report form --period 2026-10 --org ORG-999 -o forms/
    expect_rc 65
    toro --as-of 2026-11-11 report form --period 2026-10 --org ORG-001 -o forms/ --format csv
    expect_rc 0
    expect_eq "$(ls forms)" "V-2025-005_2026-10.xlsx"
    # The store is never a form's target.
    toro --as-of 2026-11-11 report form V-2025-005 2026-10 -o toro.db
    expect_rc 2
    cp toro.db copy.xlsx
    toro --db copy.xlsx --as-of 2026-11-11 report form V-2025-005 2026-10 -o copy.xlsx
    expect_rc 73
}

test_broken_forms_are_refused_naming_the_cell() {
    demo
    toro --lang pl --as-of 2026-11-11 report form V-2025-005 2026-10 -o form.xlsx
    local before
    before=$(reports toro.db)
    sheets break form.xlsx moved.xlsx moved
    toro --as-of 2026-11-11 report import moved.xlsx
    expect_rc 65
    expect_err_has "moved.xlsx:Raport!A14: indicator 'support_hours': the form has the indicator 'participants' here: its rows were moved, deleted or overwritten"
    expect_err_has "moved.xlsx:Raport!A15: indicator 'participants': the form has the indicator 'support_hours' here"
    sheets break form.xlsx deleted.xlsx deleted
    toro --as-of 2026-11-11 report import deleted.xlsx
    expect_rc 65
    expect_err_has "deleted.xlsx:Raport!A14: indicator 'support_hours': the form has the indicator 'participants' here"
    sheets break form.xlsx overwritten.xlsx overwritten
    toro --as-of 2026-11-11 report import overwritten.xlsx
    expect_rc 65
    expect_err_has "overwritten.xlsx:Raport!A14: indicator 'volunteers': the form has the indicator 'participants' here"
    sheets break form.xlsx other.xlsx venture V-2025-012
    toro --as-of 2026-11-11 report import other.xlsx
    expect_rc 65
    expect_err_has "other.xlsx:Raport!B4: venture 'V-2025-012': this is the form of V-2025-005 for 2026-10; a form serves its own venture only (the other venture's rows differ): make one with \`toro report form V-2025-012 2026-10\`"
    sheets break form.xlsx month.xlsx month 2026-09
    toro --as-of 2026-11-11 report import month.xlsx
    expect_rc 65
    expect_err_has "month.xlsx:Raport!B7: period '2026-09': this is the form of V-2025-005 for 2026-10"
    sheets break form.xlsx renamed.xlsx renamed
    toro --as-of 2026-11-11 report import renamed.xlsx
    expect_rc 65
    expect_err_has "renamed.xlsx: this is the form of V-2025-005 for 2026-10, but its sheet 'Raport' is missing"
    # A value that is not a number: the cell and the value as shown, and nothing written.
    sheets break form.xlsx text.xlsx text
    toro --as-of 2026-11-11 report import text.xlsx --format json
    expect_rc 65
    expect_err_has "text.xlsx:Raport!F14: value 'dwanaście': "
    expect_eq "$(jq -c '.errors[0] | [.line, .field, .value, .cell]' <<<"$out")" '[14,"value","dwanaście","Raport!F14"]'
    # An empty form is not a report.
    toro --as-of 2026-11-11 report import form.xlsx
    expect_rc 65
    expect_err_has "form.xlsx:Raport!F14: the form of V-2025-005 for 2026-10 has no figures filled in"
    expect_eq "$(reports toro.db)" "$before"
    # Skip mode rejects the row of the bad cell, with its line, and writes the rest.
    toro --as-of 2026-11-11 report import text.xlsx --on-error skip --rejects rejects.csv
    expect_rc 3
    expect_err_has "toro: text.xlsx:Raport!F14: value 'dwanaście': "
    expect_eq "$(head -1 rejects.csv | tr -d '\r')" "venture,period,indicator,value,category,amount,submitted_on,note,line,error"
    expect_eq "$(sed -n 2p rejects.csv | cut -d, -f1-4,9)" "V-2025-005,2026-10,participants,dwanaście,14"
}

# Made by LibreOffice from a demo form filled by spreadsheets.py (tests/fixtures/spreadsheets/make.sh):
# saved as .ods and as .xlsx, one figure a formula whose cached result LibreOffice wrote.
test_forms_saved_by_libreoffice_read_the_same() {
    local fixture expected
    sqlite_only "a store file in a subfolder, made anew for each fixture" || return 0
    expected=$(cat "$FIXTURES/form-V-2025-005-2026-10.json")
    for fixture in form-V-2025-005-2026-10.ods form-V-2025-005-2026-10.lo.xlsx; do
        rm -rf store && mkdir store && (cd store && "$TORO" init --demo >/dev/null 2>&1)
        cp "$FIXTURES/$fixture" .
        toro --db store/toro.db --as-of 2026-11-11 report import "$fixture" --format json
        expect_rc 0
        toro --db store/toro.db --as-of 2026-11-11 report history V-2025-005 2026-10 --format json
        same_report "$out" "$expected"
    done
}

run_tests
