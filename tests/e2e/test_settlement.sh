#!/usr/bin/env bash
# The end of the grant cycle (docs/grants.md): payments and returns in the register, the final
# report's costs, the draft final report, and the settlement of a grant with its late interest
# — on the demo city, in both languages and every format, and with bad input refused whole.
# The figures are worked out by hand in docs/grants.md ("The demo").
source "$(dirname "$0")/lib.sh"

PYTHON=python3
python3 -c 'import openpyxl' 2>/dev/null || PYTHON=/usr/bin/python3

AS_OF=2026-11-11

# jqv FILTER: the filter over the last command's stdout, compact (numbers as jq writes them: 3218, 12.5).
jqv() { echo "$out" | jq -c "$1"; }

demo() {
    toro init --demo
    expect_rc 0
}

# The settlement with a late return: V-2025-014 returned 175 zł of excess and 1 150 zł unused
# on 2026-03-16, after the due date of 2026-01-31; the interest (23 + 15 zł) is still due.
test_settlement_json_of_a_late_return() {
    demo
    toro --as-of "$AS_OF" report settlement V-2025-014 --format json
    expect_rc 0
    echo "$out" >settlement.json
    schema_valid report-settlement.schema.json settlement.json || fail "the settlement does not follow its schema"
    cat >expected.json <<'EOF'
{"venture": "V-2025-014", "as_of": "2026-11-11", "grant_paid": 45000, "grant_used": 43675, "excess": 175,
 "unused": 1150, "own_share_shortfall": 0,
 "due": [{"what": "excess", "amount": 175, "due_on": "2026-01-31"},
         {"what": "unused", "amount": 1150, "due_on": "2026-01-31"}],
 "returns": [{"returned_on": "2026-03-16", "amount": 175, "applied_to": "excess"},
             {"returned_on": "2026-03-16", "amount": 1150, "applied_to": "unused"}],
 "interest": [
   {"what": "excess", "amount": 175, "from": "2025-03-05", "to": "2026-03-16", "rate_periods": [
      {"from": "2025-03-05", "to": "2025-05-07", "rate": 14.5, "days": 64},
      {"from": "2025-05-08", "to": "2025-07-02", "rate": 13.5, "days": 56},
      {"from": "2025-07-03", "to": "2025-09-03", "rate": 13, "days": 63},
      {"from": "2025-09-04", "to": "2025-10-08", "rate": 12.5, "days": 35},
      {"from": "2025-10-09", "to": "2025-11-05", "rate": 12, "days": 28},
      {"from": "2025-11-06", "to": "2025-12-03", "rate": 11.5, "days": 28},
      {"from": "2025-12-04", "to": "2026-03-16", "rate": 11, "days": 103}], "interest": 23},
   {"what": "unused", "amount": 1150, "from": "2026-02-01", "to": "2026-03-16", "rate_periods": [
      {"from": "2026-02-01", "to": "2026-03-16", "rate": 11, "days": 44}], "interest": 15}],
 "balance_due": 38, "status": "open"}
EOF
    json_close settlement.json expected.json || fail "the settlement is not as worked out by hand"
}

test_settlement_overdue_and_settled() {
    demo
    # V-2025-016: 3 000 zł unused, due 2026-03-15, nothing returned; 241 days at 11 %: 218 zł.
    toro --as-of "$AS_OF" report settlement V-2025-016 --format json
    expect_rc 0
    expect_eq "$(jqv '[.balance_due, .status, .interest[0].rate_periods[0].days, .interest[0].interest]')" '[3218,"overdue",241,218]'
    # V-2025-009 returned its 1 000 zł on time; V-2025-027 used all of its grant.
    toro --as-of "$AS_OF" report settlement V-2025-009 --format json
    expect_eq "$(jqv '[.returns, .interest, .balance_due, .status]')" '[[{"returned_on":"2026-01-20","amount":1000,"applied_to":"unused"}],[],0,"settled"]'
    toro --as-of "$AS_OF" report settlement V-2025-027 --format json
    expect_eq "$(jqv '[.grant_used, .unused, .due, .returns, .interest, .balance_due, .status]')" '[9800,0,[],[],[],0,"settled"]'
    # As of the day before its due date, V-2025-016 is open with no interest yet.
    toro --as-of 2026-03-15 report settlement V-2025-016 --format json
    expect_eq "$(jqv '[.interest, .balance_due, .status]')" '[[],3000,"open"]'
}

