#!/usr/bin/env bash
# Monthly reports and the monitoring reports on a small scenario whose every figure is worked
# out by hand below.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/scenario.sh"

# The two ventures of scenario.sh with their three months of reports, and one loan:
#   L-1 (ORG-A): 1 200 zł, 0 %, 3 months, equal principal, paid out 2026-01-15; one payment.
scenario() {
    two_ventures_register
    "$TORO" register loan add --code L-1 --org ORG-A --principal 1200 --annual-rate 0 --term-months 3 \
        --method equal_principal --disbursed-on 2026-01-15 2>/dev/null || fail "loan"
    "$TORO" register repayment add --loan L-1 --paid-on 2026-02-15 --amount 400 2>/dev/null || fail "repayment"
    "$TORO" --as-of 2026-04-20 report import reports.csv >/dev/null 2>&1 || fail "reports"
}

json() { echo "$out" | jq -c "$1"; }

test_monthly_report_figures() {
    scenario
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '.period, .as_of' | tr '\n' ' ')" '"2026-03" "2026-04-20" '
    # Expected: V-1 and V-2; received: V-1 only, on 04-09, due 04-10.
    expect_eq "$(json '.summary')" \
        '{"expected":2,"received":1,"on_time":1,"pending":0,"completeness":0.5,"timeliness":0.5,"ventures_active":2,"grant_total":15000,"spent_total":3500}'
    # V-1: pace 3/4; people 30/40 = 0.75 on track; jobs last = 2, 2/4 = 0.5 < 0.75 x 0.8: behind;
    # spent 6 000 + 2 400 of 10 000 planned.
    expect_eq "$(json '.ventures[0] | [.code, .org, .received, .on_time, .pace, .budget_execution]')" \
        '["V-1","ORG-A",true,true,0.75,0.84]'
    expect_eq "$(json '.ventures[0].indicators')" \
        '[{"code":"jobs","target":4,"actual":2,"achievement":0.5,"status":"behind"},{"code":"people","target":40,"actual":30,"achievement":0.75,"status":"on_track"}]'
    # V-2: pace 2/2; people 3/10 behind; nothing spent of grant + own funds 6 000.
    expect_eq "$(json '.ventures[1] | [.code, .received, .on_time, .pace, .budget_execution]')" '["V-2",false,false,1,0]'
    expect_eq "$(json '.ventures[1].indicators[0] | [.actual, .achievement, .status]')" '[3,0.3,"behind"]'
    # Rent: 2 400 spent against 2 000 x 1.1.
    expect_eq "$(json '[.flags[] | [.kind, .venture]]')" \
        '[["behind","V-1"],["overspent","V-1"],["missing","V-2"],["behind","V-2"],["loan_overdue",null]]'
    expect_eq "$(json '.flags[] | select(.kind == "missing") | .message')" '"no report for 2026-03; due 2026-04-10, 10 days overdue"'
    # L-1: 400 paid of 3 x 400; instalment 2 due 03-15 unpaid: 36 days past due.
    expect_eq "$(json '.loans')" '{"outstanding":800,"overdue":800,"par30":1,"par90":0}'
}

# An import of more ventures than it asks the store about one by one (on PostgreSQL it then
# reads the stored months of all ventures in one query): every stored report is found, so an
# unchanged one stays, a changed one is updated and only the new months are inserted.
test_an_import_of_many_ventures_finds_every_stored_report() {
    seed_ventures 300
    report_batch 1 300 01 >january.csv
    toro --as-of 2026-01-20 report import january.csv --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .updated, .unchanged]' <<<"$out")" "[1800,0,0]"
    {
        report_batch 1 300 02
        for v in $(seq 1 300); do
            for k in 1 2 3 4 5 6; do echo "V-$v,2025-01,i$k,$((v % 2 == 0 && k == 1 ? 9 : k)),2026-01-05"; done
        done
    } >more.csv
    toro --as-of 2026-01-20 report import more.csv --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .updated, .unchanged]' <<<"$out")" "[1800,900,900]"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE period = '2025-01' AND revision = 2")" "150"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report")" "600"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report_revision")" "150"
}

