#!/usr/bin/env bash
# toro evaluate ventures | training: figures worked out by hand on a small scenario, agreement
# with report monthly on the demo store, SciPy's figures for the demo's trainings, every
# format, and the exit codes of bad input.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/scenario.sh"

VECTORS="$TORO_SOURCE/tests/vectors/stats"

# The two ventures of scenario.sh with their reports (jobs is the result indicator).
scenario() {
    two_ventures_register
    "$TORO" --as-of 2026-04-20 report import reports.csv >/dev/null 2>&1 || fail "reports"
}

json() { echo "$out" | jq -c "$1"; }

# jq: true when every number of $a and $b (same shape) agrees to 1e-9.
same_figures='def same(a; b): if (a|type) == "number" and (b|type) == "number"
    then ((a - b) | fabs) <= 1e-9 * ([1, (b | fabs)] | max)
    elif (a|type) == "array" and (b|type) == "array" then (a|length) == (b|length) and ([range(a|length) as $i | same(a[$i]; b[$i])] | all)
    elif (a|type) == "object" and (b|type) == "object" then (a|keys) == (b|keys) and ([a|keys[] as $k | same(a[$k]; b[$k])] | all)
    else a == b end;'

test_ventures_figures_by_hand() {
    scenario
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '[.period, .year, .as_of]')" '["2026-03",null,"2026-04-20"]'
    expect_eq "$(json '.weights')" '{"achievement":0.4,"completeness":0.2,"timeliness":0.2,"budget":0.2}'
    # V-1: months 01..03 all received, 02 late: completeness 1, timeliness 2/3. Pace 3/4;
    # people 30/40 = 0.75, jobs 2/4 = 0.5: mean 0.625, against pace 0.625/0.75 = 5/6. Spent
    # 8 400 of 10 000 = 0.84, budget part 1 - 0.09/0.75 = 0.88. Main result jobs: 10 000 / 2.
    # Score 0.4 * 5/6 + 0.2 * 1 + 0.2 * 2/3 + 0.2 * 0.88 = 0.8426667.
    expect_eq "$(json '.ventures[0] | [.rank, .code, .from, .period, .expected, .received, .on_time, .completeness, .pace, .budget_execution, .mean_achievement, .main_result, .cost_per_unit]')" \
        '[1,"V-1","2026-01","2026-03",3,3,2,1,0.75,0.84,0.625,"jobs",5000]'
    expect_eq "$(json '.ventures[0] | [.timeliness, .components.achievement, .components.budget, .score] | map(. * 1e6 | round)')" \
        '[666667,833333,880000,842667]'
    # V-2: 02 received, 03 missing: 1/2 and 1/2. Pace 1; people 3/10 = 0.3; nothing spent of
    # 6 000: budget part 0. Score 0.4 * 0.3 + 0.2 * 0.5 + 0.2 * 0.5 + 0 = 0.32. No result indicator.
    expect_eq "$(json '.ventures[1] | [.rank, .code, .expected, .received, .on_time, .completeness, .timeliness, .budget_execution, .mean_achievement, .main_result, .cost_per_unit, .components.budget]')" \
        '[2,"V-2",2,1,1,0.5,0.5,0,0.3,null,null,0]'
    expect_eq "$(json '.ventures[1].score * 1e9 | round')" '320000000'
    expect_eq "$(json '.ventures[0].indicators[1]')" \
        '{"code":"people","kind":"output","baseline":0,"target":40,"actual":30,"achievement":0.75,"status":"on_track"}'
    expect_eq "$(json '[.flags[] | [.kind, .venture]]')" \
        '[["late","V-1"],["behind","V-1"],["overspent","V-1"],["missing","V-2"],["behind","V-2"]]'
    expect_eq "$(json '.flags[0].message')" \
        '"1 of 3 reports received from 2026-01 to 2026-03 came after their due date: 2026-02"'
    expect_eq "$(json '.flags[3].message')" '"1 of 2 monthly reports from 2026-02 to 2026-03 missing: 2026-03"'
}

