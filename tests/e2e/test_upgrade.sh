#!/usr/bin/env bash
# Upgrades: a store left by every earlier schema version (tests/fixtures/stores/vK.db, made by
# make_store.sh there) is migrated by the current toro with its data intact, a backup taken
# first, and the result passes `db check`. The current version is discovered, not written here.
source "$(dirname "$0")/lib.sh"

FIXTURES="$TORO_SOURCE/tests/fixtures/stores"

# The schema version this toro writes: that of a new store.
current_version() {
    "$TORO" --db new.db init >/dev/null 2>&1 || { fail "init"; return; }
    sql new.db 'PRAGMA user_version'
    rm -f new.db new.db-wal new.db-shm toro.toml toro.key
}

# snapshot DB REFERENCE DIR: for every table of REFERENCE (the fixture), its rows in DB,
# limited to the columns REFERENCE has and sorted, one file per table in DIR.
snapshot() {
    local db=$1 reference=$2 dir=$3 table columns
    mkdir -p "$dir"
    for table in $(sql "$reference" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"); do
        columns=$(sql "$reference" "SELECT group_concat(quote(name), ', ') FROM pragma_table_info('$table')")
        sqlite3 -batch -noheader -quote "$db" "SELECT $columns FROM \"$table\" ORDER BY $columns" >"$dir/$table"
    done
}

# The fixture of version K: the committed one, else one made now (a version whose fixture
# has not been committed yet still gets tested).
fixture() {
    if [ -e "$FIXTURES/v$1.db" ]; then
        cp "$FIXTURES/v$1.db" "$2"
    else
        echo "     (no committed fixture v$1.db: made one with make_store.sh; commit it)"
        bash "$FIXTURES/make_store.sh" "$1" "$2" || fail "make_store.sh $1"
    fi
}

test_current_version_matches_the_migration_files() {
    local latest newest_file
    latest=$(current_version)
    newest_file=$(basename "$(ls "$TORO_SOURCE"/schemas/migrations/[0-9]*.sql | sort | tail -n 1)")
    expect_eq "$latest" "$((10#${newest_file%%_*}))"
    [ "$latest" -ge 4 ] || fail "schema version $latest"
}

test_the_fixture_script_builds_what_toro_builds() {
    local latest
    latest=$(current_version)
    "$TORO" --db toro.db init >/dev/null 2>&1 || fail "init"
    bash "$FIXTURES/make_store.sh" "$latest" made.db || fail "make_store.sh"
    local query="SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
    expect_eq "$(sql made.db "$query")" "$(sql toro.db "$query")"
    for pragma in user_version application_id journal_mode; do
        expect_eq "$(sql made.db "PRAGMA $pragma")" "$(sql toro.db "PRAGMA $pragma")"
    done
    for table in legal_form sphere district budget_category; do
        expect_eq "$(sqlite3 -quote made.db "SELECT * FROM $table ORDER BY 1")" \
            "$(sqlite3 -quote toro.db "SELECT * FROM $table ORDER BY 1")"
    done
}

test_every_earlier_version_upgrades_with_its_data() {
    local latest k
    latest=$(current_version)
    for k in $(seq 1 $((latest - 1))); do
        mkdir "v$k" && pushd "v$k" >/dev/null || return
        fixture "$k" toro.db
        cp toro.db fixture.db
        snapshot toro.db fixture.db before
        local audit_before
        audit_before=$(sql toro.db 'SELECT count(*) FROM audit')

        toro db info
        expect_rc 0
        expect_err_has "migrated toro.db from schema version $k to $latest (backup: toro.db.pre-v$latest.bak)"
        expect_eq "$(sql toro.db 'PRAGMA user_version')" "$latest"
        expect_eq "$(sql toro.db 'PRAGMA application_id')" 1953460847
        # The backup is the store exactly as it was, and private, but for the pseudonym key,
        # which moved to the key file (erased from the store and from this backup).
        expect_file "toro.db.pre-v$latest.bak"
        expect_eq "$(sqlite3 "toro.db.pre-v$latest.bak" .dump)" "$(sqlite3 fixture.db .dump | grep -v "'pseudonym_key'")"
        if [ -n "$(sql fixture.db "SELECT value FROM store_setting WHERE name = 'pseudonym_key'")" ]; then
            expect_eq "$(cat toro.key)" "$(sql fixture.db "SELECT value FROM store_setting WHERE name = 'pseudonym_key'")"
            sqlite3 fixture.db "DELETE FROM store_setting WHERE name = 'pseudonym_key'"
            rm -rf before && snapshot fixture.db fixture.db before
        fi
        expect_eq "$(stat -c %a "toro.db.pre-v$latest.bak")" 600
        # Every row of every table the old version had is still there (a migration may add
        # rows, never change or drop one), and the migration is one more audit row.
        snapshot toro.db fixture.db after
        local table lost
        for table in $(ls before); do
            [ -s "before/$table" ] || continue
            lost=$(comm -23 <(sort "before/$table") <(sort "after/$table"))
            [ -z "$lost" ] || fail "v$k: rows of $table changed or lost: $(echo "$lost" | head -c 600)"
        done
        [ -s before/org ] || [ "$k" -lt 3 ] || fail "v$k: the fixture has no organizations"
        expect_eq "$(sql toro.db 'SELECT count(*) FROM audit')" $((audit_before + 1))
        expect_eq "$(sql toro.db 'SELECT action, before, after FROM audit ORDER BY id DESC LIMIT 1')" \
            "migrate|{\"schema_version\":$k}|{\"schema_version\":$latest}"
        toro db check
        expect_rc 0
        # Opening it again neither migrates nor backs up again.
        toro db info
        expect_rc 0
        expect_no_file "toro.db.pre-v$latest.2.bak"
        popd >/dev/null || return
    done
    # What the fixtures hold is read back through toro too, not only through sqlite3.
    if [ "$latest" -gt 3 ]; then
        toro --db v3/toro.db register org show ORG-1 --format json
        expect_rc 0
        expect_out_has 'Fundacja \"Źródło\" im. Łucji Żółkiewskiej'
        expect_out_has '0000012345'
    fi
}

test_the_current_fixture_opens_without_a_backup() {
    local latest
    latest=$(current_version)
    [ -e "$FIXTURES/v$latest.db" ] || return 0
    cp "$FIXTURES/v$latest.db" toro.db
    toro db check
    expect_rc 0
    expect_err_empty
    expect_no_file "toro.db.pre-v$latest.bak"
}

test_a_backup_in_the_way_gets_the_next_number() {
    local latest
    latest=$(current_version)
    fixture 1 toro.db
    echo "an earlier backup" >"toro.db.pre-v$latest.bak"
    toro db info
    expect_rc 0
    expect_eq "$(cat "toro.db.pre-v$latest.bak")" "an earlier backup"
    expect_eq "$(sql "toro.db.pre-v$latest.2.bak" 'PRAGMA user_version')" 1
}

run_tests