test_monthly_groups_and_formats() {
    scenario
    toro report monthly --period 2026-03 --as-of 2026-04-20 --by district --format json
    expect_eq "$(json '[.groups[] | [.group, .expected, .received, .completeness]]')" '[["Ochota",1,0,0],["Wola",1,1,1]]'
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format csv
    expect_rc 0; expect_out_has "expected,received,on_time,pending,completeness,timeliness,grant_total,spent_total"
    expect_out_has "2,1,1,0,0.5,0.5,15000.00,3500.00"
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format md --lang pl
    expect_rc 0; expect_out_has "| V-1 Pierwsze | ORG-A Fundacja A |"; expect_out_has "50,0 %"
    # Indicators by their register names and units, not codes.
    expect_out_has "| Miejsca pracy (miejsca pracy) | 4 | 2 | 50,0 % | opóźniony |"
    # Flag messages follow --lang in human formats; csv and json keep them in English.
    expect_out_has "| brak raportu | V-2 Drugie | brak raportu za 2026-03; termin 2026-04-10, 10 dni po terminie |"
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format md --lang en
    expect_out_has "| missing | V-2 Drugie | no report for 2026-03; due 2026-04-10, 10 days overdue |"
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format csv --lang pl
    expect_out_has 'missing,V-2,"no report for 2026-03; due 2026-04-10, 10 days overdue"'
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format json --lang pl
    expect_eq "$(json '[.flags[] | select(.kind == "missing") | .message]')" '["no report for 2026-03; due 2026-04-10, 10 days overdue"]'
    # The default period is the month before --as-of.
    toro report monthly --as-of 2026-04-20 --format json
    expect_eq "$(json '.period')" '"2026-03"'
}

test_missing_and_check() {
    scenario
    toro report missing --period 2026-03 --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '.')" '[{"code":"V-2","title":"Drugie","org":"ORG-B","email":"b@example.org","due_on":"2026-04-10","days_overdue":10}]'
    toro report missing --period 2026-03 --as-of 2026-04-20 --check
    expect_rc 3
    toro report missing --period 2026-01 --as-of 2026-04-20 --check
    expect_rc 0
}

# V-2 with report day 20: its report for 2026-03 is due on 2026-04-20. As of 2026-04-11 it is
# pending — not due, not received: neither missing nor flagged, and out of completeness.
test_report_not_yet_due_is_pending() {
    scenario
    toro register venture update V-2 --report-day 20
    expect_rc 0
    # Expected: V-1 alone (due 04-10, received 04-09 on time); V-2 pending. Completeness 1/1,
    # as V-1's report makes it; with V-2 counted as missing it would be 1/2.
    toro report monthly --period 2026-03 --as-of 2026-04-11 --format json
    expect_rc 0
    expect_eq "$(json '.summary')" \
        '{"expected":1,"received":1,"on_time":1,"pending":1,"completeness":1,"timeliness":1,"ventures_active":2,"grant_total":15000,"spent_total":3500}'
    expect_eq "$(json '[.ventures[] | [.code, .received, .on_time]]')" '[["V-1",true,true],["V-2",false,false]]'
    expect_eq "$(json '[.flags[] | select(.venture == "V-2") | .kind]')" '["behind"]'
    toro report monthly --period 2026-03 --as-of 2026-04-11 --by district --format json
    expect_eq "$(json '[.groups[] | [.group, .expected, .pending, .completeness]]')" '[["Ochota",0,1,0],["Wola",1,0,1]]'
    toro report monthly --period 2026-03 --as-of 2026-04-11 --format csv
    expect_out_has "expected,received,on_time,pending,completeness,timeliness,grant_total,spent_total"
    expect_out_has "1,1,1,1,1,1,15000.00,3500.00"
    toro report missing --period 2026-03 --as-of 2026-04-11 --format json --check
    expect_rc 0; expect_eq "$out" '[]'
    # On the due date it is due: missing, 0 days overdue.
    toro report missing --period 2026-03 --as-of 2026-04-20 --format json --check
    expect_rc 3
    expect_eq "$(json '.')" '[{"code":"V-2","title":"Drugie","org":"ORG-B","email":"b@example.org","due_on":"2026-04-20","days_overdue":0}]'
    expect_eq "$err" "toro: 2026-03: 1 report missing"
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format json
    expect_eq "$(json '[.summary.expected, .summary.pending, .summary.completeness]')" '[2,0,0.5]'
    expect_eq "$(json '.flags[] | select(.kind == "missing") | .message')" '"no report for 2026-03; due today, 2026-04-20"'
    toro report monthly --period 2026-03 --as-of 2026-04-21 --format md --lang pl
    expect_out_has "brak raportu za 2026-03; termin 2026-04-20, 1 dzień po terminie"
    # Received before it is due: expected at once, and on time.
    toro --as-of 2026-04-15 report submit V-2 2026-03 --value people=4
    expect_rc 0
    toro report monthly --period 2026-03 --as-of 2026-04-15 --format json
    expect_eq "$(json '[.summary.expected, .summary.received, .summary.on_time, .summary.pending]')" '[2,2,2,0]'
    # The venture's dossier follows the same rule: pending, V-2 had no missing flag.
    toro register venture update V-1 --report-day 20
    toro report venture V-1 --as-of 2026-04-11 --format json
    expect_eq "$(json '[.flags[].kind]')" '["behind","overspent"]'
}

