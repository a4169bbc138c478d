#!/usr/bin/env bash
# The register: add/update/show/list/remove, import and export, on the demo city.
source "$(dirname "$0")/lib.sh"

ENTITIES="org indicator program venture target budget loan repayment payment grant_return consultation training attendance"
json() { echo "$out" | jq -c "$1"; }

test_demo_loads_the_register() {
    toro init --demo
    expect_rc 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" "32"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM venture')" "42"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM program')" "4"  # the three of 2025 and the call programme of 2027
    expect_eq "$(sql toro.db 'SELECT count(*) FROM loan')" "2"
    [ "$(sql toro.db 'SELECT count(*) FROM target')" -gt 80 ] || fail "targets were not loaded"
    expect_eq "$(sql toro.db "SELECT count(*) FROM loan_instalment WHERE loan = 'L-2025-001'")" "24"
    # A load is audited as imports are: one row listing the organizations it inserted.
    expect_eq "$(sql toro.db "SELECT key FROM audit WHERE entity = 'org'") $(sql toro.db "SELECT after FROM audit WHERE entity = 'org'" |
        jq -r '"\(.keys | length) \(.inserted)"')" "examples/demo/orgs.csv 32 32"
    # Participants are stored only as pseudonyms.
    expect_eq "$(sql toro.db "SELECT count(*) FROM attendance WHERE participant LIKE 'P-%'")" "0"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE after LIKE '%P-0001%'")" "0"
}

test_add_show_update_remove() {
    toro init
    toro register org add --code ORG-1 --name 'Fundacja Pod Lipą' --legal-form fund --nip 526-104-08-28 \
        --krs 12345 --district wola --spheres '1|15' --opp tak
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT nip || ' ' || krs || ' ' || legal_form || ' ' || district || ' ' || spheres || ' ' || opp FROM org")" \
        '5261040828 0000012345 FUND Wola ["1","15"] 1'
    toro register org add --code ORG-1 --name X --legal-form FUND
    expect_rc 65; expect_err_has "exists already"
    toro register org show 0000012345 --format json
    expect_rc 0; expect_out_has '"code": "ORG-1"'; expect_out_has '"opp": true'; expect_out_has '"spheres": ['
    toro register org show 5261040828
    expect_rc 0; expect_out_has "Fundacja Pod Lipą"
    toro --actor alice register org update ORG-1 --email biuro@example.org
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT actor || ' ' || action FROM audit WHERE entity = 'org' ORDER BY id DESC LIMIT 1")" "alice update"
    sql toro.db "SELECT before FROM audit WHERE entity = 'org' ORDER BY id DESC LIMIT 1" | grep -q '"email":null' ||
        fail "the audit row lacks the value before"
    toro register org update ORG-1 --email biuro@example.org
    expect_rc 0; expect_err_has "nothing changed"
    toro register org update ORG-1 --nip 5261040829
    expect_rc 65; expect_err_has "nip '5261040829'"
    toro register org show ORG-404
    expect_rc 65; expect_err_has "ORG-404"
    toro register program add --code P-1 --name Konkurs --year 2026 --mode open_call
    expect_rc 0
    toro register venture add --code V-1 --org 526-104-08-28 --program P-1 --title Klub --sphere 13 \
        --starts 2026-01 --ends 2026-12 --grant '45 000,00'
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT org || ' ' || \"grant\" FROM venture")" "ORG-1 4500000"
    toro register org remove ORG-1
    expect_rc 65; expect_err_has "it is referred to by 1 venture"; expect_err_has "--status closed"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" "1"
    toro register venture remove V-1
    expect_rc 0
    toro register org remove ORG-1
    expect_rc 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" "0"
    expect_eq "$(sql toro.db "SELECT action FROM audit WHERE entity = 'org' ORDER BY id DESC LIMIT 1")" "delete"
}

test_list_filters() {
    toro init --demo
    toro register org list --district Wola --format csv
    expect_rc 0
    expect_eq "$(echo "$out" | tail -n +2 | wc -l)" "$(sql toro.db "SELECT count(*) FROM org WHERE district = 'Wola'")"
    toro register org list --district WOLA --format csv
    expect_eq "$(echo "$out" | tail -n +2 | wc -l)" "$(sql toro.db "SELECT count(*) FROM org WHERE district = 'Wola'")"
    toro register org list --legal-form SPOLDZ_SOC --status active --format jsonl
    expect_eq "$(echo "$out" | wc -l)" "$(sql toro.db "SELECT count(*) FROM org WHERE legal_form = 'SPOLDZ_SOC' AND status = 'active'")"
    toro register venture list --active-in 2026-06 --format csv
    expect_eq "$(echo "$out" | tail -n +2 | wc -l)" \
        "$(sql toro.db "SELECT count(*) FROM venture WHERE starts <= '2026-06' AND ends >= '2026-06'")"
    toro register venture list --org ORG-001 --format json
    expect_rc 0; expect_out_has '"org": "ORG-001"'
    toro register loan list --status overdue --as-of 2026-11-11 --format csv
    expect_rc 0; expect_out_has "L-2025-002"; expect_out_lacks "L-2025-001"
    toro register venture list --active-in 2026-13
    expect_rc 2
}

