#!/usr/bin/env bash
# The grant cycle before the grant on the demo city (docs/grants.md): the open call OK-2027-K1,
# its six offers (one late, one with an unbalanced budget and too small an own share, one
# scored by a single reviewer on two criteria), three reviewers (one with a conflict) — the
# committee's protocol and the public list in both languages, the award (and twice), and bad
# scores refused with nothing written.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

demo() {
    "$TORO" init --demo >/dev/null 2>&1 || fail "toro init --demo failed"
}

# The scores worked out by hand from examples/demo/scores.csv:
#   OF-2027-01: totals 59, 57, 61 → 59.00, plus past performance
#   OF-2027-02: totals 59, 57 (R-2027-03 is conflicted and gave none) → 58.00, plus past performance
#   OF-2027-03: totals 52, 53, 52 → 52.33, plus 15.00 (ORG-020 has no history: half of 30)
# Pool 150 000: 60 000 and 50 000 in full, then 40 000 left for OF-2027-03, which asked for
# 70 000: at least half, so it gets the 40 000.
test_protocol_json() {
    demo
    toro evaluate offers OK-2027-K1 --format json
    expect_rc 0
    echo "$out" >protocol.json
    schema_valid evaluate-offers.schema.json protocol.json || fail "the protocol does not follow its schema"
    python3 - protocol.json <<'PY' || fail "protocol figures"
import json, sys
p = json.load(open(sys.argv[1]))
assert (p["call"], p["pool"], p["max_points"], p["threshold_points"]) == ("OK-2027-K1", 150000, 100, 60), p
rows = {o["code"]: o for o in p["offers"]}
assert [o["code"] for o in p["offers"]] == ["OF-2027-01", "OF-2027-02", "OF-2027-03", "OF-2027-04",
                                            "OF-2027-05", "OF-2027-06"], p["offers"]
assert rows["OF-2027-03"]["score"] == 67.33, rows["OF-2027-03"]
assert [rows[c]["rank"] for c in ("OF-2027-01", "OF-2027-02", "OF-2027-03")] == [1, 2, 3]
assert [rows[c]["proposed"] for c in ("OF-2027-01", "OF-2027-02", "OF-2027-03")] == [60000, 50000, 40000]
# 59.00 and 58.00 plus the past-performance points, which lie between 0 and 30
assert 59 <= rows["OF-2027-01"]["score"] <= 89 and 58 <= rows["OF-2027-02"]["score"] <= 88
incomplete = rows["OF-2027-04"]
assert (incomplete["formal"], incomplete["score"], incomplete["rank"], incomplete["qualified"],
        incomplete["proposed"]) == ("passed", None, None, False, 0), incomplete
for code in ("OF-2027-05", "OF-2027-06"):
    assert (rows[code]["formal"], rows[code]["score"], rows[code]["rank"]) == ("formally_rejected", None, None)
PY
}

# The past-performance figures are the monitoring's own: recomputed here from `report venture`
# of each earlier venture as of the day the call closed (its months, their reports, its
# indicators' achievements), they match the protocol's.
test_past_performance_is_the_monitoring() {
    demo
    toro evaluate offers OK-2027-K1 --format csv
    expect_rc 0
    echo "${out//$'\r'/}" | sed -n '/^offer,org,ventures,/,/^$/p' >past.csv
    expect_eq "$(sed -n 4p past.csv)" "OF-2027-03,ORG-020,,,15,no_history"
    local venture
    for venture in V-2025-005 V-2025-014 V-2025-021 V-2025-006; do
        toro --as-of 2026-10-30 report venture "$venture" --format json
        echo "$out" >"$venture.json"
    done
    python3 - <<'PY' || fail "the past-performance figures differ from the monitoring's"
import csv, json
def figure(code):
    d = json.load(open(code + ".json"))
    months = d["months"]
    received = sum(1 for m in months if m["status"] in ("submitted", "accepted"))
    on_time = sum(1 for m in months if m["on_time"])
    parts = [received / len(months), on_time / len(months)]
    achievements = [min(i["achievement"], 1.5) for i in d["indicators"] if i["achievement"] is not None]
    if achievements:
        parts.append(min(sum(achievements) / len(achievements), 1.0))
    return sum(parts) / len(parts)
rows = {r["offer"]: r for r in csv.DictReader(open("past.csv"))}
for offer, ventures in (("OF-2027-01", ["V-2025-005", "V-2025-014", "V-2025-021"]), ("OF-2027-02", ["V-2025-006"])):
    expected = sum(figure(v) for v in ventures) / len(ventures)
    assert rows[offer]["ventures"] == "|".join(ventures), rows[offer]
    assert abs(float(rows[offer]["value"]) - expected) < 1e-9, (offer, rows[offer], expected)
    assert float(rows[offer]["points"]) == round(expected * 30 + 1e-9, 2), (offer, rows[offer], expected)
PY
}

