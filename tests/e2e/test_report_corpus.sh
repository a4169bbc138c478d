#!/usr/bin/env bash
# The report import corpus: monthly reports as people send them (Excel's cp1250 or UTF-8 CSV,
# `;`, CRLF, decimal commas), each with a mistake and the exact error it must give.
#
# The cases live in tests/corpus/report/cases.tsv, one row per expected stderr line:
#   file <TAB> extra options <TAB> exit <TAB> expected
# read as tests/e2e/test_register_corpus.sh reads its manifest. Each case runs
# `toro --as-of 2025-12-31 report import FILE OPTIONS` in a fresh directory holding a copy of
# the case file and of a store built from tests/corpus/register/base/. Then:
#   - the exit code must be the expected one, stderr exactly the expected `toro: error:` lines (`toro: ` for exit 3);
#   - exit 65: the report tables and the audit log must be exactly as before (sqlite3 .dump);
#   - any other exit: the function after_<file stem>[_skip] (if defined below) checks what was
#     written.
# shellcheck source=tests/e2e/lib.sh disable=SC2317,SC2154,SC2031
source "$(dirname "$0")/lib.sh"

REPORT_CORPUS="$CORPUS/report"
MANIFEST="$REPORT_CORPUS/cases.tsv"
STORE_TABLES="report report_revision report_value report_spending final_cost audit"

store_dump() {
    # shellcheck disable=SC2086
    sql "$1" ".dump $STORE_TABLES"
}

BASE_STORE=$(mktemp -d)
BASE_IMPORTS="indicator:indicators.csv org:orgs.csv program:programs.csv venture:ventures.csv target:targets.csv budget:budget.csv"