test_loan_schedule() {
    toro init --demo
    toro register loan schedule L-2025-002 --format json
    expect_rc 0
    expect_out_has '"no": 1'; expect_out_has '"due_on": "2025-07-30"'; expect_out_has '"principal": 2500.0'
    expect_out_has '"interest": 300.0'; expect_out_has '"payment": 2800.0'; expect_out_has '"balance": 27500.0'
    expect_out_has '"due_on": "2026-02-28"'
    toro register loan schedule L-2025-002 --format csv
    expect_out_has "no,due_on,principal,interest,payment,balance"
    expect_out_has "12,2026-06-30,2500.00,25.00,2525.00,0.00"
}

test_export_then_import_gives_the_same_data() {
    mkdir a b
    (cd a && "$TORO" init --demo >/dev/null 2>&1)
    (cd b && "$TORO" init >/dev/null 2>&1)
    for format in csv json; do
        rm -f b/toro.db* && (cd b && "$TORO" init >/dev/null 2>&1)
        for entity in $ENTITIES; do
            (cd a && "$TORO" register export "$entity" --format "$format" -o "../$entity.$format") || fail "export $entity"
            (cd b && "$TORO" register import "$entity" "../$entity.$format" >/dev/null 2>&1) || fail "import $entity.$format"
        done
        for entity in $ENTITIES; do
            first=$(cd a && "$TORO" register export "$entity" --format csv)
            second=$(cd b && "$TORO" register export "$entity" --format csv)
            [ "$first" = "$second" ] || fail "$entity differs after a $format round trip"
        done
    done
}

test_import_twice_changes_nothing() {
    toro init --demo
    toro register export org --format csv -o orgs.csv
    toro register import org orgs.csv --format json
    expect_rc 0
    expect_eq "$out" '{
  "inserted": 0,
  "updated": 0,
  "unchanged": 32,
  "rejected": 0,
  "encoding": "utf-8",
  "errors": [],
  "warnings": []
}'
}

test_import_summary_and_dry_run() {
    toro init
    printf 'code,name,legal_form,nip\nA-1,Jeden,STOW,8567346215\nA-2,Dwa,FUND,\n' >orgs.csv
    toro register import org orgs.csv --dry-run --format json
    expect_rc 0; expect_out_has '"inserted": 2'
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" "0"
    toro register import org - --format json <orgs.csv
    expect_rc 0; expect_out_has '"inserted": 2'
    printf 'code,name,legal_form,nip\nA-1,Jeden Nowy,STOW,8567346215\nA-3,Trzy,XYZ,\n' >more.csv
    toro register import org more.csv --format json
    expect_rc 65
    expect_out_has '"rejected": 1'; expect_out_has '"field": "legal_form"'; expect_out_has '"value": "XYZ"'
    expect_err_has "more.csv:3: legal_form 'XYZ': not a legal form"
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'A-1'")" "Jeden"
    toro register import org more.csv --on-error skip --rejects rejected.csv --format json
    expect_rc 3; expect_out_has '"updated": 1'; expect_out_has '"rejected": 1'
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'A-1'")" "Jeden Nowy"
    expect_eq "$(head -1 rejected.csv | tr -d '\r')" "code,name,legal_form,nip,line,error"
    grep -q '^A-3,Trzy,XYZ,,3,' rejected.csv || fail "rejects file lacks the bad row with its line"
}

test_import_audits_inserts_by_batch_and_updates_each() {
    toro init
    printf 'code,name,legal_form,nip\nA-2,Dwa,FUND,\nA-1,Jeden,STOW,8567346215\nA-3,Trzy,STOW,\n' >orgs.csv
    toro register import org orgs.csv
    expect_rc 0
    # One row for the three inserts, listing their keys in the input's order, and none for each.
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'org'")" "1"
    toro db audit --key A-2 --format json
    expect_rc 0
    expect_eq "$(json '[.[] | [.entity, .action, .key, .before, (.after | fromjson)]]')" \
        '[["org","import","orgs.csv",null,{"inserted":3,"updated":0,"unchanged":0,"part":1,"parts":1,"keys":["A-2","A-1","A-3"]}]]'
    toro db audit --entity org --key A-3 --format json
    expect_eq "$(json '[.[] | .key]')" '["orgs.csv"]'
    toro db audit --entity venture --key A-3 --format json
    expect_eq "$out" '[]'
    # An update keeps its own row with the values before and after; the new one is listed by
    # this import's row; the unchanged one is in neither.
    printf 'code,name,legal_form,nip\nA-1,Jeden Nowy,STOW,8567346215\nA-2,Dwa,FUND,\nA-4,Cztery,FUND,\n' >more.csv
    toro register import org more.csv --format json
    expect_rc 0; expect_out_has '"inserted": 1'; expect_out_has '"updated": 1'; expect_out_has '"unchanged": 1'
    toro db audit --key A-1 --format json
    expect_eq "$(json '[.[] | [.action, .key, (if .before then (.before | fromjson | .name) else null end), (.after | fromjson | .name // .keys)]]')" \
        '[["import","orgs.csv",null,["A-2","A-1","A-3"]],["update","A-1","Jeden","Jeden Nowy"]]'
    toro db audit --key A-4 --format json
    expect_eq "$(json '[.[] | [.key, (.after | fromjson | [.inserted, .updated, .unchanged, .keys])]]')" \
        '[["more.csv",[1,1,1,["A-4"]]]]'
    # An import that inserts nothing adds no import row.
    toro register import org more.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'org'")" "3"
    # A row per 10,000 inserted keys.
    awk 'BEGIN { print "code,name,legal_form"; for (i = 1; i <= 10002; i++) printf "B-%05d,Org %d,STOW\n", i, i }' >many.csv
    toro register import org many.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT after FROM audit WHERE key = 'many.csv' ORDER BY id" |
        jq -r '"\(.part)/\(.parts):\(.keys | length)"' | paste -sd ' ')" "1/2:10000 2/2:2"
    toro db audit --key B-10002 --format json
    expect_eq "$(json '[.[] | .after | fromjson | .part]')" '[2]'
    toro db check
    expect_rc 0
}

