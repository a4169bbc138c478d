#!/usr/bin/env bash
# Faults on a store on PostgreSQL, as test_concurrency.sh and test_crash.sh prove them on
# SQLite: eight writers from separate processes at once lose nothing and break no unique key,
# two imports of the same organizations at once leave each organization once; a writer that
# cannot get the write lock within the busy timeout exits 75 having written nothing; an import
# whose client is killed with SIGKILL at a random moment leaves a store that passes `db check`
# and holds all of the batch or none of it.
# TORO_CRASH_ROUNDS=N kills each import N times (default 6).
# Runs a throwaway PostgreSQL 15 cluster of its own (tests/pg_cluster.sh), a fresh database for
# each test; skipped (exit 77) when PostgreSQL is not installed, unless TORO_PG_REQUIRED=1.
source "$(dirname "$0")/lib.sh"

rounds=${TORO_CRASH_ROUNDS:-6}

source "$(dirname "$0")/pg_cluster_lib.sh"
# uri_of DB: the URI of database DB (no password: PGPASSFILE has it).
uri_of() { echo "postgresql:///$1?host=$cluster&user=toro"; }
# use_fresh_db [SUFFIX]: creates a new empty database for the test, sets $db to its name and
# exports TORO_DB with its URI, so that every toro command (lib.sh's seed_ventures too) uses it.
use_fresh_db() {
    db="t_${current_test#test_}${1:+_$1}"
    psql_in postgres "CREATE DATABASE $db" >/dev/null || fail "cannot create database $db"
    export TORO_DB
    TORO_DB=$(uri_of "$db")
}
# no_duplicates DB: every natural key that imports and submissions write is held once, and no
# unique index was left invalid.
no_duplicates() {
    expect_eq "$(psql_in "$1" "SELECT
        (SELECT count(*) - count(DISTINCT code) FROM org) || ' ' ||
        (SELECT count(*) - count(DISTINCT (venture, period)) FROM report) || ' ' ||
        (SELECT count(*) - count(DISTINCT (venture, period, indicator)) FROM report_value) || ' ' ||
        (SELECT count(*) - count(DISTINCT id) FROM audit) || ' ' ||
        (SELECT count(*) FROM pg_index WHERE NOT indisvalid OR NOT indisready)")" "0 0 0 0 0"
}
# wait_for_no_backend DB: returns once no server process is connected to DB (the server has
# noticed that a killed client is gone and ended its transaction one way or the other).
wait_for_no_backend() {
    local tries=0
    while [ "$(psql_in postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1'")" != 0 ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 200 ] || { fail "a server process stayed connected to $1 for 10 s"; return; }
        sleep 0.05
    done
}

test_eight_writers_at_once_lose_nothing() {
    use_fresh_db
    seed_ventures
    local before_audit
    before_audit=$(psql_in "$db" 'SELECT count(*) FROM audit')
    for b in 1 2 3 4; do org_batch "W$b" 500 >"orgs-$b.csv"; done
    report_batch 1 20 01 02 03 04 05 06 >reports-a.csv
    report_batch 21 40 01 02 03 04 05 06 >reports-b.csv
    local pids=() pid
    for b in 1 2 3 4; do
        "$TORO" register import org "orgs-$b.csv" >"out-org-$b" 2>&1 &
        pids+=($!)
    done
    "$TORO" --as-of 2026-01-20 report import reports-a.csv >out-rep-a 2>&1 &
    pids+=($!)
    "$TORO" --as-of 2026-01-20 report import reports-b.csv >out-rep-b 2>&1 &
    pids+=($!)
    # Two writers that submit one report at a time, ten each.
    for first in 1 11; do
        (
            for v in $(seq "$first" $((first + 9))); do
                "$TORO" --as-of 2026-08-20 report submit "V-$v" 2025-07 --value i1=7 --submitted-on 2026-08-05 || exit 1
            done
        ) >"out-submit-$first" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || fail "a writer failed: $(cat out-*)"
    done
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM org WHERE code LIKE 'W%'")" 2000
    for b in 1 2 3 4; do
        expect_eq "$(psql_in "$db" "SELECT count(*) FROM org WHERE code LIKE 'W$b-%'")" 500
    done
    # 40 ventures x 6 months x 6 indicators, plus 20 submitted reports of one value each.
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM report_value')" $((40 * 6 * 6 + 20))
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM report')" $((40 * 6 + 20))
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report WHERE period = '2025-07'")" 20
    # One audit row per import (each listing what it inserted) and per submitted report.
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM audit')" $((before_audit + 4 + 2 + 20))
    expect_eq "$(psql_in "$db" "SELECT sum(json_array_length((after::json)->'keys')) FROM audit
                                WHERE entity = 'org' AND action = 'import' AND key LIKE 'orgs-%'")" 2000
    no_duplicates "$db"
    toro db check
    expect_rc 0
}