# V-2 with report day 20: its March report, due 2026-04-20, is pending as of 2026-04-11.
test_ventures_pending_report_does_not_count() {
    scenario
    "$TORO" register venture update V-2 --report-day 20 2>/dev/null || fail "update"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-11 --format json
    expect_rc 0
    # V-2: February (due 03-20) received 03-01 on time; March pending. Completeness 1/1,
    # timeliness 1/1. Score 0.4 * 0.3 + 0.2 * 1 + 0.2 * 1 + 0.2 * 0 = 0.52 (0.32 as of 04-20).
    expect_eq "$(json '.ventures[] | select(.code == "V-2") | [.expected, .received, .on_time, .pending, .completeness, .timeliness, .components.completeness]')" \
        '[1,1,1,1,1,1,1]'
    expect_eq "$(json '.ventures[] | select(.code == "V-2") | .score * 1e9 | round')" '520000000'
    # V-1 is as on 04-20: all three of its reports were due by 04-10.
    expect_eq "$(json '.ventures[] | select(.code == "V-1") | [.expected, .received, .on_time, .pending]')" '[3,3,2,0]'
    expect_eq "$(json '[.flags[] | select(.venture == "V-2") | .kind]')" '["behind"]'
    # Nothing expected yet (February returned, so not received, and not due as of 03-11):
    # completeness and timeliness are 0 but leave the score, which the other parts make.
    "$TORO" report return V-2 2026-02 --reason 'Popraw' 2>/dev/null || fail "return"
    toro evaluate ventures --year 2026 --as-of 2026-03-11 --format json
    expect_rc 0
    expect_eq "$(json '.ventures[] | select(.code == "V-2") | [.period, .expected, .pending, .completeness, .components.completeness, .components.timeliness]')" \
        '["2026-02",0,1,0,null,null]'
    expect_eq "$(json '[.flags[] | select(.venture == "V-2") | .kind]')" '["behind"]'
}

test_ventures_year() {
    scenario
    # 2026 as of 2026-06-01: each venture up to its last month before June. V-1 runs to April
    # (no report for April): 3 of 4; V-2 as before.
    toro evaluate ventures --year 2026 --as-of 2026-06-01 --format json
    expect_rc 0
    expect_eq "$(json '[.period, .year]')" '[null,2026]'
    expect_eq "$(json '[.ventures[] | [.code, .from, .period, .expected, .received, .completeness, .pace]]')" \
        '[["V-1","2026-01","2026-04",4,3,0.75,1],["V-2","2026-02","2026-03",2,1,0.5,1]]'
    # As of mid-March only January and February count.
    toro evaluate ventures --year 2026 --as-of 2026-03-15 --format json
    expect_eq "$(json '[.ventures[] | [.code, .period, .expected, .received, .on_time]]')" \
        '[["V-1","2026-02",2,2,1],["V-2","2026-02",1,1,1]]'
    # A year with no ventures: an empty list, not an error.
    toro evaluate ventures --year 2024 --as-of 2026-06-01 --format json
    expect_rc 0
    expect_eq "$(json '.ventures')" '[]'
}

test_ventures_default_period_is_month_before_as_of() {
    scenario
    toro evaluate ventures --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '.period')" '"2026-03"'
}

test_ventures_weights_from_config() {
    scenario
    sed -i 's/^achievement = 0.4/achievement = 1/; s/^completeness = 0.2/completeness = 0/; s/^timeliness = 0.2/timeliness = 0/; s/^budget = 0.2/budget = 0/' toro.toml
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --format json
    expect_rc 0
    expect_eq "$(json '.weights')" '{"achievement":1,"completeness":0,"timeliness":0,"budget":0}'
    # The score is the achievement part alone: V-1 5/6, V-2 0.3.
    expect_eq "$(json '[.ventures[] | [.code, (.score * 1e6 | round)]]')" '[["V-1",833333],["V-2",300000]]'
}

test_ventures_formats() {
    scenario
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --lang pl
    expect_rc 0
    expect_out_has "Ocena przedsięwzięć 2026-03"
    expect_out_has "kompletność"
    expect_out_has "5 000,00 zł"
    expect_out_has "opóźniony"
    # Flag messages in Polish, their words agreeing with the counts.
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --lang pl --format md
    expect_out_has "1 z 3 raportów otrzymanych od 2026-01 do 2026-03 wpłynął po terminie: 2026-02"
    expect_out_has "brak 1 z 2 raportów miesięcznych od 2026-02 do 2026-03: 2026-03"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --lang en
    expect_out_has "Evaluation of ventures 2026-03"
    expect_out_has "cost per unit"
    expect_out_has "84.3 %"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --format csv
    expect_rc 0
    expect_eq "$(echo "$out" | tr -d "\r" | head -1)" \
        "rank,code,org,period,completeness,timeliness,pace,budget_execution,mean_achievement,main_result,cost_per_unit,score"
    expect_eq "$(echo "$out" | tr -d "\r" | sed -n 2p | cut -d, -f1-11)" "1,V-1,ORG-A,2026-03,1,0.6666666666666666,0.75,0.84,0.625,jobs,5000.00"
    expect_out_has "venture,indicator,kind,baseline,target,actual,achievement,status"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 --format md --lang en
    expect_rc 0
    expect_out_has "# Evaluation of ventures 2026-03"
    expect_out_has "| 1 | V-1 Pierwsze | ORG-A Fundacja A |"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 -o ocena.html
    expect_rc 0
    expect_file ocena.html
    grep -q "<svg" ocena.html || fail "html without a chart"
    grep -q "V-2" ocena.html || fail "html without V-2"
    toro evaluate ventures --period 2026-03 --as-of 2026-04-20 -o ocena.xlsx
    expect_rc 0
    expect_eq "$(head -c 2 ocena.xlsx)" "PK"
    toro evaluate ventures --period 2026-03 --format tsv
    expect_rc 2
    expect_err_has "cannot write tsv"
}

