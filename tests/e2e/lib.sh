# Helpers for end-to-end suites: each test runs the real toro binary in a fresh directory and
# checks stdout, stderr, the exit code and the database afterwards.
# Usage in a suite:  source "$(dirname "$0")/lib.sh"; test_x() { ...; }; run_tests
# TORO_TEST_ONLY=REGEX runs only the tests whose names match (grep -E), e.g. while fixing one.
# TORO_E2E_STORE=postgresql runs a suite against PostgreSQL: a throwaway cluster of the suite's
# own (pg_cluster_lib.sh) and a fresh empty database for each test, named in TORO_DB, so that
# every command without --db uses it; `sql toro.db QUERY` then asks that database (psql), so the
# suite's SQL must be what both dialects read alike. A test about what only a SQLite file has
# begins with `sqlite_only REASON || return 0`, and is listed as skipped there.
set -u

: "${TORO:?set TORO to the toro binary}"
TORO_SOURCE=${TORO_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CORPUS="$TORO_SOURCE/tests/corpus"

failures=0
current_test=""

# toro ARGS...: runs the binary; sets $out, $err and $rc. The configuration `toro init` writes
# speaks Polish (lang = "pl"); the suites check English words, so a command without its own
# --lang runs with --lang en. A test of the configured language calls "$TORO" itself.
toro() {
    local out_file err_file arg lang=(--lang en)
    for arg in "$@"; do
        [[ $arg == --lang || $arg == --lang=* ]] && lang=()
    done
    out_file=$(mktemp) err_file=$(mktemp)
    "$TORO" "${lang[@]}" "$@" >"$out_file" 2>"$err_file"
    rc=$?
    out=$(cat "$out_file") err=$(cat "$err_file")
    rm -f "$out_file" "$err_file"
}

fail() {
    echo "FAIL $current_test: $*" >&2
    echo "  stdout: ${out:-}" | head -20 >&2
    echo "  stderr: ${err:-}" | head -20 >&2
    failures=$((failures + 1))
}

expect_rc() { [ "$rc" = "$1" ] || fail "exit code $rc, expected $1"; }
expect_out_has() { [[ "$out" == *"$1"* ]] || fail "stdout lacks '$1'"; }
expect_out_lacks() { [[ "$out" != *"$1"* ]] || fail "stdout has '$1'"; }
expect_err_has() { [[ "$err" == *"$1"* ]] || fail "stderr lacks '$1'"; }
expect_err_empty() { [ -z "$err" ] || fail "stderr is not empty"; }
expect_eq() { [ "$1" = "$2" ] || fail "got '$1', expected '$2'"; }
expect_file() { [ -e "$1" ] || fail "file $1 is missing"; }
expect_no_file() { [ ! -e "$1" ] || fail "file $1 should not exist"; }
# e2e_psql DATABASE ARGS...: psql in the suite's cluster, unaligned, without headings.
e2e_psql() {
    local database=$1
    shift
    psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d "$database" "$@"
}

# sql DB QUERY: prints the query's result (sqlite3 shell); with TORO_E2E_STORE=postgresql, the
# store's toro.db is the test's PostgreSQL database (psql, the same layout: `|` between columns).
# `.dump TABLE...` there prints each table's rows, sorted: enough to see that nothing changed.
sql() {
    if [ -n "${e2e_pg_db:-}" ] && [ "$1" = toro.db ]; then
        local table commands=()
        if [[ $2 == .dump\ * ]]; then
            for table in ${2#.dump }; do
                commands+=(-c "SELECT '-- $table'" -c "COPY (SELECT * FROM $table ORDER BY $table::text) TO STDOUT")
            done
            e2e_psql "$e2e_pg_db" "${commands[@]}"
            return
        fi
        e2e_psql "$e2e_pg_db" -c "$2"
    else
        sqlite3 -batch -noheader "$1" "$2"
    fi
}

# new_store: removes the store and its configuration (toro.db with its WAL files, toro.toml,
# toro.key), so that the test makes a fresh one; on PostgreSQL the test's database is made anew.
new_store() {
    rm -f toro.db toro.db-wal toro.db-shm toro.toml toro.key
    if [ -n "${e2e_pg_db:-}" ]; then
        e2e_psql postgres -c "DROP DATABASE $e2e_pg_db WITH (FORCE)" -c "CREATE DATABASE $e2e_pg_db"
    fi
}

# sqlite_only REASON: returns 1 (and says the test is skipped, and why) when the suite runs
# against PostgreSQL; a test that needs a SQLite file begins with `sqlite_only REASON || return 0`.
sqlite_only() {
    [ -n "${e2e_pg_db:-}" ] || return 0
    echo "skip $current_test on PostgreSQL: $1"
    return 1
}

# on_sqlite: true unless the suite runs against PostgreSQL, for the steps of a test that only
# a SQLite file has (a backup copied by toro, file modes).
on_sqlite() { [ -z "${e2e_pg_db:-}" ]; }

# json_close A B: the JSON files are alike, numbers agreeing to 1e-6 (relative 1e-9), all else
# exactly, keys in the same order; prints the first difference.
json_close() {
    python3 - "$1" "$2" <<'EOF'
import json, math, sys
def same(a, b, path):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6):
            sys.exit(f"{path}: {a} != {b}")
    elif isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            sys.exit(f"{path}: keys {list(a)} != {list(b)}")
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            sys.exit(f"{path}: {len(a)} entries != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif a != b:
        sys.exit(f"{path}: {a!r} != {b!r}")
same(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), "$")
EOF
}

# schema_valid SCHEMA FILE: FILE is valid under schemas/SCHEMA (JSON Schema 2020-12).
schema_valid() {
    python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))' \
        "$TORO_SOURCE/schemas/$1" "$2"
}

