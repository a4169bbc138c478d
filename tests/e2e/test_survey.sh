#!/usr/bin/env bash
# toro survey and toro db forget: instruments, response import in its three header styles,
# pseudonyms, gaps (checked against SciPy-made vectors of the demo), the training plan,
# export and the right to erasure.
source "$(dirname "$0")/lib.sh"

VECTORS="$TORO_SOURCE/tests/vectors/survey"

small_instrument() {
    cat >k1.toml <<'EOF'
code = "K1"
title = "Kompetencje"
kind = "competency"
groups = ["ies", "jst"]
scale = { min = 1, max = 5 }
[[area]]
code = "law"
name = "Prawo"
[[item]]
code = "q1"
area = "law"
text = "Oferta"
[[item]]
code = "q2"
area = "law"
text = "Rozliczenie"
EOF
}

test_demo_gaps_match_scipy() {
    toro init --demo
    expect_rc 0
    toro survey gaps KOMP-2026 --compare ies,jst --format json -o gaps.json
    expect_rc 0
    json_close gaps.json "$VECTORS/demo_gaps.json" || fail "gaps differ from the SciPy vectors"
    schema_valid survey-gaps.schema.json gaps.json || fail "gaps JSON does not match its schema"
    # Without --compare there is no compare key; wave and group are echoed.
    toro survey gaps KOMP-2026 --wave 2026 --group ies --format json
    expect_rc 0
    expect_eq "$(jq -c '[.wave, .group, has("compare"), .areas[0].n]' <<<"$out")" '["2026","ies",false,40]'
}

test_demo_tells_its_story() {
    toro init --demo
    toro survey gaps KOMP-2026 --compare ies,jst --lang pl
    expect_rc 0
    expect_out_has "Luki według obszarów"
    expect_out_has "Stosowanie prawa"
    toro survey recommend KOMP-2026 --format json
    expect_rc 0
    expect_eq "$(jq -r '[.areas[0].area, .areas[1].area] | join(",")' <<<"$out")" "law,funds"
    expect_eq "$(jq -r '.areas[0].modules | join(",")' <<<"$out")" "LAW-1,LAW-2,COOP-1"
    expect_eq "$(jq -r '.threshold' <<<"$out")" "1"
    # Every respondent counted as needing an area has an own gap at or above the threshold.
    expect_eq "$(jq '[.areas[] | .need <= .n] | all' <<<"$out")" "true"
}

test_formats() {
    toro init --demo
    for format in csv md html xlsx json; do
        toro survey gaps KOMP-2026 --compare ies,jst -o "gaps.$format"
        expect_rc 0
        expect_file "gaps.$format"
    done
    head -1 gaps.csv | grep -q '^area,name,n,mean_current,mean_required,mean_gap,mwds,rank,alpha' ||
        fail "csv header: $(head -1 gaps.csv)"
    grep -q '<svg' gaps.html || fail "html has no chart"
    grep -q 'http' gaps.html && grep -q 'src="http' gaps.html && fail "html refers to the network"
    toro survey gaps KOMP-2026 --by item --format csv
    expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "item,area,n,mean_current,mean_required,mean_gap,mwds,rank"
    expect_eq "$(wc -l <<<"$out")" "16"
    toro survey recommend KOMP-2026 --format md
    expect_rc 0
    expect_out_has "| LAW-1 |"
}

test_create_errors_name_line_and_column() {
    cat >bad.toml <<'EOF'
code = "K1"
title = "T"
kind = "competency"
scale = { min = 1, max = 5 }
[[area]]
code = "law"
name = "Prawo"
[[item]]
code = "q1"
area = "funds"
text = "?"
EOF
    toro survey create bad.toml
    expect_rc 65
    expect_err_has "bad.toml:10:8: item.area: no [[area]] has the code 'funds'"
    expect_no_file toro.db
    toro survey create missing.toml
    expect_rc 66
    printf 'code = "K1"\ntitle = [\n' >syntax.toml
    toro survey create syntax.toml
    expect_rc 65
    expect_err_has "syntax.toml:"
}

