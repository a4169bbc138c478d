#!/usr/bin/env bash
# The annual report (report annual --year Y) on a small scenario whose every figure is worked
# out by hand below, and on the demo.
source "$(dirname "$0")/lib.sh"

# Year 2026, as of 2026-05-20: reporting counts the months 2026-01..2026-04 (the months of
# the year before the as-of month); loans, repayments, consultations and trainings count
# from 2026-01-01 through 2026-05-20.
#
# Organizations: ORG-A public-benefit (OPP) since 2020; ORG-B not; ORG-C OPP only from
# 2027-03-01 (so not OPP for 2026).
# Programmes: P-1 open call 2026, 100 000; P-2 small grants 2026, 20 000; P-3 open call 2026
# without a budget; P-0 open call 2025, 50 000 (another year).
# Ventures (report day 10 of the next month):
#   V-1 ORG-A P-1 sphere 2,  Wola + Ochota, 2025-10..2026-03 active,     grant 10 000, own 1 000, in kind 500
#   V-2 ORG-B P-1 sphere 2,  Wola,          2026-02..2026-04 completed,  grant  5 000, in kind 200
#   V-3 ORG-A P-2 sphere 16, no district,   2026-03..2026-03 terminated, grant  2 000
#   V-4 ORG-C P-1 sphere 16, Ochota,        2026-11..2027-02 active,     grant  8 000, own 400
#   V-5 ORG-B P-1 sphere 2,  Wola,          2026-06..2026-08 planned     (not funded)
#   V-6 ORG-B P-0 sphere 2,  Wola,          2025-01..2025-12 completed   (not in 2026)
# Reports (people: sum, jobs: last, vol: max):
#   V-1 2025-12 people 100                    (a month of 2025: never counted)
#   V-1 2026-01 people 10, jobs 1, vol 3      submitted 02-05, due 02-10: on time
#   V-1 2026-02 people 20, jobs 3, vol 5      submitted 03-12, due 03-10: late
#   V-1 2026-03 people 5,  jobs 2, vol 4      submitted 04-08: on time
#   V-2 2026-02 people 7                      submitted 03-01, then returned: not received
#   V-2 2026-03 people 4,  vol 6              submitted 04-10, the due day itself: on time
#   V-2 2026-04                               nothing: missing
#   V-3 2026-03 people 2                      submitted 04-09 (terminated: not expected, but its figures count)
# Loans:
#   L-1 ORG-A 1 200 zł, 0 %, 3 months, equal principal, paid out 2025-12-15: 400 due on
#       01-15, 02-15, 03-15. Paid 100 on 2025-12-20 (before the year), 300 on 2026-01-15,
#       400 on 2026-02-20, 400 on 2026-06-10 (after the as-of date).
#   L-2 ORG-B 12 000 zł, 12 %, 2 months, equal principal, paid out 2026-01-31: due 02-28
#       6 000 + 120 interest, 03-31 6 000 + 60. Paid 6 120 on 02-28 and 6 100 on 04-10 (40 more
#       than the whole schedule).
#   L-3 ORG-C 5 000 zł paid out 2026-07-01: after the as-of date, not counted.
# Consultations: K-0 2025-11-05 (other year); K-1 2026-02-10, 20 people, ORG-A|ORG-B;
#   K-2 2026-04-01, 15 people, ORG-B|ORG-C; K-3 2026-09-01 (after the as-of date).
# Trainings: T-1 2026-03-05 (P1 satisfaction 4, P2 5, P3 no answer); T-2 2026-05-20, the
#   as-of day itself (P1 3, P4 no answer); T-3 2026-10-01 (after the as-of date; P5 1).
scenario() {
    toro init
    cat >orgs.csv <<'CSV'
code,name,legal_form,nip,opp,opp_since,email
ORG-A,Fundacja A,FUND,5261040828,true,2020-01-01,a@example.org
ORG-B,Stowarzyszenie B,STOW,8567346215,false,,b@example.org
ORG-C,Stowarzyszenie C,STOW,5250001233,true,2027-03-01,c@example.org
CSV
    cat >indicators.csv <<'CSV'
code,name,unit,aggregation
people,Uczestnicy,persons,sum
jobs,Miejsca pracy,jobs,last
vol,Wolontariusze,persons,max
CSV
    cat >programs.csv <<'CSV'
code,name,year,mode,budget
P-0,Konkurs 2025,2025,open_call,50000
P-1,Konkurs 2026,2026,open_call,100000
P-2,Małe granty 2026,2026,small_grant,20000
P-3,Konkurs uzupełniający 2026,2026,open_call,
CSV
    cat >ventures.json <<'JSON'
[{"code": "V-1", "org": "ORG-A", "program": "P-1", "title": "Pierwsze", "sphere": "2", "districts": ["Wola", "Ochota"],
  "starts": "2025-10", "ends": "2026-03", "status": "active", "grant": 10000, "own_funds": 1000, "in_kind": 500},
 {"code": "V-2", "org": "ORG-B", "program": "P-1", "title": "Drugie", "sphere": "2", "districts": ["Wola"],
  "starts": "2026-02", "ends": "2026-04", "status": "completed", "grant": 5000, "in_kind": 200},
 {"code": "V-3", "org": "ORG-A", "program": "P-2", "title": "Trzecie", "sphere": "16", "districts": [],
  "starts": "2026-03", "ends": "2026-03", "status": "terminated", "grant": 2000},
 {"code": "V-4", "org": "ORG-C", "program": "P-1", "title": "Czwarte", "sphere": "16", "districts": ["Ochota"],
  "starts": "2026-11", "ends": "2027-02", "status": "active", "grant": 8000, "own_funds": 400},
 {"code": "V-5", "org": "ORG-B", "program": "P-1", "title": "Piąte", "sphere": "2", "districts": ["Wola"],
  "starts": "2026-06", "ends": "2026-08", "status": "planned", "grant": 3000},
 {"code": "V-6", "org": "ORG-B", "program": "P-0", "title": "Szóste", "sphere": "2", "districts": ["Wola"],
  "starts": "2025-01", "ends": "2025-12", "status": "completed", "grant": 4000}]
JSON
    cat >reports.csv <<'CSV'
venture,period,indicator,value,submitted_on
V-1,2025-12,people,100,2026-01-05
V-1,2026-01,people,10,2026-02-05
V-1,2026-01,jobs,1,2026-02-05
V-1,2026-01,vol,3,2026-02-05
V-1,2026-02,people,20,2026-03-12
V-1,2026-02,jobs,3,2026-03-12
V-1,2026-02,vol,5,2026-03-12
V-1,2026-03,people,5,2026-04-08
V-1,2026-03,jobs,2,2026-04-08
V-1,2026-03,vol,4,2026-04-08
V-2,2026-02,people,7,2026-03-01
V-2,2026-03,people,4,2026-04-10
V-2,2026-03,vol,6,2026-04-10
V-3,2026-03,people,2,2026-04-09
CSV
    cat >loans.csv <<'CSV'
code,org,principal,annual_rate,term_months,method,disbursed_on
L-1,ORG-A,1200,0,3,equal_principal,2025-12-15
L-2,ORG-B,12000,12,2,equal_principal,2026-01-31
L-3,ORG-C,5000,0,5,equal_principal,2026-07-01
CSV
    cat >repayments.csv <<'CSV'
loan,paid_on,amount
L-1,2025-12-20,100
L-1,2026-01-15,300
L-1,2026-02-20,400
L-1,2026-06-10,400
L-2,2026-02-28,6120
L-2,2026-04-10,6100
CSV
    cat >consultations.csv <<'CSV'
code,title,held_on,participants,orgs
K-0,Konsultacje 2025,2025-11-05,30,ORG-A
K-1,Program współpracy,2026-02-10,20,ORG-A|ORG-B
K-2,Małe granty,2026-04-01,15,ORG-B|ORG-C
K-3,Program na 2027,2026-09-01,50,ORG-A|ORG-B|ORG-C
CSV
    cat >trainings.csv <<'CSV'
code,module,title,held_on,hours,max_score
T-1,FUND-1,Rozliczanie dotacji,2026-03-05,8,100
T-2,LAW-1,Prawo w organizacji,2026-05-20,4,40
T-3,DEV-1,Rozwój organizacji,2026-10-01,6,20
CSV
    cat >attendance.csv <<'CSV'
training,participant,pre_score,post_score,satisfaction
T-1,P1,40,60,4
T-1,P2,50,70,5
T-1,P3,30,45,
T-2,P1,20,30,3
T-2,P4,25,28,
T-3,P5,10,15,1
CSV
    local entity
    for entity in org indicator; do
        "$TORO" register import "$entity" "${entity}s.csv" >/dev/null 2>&1 || fail "import $entity"
    done
    "$TORO" register import program programs.csv >/dev/null 2>&1 || fail "import program"
    "$TORO" register import venture ventures.json >/dev/null 2>&1 || fail "import venture"
    "$TORO" register import loan loans.csv >/dev/null 2>&1 || fail "import loan"
    "$TORO" register import repayment repayments.csv >/dev/null 2>&1 || fail "import repayment"
    "$TORO" register import consultation consultations.csv >/dev/null 2>&1 || fail "import consultation"
    "$TORO" register import training trainings.csv >/dev/null 2>&1 || fail "import training"
    "$TORO" register import attendance attendance.csv >/dev/null 2>&1 || fail "import attendance"
    "$TORO" --as-of 2026-05-20 report import reports.csv >/dev/null 2>&1 || fail "import reports"
    "$TORO" --as-of 2026-05-20 report return V-2 2026-02 --reason 'Brak wydatków' 2>/dev/null || fail "return"
}