# e2e_store_start: on PostgreSQL, starts the suite's cluster (once). run_tests calls it; a suite
# that builds a store before its tests calls it first.
e2e_store_start() {
    if [ "${TORO_E2E_STORE:-sqlite}" = postgresql ] && [ -z "${cluster:-}" ]; then
        source "$TORO_SOURCE/tests/e2e/pg_cluster_lib.sh"
    fi
}

# For a suite that builds one store and copies it into each test (the corpus suites):
# base_store_here, in the folder the store is built in, makes that store the database `base` on
# PostgreSQL (TORO_DB); copy_base_store DIR puts a copy of the store built in DIR, with its
# toro.toml, into the current folder — on PostgreSQL the test's database becomes a copy of `base`.
base_store_here() {
    [ -n "${cluster:-}" ] || return 0
    e2e_psql postgres -c "CREATE DATABASE base" || return 1
    export TORO_DB="postgresql:///base?host=$cluster&user=toro"
}
copy_base_store() {
    cp "$1"/toro.toml .
    if [ -n "${e2e_pg_db:-}" ]; then
        e2e_psql postgres -c "DROP DATABASE $e2e_pg_db WITH (FORCE)" -c "CREATE DATABASE $e2e_pg_db TEMPLATE base"
        [ ! -e "$1"/toro.key ] || cp "$1"/toro.key .
    else
        cp "$1"/toro.db* .
    fi
}

# Runs every function named test_* in a fresh temporary directory; exits non-zero on failure.
run_tests() {
    local name dir e2e_pg_tests=0
    e2e_store_start
    for name in $(declare -F | awk '{print $3}' | grep '^test_' | grep -E -- "${TORO_TEST_ONLY:-.}"); do
        current_test=$name
        dir=$(mktemp -d)
        e2e_pg_tests=$((e2e_pg_tests + 1))
        (
            cd "$dir" || exit 1
            unset TORO_DB TORO_CONFIG TORO_ACTOR NO_COLOR
            export HOME="$dir" XDG_CONFIG_HOME="$dir/.xdg" LANG=C.UTF-8
            if [ "${TORO_E2E_STORE:-sqlite}" = postgresql ]; then
                e2e_pg_db=t_$e2e_pg_tests
                e2e_psql postgres -c "CREATE DATABASE $e2e_pg_db" ||
                    exit 1
                export TORO_DB="postgresql:///$e2e_pg_db?host=$cluster&user=toro"
            fi
            failures=0
            "$name"
            exit $((failures > 0 ? 1 : 0))
        )
        local status=$?
        if [ "$status" -eq 0 ]; then
            echo "ok   $name"
            rm -rf "$dir"
        else
            echo "FAIL $name (kept $dir)"
            failures=$((failures + 1))
        fi
    done
    [ "$failures" -eq 0 ]
}