# Two imports of the same 1 000 organizations at once (the second file with another city): the
# write lock puts one after the other, so the second finds them all and updates them. Either
# both end 0, or one is refused cleanly (exit 65 or 75, saying nothing was written); whichever,
# each organization is there once, inserted by one import only, and the store passes db check.
test_two_imports_of_the_same_organizations_leave_each_once() {
    use_fresh_db
    "$TORO" init >/dev/null 2>&1 || fail "init"
    org_batch SAME 1000 >same-a.csv
    sed 's/,Warszawa$/,Kraków/' same-a.csv >same-b.csv
    local round
    for round in 1 2 3; do
        "$TORO" --lang en register import org same-a.csv >"out-a-$round" 2>&1 &
        local a=$!
        "$TORO" --lang en register import org same-b.csv >"out-b-$round" 2>&1 &
        local b=$!
        wait "$a"
        local rc_a=$?
        wait "$b"
        local rc_b=$?
        case "$rc_a $rc_b" in
            "0 0") ;;
            "0 65" | "0 75") grep -q "nothing was written" "out-b-$round" || fail "round $round: $(cat "out-b-$round")" ;;
            "65 0" | "75 0") grep -q "nothing was written" "out-a-$round" || fail "round $round: $(cat "out-a-$round")" ;;
            *) fail "round $round: exit codes $rc_a and $rc_b: $(cat "out-a-$round" "out-b-$round")" ;;
        esac
        expect_eq "$(psql_in "$db" "SELECT count(*) FROM org WHERE code LIKE 'SAME-%'")" 1000
        expect_eq "$(psql_in "$db" "SELECT count(*) FROM org WHERE city NOT IN ('Warszawa', 'Kraków')")" 0
    done
    # Only one import ever inserted them: the keys its audit row lists, each once.
    expect_eq "$(psql_in "$db" "SELECT count(*) || ' ' || sum(json_array_length((after::json)->'keys'))
                                FROM audit WHERE entity = 'org' AND action = 'import'")" "1 1000"
    no_duplicates "$db"
    toro db check
    expect_rc 0
}