json() { echo "$out" | jq -c "$1"; }

test_annual_figures() {
    scenario
    toro report annual --year 2026 --as-of 2026-05-20 --format json
    expect_rc 0
    expect_eq "$(json '[.year, .as_of, .through]')" '[2026,"2026-05-20","2026-05-20"]'
    # Programmes of 2026: two open calls (100 000 + none), one small-grant programme.
    expect_eq "$(json '.programmes')" \
        '{"count":3,"budget":120000,"by_mode":[{"mode":"open_call","programmes":2,"budget":100000},{"mode":"small_grant","programmes":1,"budget":20000}]}'
    # Funded: V-1..V-4 (V-5 planned, V-6 ends in 2025); started in 2026: V-2, V-3, V-4.
    # Grants 10 000 + 5 000 + 2 000 + 8 000; own funds 1 000 + 400; in kind 500 + 200.
    expect_eq "$(json '.ventures | del(.by_sphere, .by_district)')" \
        '{"count":4,"started":3,"grants":25000,"grants_started":15000,"own_funds":1400,"in_kind":700}'
    # Sphere 2: V-1, V-2; sphere 16: V-3 (ORG-A), V-4 (ORG-C).
    expect_eq "$(json '[.ventures.by_sphere[] | [.sphere, .ventures, .organizations, .grants, .own_funds, .in_kind]]')" \
        '[["2",2,2,15000,1000,700],["16",2,2,10000,400,0]]'
    expect_eq "$(json '.ventures.by_sphere[1].name')" '"kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego"'
    # V-1 counts in Ochota and in Wola; Ochota: V-1 + V-4; Wola: V-1 + V-2; V-3 has no district.
    expect_eq "$(json '.ventures.by_district')" \
        '[{"district":"Ochota","ventures":2,"organizations":2,"grants":18000,"own_funds":1400,"in_kind":500},{"district":"Wola","ventures":2,"organizations":2,"grants":15000,"own_funds":1000,"in_kind":700},{"district":null,"ventures":1,"organizations":1,"grants":2000,"own_funds":0,"in_kind":0}]'
    # ORG-A, ORG-B, ORG-C; only ORG-A was OPP in 2026.
    expect_eq "$(json '.organizations')" '{"funded":3,"opp":1,"opp_share":0.3333333333333333}'
    # Expected: Jan V-1; Feb V-1, V-2; Mar V-1, V-2; Apr V-2 = 6 (V-3 terminated, V-4 later).
    # Received: Jan V-1 (on time), Feb V-1 (late; V-2 returned), Mar V-1 and V-2 (on time).
    expect_eq "$(json '.reporting | del(.months)')" \
        '{"first_month":"2026-01","last_month":"2026-04","months_counted":4,"expected":6,"received":4,"on_time":3,"completeness":0.6666666666666666,"timeliness":0.5}'
    expect_eq "$(json '[.reporting.months[] | [.period, .expected, .received, .on_time, .completeness, .timeliness]]')" \
        '[["2026-01",1,1,1,1,1],["2026-02",2,1,0,0.5,0],["2026-03",2,2,2,1,1],["2026-04",1,0,0,0,0]]'
    # people (sum): V-1 10 + 20 + 5, V-2 4 (February returned), V-3 2 = 41 (2025-12 not counted);
    # jobs (last): V-1's March value 2; vol (max): V-1 5 + V-2 6 = 11.
    expect_eq "$(json '[.indicators[] | [.code, .aggregation, .ventures, .total]]')" \
        '[["jobs","last",1,2],["people","sum",3,41],["vol","max",2,11]]'
    # L-1: 300 + 400 in the year (100 in 2025, 400 after the as-of date), 0 % so all principal;
    # 1 200 - 800 outstanding. L-2: paid out in the year, 6 120 + 6 100 paid = 12 000 principal
    # + 180 interest + 40 beyond the schedule; nothing outstanding. L-3 paid out later.
    expect_eq "$(json '.loans | del(.items)')" \
        '{"disbursed":1,"principal_disbursed":12000,"repaid":12920,"repaid_principal":12700,"repaid_interest":180,"repaid_unallocated":40,"outstanding_at_end":400}'
    expect_eq "$(json '[.loans.items[] | [.code, .disbursed_in_year, .principal, .repaid, .repaid_principal, .repaid_interest, .repaid_unallocated, .outstanding_at_end]]')" \
        '[["L-1",false,1200,700,700,0,0,400],["L-2",true,12000,12220,12000,180,40,0]]'
    # K-1 and K-2: 20 + 15 people; ORG-A, ORG-B, ORG-C.
    expect_eq "$(json '.consultations | del(.items)')" '{"held":2,"participants":35,"organizations":3}'
    expect_eq "$(json '[.consultations.items[] | [.code, .participants, .orgs]]')" \
        '[["K-1",20,["ORG-A","ORG-B"]],["K-2",15,["ORG-B","ORG-C"]]]'
    # T-1 (3 attending, ratings 4 and 5) and T-2 (2 attending, rating 3): 5 attendance rows,
    # P1 in both: 4 people; mean satisfaction over the 3 ratings (4 + 5 + 3) / 3 = 4.
    expect_eq "$(json '.trainings | del(.items)')" \
        '{"held":2,"participants":5,"distinct_participants":4,"mean_satisfaction":4}'
    expect_eq "$(json '[.trainings.items[] | [.code, .hours, .participants, .mean_satisfaction]]')" \
        '[["T-1",8,3,4.5],["T-2",4,2,3]]'
}

