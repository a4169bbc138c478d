#!/usr/bin/env bash
# The foundation: global options, exit codes, init, db and config commands.
source "$(dirname "$0")/lib.sh"

test_help_and_version() {
    toro --help
    expect_rc 0; expect_out_has "Example:"; expect_out_has "init"; expect_out_has "--db"
    toro --version
    expect_rc 0; expect_out_has "toro 0."
    local commands=(init db config "db info" "db check" "db backup" "db migrate" "db audit" "config show"
        register "register import" "register export" "register loan schedule")
    for entity in org program venture target budget indicator loan repayment payment grant_return consultation training attendance; do
        for verb in "" add update show list remove; do
            commands+=("register $entity $verb")
        done
    done
    for command in "${commands[@]}"; do
        # shellcheck disable=SC2086
        toro $command --help
        expect_rc 0
        [[ "$out" == *"Example:"* ]] || fail "'toro $command --help' has no example"
    done
}

test_usage_errors_exit_2() {
    toro --bogus
    expect_rc 2; expect_err_has "toro: error:"
    toro bogus
    expect_rc 2; expect_err_has "toro: error:"
    toro
    expect_rc 2
    toro db
    expect_rc 2
    toro db info --lang xx
    expect_rc 2
    toro db info --as-of 2026-13-01
    expect_rc 2
    toro register orgs list
    expect_rc 2; expect_err_has "unknown command 'orgs'; did you mean 'org'? (run 'toro register --help')"
    # A command word before the one it belongs to.
    toro register show org X
    expect_rc 2
    expect_err_has "toro: error: 'show' is out of place: write 'toro register org show ...' (run 'toro register org --help')"
}

