#!/usr/bin/env bash
# Crash safety: an import killed with SIGKILL at any moment leaves a store that passes
# `db check` and holds all of the batch or none of it.
# TORO_CRASH_ROUNDS=N kills each import N times (default 12; thousands for a long run).
source "$(dirname "$0")/lib.sh"

rounds=${TORO_CRASH_ROUNDS:-12}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# base.db: the seeded store (lib.sh); the two batches: orgs.csv (3 000 organizations) and
# reports.csv (2 880 long-layout rows, 480 reports).
make_base() {
    seed_ventures
    mv toro.db base.db
    rm -f toro.db-wal toro.db-shm
    org_batch CRASH 3000 >orgs.csv
    report_batch 1 40 01 02 03 04 05 06 07 08 09 10 11 12 >reports.csv
}

# crash_rounds LABEL COUNT_QUERY EXPECTED IMPORT_ARGS...: copies base.db, starts the import,
# kills it after a random delay (up to a little longer than a whole import takes), then checks
# the store. Prints how many rounds ended with none and with all of the batch.
crash_rounds() {
    local label=$1 query=$2 expected=$3
    shift 3
    local start took round pid delay count audit base_audit none=0 all=0
    base_audit=$(sql base.db 'SELECT count(*) FROM audit')
    # One undisturbed run tells how long an import takes here (a sanitizer build is slower).
    cp base.db toro.db
    start=$(now_ms)
    "$TORO" "$@" >/dev/null 2>&1 || fail "$label: the undisturbed import failed"
    took=$(($(now_ms) - start))
    expect_eq "$(sql toro.db "$query")" "$expected"
    local audit_all
    audit_all=$(sql toro.db 'SELECT count(*) FROM audit')
    for round in $(seq 1 "$rounds"); do
        rm -f toro.db toro.db-wal toro.db-shm
        cp base.db toro.db
        delay=$((RANDOM * 32768 + RANDOM))
        delay=$((delay % (took * 5 / 4 + 1)))
        "$TORO" "$@" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        toro db check
        if [ "$rc" != 0 ]; then
            fail "$label round $round (killed after ${delay} ms): db check exit $rc"
            cp toro.db "crashed-$label-$round.db"
            continue
        fi
        count=$(sql toro.db "$query")
        audit=$(sql toro.db 'SELECT count(*) FROM audit')
        if [ "$count" = 0 ] && [ "$audit" = "$base_audit" ]; then
            none=$((none + 1))
        elif [ "$count" = "$expected" ] && [ "$audit" = "$audit_all" ]; then
            all=$((all + 1))
        else
            fail "$label round $round (killed after ${delay} ms): $count of $expected rows, $audit audit rows"
            cp toro.db "crashed-$label-$round.db"
        fi
    done
    echo "     $label: $rounds kills within ${took} ms: $none left nothing, $all left the whole batch"
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
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" "$(sql toro.db 'SELECT count(DISTINCT venture || period) FROM report_value')"
}

run_tests
