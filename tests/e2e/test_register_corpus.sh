#!/usr/bin/env bash
# The register's import corpus: deliberately broken files, each with the exact error it must
# give, plus the office files that must go in as they are (PRODUCT.md §2 "CSV and JSON input",
# "Imports", "Errors and exit codes"; §5 checks).
#
# The cases live in tests/corpus/register/cases.tsv, one row per expected stderr line:
#   file <TAB> entity <TAB> extra options <TAB> exit <TAB> expected
# Rows with the same file, entity and options form one case (`-` = no options, no expected
# line). `expected` is a line of stderr without its `toro: error: ` prefix (`toro: ` for exit 3,
# which is not an error), matched as a whole line; stderr must hold exactly the expected lines
# with that prefix, no others.
#
# Each case runs `toro register import ENTITY FILE OPTIONS` in a fresh directory holding a copy
# of the case file and of a store made by `toro init` plus the valid rows of
# tests/corpus/register/base/ (two organizations, two indicators, two programmes, two
# ventures, a target, budget lines, a loan, a repayment and a payment of a grant). Then:
#   - the exit code must be the expected one;
#   - exit 65: the register tables and the audit log must be exactly as before (sqlite3 .dump);
#   - any other exit: the function after_<file stem> (if defined below) checks what was written.
# The test_case_* functions are defined from the manifest and every helper is called through
# them, which shellcheck cannot follow.
# shellcheck source=tests/e2e/lib.sh disable=SC2317,SC2154,SC2031
source "$(dirname "$0")/lib.sh"

REGISTER_CORPUS="$CORPUS/register"
MANIFEST="$REGISTER_CORPUS/cases.tsv"
STORE_TABLES="org indicator program venture target budget loan loan_instalment repayment payment grant_return final_cost consultation training attendance call offer offer_budget offer_target reviewer score offer_award audit store_setting"

# store_dump DB: every row of the register, the audit log and the store's settings.
store_dump() {
    # shellcheck disable=SC2086
    sql "$1" ".dump $STORE_TABLES"
}

# ---------------------------------------------------------------------------------------------
# The base store, built once and copied into each case's directory.

BASE_STORE=$(mktemp -d)
BASE_IMPORTS="indicator:indicators.csv org:orgs.csv program:programs.csv venture:ventures.csv target:targets.csv budget:budget.csv loan:loans.csv repayment:repayments.csv payment:payments.csv call:calls.csv offer:offers.json reviewer:reviewers.csv"

