#!/usr/bin/env bash
# Full disks and I/O errors, in the spirit of SQLite's own I/O-error tests: a register import
# and a report import are run with a SQLite VFS (tests/fault/vfs_fault.cpp, loaded with
# LD_PRELOAD) that fails every write after the first N, for N spread over all the writes an
# undisturbed import makes. Each run must exit 74 with a plain message, and leave a store that
# passes `db check` and holds all of the batch or none of it. (A failure that strikes only the
# checkpoint after the commit loses nothing: such a run exits 0 with the whole batch.)
# TORO_FAULT_POINTS=N tries N points per import (default 15, alternating full disk and I/O
# error; more for a long run).
source "$(dirname "$0")/lib.sh"

points=${TORO_FAULT_POINTS:-15}
shim=${TORO_VFS_FAULT:-$(dirname "$TORO")/../tests/libtoro_vfs_fault.so}

# preload: the LD_PRELOAD list for toro: the shim, after the sanitizer runtime (which must
# come first) in a sanitizer build.
preload() {
    local asan
    asan=$(ldd "$TORO" | awk '/libasan/ {print $3}')
    echo "${asan:+$asan:}$shim"
}

make_base() {
    seed_ventures
    mv toro.db base.db
    rm -f toro.db-wal toro.db-shm
    org_batch FAULT 1500 >orgs.csv
    report_batch 1 40 01 02 03 04 05 06 >reports.csv
}

# fault_points LABEL COUNT_QUERY EXPECTED IMPORT_ARGS...
fault_points() {
    local label=$1 query=$2 expected=$3
    shift 3
    [ -e "$shim" ] || { fail "no fault-injection VFS at $shim (build the target toro_vfs_fault)"; return; }
    local total base_audit audit_all i n code count audit none=0 all=0
    base_audit=$(sql base.db 'SELECT count(*) FROM audit')
    cp base.db toro.db
    LD_PRELOAD=$(preload) TORO_FAULT_AFTER=-1 TORO_FAULT_REPORT=writes.txt "$TORO" "$@" >/dev/null 2>&1 ||
        fail "$label: the undisturbed import failed"
    total=$(cat writes.txt 2>/dev/null)
    [ "${total:-0}" -gt 0 ] || { fail "$label: the shim counted no writes"; return; }
    expect_eq "$(sql toro.db "$query")" "$expected"
    audit_all=$(sql toro.db 'SELECT count(*) FROM audit')
    for i in $(seq 0 $((points - 1))); do
        n=$((total * i / points))
        code=$([ $((i % 2)) = 0 ] && echo full || echo ioerr)
        rm -f toro.db toro.db-wal toro.db-shm
        cp base.db toro.db
        out=$(LD_PRELOAD=$(preload) TORO_FAULT_AFTER=$n TORO_FAULT_CODE=$code "$TORO" "$@" 2>err.txt)
        rc=$?
        err=$(cat err.txt)
        # The writes after the commit are the checkpoint's, which SQLite retries later: a
        # failure there loses nothing, and the import rightly succeeds (checked below).
        local committed=$rc
        if [ "$rc" != 0 ]; then
            [ "$rc" = 74 ] || fail "$label: $code after $n of $total writes: exit $rc, expected 74"
            [[ $err == *"toro: error: "* ]] || fail "$label: $code after $n writes: no error message"
            [[ $err == *"disk is full"* || $err == *"I/O error"* ]] || fail "$label: $code after $n writes: '$err'"
            [ -z "$out" ] || fail "$label: $code after $n writes: a summary was printed for a batch not written"
        fi
        toro db check
        if [ "$rc" != 0 ]; then
            fail "$label: $code after $n of $total writes: db check exit $rc"
            cp toro.db "failed-$label-$n.db"
            continue
        fi
        count=$(sql toro.db "$query")
        audit=$(sql toro.db 'SELECT count(*) FROM audit')
        if [ "$count" = 0 ] && [ "$audit" = "$base_audit" ] && [ "$committed" = 74 ]; then
            none=$((none + 1))
        elif [ "$count" = "$expected" ] && [ "$audit" = "$audit_all" ]; then
            all=$((all + 1))
        else
            fail "$label: $code after $n of $total writes: $count of $expected rows, $audit audit rows"
        fi
    done
    echo "     $label: $points failing points over $total writes: $none left nothing (exit 74), $all left the whole batch"
    [ "$none" -gt 0 ] || fail "$label: no failing point hit the import itself"
}

test_register_import_on_a_failing_disk() {
    make_base
    fault_points register "SELECT count(*) FROM org WHERE code LIKE 'FAULT-%'" 1500 register import org orgs.csv
}

test_report_import_on_a_failing_disk() {
    make_base
    fault_points report "SELECT count(*) FROM report_value" 1440 --as-of 2026-01-20 report import reports.csv
}

run_tests