test_init_demo_twice_changes_nothing() {
    toro init --demo
    expect_rc 0
    local before
    before=$(sql toro.db "SELECT (SELECT count(*) FROM org) || '/' || (SELECT count(*) FROM report) || '/' ||
        (SELECT count(*) FROM report_revision) || '/' || (SELECT count(*) FROM response) || '/' || (SELECT count(*) FROM answer)")
    toro init --demo
    expect_rc 0
    expect_err_has "the demo's were not loaded again"
    expect_err_has "demo: 40 responses from examples/demo/survey-ies.csv (0 new)"
    expect_eq "$(sql toro.db "SELECT (SELECT count(*) FROM org) || '/' || (SELECT count(*) FROM report) || '/' ||
        (SELECT count(*) FROM report_revision) || '/' || (SELECT count(*) FROM response) || '/' || (SELECT count(*) FROM answer)")" "$before"
}

test_init_creates_config_and_private_database() {
    toro init
    expect_rc 0; expect_err_has "wrote toro.toml"; expect_err_has "created toro.db"
    expect_file toro.toml
    expect_file toro.db
    expect_eq "$(stat -c %a toro.db)" "600"
    expect_eq "$(sql toro.db 'PRAGMA journal_mode')" "wal"
    expect_eq "$(sql toro.db 'PRAGMA user_version')" "$(sql toro.db 'PRAGMA user_version')"
    [ "$(sql toro.db 'PRAGMA user_version')" -ge 2 ] || fail "schema version below 2"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM district')" "19"
    expect_eq "$(sql toro.db "SELECT name FROM district WHERE code = 'SRODMIESCIE'")" "Śródmieście"
    # A second init keeps the file and changes nothing.
    echo "# mine" >>toro.toml
    toro init
    expect_rc 0; expect_err_has "kept the existing toro.toml"
    grep -q "# mine" toro.toml || fail "init overwrote toro.toml without --force"
    toro init --force
    expect_rc 0
    grep -q "# mine" toro.toml && fail "--force did not overwrite toro.toml"
}

test_commands_in_an_empty_directory() {
    toro init
    toro db info
    expect_rc 0; expect_out_has "schema version"; expect_out_has "district"
    toro db info --format json
    expect_rc 0; expect_out_has '"schema_version"'
    toro db check
    expect_rc 0; expect_out_has "integrity"
    toro config show
    expect_rc 0; expect_out_has "store.busy_timeout_ms"; expect_out_has "toro.toml:"
    toro db backup b.db
    expect_rc 0; expect_file b.db
    expect_eq "$(stat -c %a b.db)" "600"
    expect_eq "$(sql b.db 'SELECT count(*) FROM district')" "19"
    toro db backup b.db
    expect_rc 73; expect_err_has "b.db: the file exists"
    toro db backup b.db --force
    expect_rc 0
}

test_missing_database_exits_66() {
    toro db info
    expect_rc 66; expect_err_has "toro.db: no database here"
    expect_no_file toro.db
}

test_global_options_after_the_command() {
    toro --db a.db init
    expect_rc 0; expect_file a.db
    toro db info --db a.db --format json
    expect_rc 0; expect_out_has "a.db"
    TORO_DB=a.db toro db info --format csv
    expect_rc 0; expect_out_has "path,"
}

test_config_unknown_key_exits_78_with_position() {
    printf '[store]\nbusy_timeout_ms = 100\n\n[reporting]\nreport_dya = 10\n' >toro.toml
    toro config show
    expect_rc 78; expect_err_has "toro: error: toro.toml:5:1: unknown key 'reporting.report_dya'"
    printf '[store]\nbusy_timeout_ms = "ten"\n' >toro.toml
    toro config show
    expect_rc 78; expect_err_has "toro.toml:2:19: store.busy_timeout_ms: must be an integer"
    printf '[reporting]\nreport_day = 31\n' >toro.toml
    toro config show
    expect_rc 78; expect_err_has "toro.toml:2:14: reporting.report_day: value out of range"
    printf '[store\n' >toro.toml
    toro config show
    expect_rc 78; expect_err_has "toro.toml:1:"
    toro --config nowhere.toml config show
    expect_rc 78; expect_err_has "nowhere.toml"
}

test_config_show_names_origins() {
    printf '[reporting]\nreport_day = 15\n' >toro.toml
    TORO_DB=x.db toro config show --format csv
    expect_rc 0
    expect_out_has "reporting.report_day,15,toro.toml:2:14"
    expect_out_has 'store.path,"""x.db""",environment TORO_DB'
    expect_out_has "store.busy_timeout_ms,10000,default"
    toro config show --db y.db --format json
    expect_out_has '"origin": "option --db"'
}

test_newer_database_exits_78() {
    toro init
    sql toro.db 'PRAGMA user_version = 999'
    toro db info
    expect_rc 78; expect_err_has "newer than this program"
}

test_foreign_sqlite_file_is_refused() {
    sql other.db 'CREATE TABLE t (x)'
    toro --db other.db db info
    expect_rc 78; expect_err_has "not a toro database"
    echo "plain text" >text.db
    toro --db text.db db info
    expect_rc 78
}

test_older_database_is_backed_up_and_migrated() {
    toro init
    # Make a version-1 store: drop every view and table the later migrations added.
    for view in $(sql toro.db "SELECT name FROM sqlite_schema WHERE type = 'view'"); do
        sql toro.db "DROP VIEW $view"
    done
    for table in $(sql toro.db "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('audit', 'store_setting')"); do
        sql toro.db "PRAGMA foreign_keys = OFF; DROP TABLE $table"
    done
    # ... and give the audit log back the columns and trigger of version 1.
    sql toro.db "DROP TRIGGER audit_append_only_update; ALTER TABLE audit DROP COLUMN os_login;
        ALTER TABLE audit DROP COLUMN hash; CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END"
    sql toro.db 'PRAGMA user_version = 1'
    toro db migrate
    expect_rc 0; expect_err_has "from schema version 1"
    ls toro.db.pre-v*.bak >/dev/null 2>&1 || fail "no pre-migration backup"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM legal_form')" "16"
    expect_eq "$(sql "$(ls toro.db.pre-v*.bak | head -1)" 'PRAGMA user_version')" "1"
    expect_eq "$(sql toro.db "SELECT action FROM audit WHERE entity = 'store' ORDER BY id DESC LIMIT 1")" "migrate"
}

test_locked_writer_exits_75_and_writes_nothing() {
    toro init
    printf '[store]\nbusy_timeout_ms = 200\n' >toro.toml
    sql toro.db 'PRAGMA user_version = 1' # force a migration, which must write
    before=$(sql toro.db 'SELECT count(*) FROM audit')
    # Hold the write lock for two seconds from another connection.
    ( sqlite3 toro.db "BEGIN IMMEDIATE; INSERT INTO store_setting VALUES ('x','y'); SELECT 1 FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 30000000) SELECT count(*) FROM c); ROLLBACK;" >/dev/null 2>&1 & )
    sleep 0.3
    toro db migrate
    expect_rc 75; expect_err_has "busy"
    wait
    sleep 2
    expect_eq "$(sql toro.db 'SELECT count(*) FROM audit')" "$before"
}

test_audit_log_is_append_only() {
    toro init
    toro --actor alice db audit --format json
    expect_rc 0
    sqlite3 toro.db "INSERT INTO audit (at, actor, command, entity, key, action) VALUES ('t','a','c','e','k','x')"
    sqlite3 toro.db "UPDATE audit SET actor = 'mallory'" 2>/dev/null && fail "audit row was updated"
    sqlite3 toro.db "DELETE FROM audit" 2>/dev/null && fail "audit row was deleted"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE actor = 'mallory'")" "0"
}

# A person's list of the audit log keeps to a screen: an update shows the fields it changed, long
# text is shortened; the machine formats keep every record whole.
test_audit_list_for_people_shows_changes() {
    toro init --demo
    toro register org update ORG-001 --city Kraków
    expect_rc 0
    toro register org update ORG-001 --address "ul. Długa 1, lokal 15, wejście od podwórza"
    expect_rc 0
    toro db audit --key ORG-001
    expect_rc 0
    expect_out_has '{"city":"Warszawa"}'
    expect_out_has '{"city":"Kraków"}'
    expect_out_lacks '"name":"Stowarzyszenie Sąsiedzi z Grochowa"'
    expect_out_has '{"address":"ul. Długa 1, lo…'
    local widest
    widest=$(echo "$out" | python3 -c 'import sys; print(max(len(line.rstrip("\n")) for line in sys.stdin))')
    [ "$widest" -le 175 ] || fail "db audit is $widest characters wide"
    toro db audit --key ORG-001 --format json
    expect_eq "$(echo "$out" | jq -r '.[-1].after | fromjson | .city + "|" + .name')" "Kraków|Stowarzyszenie Sąsiedzi z Grochowa"
    toro db audit --key ORG-001 --format md
    expect_out_has '| {"city":"Warszawa"} | {"city":"Kraków"} |'
}

test_output_file_picks_format_from_extension() {
    toro init
    toro db info -o info.json
    expect_rc 0; expect_file info.json
    grep -q '"schema_version"' info.json || fail "info.json is not JSON"
    toro db check -o checks.csv
    expect_rc 0
    head -1 checks.csv | grep -q '^check,ok,detail' || fail "checks.csv has no CSV header"
    toro db info -o /nonexistent/dir/info.json
    expect_rc 73; expect_err_has "/nonexistent/dir/info.json"
    toro db info --format html
    expect_rc 2
    # A target that exists and is not a regular file is refused, never replaced or written
    # into (standard output is -o -).
    mkfifo pipe
    toro db info -o pipe --format csv
    expect_rc 73; expect_err_has "pipe: this is a pipe, not a regular file"
    [ -p pipe ] || fail "-o replaced a named pipe with a file"
    toro db info -o - --format csv
    expect_rc 0; expect_out_has "path,"
}

test_db_check_exits_3_on_problems() {
    toro init
    sql toro.db 'DELETE FROM sphere'
    toro db check
    expect_rc 3; expect_out_has "reference_data"
}

run_tests