test_annual_year_over_and_formats() {
    scenario
    # Seen from 2027-01-15, the whole of 2026 counts: later events join, months up to December.
    toro report annual --year 2026 --as-of 2027-01-15 --format json
    expect_rc 0
    expect_eq "$(json '[.through, .reporting.last_month, .reporting.months_counted, .reporting.expected]')" \
        '["2026-12-31","2026-12",12,8]'
    # V-4 expected for November and December too: 6 + 2.
    expect_eq "$(json '[.loans.disbursed, .loans.principal_disbursed, .loans.repaid, .consultations.held, .consultations.participants, .trainings.held, .trainings.participants, .trainings.distinct_participants, .trainings.mean_satisfaction]')" \
        '[2,17000,13320,3,85,3,6,5,3.25]'
    # 2025: V-1 (from 2025-10) and V-6; P-0; no OPP rule change (ORG-A is OPP, ORG-B not).
    toro report annual --year 2025 --as-of 2027-01-15 --format json
    expect_eq "$(json '[.programmes.count, .ventures.count, .ventures.grants, .organizations.funded, .organizations.opp]')" \
        '[1,2,14000,2,1]'
    expect_eq "$(json '[.indicators[] | [.code, .total]]')" '[["people",100]]'
    expect_eq "$(json '[.loans.disbursed, .loans.repaid, .loans.outstanding_at_end, .consultations.held]')" '[1,100,1100,1]'
    toro report annual --year 2026 --as-of 2026-05-20 --format csv
    expect_rc 0
    expect_out_has "mode,programmes,budget"
    expect_out_has "open_call,2,100000.00"
    toro report annual --year 2026 --as-of 2026-05-20 --format md --lang pl
    expect_rc 0
    expect_out_has "otwarty konkurs ofert"
    expect_out_has "66,7 %"
    toro report annual --year 2026 --as-of 2026-05-20 --format table
    expect_rc 0
    expect_out_has "Indicator totals"
}