test_missing_check_is_not_an_error() {
    scenario
    "$TORO" register venture update V-1 --report-day 20 2>/dev/null || fail "update"
    # 2026-04 as of 2026-05-25: V-1's report, due 05-20, is not in (V-2 ended in March).
    toro report missing --period 2026-04 --as-of 2026-05-25 --check
    expect_rc 3
    expect_eq "$err" "toro: 2026-04: 1 report missing"
    # 2026-03 as of 2026-05-25: V-2's; then V-1's too, once it is returned — in the plural.
    toro report missing --period 2026-03 --as-of 2026-05-25 --check
    expect_rc 3
    expect_eq "$err" "toro: 2026-03: 1 report missing"
    "$TORO" --as-of 2026-05-25 report return V-1 2026-03 --reason 'Popraw' 2>/dev/null || fail "return"
    toro report missing --period 2026-03 --as-of 2026-05-25 --check
    expect_rc 3
    expect_eq "$err" "toro: 2026-03: 2 reports missing"
    [[ "$err" != *error:* ]] || fail "an exit-3 outcome printed error:"
}

# V-1 has targets people and jobs and budget lines personnel and rent; `employed` is an
# indicator it has no target for.
add_employed_indicator() {
    printf 'code,name,unit,kind,aggregation\nemployed,Zatrudnieni,persons,result,last\n' >employed.csv
    "$TORO" register import indicator employed.csv >/dev/null 2>&1 || fail "indicator employed"
}

test_submit_warns_and_strict_refuses() {
    scenario
    add_employed_indicator
    # --strict: every warning is an error; nothing is written.
    toro --as-of 2026-05-05 report submit V-1 2026-04 --value people=5 --value jobs=3 --value employed=800 \
        --spent travel=99999 --strict
    expect_rc 65
    expect_err_has "toro: error: report submit: employed '800': V-1 has no target for this indicator"
    expect_err_has "toro: error: report submit: spent:travel '99999.00': V-1 has no budget line for this category"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE venture = 'V-1' AND period = '2026-04'")" "0"
    # Without it: accepted, with one warning line each on stderr.
    toro --as-of 2026-05-05 report submit V-1 2026-04 --value people=5 --value jobs=3 --value employed=800 \
        --spent travel=99999
    expect_rc 0
    expect_eq "$(grep -c '^toro: warning: ' <<<"$err")" "2"
    expect_err_has "toro: warning: report submit: employed '800': V-1 has no target for this indicator; the value is stored but counts towards no target"
    expect_err_has "toro: warning: report submit: spent:travel '99999.00': V-1 has no budget line for this category; the amount is stored, counts in budget execution and is flagged overspent"
    expect_err_has "toro: recorded V-1 2026-04 (revision 1)"
    expect_eq "$(sql toro.db "SELECT figures, spending FROM report WHERE venture = 'V-1' AND period = '2026-04'")" \
        '{"employed":800.0,"jobs":3.0,"people":5.0}|{"travel":9999900}'
    # A venture without budget lines has no line to miss: V-2's travel is not warned about.
    toro --as-of 2026-05-05 report submit V-2 2026-03 --value people=4 --spent travel=10
    expect_rc 0
    [[ "$err" != *warning* ]] || fail "a venture without budget lines got a warning"
}