build_base_store() (
    cd "$BASE_STORE" || exit 1
    unset TORO_DB TORO_CONFIG TORO_ACTOR NO_COLOR
    export HOME="$BASE_STORE" XDG_CONFIG_HOME="$BASE_STORE/.xdg" LANG=C.UTF-8
    base_store_here || exit 1
    if ! "$TORO" init >init.out 2>&1; then
        echo "toro init failed:" >&2
        cat init.out >&2
        exit 1
    fi
    local pair entity file
    for pair in $BASE_IMPORTS; do
        entity=${pair%%:*} file=${pair#*:}
        if ! "$TORO" register import "$entity" "$REGISTER_CORPUS/base/$file" >import.out 2>&1; then
            echo "the base file base/$file does not import:" >&2
            cat import.out >&2
            exit 1
        fi
    done
    rm -f init.out import.out
)

# Puts a copy of the base store (and its toro.toml) in the current directory.
use_base_store() {
    copy_base_store "$BASE_STORE"
}

# ---------------------------------------------------------------------------------------------
# The manifest, read into parallel arrays: one entry per case.

case_file=() case_entity=() case_options=() case_exit=() case_expected=() case_count=()
declare -A case_index=()

read_manifest() {
    local file entity options code expected key i
    while IFS=$'\t' read -r file entity options code expected; do
        [[ -z "$file" || "$file" == \#* ]] && continue
        key="$file|$entity|$options"
        if [[ -z "${case_index[$key]+set}" ]]; then
            i=${#case_file[@]}
            case_index[$key]=$i
            case_file[i]=$file case_entity[i]=$entity case_exit[i]=$code
            case_options[i]=$([ "$options" = "-" ] || printf '%s' "$options")
            case_expected[i]="" case_count[i]=0
        else
            i=${case_index[$key]}
            [ "${case_exit[i]}" = "$code" ] || {
                echo "cases.tsv: $file: rows of one case disagree on the exit code" >&2
                exit 1
            }
        fi
        if [ "$expected" != "-" ]; then
            case_expected[i]+="$expected"$'\n'
            case_count[i]=$((case_count[i] + 1))
        fi
    done <"$MANIFEST"
}

# run_case I: runs case I of the manifest in the current (fresh) directory.
run_case() {
    local i=$1
    local file=${case_file[i]} entity=${case_entity[i]} options=${case_options[i]} code=${case_exit[i]}
    use_base_store
    cp "$REGISTER_CORPUS/$file" .
    local before after
    before=$(store_dump toro.db)
    # shellcheck disable=SC2086
    toro register import "$entity" "$file" $options
    expect_rc "$code"
    expect_corpus_stderr "$file" "$code" "${case_expected[i]}" "${case_count[i]}"
    if [ "$code" = 65 ]; then
        after=$(store_dump toro.db)
        [ "$before" = "$after" ] || fail "the store changed although the import failed: $(diff <(echo "$before") <(echo "$after") | head -5)"
        return
    fi
    local hook="after_${file%.*}"
    hook=${hook//[^A-Za-z0-9_]/_}
    if declare -F "$hook" >/dev/null; then
        "$hook" "$before"
    fi
}

# ---------------------------------------------------------------------------------------------
# What the cases that write (or may write) must leave behind. $1 is the store dump before.

# An offer submitted after the call closed is registered, and formally rejected in the protocol.
after_offer_after_deadline() {
    expect_err_has "toro: warning: offer_after_deadline.json:2: submitted_on '2026-11-02': submitted outside the call's dates (2026-10-01 to 2026-10-30): registered, and formally rejected in the protocol"
    expect_eq "$(sql toro.db "SELECT submitted_on FROM offer WHERE code = 'OF-C'")" "2026-11-02"
    toro evaluate offers K-1 --format csv
    expect_rc 0
    grep -qx 'OF-C,ORG-A,2026-11-02,failed,passed,passed,passed,passed,passed,formally_rejected' <<<"${out//$'\r'/}" ||
        fail "OF-C is not formally rejected for its date: $out"
}

# With --ignore-unknown the unknown column is dropped and the row goes in.
after_csv_unknown_column() {
    expect_eq "$(sql toro.db "SELECT code, name, legal_form, nip FROM org WHERE code = 'ORG-C'")" \
        "ORG-C|Fundacja Gamma|FUND|1234563218"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" "3"
}

# Without --encoding a Windows-1250 file is recognized (it is not valid UTF-8) and read as such.
after_csv_cp1250_without_encoding() {
    expect_out_has 'rejected:  0'
    expect_eq "$(sql toro.db "SELECT name, district FROM org WHERE code = 'ORG-D'")" 'Fundacja Żółta Łódź|Śródmieście'
}

after_json_cp1250_without_encoding() {
    expect_out_has 'inserted:  2'
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-D'")" 'Fundacja Żółta Łódź'
}

# A header without rows is an empty batch: exit 0, all counts 0, nothing written.
after_csv_header_only() {
    expect_out_has '"inserted": 0'
    expect_out_has '"rejected": 0'
    expect_eq "$(store_dump toro.db)" "$1"
}

after_office_orgs_cp1250() {
    expect_out_has '"inserted": 3'
    expect_out_has '"rejected": 0'
    local crlf="'"$'\r\n'"'"  # a literal CR LF, which both SQL dialects read
    expect_eq "$(sql toro.db "SELECT name, short_name, legal_form, krs, nip, regon, opp, opp_since, district,
                                     postal_code, city, phone, spheres, founded_on, status
                              FROM org WHERE code = 'ORG-W1'")" \
        'Fundacja "Żółta Łódź"|Żółta Łódź|FUND|0000123456|1234563218|246801353|1|2012-12-31|Śródmieście|00-950|Warszawa|+48 22 123 45 67|["1","2","15"]|2010-02-01|active'
    expect_eq "$(sql toro.db "SELECT CASE WHEN address = 'ul. Marszałkowska 10/12; II piętro' || $crlf || 'lok. 5' THEN 1 END
                              FROM org WHERE code = 'ORG-W1'")" "1"
    expect_eq "$(sql toro.db "SELECT name, short_name, legal_form, krs, nip, regon, opp, opp_since, district,
                                     postal_code, spheres, founded_on
                              FROM org WHERE code = 'ORG-W2'")" \
        'Spółdzielnia Socjalna "Gęśle" w Warszawie|Gęśle|SPOLDZ_SOC|0000654321|9512345675|135792462|0||Żoliborz|01-524|["2","8"]|2016-09-15'
    expect_eq "$(sql toro.db "SELECT CASE WHEN address = 'al. Wojska Polskiego 1;' || $crlf || 'wejście od podwórza' THEN 1 END
                              FROM org WHERE code = 'ORG-W2'")" "1"
    expect_eq "$(sql toro.db "SELECT name, short_name, krs, nip, district, address, founded_on, status
                              FROM org WHERE code = 'ORG-W3'")" \
        'Stowarzyszenie Ćma i Świerszcz|Ćma||1132456789|Wola|ul. Żelazna 3|2019-02-28|suspended'
    # The same file again changes nothing.
    toro register import org office_orgs_cp1250.csv --encoding cp1250 --format json
    expect_rc 0
    expect_out_has '"unchanged": 3'
    expect_out_has '"inserted": 0'
}

after_office_programs_cp1250() {
    expect_out_has '"inserted": 2'
    expect_out_has '"rejected": 0'
    expect_eq "$(sql toro.db "SELECT code, name, year, mode, form, spheres, budget, opens_on, closes_on
                              FROM program WHERE code = 'MG-2026'")" \
        'MG-2026|Małe granty 2026; dzielnice|2026|small_grant|supporting|["13","15"]|123456|2025-12-31|2026-01-31'
    expect_eq "$(sql toro.db "SELECT year, mode, form, spheres, budget, opens_on, closes_on
                              FROM program WHERE code = 'OK-2026'")" \
        '2026|open_call|entrusting|["10","31"]|150000000|2026-01-02|2026-01-30'
    local crlf="'"$'\r\n'"'"
    expect_eq "$(sql toro.db "SELECT CASE WHEN name = 'Otwarty konkurs ofert 2026:' || $crlf || '\"Aktywni seniorzy\", \"Rodzina\";' THEN 1 END
                              FROM program WHERE code = 'OK-2026'")" "1"
}

# Two good rows written, two bad ones in rejects.csv with the original columns, line and error.
after_skip_mode() {
    expect_out_has '"inserted": 2'
    expect_out_has '"rejected": 2'
    expect_eq "$(sql toro.db 'SELECT code FROM org ORDER BY code' | tr '\n' ' ')" "ORG-A ORG-B ORG-C ORG-E "
    # The import's audit row lists the two organizations it inserted, and only those.
    toro db audit --entity org --key skip_mode.csv --format json
    expect_eq "$(jq -r '[.[] | select(.action == "import") | .after | fromjson | .keys[]] | join(",")' <<<"$out")" "ORG-C,ORG-E"
    expect_file rejects.csv
    # Compared byte for byte, with the input's own LF line ends (a rejects file is written in the
    # input's dialect); the x keeps the final line end in the comparison.
    local expected actual
    expected=$(
        printf '%s\n' \
            'code,name,legal_form,krs,nip,regon,opp,district,postal_code,email,spheres,founded_on,line,error' \
            'ORG-D,Stowarzyszenie Delta,STOW,0000500200,9512345674,135792462,true,Bielany,01-800,delta@example.org,13,2018-09-10,3,nip: NIP check digit does not match' \
            'ORG-F,"Stowarzyszenie ""Zeta"", Bielany",STOW,,6771234561,,false,Bielany,01900,zeta@example.org,13,2019-01-01,5,postal_code: postal code must look like NN-NNN'
        printf x
    )
    actual=$(cat rejects.csv; printf x)
    expect_eq "$actual" "$expected"
    ls rejects.csv.tmp-* >/dev/null 2>&1 && fail "a temporary rejects file was left behind"
}

# ---------------------------------------------------------------------------------------------

# Every file of the corpus is a case, and every case has its file.
test_corpus_manifest_covers_every_file() {
    local path name
    for path in "$REGISTER_CORPUS"/*; do
        name=$(basename "$path")
        case "$name" in base | cases.tsv | generate.py) continue ;; esac
        grep -q "^$name"$'\t' "$MANIFEST" || fail "$name is not in cases.tsv"
    done
    local i
    for i in "${!case_file[@]}"; do
        [ -f "$REGISTER_CORPUS/${case_file[i]}" ] || fail "cases.tsv names ${case_file[i]}, which does not exist"
    done
}

# The base store holds what the cases rely on.
test_corpus_base_store() {
    use_base_store
    expect_eq "$(sql toro.db 'SELECT code FROM org ORDER BY code' | paste -sd,)" "ORG-A,ORG-B"
    expect_eq "$(sql toro.db "SELECT krs, nip FROM org WHERE code = 'ORG-A'")" "0000182016|5261040828"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM indicator')" "2"
    expect_eq "$(sql toro.db "SELECT mode, budget FROM program WHERE code = 'MG-2025'")" "small_grant|15000000"
    expect_eq "$(sql toro.db "SELECT budget FROM program WHERE code = 'OK-2025'")" "50000000"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM venture')" "2"
    expect_eq "$(sql toro.db "SELECT disbursed_on FROM loan WHERE code = 'L-1'")" "2025-03-15"
    expect_eq "$(sql toro.db "SELECT count(*) FROM loan_instalment WHERE loan = 'L-1'")" "24"
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