# expect_corpus_stderr FILE CODE EXPECTED COUNT: stderr of a corpus case holds each line of
# EXPECTED (newline-separated, without the `toro: error: ` prefix — `toro: ` for exit 3, an
# outcome that is not an error) and COUNT such lines in all, not counting the reasons of rows
# rejected in skip mode (`toro: FILE:LINE: …`, or `toro: FILE:SHEET!CELL: …` for a workbook,
# which the rejects file holds too).
expect_corpus_stderr() {
    local file=$1 code=$2 expected=$3 count=$4 prefix="toro: error: " line lines
    [ "$code" != 3 ] || prefix="toro: "
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        grep -Fxq -- "$prefix$line" <<<"$err" || fail "stderr lacks the line: $prefix$line"
    done <<<"$expected"
    lines=$(grep "^$prefix" <<<"$err" | grep -Evc "^toro: $file:([0-9]|[^ ]*![A-Z]+[0-9])")
    [ "$lines" = "$count" ] || fail "stderr has $lines '$prefix' lines, expected $count"
    [ "$code" != 3 ] || ! grep -q '^toro: error: ' <<<"$err" || fail "an exit-3 outcome printed 'toro: error:'"
}

# built_reference NAME: the path of NAME (toro.1, toro.bash) as the build wrote it beside
# $TORO. The build writes both with every `toro` it links (target toro_reference, part of ALL),
# so a missing file, or one older than $TORO, means the installed page or completion would not
# match the program. Prints the path, or the reason and returns 1 (the caller fails with it).
built_reference() {
    local built
    built="$(dirname "$TORO")/$1"
    if [ ! -e "$built" ]; then
        echo "no $built: build the toro_reference target (cmake --build BUILD) before testing"
        return 1
    elif [ "$built" -ot "$TORO" ]; then
        echo "$built is older than $TORO: it was not rewritten after the last link"
        return 1
    fi
    echo "$built"
}

# seed_ventures [N]: a new store (toro init) with organization ORG-0, programme P-1, indicators
# i1..i6 (sum) and ventures V-1..V-N (40 unless given) running through 2025, for suites that
# import reports.
seed_ventures() {
    "$TORO" init >/dev/null 2>&1 || fail "init"
    printf 'code,name,legal_form\nORG-0,Fundacja,FUND\n' >seed-org.csv
    "$TORO" register import org seed-org.csv >/dev/null 2>&1 || fail "seed org"
    "$TORO" register program add --code P-1 --name Konkurs --year 2025 --mode open_call 2>/dev/null || fail "seed programme"
    { echo code,name,unit,aggregation; for k in 1 2 3 4 5 6; do echo "i$k,Wskaźnik $k,persons,sum"; done; } >seed-indicators.csv
    "$TORO" register import indicator seed-indicators.csv >/dev/null 2>&1 || fail "seed indicators"
    {
        echo code,org,program,title,sphere,districts,starts,ends,grant
        for v in $(seq 1 "${1:-40}"); do echo "V-$v,ORG-0,P-1,Przedsięwzięcie $v,2,Wola,2025-01,2025-12,1000"; done
    } >seed-ventures.csv
    "$TORO" register import venture seed-ventures.csv >/dev/null 2>&1 || fail "seed ventures"
    rm -f seed-org.csv seed-indicators.csv seed-ventures.csv
}

# org_batch PREFIX N: a CSV of N new organizations PREFIX-1..PREFIX-N on stdout.
org_batch() {
    echo code,name,legal_form,city
    for i in $(seq 1 "$2"); do echo "$1-$i,\"Stowarzyszenie \"\"$1 nr $i\"\"\",STOW,Warszawa"; done
}

# report_batch FIRST LAST MONTHS...: long-layout reports of ventures V-FIRST..V-LAST for the
# months of 2025 given (01..12), six indicators each, on stdout.
report_batch() {
    local first=$1 last=$2 v m k
    shift 2
    echo venture,period,indicator,value,submitted_on
    for v in $(seq "$first" "$last"); do
        for m in "$@"; do
            for k in 1 2 3 4 5 6; do echo "V-$v,2025-$m,i$k,$k,2026-01-05"; done
        done
    done
}