test_incomplete_report_is_received_and_flagged() {
    scenario
    # V-1's April report gives people but not jobs: received, on time (due 05-10), incomplete.
    toro --as-of 2026-05-05 report submit V-1 2026-04 --value people=5
    expect_rc 0
    expect_err_has "toro: warning: report submit: the report of V-1 for 2026-04 gives no value for 1 of its 2 target indicators (jobs); it is received, and flagged incomplete"
    toro report monthly --period 2026-04 --as-of 2026-05-11 --format json
    expect_eq "$(json '.ventures[0] | [.code, .received, .on_time]')" '["V-1",true,true]'
    expect_eq "$(json '[.summary.received, .summary.on_time, .summary.completeness]')" '[1,1,1]'
    expect_eq "$(json '[.flags[] | select(.kind == "incomplete")]')" \
        '[{"kind":"incomplete","venture":"V-1","message":"the report for 2026-04 gives no value for 1 of its 2 target indicators: jobs"}]'
    toro report monthly --period 2026-04 --as-of 2026-05-11 --format md --lang pl
    expect_out_has "| niekompletny | V-1 Pierwsze | raport za 2026-04 nie podaje wartości 1 z 2 wskaźników docelowych: Miejsca pracy |"
    toro report venture V-1 --as-of 2026-05-11 --format json
    expect_eq "$(json '[.flags[].kind] | index("incomplete") != null')" 'true'
    # Both target indicators given: no flag.
    toro --as-of 2026-05-05 report submit V-1 2026-04 --value people=5 --value jobs=3
    expect_rc 0; [[ "$err" != *warning* ]] || fail "a complete report got a warning"
    toro report monthly --period 2026-04 --as-of 2026-05-11 --format json
    expect_eq "$(json '[.flags[] | select(.kind == "incomplete")]')" '[]'
}

# april_file ENCODING: April's reports as Excel saves them — `;`, CRLF, a day-first date,
# amounts with a decimal comma and a space between thousands: V-1 leaves jobs empty and
# spends on travel, which is not one of its budget lines; V-2's is complete.
april_file() {
    printf 'venture;period;submitted_on;people;jobs;spent:personnel;spent:travel\r\nV-1;2026-04;05.05.2026;8;;1 000,00;250,50\r\nV-2;2026-03;04.05.2026;2;;;\r\n' |
        iconv -f utf-8 -t "$1"
}