build_base_store() (
    cd "$BASE_STORE" || exit 1
    unset TORO_DB TORO_CONFIG TORO_ACTOR NO_COLOR
    export HOME="$BASE_STORE" XDG_CONFIG_HOME="$BASE_STORE/.xdg" LANG=C.UTF-8
    base_store_here || exit 1
    "$TORO" init >init.out 2>&1 || { cat init.out >&2; exit 1; }
    local pair entity file
    for pair in $BASE_IMPORTS; do
        entity=${pair%%:*} file=${pair#*:}
        if ! "$TORO" register import "$entity" "$CORPUS/register/base/$file" >import.out 2>&1; then
            echo "the base file register/base/$file does not import:" >&2
            cat import.out >&2
            exit 1
        fi
    done
    rm -f init.out import.out
)

case_file=() case_options=() case_exit=() case_expected=() case_count=()
declare -A case_index=()

read_manifest() {
    local file options code expected key i
    while IFS=$'\t' read -r file options code expected; do
        [[ -z "$file" || "$file" == \#* ]] && continue
        key="$file|$options"
        if [[ -z "${case_index[$key]+set}" ]]; then
            i=${#case_file[@]}
            case_index[$key]=$i
            case_file[i]=$file case_exit[i]=$code
            case_options[i]=$([ "$options" = "-" ] || printf '%s' "$options")
            case_expected[i]="" case_count[i]=0
        else
            i=${case_index[$key]}
        fi
        if [ "$expected" != "-" ]; then
            case_expected[i]+="$expected"$'\n'
            case_count[i]=$((case_count[i] + 1))
        fi
    done <"$MANIFEST"
}

run_case() {
    local i=$1
    local file=${case_file[i]} options=${case_options[i]} code=${case_exit[i]}
    copy_base_store "$BASE_STORE"
    cp "$REPORT_CORPUS/$file" .
    local before after
    before=$(store_dump toro.db)
    # shellcheck disable=SC2086
    toro --as-of 2025-12-31 report import "$file" $options
    expect_rc "$code"
    expect_corpus_stderr "$file" "$code" "${case_expected[i]}" "${case_count[i]}"
    if [ "$code" = 65 ]; then
        after=$(store_dump toro.db)
        [ "$before" = "$after" ] || fail "the store changed although the import failed: $(diff <(echo "$before") <(echo "$after") | head -5)"
        return
    fi
    local hook="after_${file%.*}${options:+_skip}"
    hook=${hook//[^A-Za-z0-9_]/_}
    if declare -F "$hook" >/dev/null; then
        "$hook"
    fi
}

# rejected_lines: the `line` column of rejects.csv, whatever its separator, one per line.
rejected_lines() {
    python3 - <<'PY'
import csv, io
data = open("rejects.csv", "rb").read()
for encoding in ("utf-8-sig", "cp1250"):
    try:
        text = data.decode(encoding)
        break
    except UnicodeDecodeError:
        pass
dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
for row in csv.DictReader(io.StringIO(text), dialect=dialect):
    error = row.get("error", "")
    print(row["line"], any(words in error for words in ("more than once", "on 2 rows", "given twice")))
PY
}

# Skip mode rejects the whole report, each of its lines, and keeps the good one.
after_long_duplicate_category_cp1250_skip() {
    expect_eq "$(rejected_lines | tr '\n' ' ')" "2 True 3 True 4 True "
    expect_eq "$(sql toro.db "SELECT venture, period, figures FROM report")" 'V-1|2025-04|{"participants":15.0}'
}

after_wide_same_row_twice_skip() {
    expect_eq "$(rejected_lines | tr '\n' ' ')" "2 True 3 True "
    expect_eq "$(sql toro.db "SELECT venture, period, figures, submitted_on FROM report")" \
        'V-2|2025-07|{"participants":30.0,"volunteers":8.0}|2025-08-06'
}

# A report met again further down: every occurrence is rejected, the first too.
after_long_report_repeated_later_skip() {
    expect_eq "$(rejected_lines | tr '\n' ' ')" "2 True 3 True 5 True "
    expect_eq "$(sql toro.db "SELECT venture, period, figures FROM report")" 'V-2|2025-06|{"volunteers":4.0}'
}

# Columns named as the register names the indicators and the category: stored by code.
after_wide_columns_by_name_cp1250() {
    expect_eq "$(sql toro.db "SELECT period, figures, spending FROM report")" \
        '2025-09|{"participants":12.0,"volunteers":2.0}|{"personnel":100050}'
}

# Periods sent as dates and month names, figures by their Polish names: stored by month and code.
after_periods_and_names_cp1250() {
    expect_eq "$(sql toro.db "SELECT period, figures, spending FROM report ORDER BY period" | tr '\n' ' ')" \
        '2025-09|{"participants":12.0}|{"personnel":100050} 2025-10|{"volunteers":3.0}|{} 2025-11|{"participants":4.0}|{} '
}

# A workbook: months typed as dates, a submission date as a date, a formula by its cached result.
after_sheet_months_as_dates() {
    expect_eq "$(sql toro.db "SELECT period, figures, spending, submitted_on FROM report")" \
        '2025-09|{"participants":12.0}|{"personnel":100025}|2025-10-06'
}

# Skip mode: the rejects file (CSV) has each refused row with the sheet's row as its line.
after_sheet_text_in_number_skip() {
    expect_eq "$(rejected_lines | tr '\n' ' ')" "2 False 3 False "
    expect_eq "$(sql toro.db "SELECT count(*) FROM report")" "0"
}

test_corpus_manifest_covers_every_file() {
    local path name i
    for path in "$REPORT_CORPUS"/*; do
        name=$(basename "$path")
        case "$name" in cases.tsv | generate.py) continue ;; esac
        grep -q "^$name"$'\t' "$MANIFEST" || fail "$name is not in cases.tsv"
    done
    for i in "${!case_file[@]}"; do
        [ -f "$REPORT_CORPUS/${case_file[i]}" ] || fail "cases.tsv names ${case_file[i]}, which does not exist"
    done
}

read_manifest
for i in "${!case_file[@]}"; do
    stem=${case_file[i]%.*}
    suffix=${case_options[i]:+_with_options}
    eval "test_case_$(printf '%02d' "$((i + 1))")_${stem//[^A-Za-z0-9_]/_}${suffix}() { run_case $i; }"
done

e2e_store_start
if ! build_base_store; then
    rm -rf "$BASE_STORE"
    exit 1
fi
run_tests
status=$?
rm -rf "$BASE_STORE"
exit "$status"
