# The small two-venture scenario that test_report.sh and test_evaluate.sh work out by hand:
#   V-1 (ORG-A): 2026-01..2026-04, grant 10 000, budget personnel 8 000 + rent 2 000;
#                targets people (sum, output) 0 -> 40, jobs (last, result) 0 -> 4.
#                Reports: 01 on 02-05 (due 02-10), 02 on 03-12 (late), 03 on 04-09.
#   V-2 (ORG-B): 2026-02..2026-03, grant 5 000 + own funds 1 000, no budget lines;
#                target people 0 -> 10. Reports: 02 on 03-01; 03 missing.
# two_ventures_register: a new store with the organizations, indicators, programme P-1 and the
# two ventures; reports.csv is written beside it for the suite to import when it is ready.
two_ventures_register() {
    toro init
    cat >orgs.csv <<'CSV'
code,name,legal_form,nip,email
ORG-A,Fundacja A,FUND,5261040828,a@example.org
ORG-B,Stowarzyszenie B,STOW,8567346215,b@example.org
CSV
    cat >indicators.csv <<'CSV'
code,name,unit,kind,aggregation
people,Uczestnicy,persons,output,sum
jobs,Miejsca pracy,jobs,result,last
CSV
    cat >ventures.json <<'JSON'
[{"code": "V-1", "org": "ORG-A", "program": "P-1", "title": "Pierwsze", "sphere": "2", "districts": ["Wola"],
  "starts": "2026-01", "ends": "2026-04", "grant": 10000,
  "targets": [{"indicator": "people", "target": 40}, {"indicator": "jobs", "target": 4}],
  "budget": [{"category": "personnel", "planned": 8000}, {"category": "rent", "planned": 2000}]},
 {"code": "V-2", "org": "ORG-B", "program": "P-1", "title": "Drugie", "sphere": "2", "districts": ["Ochota"],
  "starts": "2026-02", "ends": "2026-03", "grant": 5000, "own_funds": 1000,
  "targets": [{"indicator": "people", "target": 10}]}]
JSON
    cat >reports.csv <<'CSV'
venture,period,indicator,value,category,amount,submitted_on
V-1,2026-01,people,10,,,2026-02-05
V-1,2026-01,jobs,1,,,2026-02-05
V-1,2026-01,,,personnel,2000,2026-02-05
V-1,2026-02,people,10,,,2026-03-12
V-1,2026-02,jobs,2,,,2026-03-12
V-1,2026-02,,,personnel,2000,2026-03-12
V-1,2026-02,,,rent,900,2026-03-12
V-1,2026-03,people,10,,,2026-04-09
V-1,2026-03,jobs,2,,,2026-04-09
V-1,2026-03,,,personnel,2000,2026-04-09
V-1,2026-03,,,rent,1500,2026-04-09
V-2,2026-02,people,3,,,2026-03-01
CSV
    "$TORO" register import org orgs.csv >/dev/null 2>&1 || fail "orgs"
    "$TORO" register import indicator indicators.csv >/dev/null 2>&1 || fail "indicators"
    "$TORO" register program add --code P-1 --name Konkurs --year 2026 --mode open_call 2>/dev/null || fail "program"
    "$TORO" register import venture ventures.json >/dev/null 2>&1 || fail "ventures"
}