test_import_warns_in_the_summary_and_strict_refuses() {
    local encoding
    for encoding in utf-8 cp1250; do
        scenario
        april_file "$encoding" >april.csv
        toro --as-of 2026-05-05 report import april.csv --encoding "$encoding" --format json
        expect_rc 0
        expect_eq "$(echo "$out" | jq -c '[.inserted, .warnings]')" \
            '[2,[{"line":2,"field":"spent:travel","value":"250.50","message":"V-1 has no budget line for this category; the amount is stored, counts in budget execution and is flagged overspent"},{"line":2,"field":null,"value":null,"message":"the report of V-1 for 2026-04 gives no value for 1 of its 2 target indicators (jobs); it is received, and flagged incomplete"}]]'
        expect_eq "$(grep -c '^toro: warning: april.csv:2: ' <<<"$err")" "2"
        expect_err_has "toro: warning: april.csv:2: spent:travel '250.50': V-1 has no budget line for this category"
        # The same file again: unchanged, and the same warnings (they describe the file).
        toro --as-of 2026-05-05 report import april.csv --encoding "$encoding" --format json
        expect_eq "$(echo "$out" | jq -c '[.unchanged, (.warnings | length)]')" '[2,2]'
        new_store && rm -f ./*.csv

        scenario
        april_file "$encoding" >april.csv
        for mode in fail skip; do
            toro --as-of 2026-05-05 report import april.csv --encoding "$encoding" --on-error "$mode" --strict --format json
            expect_rc 65
            expect_err_has "toro: error: april.csv:2: spent:travel '250.50': V-1 has no budget line for this category"
            expect_err_has "toro: error: april.csv:2: the report of V-1 for 2026-04 gives no value for 1 of its 2 target indicators (jobs)"
            expect_err_has "toro: error: april.csv: 2 problems in the input; nothing was written"
            expect_eq "$(echo "$out" | jq -c '[.inserted, (.errors | length), .warnings]')" '[0,2,[]]'
            expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE period IN ('2026-04') OR (venture = 'V-2' AND period = '2026-03')")" "0"
        done
        new_store && rm -f ./*.csv
    done
}

test_loans_report() {
    scenario
    toro report loans --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '.loans')" '[{"code":"L-1","org":"ORG-A","principal":1200,"outstanding":800,"overdue":800,"days_past_due":36,"bucket":"31-60"}]'
    expect_eq "$(json '.portfolio')" \
        '{"loans":1,"outstanding":800,"overdue":800,"par30":1,"par90":0,"buckets":{"current":0,"1-30":0,"31-60":800,"61-90":0,"90+":0}}'
    toro report loans --as-of 2026-03-10 --format json
    expect_eq "$(json '.loans[0] | [.days_past_due, .bucket, .overdue]')" '[0,"current",0]'
}

test_submit_revisions_review_and_lock() {
    scenario
    toro --as-of 2026-04-20 report submit V-2 2026-03 --value people=4 --submitted-on 2026-04-15
    expect_rc 0
    toro --as-of 2026-04-20 report return V-2 2026-03 --reason 'Brak wydatków'
    expect_rc 0
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format json
    expect_eq "$(json '.summary.received')" '1'
    toro --as-of 2026-04-20 report submit V-2 2026-03 --value people=5 --spent personnel=100 --submitted-on 2026-04-18
    expect_rc 0
    toro report monthly --period 2026-03 --as-of 2026-04-20 --format json
    # Received now, but late: the first submission (04-15) came after the due date (04-10).
    expect_eq "$(json '.ventures[1] | [.received, .on_time]')" '[true,false]'
    toro report accept V-2 2026-03
    expect_rc 0
    toro --as-of 2026-04-20 report submit V-2 2026-03 --value people=6
    expect_rc 65; expect_err_has "locked"
    toro report history V-2 2026-03 --format json
    expect_eq "$(json '[.[] | [.revision, .submitted_on, .status, .values.people]]')" \
        '[[1,"2026-04-15","returned",4],[2,"2026-04-18","accepted",5]]'
    expect_eq "$(json '.[1].spending')" '{"personnel":100}'
    toro --as-of 2026-04-20 report submit V-2 2026-03 --value people=6 --reopen
    expect_rc 0
    # The two replaced versions are kept as revisions; the third is the report itself.
    expect_eq "$(sql toro.db "SELECT count(*) FROM report_revision WHERE venture = 'V-2' AND period = '2026-03'")" "2"
    toro report history V-2 2026-03 --format json
    expect_eq "$(json '[.[] | [.revision, .submitted_on, .status, .values.people]]')" \
        '[[1,"2026-04-15","returned",4],[2,"2026-04-18","accepted",5],[3,"2026-04-20","submitted",6]]'
    expect_eq "$(json '[.[] | .spending]')" '[{},{"personnel":100},{}]'
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'report' AND key = 'V-2/2026-03'")" "5"
}

test_report_validation() {
    scenario
    toro --as-of 2026-04-20 report submit V-9 2026-03 --value people=1
    expect_rc 65; expect_err_has "venture 'V-9': no venture has this code"
    toro --as-of 2026-04-20 report submit V-2 2026-05 --value people=1
    expect_rc 65; expect_err_has "outside the venture's months"; expect_err_has "is after the current month"
    toro --as-of 2026-04-20 report submit V-1 2026-03 --value people=-1 --spent food=10
    expect_rc 65; expect_err_has "must not be negative"; expect_err_has "spent:food '10.00': not a budget category"
    printf 'venture,period,people,jobs,spent:personnel,submitted_on\nV-1,2026-04,5,3,"1 000,00",2026-04-19\nV-2,2026-03,1,,,2026-04-19\nV-1,2026-04,6,3,10,2026-04-19\n' >wide.csv
    toro --as-of 2026-04-20 report import wide.csv
    expect_rc 65; expect_err_has "wide.csv:4: period '2026-04': the report of V-1 for 2026-04 is given twice in this file: on line 2 and again on line 4"
    head -2 wide.csv >wide1.csv
    toro --as-of 2026-04-20 report import wide1.csv --format json
    expect_rc 0; expect_out_has '"inserted": 1'
    expect_eq "$(sql toro.db "SELECT amount FROM report_spending WHERE venture = 'V-1' AND period = '2026-04'")" "100000"
    toro --as-of 2026-04-20 report import wide1.csv --format json
    expect_rc 0; expect_out_has '"unchanged": 1'
}

test_import_revisions_and_audit() {
    scenario
    # The scenario's import wrote four reports, audited by one row of the whole import.
    expect_eq "$(sql toro.db "SELECT count(*) FROM report_revision")" "0"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'report' AND action = 'import' AND key = 'reports.csv'")" "1"
    toro db audit --entity report --key V-1/2026-02 --format json
    expect_rc 0
    expect_eq "$(json '[.[] | [.action, .key, (.after | fromjson | .inserted, .keys)]]')" \
        '[["import","reports.csv",4,["V-1/2026-01","V-1/2026-02","V-1/2026-03","V-2/2026-02"]]]'
    toro db audit --key V-2/2026-03 --format json
    expect_eq "$out" '[]'
    # Another version of V-1/2026-02 (and the same V-1/2026-01): the stored one becomes revision 1.
    printf 'venture,period,indicator,value,category,amount,submitted_on\nV-1,2026-01,people,10,,,2026-02-05\nV-1,2026-01,jobs,1,,,2026-02-05\nV-1,2026-01,,,personnel,2000,2026-02-05\nV-1,2026-02,people,12,,,2026-03-14\n' >again.csv
    toro --as-of 2026-04-20 report import again.csv --format json
    expect_rc 0
    expect_eq "$(echo "$out" | jq -c '[.inserted, .updated, .unchanged]')" '[0,1,3]'
    toro report history V-1 2026-02 --format json
    expect_eq "$(json '[.[] | [.revision, .submitted_on, .status, .values, .spending]]')" \
        '[[1,"2026-03-12","submitted",{"jobs":2,"people":10},{"personnel":2000,"rent":900}],[2,"2026-03-14","submitted",{"people":12},{}]]'
    toro db audit --key V-1/2026-02 --format json
    expect_eq "$(json '[.[] | [.key, (.after | fromjson | .keys, .replaced)]]')" \
        '[["reports.csv",["V-1/2026-01","V-1/2026-02","V-1/2026-03","V-2/2026-02"],[]],["again.csv",["V-1/2026-02"],["V-1/2026-02"]]]'
    # A report of an unknown venture that comes back later in the file is named as such too.
    printf 'venture,period,people\nV-9,2026-01,1\nV-1,2026-03,10\nV-9,2026-01,2\n' >unknown.csv
    toro --as-of 2026-04-20 report import unknown.csv
    expect_rc 65
    expect_err_has "unknown.csv:2: venture 'V-9': no venture has this code"
    expect_err_has "unknown.csv:4: period '2026-01': the report of V-9 for 2026-01 is given twice in this file: it started on line 2"
}

test_bulk_import_stores_every_report_as_given() {
    seed_ventures
    # Two stored reports: one the file repeats exactly, one it changes.
    local six=(--value i1=1 --value i2=2 --value i3=3 --value i4=4 --value i5=5 --value i6=6)
    "$TORO" --as-of 2026-01-10 report submit V-1 2025-01 "${six[@]}" --submitted-on 2026-01-05 2>/dev/null || fail "submit"
    "$TORO" --as-of 2026-01-10 report submit V-2 2025-02 --value i1=9 --submitted-on 2026-01-05 2>/dev/null || fail "submit"
    # 160 reports of six rows: new reports go in by statements of 64, so two full statements
    # and one-by-one inserts for the 30 left over (158 new ones).
    report_batch 1 40 01 02 03 04 >bulk.csv
    toro --as-of 2026-01-10 report import bulk.csv --format json
    expect_rc 0
    expect_eq "$(echo "$out" | jq -c '[.inserted, .updated, .unchanged]')" '[948,6,6]'
    expect_eq "$(sql toro.db "SELECT count(*), count(DISTINCT venture), min(period), max(period) FROM report")" "160|40|2025-01|2025-04"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE CAST(figures AS TEXT) = '{\"i1\":1.0,\"i2\":2.0,\"i3\":3.0,\"i4\":4.0,\"i5\":5.0,\"i6\":6.0}'
                              AND CAST(spending AS TEXT) = '{}' AND submitted_on = '2026-01-05' AND status = 'submitted'")" "160"
    expect_eq "$(sql toro.db "SELECT count(*), CAST(sum(value) AS INTEGER) FROM report_value")" "960|3360"
    expect_eq "$(sql toro.db "SELECT venture, period, revision, \"values\" FROM report_revision")" 'V-2|2025-02|1|{"i1":9.0}'
    expect_eq "$(sql toro.db "SELECT revision FROM report WHERE venture = 'V-2' AND period = '2025-02'")" "2"

    # Spending is kept in grosze; a value keeps every digit it was given.
    printf 'venture,period,submitted_on,i1,spent:personnel,spent:rent\nV-3,2025-05,2026-01-06,0.30000000000000004,"1 234,56",0.5\n' >wide.csv
    toro --as-of 2026-01-10 report import wide.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT figures, spending FROM report WHERE venture = 'V-3' AND period = '2025-05'")" \
        '{"i1":0.30000000000000004}|{"personnel":123456,"rent":50}'
    expect_eq "$(sql toro.db "SELECT CASE WHEN value = 0.30000000000000004 THEN 1 END FROM report_value WHERE venture = 'V-3' AND period = '2025-05'")" "1"
    expect_eq "$(sql toro.db "SELECT category || '=' || amount FROM report_spending ORDER BY category" | paste -sd ' ')" \
        "personnel=123456 rent=50"
    # JSON numbers in any column are read as their text, several in one row.
    printf '[{"venture":"V-4","period":"2025-06","indicator":"i1","value":2.5,"submitted_on":"2026-01-06"},
             {"venture":"V-4","period":"2025-06","i2":3,"spent:personnel":12.5,"note":5}]' >numbers.json
    toro --as-of 2026-01-10 report import numbers.json
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT figures, spending, note FROM report WHERE venture = 'V-4' AND period = '2025-06'")" \
        '{"i1":2.5,"i2":3.0}|{"personnel":1250}|5'
    toro db check
    expect_rc 0

    # One bad row skipped is one row, in the singular.
    printf 'venture,period,indicator,value,submitted_on\nV-5,2025-07,i1,1,2026-01-06\nV-5,2025-08,i1,-1,2026-01-06\n' >one_bad.csv
    toro --as-of 2026-01-10 report import one_bad.csv --on-error skip
    expect_rc 3
    expect_eq "$err" "toro: one_bad.csv:3: i1 '-1': must not be negative
toro: one_bad.csv: 1 row rejected"

    # An indicator that report figures use cannot be removed.
    toro register indicator remove i6
    expect_rc 65
    expect_err_has "cannot remove this indicator: it is referred to by 160 report figures"
    # Nor a venture that has reports: the register says why, and the venture and its reports stay.
    toro register venture remove V-5
    expect_rc 65
    expect_err_has "cannot remove this venture: it is referred to by 5 monthly reports"
    expect_eq "$(sql toro.db "SELECT count(*) FROM venture WHERE code = 'V-5'") $(sql toro.db "SELECT count(*) FROM report WHERE venture = 'V-5'")" "1 5"
}

test_venture_dossier() {
    scenario
    toro report venture V-1 --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '[.period, .pace, .budget_execution]')" '["2026-03",0.75,0.84]'
    expect_eq "$(json '[.months[] | [.period, .status, .on_time, .values.people, .spent]]')" \
        '[["2026-01","submitted",true,10,2000],["2026-02","submitted",false,10,2900],["2026-03","submitted",true,10,3500]]'
    expect_eq "$(json '.spending')" '[{"category":"personnel","planned":8000,"spent":6000},{"category":"rent","planned":2000,"spent":2400}]'
    expect_eq "$(json '[.flags[].kind]')" '["behind","overspent"]'
    toro report venture V-404 --as-of 2026-04-20
    expect_rc 65
}

test_demo_monthly_report_shows_every_section() {
    toro init --demo
    toro report monthly --as-of 2026-11-11 --format json
    expect_rc 0
    expect_eq "$(json '.period')" '"2026-10"'
    for kind in missing behind at_risk overspent loan_overdue; do
        [ "$(json "[.flags[] | select(.kind == \"$kind\")] | length")" -gt 0 ] || fail "no $kind flag in the demo"
    done
    toro report monthly --period 2026-08 --as-of 2026-11-11 --format json
    expect_eq "$(json '[.flags[] | select(.kind == "outlier") | .venture]')" '["V-2026-001"]'
    toro report history V-2025-008 2026-09 --format json
    expect_eq "$(json '[.[] | .status]')" '["returned","submitted"]'
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE status = 'accepted'")" "42"
}

test_monthly_json_follows_its_schema() {
    toro init --demo
    toro report monthly --as-of 2026-11-11 --by district -o monthly.json
    expect_rc 0
    python3 - "$TORO_SOURCE/schemas/report-monthly.schema.json" monthly.json <<'PY' || fail "monthly.json does not follow its schema"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
}

# Districts are names: they sort in Polish order (Ś after S, Ż last), in every format; the
# machine formats keep codes where a person reads names.
test_monthly_by_district_in_polish_order_with_names_beside_codes() {
    toro init --demo
    toro report monthly --as-of 2026-11-11 --by district --format csv
    expect_rc 0
    local groups
    groups=$(echo "$out" | tr -d "\r" | sed -n '/^group,/,/^$/p' | sed '1d;/^$/d' | cut -d, -f1 | tr '\n' '|')
    expect_eq "$groups" "Bemowo|Białołęka|Bielany|cała Warszawa (ogólnomiejskie)|Mokotów|Ochota|Praga-Południe|\
Praga-Północ|Rembertów|Śródmieście|Targówek|Ursynów|Wawer|Wesoła|Wilanów|Włochy|Wola|Żoliborz|"
    expect_out_has "V-2025-002,ORG-006,true,true,"
    toro report monthly --as-of 2026-11-11 --by district --format json
    [ "$(echo "$out" | jq -r '[.groups[].group] | index("Śródmieście") < index("Włochy")')" = true ] ||
        fail "Śródmieście after Włochy in JSON"
    toro report monthly --as-of 2026-11-11 --by district --format md --lang pl
    expect_out_has "| Śródmieście |"
    expect_out_has "| V-2025-002 Talerz Sąsiada — posiłki i doradztwo dla osób w kryzysie bezdomności | ORG-006 Fundacja Talerz Sąsiada |"
    expect_out_has "| Uczestnicy objęci wsparciem (osoby) | 179 | 171 |"
    expect_out_has "| przekroczony budżet | V-2025-002 Talerz Sąsiada — posiłki i doradztwo dla osób w kryzysie bezdomności | materiały: wydano 85 799,99 zł"
    toro report monthly --as-of 2026-11-11 --format md --lang en
    expect_out_has "| People at risk of social exclusion supported (persons) | 120 | 108 |"
    expect_out_has "materials: spent 85799.99 against a plan of 66000.00"
    toro report monthly --as-of 2026-11-11 --format json
    [ "$(echo "$out" | jq -r '.flags[1].message')" = "materials: spent 85799.99 against a plan of 66000.00 (more than 10 % over)" ] ||
        fail "a flag's JSON message names codes"
}

test_monthly_by_sphere_and_program_with_names_beside_codes() {
    toro init --demo
    toro report monthly --as-of 2026-11-11 --by sphere --format md --lang pl
    expect_rc 0
    expect_out_has "| 1a wspieranie rodziny i systemu pieczy zastępczej | 2 | 2 |"
    toro report monthly --as-of 2026-11-11 --by sphere --format md --lang en
    expect_out_has "| 1a family support and foster care | 2 | 2 |"
    toro report monthly --as-of 2026-11-11 --by program --format md
    expect_out_has "| MG-2025 Małe granty 2025–2026 (art. 19a) | 2 | 2 | 2 | 0 |"
    # Machine formats keep the codes.
    toro report monthly --as-of 2026-11-11 --by program --format csv
    expect_out_has $'\nMG-2025,2,2,2,0,'
    toro report monthly --as-of 2026-11-11 --by sphere --format json
    [ "$(echo "$out" | jq -r '[.groups[].group] | index("1a") != null')" = true ] || fail "a sphere's JSON group is not its code"
}

run_tests