test_create_replace_only_without_responses() {
    small_instrument
    toro survey create k1.toml
    expect_rc 0
    toro survey create k1.toml
    expect_rc 65
    expect_err_has "--replace"
    sed -i 's/Rozliczenie/Rozliczenie dotacji/' k1.toml
    toro survey create k1.toml --replace
    expect_rc 0
    toro survey show K1 --format json
    expect_eq "$(jq -r '.items[1].text' <<<"$out")" "Rozliczenie dotacji"
    printf 'respondent,group,q1.current,q1.required\nA,ies,2,4\n' >r.csv
    toro survey import K1 r.csv
    expect_rc 0
    toro survey create k1.toml --replace
    expect_rc 65
    expect_err_has "1 response was imported"
    toro evaluate create k1.toml
    expect_rc 65
    expect_err_has "load it with toro survey create"
}

test_import_header_styles_and_missing_answers() {
    small_instrument
    toro survey create k1.toml
    # ITEM.current, ITEM[current] (LimeSurvey) and ITEM_current in one file; --group for rows
    # without one; N/A, - and empty are missing.
    printf 'respondent,group,q1.current,q1[required],q2_current,q2_required\nA,,2,4,N/A,5\nB,jst,1,5,-,\nC,,3,3,2,4\n' >r.csv
    toro survey import K1 r.csv --group ies --wave 2026 --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted,.updated,.unchanged,.rejected]' <<<"$out")" "[3,0,0,0]"
    expect_eq "$(sql toro.db "SELECT grp || ':' || count(*) FROM response GROUP BY grp ORDER BY grp" | tr '\n' ' ')" "ies:2 jst:1 "
    expect_eq "$(sql toro.db "SELECT count(*) FROM answer WHERE value = 0 OR required = 0")" "0"
    toro survey gaps K1 --by item --format json
    # q1: (2,4) (1,5) (3,3): gap 2; q2: only C rated it twice: gap 2, required 4, mwds 8.
    expect_eq "$(jq -c '[.items[] | [.item, .n, .mean_gap, .mwds]]' <<<"$out")" '[["q1",3,2,8],["q2",1,2,8]]'
    expect_eq "$(jq -c '[.items[] | .rank]' <<<"$out")" "[1,2]"
    # The same file again changes nothing.
    toro survey import K1 r.csv --group ies --wave 2026 --format json
    expect_eq "$(jq -c '[.inserted,.updated,.unchanged]' <<<"$out")" "[0,0,3]"
}

test_import_json_lines() {
    small_instrument
    toro survey create k1.toml
    printf '%s\n' '{"respondent": "A", "group": "ies", "q1.current": 2, "q1.required": "4", "q2[current]": null}' \
        '{"respondent": "B", "group": "jst", "q1_current": "N/A", "q1_required": 5}' >r.jsonl
    toro survey import K1 r.jsonl --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted,.rejected]' <<<"$out")" "[2,0]"
    expect_eq "$(sql toro.db "SELECT count(*) || ',' || sum(CASE WHEN value IS NULL THEN 1 ELSE 0 END) FROM answer")" "2,1"
    printf '%s\n' '{"respondent": "C", "group": "ies", "q1.current": 2.5}' >bad.jsonl
    toro survey import K1 bad.jsonl
    expect_rc 65
    expect_err_has "bad.jsonl:1: q1.current '2.5': not on the scale"
}

test_import_bad_rows() {
    small_instrument
    toro survey create k1.toml
    printf 'respondent,group,q1.current,q1.required,q1_current\nA,ies,6,4,\nB,xyz,1,5,\n,ies,1,1,\nD,ies,1,2,3\n' >bad.csv
    toro survey import K1 bad.csv
    expect_rc 65
    expect_err_has "bad.csv:2: q1.current '6': outside the scale: answers are whole numbers from 1 to 5"
    expect_err_has "bad.csv:3: group 'xyz': not a group of this instrument: ies, jst"
    expect_err_has "bad.csv:4: respondent: every row needs the respondent's id"
    expect_err_has "bad.csv:5: q1_current: the same answer is also in column 'q1.current'"
    expect_eq "$(sql toro.db "SELECT count(*) FROM response")" "0"
    toro survey import K1 bad.csv --on-error skip --rejects rejects.csv
    expect_rc 3
    expect_eq "$(sql toro.db "SELECT count(*) FROM response")" "0"
    expect_eq "$(($(wc -l <rejects.csv) - 1))" "4"
    printf 'respondent,group,q9.current\nA,ies,1\n' >unknown.csv
    toro survey import K1 unknown.csv
    expect_rc 65
    expect_err_has "q9.current"
    toro survey import NOPE unknown.csv
    expect_rc 65
    expect_err_has "no instrument has this code"
}

