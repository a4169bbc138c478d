#!/usr/bin/env bash
# `--excel`: CSV for a Polish Excel or LibreOffice (docs/formats.md#csv-for-a-polish-spreadsheet):
# `;`, a UTF-8 byte order mark, CRLF, decimal commas, codes with leading zeros kept from being
# made numbers; and such a file imports back unchanged. How LibreOffice itself reads it is
# checked by tests/visual/check_reports.sh.
source "$(dirname "$0")/lib.sh"

test_excel_csv_is_written_for_a_polish_spreadsheet() {
    toro init --demo
    expect_rc 0
    toro register loan list --excel -o loans.csv
    expect_rc 0
    expect_eq "$(head -c 3 loans.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
    expect_eq "$(sed -n 1p loans.csv | tail -c 2 | od -An -tx1 | tr -d ' ')" "0d0a"
    # Money and the interest rate with a decimal comma, so that they arrive as numbers and the
    # rate 1.5 does not become the 1st of May.
    expect_eq "$(sed -n 2p loans.csv | cut -d';' -f1,4,5 | tr -d '\r')" "L-2025-001;60000,00;1,5"
    toro register venture list --excel
    expect_rc 0
    expect_out_has "88000,00;4400,00;6100,00"
    # A KRS number keeps its zeros behind an apostrophe; a formula-like name stays text too.
    toro register org add --code ORG-X --name "=HYPERLINK(1)" --legal-form STOW --krs 0000123456 --district Wola
    expect_rc 0
    toro register org show ORG-X --excel
    expect_rc 0
    expect_out_has "'0000123456"
    expect_out_has "'=HYPERLINK(1)"
    # Plain csv stays the machine format.
    toro register loan list --format csv
    expect_out_has "L-2025-001,ORG-003,,60000.00,1.5,"
}

test_excel_csv_imports_back_unchanged() {
    toro init --demo
    local entity
    for entity in org venture loan; do
        toro register export "$entity" --excel -o "$entity.csv"
        expect_rc 0
        toro register import "$entity" "$entity.csv" --format json
        expect_rc 0
        expect_eq "$(echo "$out" | jq -c '[.inserted, .updated, .rejected]')" "[0,0,0]"
    done
    toro register org show ORG-001 --format json
    expect_eq "$(echo "$out" | jq -r '.krs')" "$(sql toro.db "SELECT krs FROM org WHERE code = 'ORG-001'")"
}

test_excel_refuses_other_formats_and_separators() {
    toro init --demo
    toro register org list --excel --format json
    expect_rc 2; expect_err_has "toro: error: --excel: writes csv, not json (leave --format out)"
    toro register org list --excel --sep ,
    expect_rc 2; expect_err_has "toro: error: --excel: separates by ; (leave --sep out)"
    toro register org list --excel -o orgs.xlsx
    expect_rc 2
    [ ! -e orgs.xlsx ] || fail "orgs.xlsx was written"
}

run_tests