test_ventures_with_nested_targets_in_json() {
    toro init --demo
    cat >v.json <<'JSON'
[{"code": "V-NEW", "org": "ORG-001", "program": "OK-2025", "title": "Nowy", "sphere": "13",
  "districts": ["Wola", "MOKOTOW"], "starts": "2026-01", "ends": "2026-12", "grant": 50000.5,
  "targets": [{"indicator": "participants", "target": 100}],
  "budget": [{"category": "personnel", "planned": "30 000,00"}, {"category": "rent", "source": "own", "planned": 1200}]}]
JSON
    toro register import venture v.json --format json
    expect_rc 0; expect_out_has '"inserted": 1'
    expect_eq "$(sql toro.db "SELECT districts || ' ' || \"grant\" FROM venture WHERE code = 'V-NEW'")" '["Wola","Mokotów"] 5000050'
    expect_eq "$(sql toro.db "SELECT count(*) FROM target WHERE venture = 'V-NEW'")" "1"
    expect_eq "$(sql toro.db "SELECT sum(planned) FROM budget WHERE venture = 'V-NEW'")" "3120000"
    sed -i 's/"participants"/"no_such_indicator"/' v.json
    toro register import venture v.json
    expect_rc 65; expect_err_has "targets[0].indicator 'no_such_indicator'"
}

# A venture refused for one of its targets, in skip mode, is taken back with the audit rows it
# had written; the ventures after it are audited on top of what is left, so the audit log's
# chain still holds (the store remembers its last row while a transaction appends to it).
test_a_venture_skipped_for_its_target_leaves_the_audit_chain_whole() {
    toro init --demo
    local before
    before=$(sql toro.db "SELECT count(*) FROM audit")
    cat >v.json <<'JSON'
[{"code": "V-A", "org": "ORG-001", "program": "OK-2025", "title": "A", "sphere": "13", "districts": ["Wola"],
  "starts": "2026-01", "ends": "2026-12", "grant": 1000, "targets": [{"indicator": "participants", "target": 10}]},
 {"code": "V-B", "org": "ORG-001", "program": "OK-2025", "title": "B", "sphere": "13", "districts": ["Wola"],
  "starts": "2026-01", "ends": "2026-12", "grant": 1000,
  "targets": [{"indicator": "participants", "target": 10}, {"indicator": "no_such_indicator", "target": 5}]},
 {"code": "V-C", "org": "ORG-001", "program": "OK-2025", "title": "C", "sphere": "13", "districts": ["Wola"],
  "starts": "2026-01", "ends": "2026-12", "grant": 1000, "targets": [{"indicator": "participants", "target": 10}]}]
JSON
    toro register import venture v.json --on-error skip --format json
    expect_rc 3
    expect_out_has '"inserted": 2'
    expect_eq "$(sql toro.db "SELECT code FROM venture WHERE code LIKE 'V-_' ORDER BY code" | paste -sd ' ')" "V-A V-C"
    expect_eq "$(sql toro.db "SELECT count(*) FROM target WHERE venture = 'V-B'")" "0"
    # A's and C's rows and their targets' (four), the batch's own: none of B's.
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE key LIKE 'V-B%'")" "0"
    expect_eq "$(( $(sql toro.db "SELECT count(*) FROM audit") - before ))" "4"
    toro db check --format json
    expect_rc 0
    expect_eq "$(jq -r '.[] | select(.check == "audit_chain") | .ok' <<<"$out")" "true"
}

test_init_registers_the_config_indicator_catalogue() {
    printf '[[indicator]]\ncode = "hours"\nname = "Godziny wsparcia"\nunit = "h"\naggregation = "max"\n' >toro.toml
    toro init
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT name || ' ' || aggregation FROM indicator WHERE code = 'hours'")" "Godziny wsparcia max"
}

run_tests