test_settlement_for_people_in_both_languages() {
    demo
    toro --as-of "$AS_OF" report settlement V-2025-014 --format md
    expect_rc 0
    expect_out_has "# Settlement of the grant: V-2025-014"
    expect_out_has "Late interest by rate period"
    expect_out_has "Checked by (finance)"
    expect_out_has "PLN 38.00"
    expect_out_has "Warszawa"
    "$TORO" --as-of "$AS_OF" --lang pl report settlement V-2025-014 --format md >pl.md 2>pl.err
    [ $? = 0 ] || fail "report settlement --lang pl failed"
    grep -q "# Rozliczenie dotacji: V-2025-014" pl.md || fail "no Polish title"
    grep -q "Odsetki za zwłokę według okresów stawek" pl.md || fail "no Polish interest section"
    grep -q "Sprawdził (finanse)" pl.md || fail "no Polish signature line"
    grep -q "38,00 zł" pl.md || fail "no Polish amount"
    grep -q "po terminie\|w toku" pl.md || fail "no Polish status"
    for format in table csv tsv html; do
        toro --as-of "$AS_OF" report settlement V-2025-014 --format "$format"
        expect_rc 0
        [ -n "$out" ] || fail "empty $format"
    done
    toro --as-of "$AS_OF" report settlement V-2025-014 --format csv
    expect_out_has "excess,175.00,2026-01-31,0.00"
    toro --as-of "$AS_OF" --lang pl report settlement V-2025-014 -o rozliczenie.xlsx
    expect_rc 0
    "$PYTHON" - <<'PY' || fail "the workbook is not the settlement"
import openpyxl
book = openpyxl.load_workbook("rozliczenie.xlsx")
text = " ".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value is not None)
assert "Rozliczenie dotacji" in text or "Podpisy" in text, text[:300]
assert "Sprawdził (finanse)" in text, text[:300]
PY
}

test_settlement_all_for_cron() {
    demo
    toro --as-of "$AS_OF" report settlement --all --format csv
    expect_rc 3
    expect_eq "$(printf '%s' "$out" | tr -d '\r')" "venture,org,due_on,outstanding,interest_due,balance_due,status
V-2025-014,ORG-001,2026-01-31,0.00,38.00,38.00,open
V-2025-016,ORG-012,2026-03-15,3000.00,218.00,3218.00,overdue"
    expect_eq "$err" "toro: 2026-11-11: 1 settlement overdue"
    toro --as-of "$AS_OF" report settlement --all --format json
    expect_rc 3
    echo "$out" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); assert [s["venture"] for s in d] == ["V-2025-014","V-2025-016"], d' ||
        fail "--all JSON"
    # Before the due dates nothing is overdue: exit 0. V-2025-014's excess bears interest from
    # its payment on (art. 252) and V-2025-009 is settled.
    toro --as-of 2026-01-25 report settlement --all --format csv
    expect_rc 0
    expect_out_has "V-2025-016,ORG-012,2026-03-15,3000.00,0.00,3000.00,open"
    expect_out_lacks "V-2025-009"
    expect_out_has "V-2025-014,ORG-001,2026-01-31,1325.00,"
    toro report settlement
    expect_rc 2
    expect_err_has "name one venture, or give --all"
    toro report settlement V-2025-014 --all
    expect_rc 2
}

test_settlement_refusals() {
    demo
    toro --as-of "$AS_OF" report settlement V-2025-002
    expect_rc 65
    expect_eq "$err" "toro: error: V-2025-002: no final report figures for V-2025-002: import them with \`toro report import FILE --layout final\`"
    toro --as-of "$AS_OF" report settlement V-9999
    expect_rc 65
    expect_eq "$err" "toro: error: V-9999: no venture has this key"
}