test_ventures_bad_input() {
    scenario
    toro evaluate ventures --period 2026-13
    expect_rc 2
    expect_err_has "--period"
    toro evaluate ventures --period 2026-03 --year 2026
    expect_rc 2
    expect_err_has "excludes"
    toro evaluate ventures --year twenty
    expect_rc 2
    toro evaluate ventures --year 1800
    expect_rc 2
    toro evaluate ventures --db missing.db --period 2026-03
    expect_rc 66
}

# The consistency §8 asks for: on the demo store, evaluate's achievement, pace and budget
# execution are report monthly's for the same month, and its reporting counts are report
# monthly's received / on_time summed over each month of the venture's window.
test_ventures_agree_with_report_monthly() {
    toro init --demo
    local period=2026-10 as_of=2026-11-11
    "$TORO" evaluate ventures --period $period --as-of $as_of --format json >evaluate.json || fail "evaluate"
    "$TORO" report monthly --period $period --as-of $as_of --format json >monthly.json || fail "monthly"
    [ "$(jq '.ventures | length' evaluate.json)" -gt 10 ] || fail "too few ventures in the demo's evaluation"
    local progress='[.ventures[] | {code, pace, budget_execution, indicators: [.indicators[] | {code, target, actual, achievement, status}]}] | sort_by(.code)'
    expect_eq "$(jq -c "$progress" evaluate.json)" "$(jq -c "$progress" monthly.json)"
    local agree
    agree=$(jq -n --slurpfile e evaluate.json --slurpfile m monthly.json "$same_figures"'
        ($m[0].ventures | map({key: .code, value: ([.indicators[].achievement | select(. != null) | [., 1.5] | min]
            | if length > 0 then add / length else null end)}) | from_entries) as $mean
        | [$e[0].ventures[] | same(.mean_achievement; $mean[.code])] | all')
    expect_eq "$agree" "true"

    # Every month from the earliest window start up to the period: a venture's report of a
    # month is expected when it is received or missing (due and not received); the rest of the
    # ventures report monthly lists are pending.
    local first month missing
    first=$(jq -r '[.ventures[].from] | min' evaluate.json)
    month=$first
    : >months.jsonl
    while [[ "$month" < "$period" || "$month" == "$period" ]]; do
        missing=$("$TORO" report missing --period "$month" --as-of $as_of --format json | jq -c '[.[].code]')
        "$TORO" report monthly --period "$month" --as-of $as_of --format json |
            jq -c --arg m "$month" --argjson missing "$missing" \
                '.ventures[] | {month: $m, code, received, on_time, expected: (.received or (.code as $c | $missing | index($c) != null))}' >>months.jsonl
        month=$(date -d "$month-01 +1 month" +%Y-%m)
    done
    # V-2025-022 reports on the 20th: its October report is pending as of 2026-11-11.
    expect_eq "$(jq -c 'select(.code == "V-2025-022" and .month == "2026-10") | [.received, .expected]' months.jsonl)" '[false,false]'
    local counted
    counted=$(jq -s -c 'group_by(.code) | map({code: .[0].code, expected: map(select(.expected)) | length,
        received: map(select(.received)) | length, on_time: map(select(.on_time)) | length})' months.jsonl |
        jq -c --slurpfile e evaluate.json '[.[] | select(.code as $c | $e[0].ventures | any(.code == $c))]')
    expect_eq "$(jq -c '[.ventures[] | {code, expected, received, on_time}] | sort_by(.code)' evaluate.json)" "$counted"
    agree=$(jq '[.ventures[] | .completeness == .received / .expected and .timeliness == .on_time / .expected] | all' evaluate.json)
    expect_eq "$agree" "true"
    # The window starts at each venture's first month.
    expect_eq "$(jq -c '[.ventures[] | {code, from}] | sort_by(.code)' evaluate.json)" \
        "$(jq -s -c 'group_by(.code) | map({code: .[0].code, from: (map(.month) | min)})' months.jsonl |
            jq -c --slurpfile e evaluate.json '[.[] | select(.code as $c | $e[0].ventures | any(.code == $c))]')"
}

