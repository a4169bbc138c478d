#!/usr/bin/env bash
# Several writers on one store at once: nothing is lost, a writer that cannot get the lock in
# time exits 75 having written nothing, and a backup taken meanwhile is a consistent snapshot.
source "$(dirname "$0")/lib.sh"

# lock_store DB: holds the store's write lock from a sqlite3 shell (BEGIN IMMEDIATE) until
# unlock_store; returns once the lock is held.
lock_store() {
    rm -f lock.fifo
    mkfifo lock.fifo
    sqlite3 -cmd '.timeout 10000' "$1" <lock.fifo >/dev/null 2>&1 &
    locker=$!
    exec 3>lock.fifo
    echo "BEGIN IMMEDIATE;" >&3
    local tries=0
    while sqlite3 "$1" 'PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { fail "the sqlite3 shell did not take the lock"; return; }
        sleep 0.05
    done
}
unlock_store() {
    echo "ROLLBACK;" >&3
    exec 3>&-
    wait "$locker"
}

test_eight_writers_at_once_lose_nothing() {
    seed_ventures
    local before_audit
    before_audit=$(sql toro.db 'SELECT count(*) FROM audit')
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
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code LIKE 'W%'")" 2000
    for b in 1 2 3 4; do
        expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code LIKE 'W$b-%'")" 500
    done
    # 40 ventures x 6 months x 6 indicators, plus 20 submitted reports of one value each.
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report_value')" $((40 * 6 * 6 + 20))
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" $((40 * 6 + 20))
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE period = '2025-07'")" 20
    # One audit row per import (each listing what it inserted) and per submitted report.
    expect_eq "$(sql toro.db 'SELECT count(*) FROM audit')" $((before_audit + 4 + 2 + 20))
    expect_eq "$(sql toro.db "SELECT sum(json_array_length(after, '$.keys')) FROM audit
                              WHERE entity = 'org' AND action = 'import' AND key LIKE 'orgs-%'")" 2000
    toro db check
    expect_rc 0
}

test_writer_locked_out_exits_75_and_writes_nothing() {
    "$TORO" init >/dev/null 2>&1 || fail "init"
    printf '[store]\nbusy_timeout_ms = 300\n' >toro.toml
    org_batch L 50 >orgs.csv
    local before_audit start took
    before_audit=$(sql toro.db 'SELECT count(*) FROM audit')
    lock_store toro.db
    start=$(date +%s%N)
    toro register import org orgs.csv
    took=$((($(date +%s%N) - start) / 1000000))
    expect_rc 75
    expect_err_has "toro: error: toro.db: the database is busy"
    expect_err_has "nothing was written"
    # The configured 300 ms, not the default 10 s.
    [ "$took" -lt 5000 ] || fail "waited $took ms for the lock"
    toro register program add --code P-9 --name Zablokowany --year 2025 --mode open_call
    expect_rc 75
    unlock_store
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM program')" 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM audit')" "$before_audit"
    # Once the lock is free the same command goes through.
    toro register import org orgs.csv
    expect_rc 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" 50
}

test_backup_while_writers_run_is_a_consistent_prefix() {
    "$TORO" init >/dev/null 2>&1 || fail "init"
    local w b n
    for w in A B; do
        for b in 1 2 3 4 5 6 7 8; do org_batch "$w$b" 200 >"orgs-$w$b.csv"; done
    done
    # Two writers, each importing its eight batches one after the other.
    local pids=()
    for w in A B; do
        (
            for b in 1 2 3 4 5 6 7 8; do
                "$TORO" register import org "orgs-$w$b.csv" >/dev/null || exit 1
            done
        ) 2>"err-$w" &
        pids+=($!)
    done
    for n in 1 2 3 4 5; do
        "$TORO" db backup "backup-$n.db" 2>>err-backup || fail "backup $n failed: $(cat err-backup)"
        sleep 0.1
    done
    local pid
    for pid in "${pids[@]}"; do
        wait "$pid" || fail "a writer failed: $(cat err-A err-B)"
    done
    local count seen_gap partial=0
    for n in 1 2 3 4 5; do
        toro --db "backup-$n.db" db check
        expect_rc 0
        for w in A B; do
            seen_gap=0
            for b in 1 2 3 4 5 6 7 8; do
                count=$(sql "backup-$n.db" "SELECT count(*) FROM org WHERE code LIKE '$w$b-%'")
                case $count in
                    0) seen_gap=1 ;;
                    200) [ "$seen_gap" = 0 ] || fail "backup-$n holds batch $w$b but not an earlier one" ;;
                    *) fail "backup-$n holds $count of the 200 organizations of batch $w$b" ;;
                esac
            done
            [ "$seen_gap" = 0 ] || partial=$((partial + 1))
        done
        # The audit log of the copy matches its organizations exactly: one row per batch,
        # listing the batch's organizations.
        expect_eq "$(sql "backup-$n.db" "SELECT count(*) FROM audit WHERE entity = 'org'") $(sql "backup-$n.db" \
            "SELECT ifnull(sum(json_array_length(after, '$.keys')), 0) FROM audit WHERE entity = 'org'")" \
            "$(($(sql "backup-$n.db" 'SELECT count(*) FROM org') / 200)) $(sql "backup-$n.db" 'SELECT count(*) FROM org')"
    done
    echo "     $partial of 10 writer prefixes in the backups were taken mid-way"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" 3200
}

run_tests