test_unknown_columns_of_a_large_instrument() {
    toro init --demo
    # KOMP-2026 takes 97 columns: too many to list, so only the close ones are named.
    printf 'respondent,group,law1.curent,zzz\nA,ies,1,2\n' >unknown.csv
    toro survey import KOMP-2026 unknown.csv
    expect_rc 65
    expect_err_has "unknown.csv:1:3: law1.curent: unknown column 'law1.curent' (did you mean 'law1.current'? 97 columns are known; --ignore-unknown skips it)"
    expect_err_has "unknown.csv:1:4: zzz: unknown column 'zzz' (97 columns are known; --ignore-unknown skips it)"
}

test_raw_ids_never_stored_and_forget() {
    small_instrument
    toro survey create k1.toml
    printf 'respondent,group,q1.current,q1.required\nanna.kowalska@example.org,ies,2,4\nB-2,jst,3,3\n' >r.csv
    toro survey import K1 r.csv
    expect_rc 0
    sqlite3 toro.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    grep -q 'anna.kowalska' toro.db && fail "the raw id is in the database file"
    toro db audit --format json
    [[ "$out" == *anna* ]] && fail "the raw id is in the audit log"
    toro survey export K1 --format csv
    expect_rc 0
    [[ "$out" == *anna* ]] && fail "the raw id is in the export"
    expect_eq "$(sed -n 2p <<<"$out" | cut -d, -f1 | tr -d '\r' | grep -cE '^[0-9a-f]{64}$')" "1"
    local hash
    hash=$(sql toro.db "SELECT respondent FROM response WHERE grp = 'ies'")
    toro db forget --respondent anna.kowalska@example.org
    expect_rc 0
    expect_err_has "erased 1 survey response and 0 training records"
    expect_eq "$(sql toro.db "SELECT count(*) FROM response")" "1"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE action = 'forget' AND entity = 'respondent' AND key = ''")" "1"
    sqlite3 toro.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    grep -q "$hash" toro.db && fail "the erased pseudonym lingers in the file"
    toro db audit --format json
    [[ "$out" == *anna* ]] && fail "the erasure recorded the id"
    # Forgotten people are remembered as such: erasing them again finds them already erased.
    toro db forget --respondent anna.kowalska@example.org
    expect_rc 0
    expect_err_has "already erased"
    toro db forget --respondent never.imported@example.org
    expect_rc 3
    expect_err_has "nothing was erased"
}

test_forget_reaches_training_attendance() {
    toro init --demo
    local participant before records
    participant=$(sed -n 2p "$TORO_SOURCE/examples/demo/attendance.csv" | cut -d, -f2)
    records=$(cut -d, -f2 "$TORO_SOURCE/examples/demo/attendance.csv" | grep -cx "$participant")
    before=$(sql toro.db "SELECT count(*) FROM attendance")
    toro db forget --respondent "$participant"
    expect_rc 0
    expect_err_has "erased 0 survey responses and $records training records"
    expect_eq "$(sql toro.db "SELECT count(*) FROM attendance")" "$((before - records))"
}

test_export_round_trip() {
    sqlite_only "a second store in a subfolder" || return 0
    toro init --demo
    toro survey export KOMP-2026 --format csv -o responses.csv
    expect_rc 0
    toro survey gaps KOMP-2026 --format json -o before.json
    mkdir other && cd other || return
    toro survey create "$TORO_SOURCE/examples/demo/survey-komp-2026.toml"
    toro survey import KOMP-2026 ../responses.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM response")" "80"
    toro survey gaps KOMP-2026 --format json -o after.json
    json_close ../before.json after.json || fail "gaps changed after export and import"
}

test_usage_errors() {
    toro init --demo
    toro survey gaps KOMP-2026 --compare ies
    expect_rc 2
    expect_err_has "expected two groups as A,B"
    toro survey gaps KOMP-2026 --compare ies,xyz
    expect_rc 2
    expect_err_has "'xyz' is not a group of KOMP-2026"
    toro survey gaps KOMP-2026 --by district
    expect_rc 2
    toro survey gaps EWAL-2026
    expect_rc 65
    expect_err_has "not a competency one"
}

run_tests