test_protocol_in_english_and_polish() {
    demo
    toro evaluate offers OK-2027-K1 --lang en
    expect_rc 0
    expect_out_has "Open call OK-2027-K1: the committee's protocol"
    expect_out_has "Conflicts of interest declared"
    expect_out_has "R-2027-03  Maria Zielińska  ORG-002       OF-2027-02"
    expect_out_has "no monitoring history in the 36 months before the call closed: the criterion's midpoint"
    expect_out_has "incomplete scoring: fewer than two reviewers on costs, contribution"
    expect_out_has "not met: submitted in time"
    expect_out_has "not met: own share, budget balanced"
    expect_out_has "the rest of the pool (at least half the request)"
    toro evaluate offers OK-2027-K1 --lang pl
    expect_rc 0
    expect_out_has "Otwarty konkurs ofert OK-2027-K1: protokół komisji konkursowej"
    expect_out_has "Zgłoszone konflikty interesów"
    expect_out_has "odrzucona formalnie"
    expect_out_has "niespełnione: złożona w terminie"
    expect_out_has "brak historii monitoringu w 36 miesiącach przed zamknięciem konkursu"
    expect_out_has "150 000,00 zł"
    expect_out_lacks "formally rejected"
    local format
    for format in md html csv tsv; do
        toro evaluate offers OK-2027-K1 --lang pl --format "$format" -o "protokol.$format"
        expect_rc 0
        expect_file "protokol.$format"
    done
    grep -q 'Punkty oceniających' protokol.html || fail "the html protocol lacks the reviewers' points"
    toro evaluate offers OK-2027-K1 -o protokol.xlsx
    expect_rc 0
    expect_file protokol.xlsx
}

test_public_list() {
    demo
    toro evaluate offers OK-2027-K1 --publish --format csv
    expect_rc 0
    expect_eq "${out//$'\r'/}" 'org_name,title,amount
Stowarzyszenie Sąsiedzi z Grochowa,Klub sąsiedzki Grochów 2027,60000.00
"Fundacja ""Dobry Start Śródmieście""",Pierwsza praca — doradztwo i staże dla młodzieży,50000.00
Uczniowski Klub Sportowy Sokole Pióro Wesoła,Sport na podwórkach Targówka,40000.00
Fundacja Pod Lipą,Pracownia pod Lipą 2027,0.00
Stowarzyszenie Ochockie Podwórka,Seniorzy w sieci,0.00
Koło Gospodyń Wiejskich Zerzeńskie Kądziołki,Kuchnia sąsiedzka Wawer,0.00'
    toro evaluate offers OK-2027-K1 --publish --lang pl
    expect_rc 0
    expect_out_has "dotacje proponowane przez komisję"
    expect_out_has "60 000,00 zł"
    toro evaluate offers OK-2027-K1 --publish --lang en
    expect_out_has "grants proposed by the committee"
    expect_out_has "PLN 40,000.00"
}

test_award_and_award_again() {
    demo
    local audit_before
    audit_before=$(sql toro.db 'SELECT count(*) FROM audit')
    toro register offer award OK-2027-K1
    expect_rc 0
    expect_err_has "offer OF-2027-03 awarded PLN 40,000.00: registered as venture OF-2027-03"
    expect_eq "$(sql toro.db "SELECT code, org, program, \"grant\", own_funds, in_kind, starts, ends FROM venture
                              WHERE program = 'OK-2027-AL' ORDER BY code")" \
        "OF-2027-01|ORG-001|OK-2027-AL|6000000|400000|200000|2027-02|2027-11
OF-2027-02|ORG-002|OK-2027-AL|5000000|500000||2027-03|2027-12
OF-2027-03|ORG-020|OK-2027-AL|4000000||700000|2027-04|2027-10"
    expect_eq "$(sql toro.db "SELECT count(*) FROM budget WHERE venture LIKE 'OF-2027-%'")" "10"
    expect_eq "$(sql toro.db "SELECT indicator || '=' || CAST(target AS INTEGER) FROM target WHERE venture = 'OF-2027-02'
                              ORDER BY indicator" | paste -sd ' ')" "employed=10 participants=30"
    # one audit row per venture, budget line, target and award
    expect_eq "$(sql toro.db 'SELECT count(*) FROM audit')" "$((audit_before + 3 + 10 + 6 + 3))"
    expect_eq "$(sql toro.db "SELECT amount FROM offer_award WHERE offer = 'OF-2027-03'")" "4000000"
    local state
    state=$(sql toro.db '.dump venture budget target offer_award audit')
    toro register offer award OK-2027-K1
    expect_rc 0
    expect_err_has "nothing changed: the 3 offers of call OK-2027-K1 to be awarded were awarded before"
    expect_eq "$(sql toro.db '.dump venture budget target offer_award audit')" "$state"
    # Once awarded, the public list gives the amounts awarded.
    toro evaluate offers OK-2027-K1 --publish --lang en
    expect_out_has "Open call OK-2027-K1: results"
}