# A return, and the final figures of a venture imported, change the settlement; bad rows are
# refused whole, nothing written.
test_register_and_import() {
    demo
    local before
    before=$(sql toro.db "SELECT count(*) FROM grant_return")
    printf 'venture,returned_on,amount\nV-2025-016,2026-11-10,3000\nV-2025-016,2024-01-01,5\nV-2025-016,2026-11-10,-4\n' >returns.csv
    toro register import grant_return returns.csv
    expect_rc 65
    expect_err_has "returns.csv:3: returned_on '2024-01-01': a return before any payment: the grant was first paid on 2025-03-03"
    expect_err_has "returns.csv:4: amount '-4': must be more than 0"
    expect_eq "$(sql toro.db "SELECT count(*) FROM grant_return")" "$before"
    toro register grant_return add --venture V-2025-016 --returned-on 2026-11-10 --amount 3000
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'grant_return' AND action = 'insert'")" "1"
    # 3 000 zł returned 240 days late (16 Mar – 10 Nov) at 11 %: 216.99 → 217 zł still due.
    toro --as-of "$AS_OF" report settlement V-2025-016 --format json
    expect_eq "$(jqv '[.interest[0].interest, .balance_due, .status]')" '[217,217,"open"]'
    toro register payment add --venture V-2025-016 --paid-on 2026-01-05 --amount 0
    expect_rc 65
    expect_err_has "amount '0': must be more than 0"
    toro register venture remove V-2025-016
    expect_rc 65
    expect_err_has "payment"

    printf 'venture,category,source,actual\nV-2025-005,personnel,grant,61000\nV-2025-005,equipment,grant,20000\nV-2025-005,services,grant,15000\nV-2025-005,promotion,own,12000\n' >final.csv
    toro report import final.csv --layout final --format json
    expect_rc 0
    expect_eq "$(jqv '[.inserted, .updated, .unchanged, .rejected]')" '[4,0,0,0]'
    toro report import final.csv --layout final --format json
    expect_eq "$(jqv '[.inserted, .updated, .unchanged, .rejected]')" '[0,0,4,0]'
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'final_cost' AND key LIKE 'V-2025-005/%'")" "4"
    # personnel 61 000 of 60 000 is within 10 %; 100 000 paid on the start, 96 000 used.
    toro --as-of 2027-02-01 report settlement V-2025-005 --format json
    expect_eq "$(jqv '[.grant_paid, .grant_used, .excess, .unused, .due[0].due_on, .status]')" '[100000,96000,0,4000,"2027-01-31","overdue"]'
    printf 'venture,category,source,actual\nV-2025-005,personnel,grant,1\nV-2025-005,personnel,grant,2\nV-9,personnel,grant,1\nV-2025-005,nothing,grant,1\n' >bad.csv
    toro report import bad.csv --layout final
    expect_rc 65
    expect_err_has "bad.csv:3: category 'personnel': given twice in this file (first on line 2)"
    expect_err_has "bad.csv:4: venture 'V-9': no venture has this code"
    expect_err_has "bad.csv:5: category 'nothing'"
    expect_eq "$(sql toro.db "SELECT actual FROM final_cost WHERE venture = 'V-2025-005' AND category = 'personnel'")" "6100000"
    # a final file without --layout final is refused for its columns
    toro report import final.csv
    expect_rc 65
    expect_err_has "source"
}

test_final_report() {
    demo
    toro --as-of "$AS_OF" report final V-2025-014 --format json
    expect_rc 0
    echo "$out" >final.json
    "$PYTHON" - <<'PY' || fail "the final report is not as the demo holds it"
import json
d = json.load(open("final.json"))
assert d["venture"]["grant"] == 45000, d["venture"]
costs = {(c["category"], c["source"]): (c["planned"], c["actual"]) for c in d["costs"]}
assert costs[("promotion", "grant")] == (6750, 7600), costs
assert costs[("materials", "fees")] == (None, 450), costs
sources = {s["source"]: (s["planned"], s["actual"]) for s in d["sources"]}
assert sources["grant"] == (45000, 43850), sources
assert sources["total"] == (53900, 53200), sources
assert len(d["results"]) >= 1 and all("planned_level" in r and "achieved_level" in r for r in d["results"]), d["results"]
assert [p["text"] for p in d["to_fill"]] == [None] * 5, d["to_fill"]
PY
    "$TORO" --as-of "$AS_OF" --lang pl report final V-2025-014 --format md >final.md 2>final.err
    [ $? = 0 ] || fail "report final --lang pl failed"
    grep -q "Sprawozdanie końcowe (projekt): V-2025-014" final.md || fail "no Polish title"
    grep -q "wkład własny niefinansowy: rzeczowy" final.md || fail "no Polish source"
    grep -q "Przyczyny odstępstw od planu" final.md || fail "no part to fill"
    toro --as-of "$AS_OF" report final V-2025-014 --format html
    expect_rc 0
    expect_out_has "Results achieved against those planned"
    toro --as-of "$AS_OF" report final V-2025-014 -o final.xlsx
    expect_rc 0
    expect_file final.xlsx
}

test_config_rates_and_minimum() {
    demo
    # A rate of 20 % from 2026-01-01 in place of the table: V-2025-014's unused 1 150 zł for 44
    # days: 1 150 × 44 × 20 % / 365 = 27.73 → 28 zł.
    printf '\n[[settlement.rate]]\nfrom = "2026-01-01"\nrate = 20\n' >>toro.toml
    toro --as-of "$AS_OF" report settlement V-2025-014 --format json
    expect_rc 0
    expect_eq "$(jqv '.interest[1] | [.rate_periods, .interest]')" '[[{"from":"2026-02-01","to":"2026-03-16","rate":20,"days":44}],28]'
    # With a minimum of 30 zł neither the 23 zł nor the 28 zł is charged.
    sed -i 's/^interest_minimum = .*/interest_minimum = 30/' toro.toml
    toro --as-of "$AS_OF" report settlement V-2025-014 --format json
    expect_eq "$(jqv '[.interest[0].interest, .interest[1].interest, .balance_due, .status]')" '[0,0,0,"settled"]'
    sed -i 's/^interest_minimum = .*/interest_minimum = -1/' toro.toml
    toro report settlement V-2025-014
    expect_rc 78
    expect_err_has "settlement.interest_minimum"
}

run_tests