test_ventures_year_agrees_with_report_monthly() {
    toro init --demo
    "$TORO" evaluate ventures --year 2025 --as-of 2026-11-11 --format json >evaluate.json || fail "evaluate"
    "$TORO" report monthly --period 2025-12 --as-of 2026-11-11 --format json >monthly.json || fail "monthly"
    # Ventures running through December 2025 are taken as of December.
    local progress='[.ventures[] | select(.period == null or .period == "2025-12") | {code, pace, budget_execution, indicators: [.indicators[] | {code, actual, achievement}]}] | sort_by(.code)'
    local evaluated
    evaluated=$(jq -c "$progress" evaluate.json)
    expect_eq "$evaluated" "$(jq -c "$progress" monthly.json)"
    [ "$(echo "$evaluated" | jq length)" -gt 10 ] || fail "too few ventures in December 2025"
    # Nobody's window leaves the year.
    expect_eq "$(jq '[.ventures[] | .from >= "2025-01" and .period <= "2025-12"] | all' evaluate.json)" "true"
}

test_training_matches_scipy() {
    toro init --demo
    local code
    for code in $(jq -r '.cases[].training' "$VECTORS/training.json"); do
        toro evaluate training "$code" --format json
        expect_rc 0
        local agree
        agree=$(jq -n --argjson a "$out" --slurpfile v "$VECTORS/training.json" --arg code "$code" "$same_figures"'
            ($v[0].cases[] | select(.training == $code)) as $c
            | [$a.training == $code, $a.n == $c.n]
              + [("mean_pre", "mean_post", "mean_gain", "normalized_gain", "t", "df", "p_t", "p_wilcoxon", "mean_satisfaction") as $k
                 | (($a[$k] - $c[$k]) | fabs) <= 1e-6 * ([1, ($c[$k] | fabs)] | max)]
            | all')
        expect_eq "$code $agree" "$code true"
    done
    toro evaluate training T-2025-01 --format json
    expect_eq "$(json 'keys_unsorted')" \
        '["training","n","mean_pre","mean_post","mean_gain","normalized_gain","t","df","p_t","p_wilcoxon","mean_satisfaction"]'
}

test_training_formats() {
    toro init --demo
    toro evaluate training T-2025-02 --lang pl
    expect_rc 0
    expect_out_has "Ocena szkolenia T-2025-02"
    expect_out_has "przyrost znormalizowany"
    expect_out_has "< 0,001"
    toro evaluate training T-2025-02 --lang en --format md
    expect_rc 0
    expect_out_has "# Training evaluation T-2025-02"
    expect_out_has "| p (Wilcoxon test) | 0.005 |"
    toro evaluate training T-2025-02 --format csv
    expect_rc 0
    expect_eq "$(echo "$out" | tr -d "\r" | head -1)" \
        "training,n,mean_pre,mean_post,mean_gain,normalized_gain,t,df,p_t,p_wilcoxon,mean_satisfaction"
    # One participant has no post score and one no rating: 11 pairs, 10 ratings averaging 4.1.
    expect_eq "$(echo "$out" | tr -d "\r" | sed -n 2p | cut -d, -f1-3,8,11)" "T-2025-02,11,20,10,4.1"
    toro evaluate training T-2025-02 --format html
    expect_rc 2
}

test_training_bad_input() {
    toro init --demo
    toro evaluate training T-9999-99
    expect_rc 65
    expect_err_has "toro: error: T-9999-99: no training has this code"
    toro evaluate training
    expect_rc 2
    toro evaluate
    expect_rc 2
    expect_err_has "needs a command"
}

test_training_without_pairs() {
    toro init
    "$TORO" register training add --code T-1 --module M --title Próba --held-on 2026-03-01 --max-score 20 2>/dev/null || fail "training"
    toro evaluate training T-1 --format json
    expect_rc 0
    expect_eq "$(json '[.training, .n, .mean_pre, .t, .df, .p_wilcoxon, .mean_satisfaction]')" '["T-1",0,null,null,null,null,null]'
}

test_help_has_examples() {
    local command
    for command in "evaluate" "evaluate ventures" "evaluate training"; do
        # shellcheck disable=SC2086
        toro $command --help
        expect_rc 0
        expect_out_has "Example:"
    done
}

test_json_follows_its_schemas() {
    toro init --demo
    "$TORO" evaluate ventures --as-of 2026-11-11 -o ventures.json || fail "ventures"
    "$TORO" evaluate ventures --year 2025 --as-of 2026-11-11 -o year.json || fail "year"
    "$TORO" evaluate training T-2025-02 -o training.json || fail "training"
    python3 - "$TORO_SOURCE/schemas" <<'PY' || fail "the JSON does not follow its schema"
import json, sys
import jsonschema
def check(schema, document):
    jsonschema.Draft202012Validator(json.load(open(f"{sys.argv[1]}/{schema}"))).validate(json.load(open(document)))
check("evaluate-ventures.schema.json", "ventures.json")
check("evaluate-ventures.schema.json", "year.json")
check("evaluate-training.schema.json", "training.json")
PY
}

run_tests