test_award_with_amounts() {
    demo
    toro register offer award OK-2027-K1 --amount OF-2027-03=30000 --amount OF-2027-02=0
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT code || '=' || \"grant\" FROM venture WHERE program = 'OK-2027-AL' ORDER BY code" | paste -sd ' ')" \
        "OF-2027-01=6000000 OF-2027-03=3000000"
}

test_award_refused_writes_nothing() {
    demo
    local state
    state=$(sql toro.db '.dump venture budget target offer_award audit')
    toro register offer award OK-2027-K1 --amount OF-2027-05=10000
    expect_rc 65
    expect_err_has "OF-2027-05: the offer failed the formal check: it cannot be awarded"
    toro register offer award OK-2027-K1 --amount OF-2027-04=30000
    expect_rc 65
    expect_err_has "OK-2027-K1: the awards total PLN 180,000.00, more than the call's pool of PLN 150,000.00"
    toro register offer award OK-2027-K1 --amount OF-2027-01=70000
    expect_rc 65
    expect_err_has "OF-2027-01: the amount is above the offer's request (PLN 60,000.00)"
    toro register offer award OK-2027-K1 --amount OF-2027-01
    expect_rc 2
    expect_err_has "expected OFFER=PLN"
    expect_eq "$(sql toro.db '.dump venture budget target offer_award audit')" "$state"
}

test_bad_scores_refused() {
    demo
    local state
    state=$(sql toro.db '.dump score audit')
    toro register score add --offer OF-2027-04 --reviewer R-2027-03 --criterion quality --points 41
    expect_rc 65
    expect_err_has "points '41': points must be between 0 and the criterion's maximum, 40"
    toro register score add --offer OF-2027-02 --reviewer R-2027-03 --criterion quality --points 30
    expect_rc 65
    expect_err_has "reviewer 'R-2027-03': the reviewer declared a conflict of interest with ORG-002, whose offer this is"
    toro register score add --offer OF-2027-04 --reviewer R-2027-03 --criterion impact --points 3
    expect_rc 65
    expect_err_has "criterion 'impact': call OK-2027-K1 has no such criterion; its criteria: quality, costs, contribution, past"
    expect_eq "$(sql toro.db '.dump score audit')" "$state"
    # A conflict declared after the points were given is refused too.
    toro register reviewer update R-2027-01 --conflicts ORG-001
    expect_rc 65
    expect_err_has "the reviewer has already scored offer OF-2027-01 of this organization"
    # The second reviewer on the missing criteria completes OF-2027-04.
    toro register score add --offer OF-2027-04 --reviewer R-2027-02 --criterion costs --points 14
    toro register score add --offer OF-2027-04 --reviewer R-2027-02 --criterion contribution --points 7
    toro evaluate offers OK-2027-K1 --format json
    expect_out_has '"code": "OF-2027-04"'
    echo "$out" >p.json
    python3 -c '
import json, sys
rows = {o["code"]: o for o in json.load(open("p.json"))["offers"]}
# totals 51 and 49: 50.00, plus 30 × the monitoring figure of ORG-004
assert rows["OF-2027-04"]["score"] is not None and 50 <= rows["OF-2027-04"]["score"] <= 80, rows["OF-2027-04"]' ||
        fail "OF-2027-04 is not scored once complete"
}

test_call_round_trip_and_update() {
    demo
    toro register export call --format csv
    expect_rc 0
    echo "$out" >calls.csv
    cp "$TORO_SOURCE/examples/demo/call-criteria.toml" kryteria.toml
    toro register call update OK-2027-K1 --threshold 0.9
    expect_rc 0
    toro evaluate offers OK-2027-K1 --format json
    expect_out_has '"threshold_points": 90.0'
    toro register import call calls.csv
    expect_rc 0
    expect_out_has "updated:   1"
    expect_eq "$(sql toro.db "SELECT threshold, json_array_length(criteria) FROM call")" "0.6|4"
    sed -i 's/max_points = 40/max_points = 400000/' kryteria.toml
    toro register call add --code OK-2027-K2 --program OK-2027-AL --title T --opens-on 2026-12-01 \
        --closes-on 2026-12-22 --pool 1000 --criteria kryteria.toml
    expect_rc 65
    expect_err_has "criteria 'kryteria.toml': kryteria.toml:5:1: max_points must be a number above 0 and at most 1000"
}

run_tests