# lock_store DB: holds the write lock as another toro writer does (LOCK TABLE audit IN SHARE
# ROW EXCLUSIVE MODE, in a psql session fed through a fifo) until unlock_store; returns once
# the server has granted it.
lock_store() {
    rm -f lock.fifo
    mkfifo lock.fifo
    psql -X -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d "$1" <lock.fifo >locker.out 2>&1 &
    locker=$!
    exec 3>lock.fifo
    echo "BEGIN; LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE;" >&3
    local tries=0
    while [ "$(psql_in "$1" "SELECT count(*) FROM pg_locks WHERE relation = 'audit'::regclass
                              AND mode = 'ShareRowExclusiveLock' AND granted")" != 1 ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { fail "the psql session did not take the lock: $(cat locker.out)"; return; }
        sleep 0.05
    done
}
# unlock_store: ends the psql session of lock_store, its transaction rolled back.
unlock_store() {
    echo "ROLLBACK;" >&3
    exec 3>&-
    wait "$locker"
}

test_writer_locked_out_exits_75_and_writes_nothing() {
    use_fresh_db
    "$TORO" init >/dev/null 2>&1 || fail "init"
    printf '[store]\npath = "%s"\nbusy_timeout_ms = 300\n' "$TORO_DB" >toro.toml
    unset TORO_DB
    org_batch L 50 >orgs.csv
    local before_audit start took
    before_audit=$(psql_in "$db" 'SELECT count(*) FROM audit')
    lock_store "$db"
    start=$(date +%s%N)
    toro register import org orgs.csv
    took=$((($(date +%s%N) - start) / 1000000))
    expect_rc 75
    expect_err_has "toro: error: postgresql:///$db?host=$cluster&user=toro: the database is busy"
    expect_err_has "nothing was written"
    expect_err_has "(PostgreSQL 55P03: canceling statement due to lock timeout)"
    # The configured 300 ms, not the default 10 s.
    [ "$took" -lt 5000 ] || fail "waited $took ms for the lock"
    toro register program add --code P-9 --name Zablokowany --year 2025 --mode open_call
    expect_rc 75
    # A reader is not held up by a writer.
    toro register org list --format csv
    expect_rc 0
    unlock_store
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM org')" 0
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM program')" 0
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM audit')" "$before_audit"
    # Once the lock is free the same command goes through.
    toro register import org orgs.csv
    expect_rc 0
    expect_eq "$(psql_in "$db" 'SELECT count(*) FROM org')" 50
    toro db check
    expect_rc 0
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# open_transactions_lost: how many clients the server has lost so far with a transaction open.
open_transactions_lost() { grep -c "unexpected EOF on client connection with an open transaction" "$cluster/data/server.log"; }

# make_base: the seeded store (lib.sh) in database $db, the template of every round; the two
# batches: orgs.csv (3 000 organizations) and reports.csv (2 880 long-layout rows, 480 reports).
make_base() {
    use_fresh_db base
    seed_ventures
    org_batch CRASH 3000 >orgs.csv
    report_batch 1 40 01 02 03 04 05 06 07 08 09 10 11 12 >reports.csv
    base=$db
    work=${db%_base}_work
    export TORO_DB
    TORO_DB=$(uri_of "$work")
}
# reset_work: database $work again a copy of $base (CREATE DATABASE ... TEMPLATE, which needs
# no one connected to $base).
reset_work() {
    PGOPTIONS="-c client_min_messages=warning" psql_in postgres "DROP DATABASE IF EXISTS $work WITH (FORCE)" &&
        psql_in postgres "CREATE DATABASE $work TEMPLATE $base" >/dev/null ||
        fail "cannot copy $base to $work"
}

# crash_rounds LABEL COUNT_QUERY EXPECTED IMPORT_ARGS...: copies $base to $work, starts the
# import, kills it after a random delay (up to a little longer than a whole import takes),
# waits until the server has ended the killed client's transaction, then checks the store.
# Prints how many rounds ended with none and with all of the batch, and how many kills the
# server saw come inside a transaction (its log's "unexpected EOF ... with an open transaction").
crash_rounds() {
    local label=$1 query=$2 expected=$3
    shift 3
    local start took round pid delay found base_audit none=0 all=0 open_before
    open_before=$(open_transactions_lost)
    base_audit=$(psql_in "$base" 'SELECT count(*) FROM audit')
    # One undisturbed run tells how long an import takes here.
    reset_work
    start=$(now_ms)
    "$TORO" "$@" >/dev/null 2>&1 || fail "$label: the undisturbed import failed"
    took=$(($(now_ms) - start))
    expect_eq "$(psql_in "$work" "$query")" "$expected"
    local audit_all
    audit_all=$(psql_in "$work" 'SELECT count(*) FROM audit')
    for round in $(seq 1 "$rounds"); do
        reset_work
        delay=$((RANDOM * 32768 + RANDOM))
        delay=$((delay % (took * 5 / 4 + 1)))
        "$TORO" "$@" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        wait_for_no_backend "$work"
        toro db check
        if [ "$rc" != 0 ]; then
            fail "$label round $round (killed after ${delay} ms): db check exit $rc"
            continue
        fi
        # The batch and the audit log counted in one snapshot.
        found=$(psql_in "$work" "SELECT ($query) || ' ' || (SELECT count(*) FROM audit)")
        if [ "$found" = "0 $base_audit" ]; then
            none=$((none + 1))
        elif [ "$found" = "$expected $audit_all" ]; then
            all=$((all + 1))
        else
            fail "$label round $round (killed after ${delay} ms): rows and audit rows $found, expected 0 $base_audit or $expected $audit_all"
        fi
        no_duplicates "$work"
    done
    echo "     $label: $rounds kills within ${took} ms: $none left nothing, $all left the whole batch;" \
        "$(($(open_transactions_lost) - open_before)) came inside the transaction"
}

test_register_import_killed_at_random() {
    make_base
    crash_rounds register "SELECT count(*) FROM org WHERE code LIKE 'CRASH-%'" 3000 \
        register import org orgs.csv
}

test_report_import_killed_at_random() {
    make_base
    crash_rounds report "SELECT count(*) FROM report_value" 2880 \
        --as-of 2026-01-20 report import reports.csv
    expect_eq "$(psql_in "$work" 'SELECT count(*) FROM report')" \
        "$(psql_in "$work" 'SELECT count(DISTINCT (venture, period)) FROM report_value')"
}

run_tests
