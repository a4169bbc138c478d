#!/usr/bin/env bash
# Evaluation studies: toro evaluate create | list | show | import | export | summary, with the
# demo's summary checked against SciPy-made vectors.
source "$(dirname "$0")/lib.sh"

VECTORS="$TORO_SOURCE/tests/vectors/survey"

small_study() {
    cat >e1.toml <<'EOF'
code = "E1"
title = "Badanie"
kind = "evaluation"
scale = { min = 1, max = 5 }
[[item]]
code = "r1"
criterion = "relevance"
text = "Trafne?"
[[item]]
code = "nps"
type = "nps"
text = "Polecisz?"
[[item]]
code = "why"
type = "choice"
text = "Dlaczego?"
options = ["czas", "pieniądze"]
[[item]]
code = "note"
type = "text"
text = "Uwagi"
EOF
}

test_demo_summary_matches_scipy() {
    toro init --demo
    toro evaluate summary EWAL-2026 --format json -o summary.json
    expect_rc 0
    schema_valid evaluate-summary.schema.json summary.json || fail "summary JSON does not match its schema"
    jq 'del(.texts)' summary.json >figures.json
    json_close figures.json "$VECTORS/demo_study.json" || fail "summary differs from the SciPy vectors"
    # Every non-empty answer to the open question, and nothing else.
    local answers
    answers=$(awk -F, 'NR > 1 && $NF != "" {n++} END {print n}' "$TORO_SOURCE/examples/demo/study-responses.csv")
    expect_eq "$(jq '.texts | length' summary.json)" "$answers"
    expect_eq "$(jq -r '[.texts[].item] | unique | join(",")' summary.json)" "improve"
}

test_summary_formats() {
    toro init --demo
    for format in csv md html xlsx; do
        toro evaluate summary EWAL-2026 -o "summary.$format"
        expect_rc 0
        expect_file "summary.$format"
    done
    grep -q '<svg' summary.html || fail "html has no chart"
    grep -q 'would-be users' summary.html || fail "html lacks a group"
    toro evaluate summary EWAL-2026 --lang pl
    expect_rc 0
    expect_out_has "Oceny według kryteriów i grup"
    expect_out_has "Wskaźnik rekomendacji (NPS)"
    expect_out_has "sprawozdawczość"  # the choice question's answers, counted
}

test_study_import_checks_item_types() {
    small_study
    toro evaluate create e1.toml
    expect_rc 0
    toro evaluate show E1 --format json
    expect_eq "$(jq -c '.groups' <<<"$out")" '["users","would_be_users","officials"]'
    printf 'respondent,group,r1,nps,why,note\nA,users,5,11,czas,\nB,users,3,10,nuda,\nC,visitors,3,,,\nD,officials,2,0,pieniądze,"za długo, za trudno"\n' >answers.csv
    toro evaluate import E1 answers.csv
    expect_rc 65
    expect_err_has "answers.csv:2: nps '11': outside the scale: answers are whole numbers from 0 to 10"
    expect_err_has "answers.csv:3: why 'nuda': not one of the item's options: czas, pieniądze"
    expect_err_has "answers.csv:4: group 'visitors': not a group of this instrument"
    toro evaluate import E1 answers.csv --on-error skip --format json
    expect_rc 3
    expect_eq "$(jq '.inserted' <<<"$out")" "1"
    toro evaluate summary E1 --format json
    expect_rc 0
    expect_eq "$(jq -c '.nps' <<<"$out")" '{"n":1,"promoters":0,"passives":0,"detractors":1,"nps":-100}'
    expect_eq "$(jq -c '.texts' <<<"$out")" '[{"item":"note","group":"officials","answer":"za długo, za trudno"}]'
    # A group without answers has n 0 and null figures; one criterion item: α is null.
    expect_eq "$(jq -c '[.criteria[] | select(.group == "users") | .n, .mean]' <<<"$out")" '[0,null]'
    expect_eq "$(jq -c '.alpha[0].alpha' <<<"$out")" 'null'
}

test_study_create_errors() {
    cat >bad.toml <<'EOF'
code = "E1"
title = "Badanie"
kind = "evaluation"
scale = { min = 1, max = 5 }
[[item]]
code = "r1"
text = "no criterion"
[[item]]
code = "r2"
criterion = "beauty"
text = "?"
EOF
    toro evaluate create bad.toml
    expect_rc 65
    expect_err_has "bad.toml:5:1: criterion: an evaluation likert [[item]] needs 'criterion'"
    expect_err_has "bad.toml:10:13: item.criterion: 'beauty' is not a criterion"
    # A competency instrument is not a study, and the other way round.
    toro evaluate create "$TORO_SOURCE/examples/demo/survey-komp-2026.toml"
    expect_rc 65
    expect_err_has "load it with toro survey create"
    toro survey create "$TORO_SOURCE/examples/demo/study-ewal-2026.toml"
    expect_rc 65
    expect_err_has "load it with toro evaluate create"
    toro evaluate summary NOPE
    expect_rc 66
    toro init
    toro evaluate summary NOPE
    expect_rc 65
    expect_err_has "no instrument has this code"
}

test_list_and_export() {
    toro init --demo
    toro evaluate list --format json
    expect_rc 0
    expect_eq "$(jq -c '[.[] | [.code, .responses]]' <<<"$out")" '[["EWAL-2026",56]]'
    toro survey list --format json
    expect_eq "$(jq -c '[.[] | .code]' <<<"$out")" '["KOMP-2026"]'
    toro evaluate export EWAL-2026 --format csv
    expect_rc 0
    expect_eq "$(head -1 <<<"$out" | tr -d '\r')" "respondent,wave,group,org,role,district,rel1,rel2,coh1,eff1,eff2,effi1,sus1,uti1,uti2,sat1,sat2,nps,barrier,improve"
    expect_eq "$(($(wc -l <<<"$out") - 1))" "56"
}

run_tests