test_annual_usage_errors() {
    toro init
    toro report annual --year 1999
    expect_rc 2
    toro report annual --year 2101
    expect_rc 2
    toro report annual
    expect_rc 2
    toro report annual --help
    expect_rc 0
    expect_out_has "toro report annual --year"
}

test_annual_demo() {
    toro init --demo
    # The month of 2026 before the as-of month counts as report monthly counts it: V-2025-022's
    # October report, due 2026-11-20, is pending as of 2026-11-11 and not expected.
    toro report monthly --period 2026-10 --as-of 2026-11-11 --format json
    local october
    october=$(json '.summary | [.expected, .received, .on_time, .pending]')
    expect_eq "$october" '[20,16,16,1]'
    toro report annual --year 2026 --as-of 2026-11-11 --format json
    expect_eq "$(json '.reporting.months[] | select(.period == "2026-10") | [.expected, .received, .on_time]')" '[20,16,16]'
    local year
    for year in 2025 2026; do
        toro report annual --year "$year" --as-of 2026-11-11 --format json
        expect_rc 0
        local figure
        for figure in .ventures.count .ventures.grants .ventures.own_funds .ventures.in_kind .organizations.funded \
            .organizations.opp .reporting.expected .reporting.received .reporting.completeness .loans.repaid \
            .consultations.held .consultations.participants .trainings.held .trainings.participants \
            '.indicators | length'; do
            [ "$(json "$figure > 0")" = true ] || fail "$year: $figure is not above 0"
        done
        [ "$(json '.reporting.completeness <= 1 and .reporting.timeliness <= .reporting.completeness')" = true ] ||
            fail "$year: completeness or timeliness out of range"
        echo "$out" >"annual-$year.json"
        python3 - "$TORO_SOURCE/schemas/report-annual.schema.json" "annual-$year.json" <<'PY' || fail "$year: the JSON does not follow its schema"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
    done
    toro report annual --year 2025 --as-of 2026-11-11 --format json
    # The demo's three programmes are all of 2025, and both loans were paid out that year.
    expect_eq "$(json '[.programmes.count, .loans.disbursed]')" '[3,2]'
    for format in md csv html; do
        toro report annual --year 2026 --as-of 2026-11-11 --format "$format"
        expect_rc 0
    done
    toro report annual --year 2026 --as-of 2026-11-11 -o annual.xlsx
    expect_rc 0
    expect_file annual.xlsx
}

run_tests
