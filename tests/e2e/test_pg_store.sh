#!/usr/bin/env bash
# A store on PostgreSQL (docs/operations.md, "A shared store on PostgreSQL"): `init` creates the
# schema in an empty database and refuses any other, `db info` shows what it shows on SQLite,
# `db migrate` is a no-op at the latest version and brings a store of version 11 to 15, the
# audit log refuses UPDATE, DELETE and TRUNCATE, the demo's outputs are byte for byte those on
# SQLite, a batch is all or nothing, an import's new reports go around a stored one in an open
# COPY, a file is read ahead only with a core to spare, a report names a venture that exists
# (the triggers of schemas 12, 13 and 15, under concurrent writers too), the documented roles write and
# read, and a failed connection says so without the password. Runs a throwaway PostgreSQL 15
# cluster of its own (tests/pg_cluster.sh); skipped (exit 77) when PostgreSQL is not installed,
# unless TORO_PG_REQUIRED=1 (tests/run-all.sh).
source "$(dirname "$0")/lib.sh"

source "$(dirname "$0")/pg_cluster_lib.sh"
password=$(cut -d: -f5 "$cluster/pgpass")
# fresh_db [SUFFIX]: a new empty database for the test; prints its URI (no password: PGPASSFILE
# has it).
fresh_db() {
    local name="t_${current_test#test_}${1:+_$1}"
    psql_in postgres "CREATE DATABASE $name" >/dev/null
    echo "postgresql:///$name?host=$cluster&user=toro"
}
db_of() { sed 's|^postgresql:///\([^?]*\)?.*|\1|' <<<"$1"; }
# psql_session DB ARGS...: psql in DB with ARGS (several -c make one session), quietly.
psql_session() { psql -X -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d "$1" "${@:2}"; }
report_columns="venture, period, revision, status, first_submitted_on, submitted_on"
# insert_report VENTURE: the SQL inserting a report of VENTURE for 2025-01, bypassing toro.
insert_report() {
    echo "INSERT INTO report ($report_columns) VALUES ('$1', '2025-01', 1, 'submitted', '2025-02-01', '2025-02-01')"
}

test_the_cluster_runs_without_root_and_without_tcp() {
    local owner
    owner=$(psql_in toro "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'postgres'")
    expect_eq "$owner" "toro"
    expect_eq "$(psql_in toro "SHOW listen_addresses")" ""
    if [ "$(id -u)" -eq 0 ]; then
        expect_eq "$(stat -c %U "$cluster/data")" "toro-pg"
    fi
}

test_init_creates_the_schema_in_an_empty_database() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    expect_rc 0
    expect_err_has "created postgresql:///$db?host=$cluster&user=toro (schema version 15)"
    expect_eq "$(psql_in "$db" "SELECT application || ' ' || version FROM toro_schema")" "toro 15"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "39"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM sphere")" "$(sed 1d "$TORO_SOURCE/schemas/reference/spheres.csv" | grep -c .)"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM legal_form_grant")" \
        "$(sed 1d "$TORO_SOURCE/schemas/reference/legal_forms_grant.csv" | grep -c .)"
    expect_eq "$(psql_in "$db" "SELECT entity || ' ' || key || ' ' || action || ' ' || after FROM audit")" \
        "store $db migrate {\"schema_version\":15}"
    expect_eq "$(psql_in "$db" "SELECT length(hash) FROM audit")" "64"
    # The configuration names the database; later commands find it there.
    grep -qxF "path = \"$uri\"" toro.toml || fail "toro.toml does not name $uri"
    "$TORO" --lang en db migrate >/dev/null 2>&1 || fail "toro.toml's store cannot be opened"
}

test_init_writes_no_password_into_the_configuration() {
    local uri with_password
    uri=$(fresh_db)
    with_password="postgresql://toro:$password@/$(db_of "$uri")?host=$cluster"
    toro init --db "$with_password"
    expect_rc 0
    [[ $err != *"$password"* ]] || fail "stderr shows the password"
    grep -q "$password" toro.toml && fail "toro.toml holds the password"
    grep -qxF "path = \"postgresql://toro@/$(db_of "$uri")?host=$cluster\"" toro.toml || fail "toro.toml: $(grep '^path' toro.toml)"
    # The password comes from PGPASSFILE.
    toro db info --format json
    expect_rc 0
}

test_init_again_refuses_and_changes_nothing() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    expect_rc 0
    local before
    before=$(cat toro.toml)
    toro init --db "$uri" --force
    expect_rc 73
    expect_err_has "the database already holds a toro store (schema version 15); nothing was changed"
    expect_eq "$(cat toro.toml)" "$before"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM audit")" "1"
}

test_init_refuses_a_database_with_tables_of_its_own() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    psql_in "$db" "CREATE TABLE city_staff (id integer); CREATE VIEW staff_view AS SELECT * FROM city_staff"
    toro init --db "$uri"
    expect_rc 78
    expect_err_has "the database already holds tables that toro did not create (city_staff, staff_view)"
    expect_no_file toro.toml
    expect_eq "$(psql_in "$db" "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')")" "city_staff,staff_view"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")" "0"
}

test_db_info_shows_what_it_shows_on_sqlite() {
    local uri
    uri=$(fresh_db)
    toro init --db "$uri"
    toro db info --format json
    expect_rc 0
    printf '%s\n' "$out" >pg.json
    mkdir sqlite && (cd sqlite && "$TORO" --lang en init >/dev/null 2>&1 && "$TORO" --lang en db info --format json >../sqlite.json) ||
        fail "the SQLite store"
    python3 - pg.json sqlite.json "$uri" <<'PY' || fail "db info differs"
import json, sys
pg, sq = (json.load(open(f)) for f in sys.argv[1:3])
def shape(value):
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return type(value).__name__
assert shape(pg) == shape(sq), (shape(pg), shape(sq))
store_pg, store_sq = pg["store"], sq["store"]
store_pg = store_pg[0] if isinstance(store_pg, list) else store_pg
store_sq = store_sq[0] if isinstance(store_sq, list) else store_sq
assert list(store_pg) == list(store_sq), (list(store_pg), list(store_sq))
assert store_pg["path"] == sys.argv[3], store_pg["path"]
assert store_pg["schema_version"] == store_sq["schema_version"] == 15
assert store_pg["size_bytes"] > 0
# The same tables, in the same order, with the same rows (reference data and one audit row).
assert pg["tables"] == sq["tables"], [(a, b) for a, b in zip(pg["tables"], sq["tables"]) if a != b][:3]
PY
}

test_the_audit_log_refuses_update_delete_and_truncate() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    local sql result
    for sql in "UPDATE audit SET actor = 'someone else'" "DELETE FROM audit" "TRUNCATE audit" \
        "UPDATE audit SET hash = NULL"; do
        result=$(psql_in "$db" "$sql" 2>&1) && fail "'$sql' was allowed"
        [[ $result == *"the audit log is append-only"* ]] || fail "'$sql': $result"
    done
    expect_eq "$(psql_in "$db" "SELECT count(*) || ' ' || max(actor) FROM audit")" "1 $(id -un)"
}

test_db_migrate_is_a_no_op_at_the_latest_version() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    toro db migrate
    expect_rc 0
    expect_err_has "is up to date (schema version 15)"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM audit")" "1"
    # A database without a store is not one to migrate.
    toro --db "$(fresh_db empty)" db migrate
    expect_rc 66
    expect_err_has "the database holds no toro store yet"
}

# A store of schema 11 (here the demo, its versions 12 to 15 undone by hand) is brought to 15 by
# `db migrate`: the report table's keys and the months' check change; its rows, and the report
# read from them, do not.
test_db_migrate_brings_a_store_of_version_11_to_15() {
    local uri db before
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --demo --db "$uri"
    expect_rc 0
    export TORO_DB=$uri
    toro report monthly --as-of 2026-11-11 --format json
    expect_rc 0
    before=$out
    psql_in "$db" "DROP TRIGGER report_venture_insert ON report; DROP TRIGGER report_venture_update ON report;
        DROP TRIGGER venture_report_delete ON venture; DROP TRIGGER venture_report_rename ON venture;
        DROP FUNCTION report_ventures_exist(); DROP FUNCTION report_venture_exists(); DROP FUNCTION venture_reports_follow();
        DROP FUNCTION report_venture_missing(text);
        ALTER TABLE report DROP CONSTRAINT report_pkey, ADD PRIMARY KEY (venture, period),
            ADD FOREIGN KEY (venture) REFERENCES venture (code) ON UPDATE CASCADE;
        CREATE INDEX report_status ON report (venture, period, status, first_submitted_on);
        ALTER DOMAIN toro_month DROP CONSTRAINT toro_month_check;
        ALTER DOMAIN toro_month ADD CONSTRAINT toro_month_check CHECK (VALUE ~ '^\\d{4}-(0[1-9]|1[0-2])\$');
        UPDATE toro_schema SET version = 11"
    local rows_before
    rows_before=$(psql_in "$db" "SELECT md5(string_agg(r::text, '|' ORDER BY venture, period)) FROM report r")
    toro db migrate
    expect_rc 0
    expect_err_has "from schema version 11 to 15"
    expect_eq "$(psql_in "$db" "SELECT version FROM toro_schema")" "15"
    expect_eq "$(psql_in "$db" "SELECT pg_get_indexdef('report_pkey'::regclass)")" \
        "CREATE UNIQUE INDEX report_pkey ON public.report USING btree (venture, period) INCLUDE (status, first_submitted_on)"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM pg_indexes WHERE tablename = 'report'")" "1"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM pg_constraint WHERE conrelid = 'report'::regclass AND contype = 'f'")" "0"
    expect_eq "$(psql_in "$db" "SELECT string_agg(tgname, ' ' ORDER BY tgname) FROM pg_trigger WHERE tgname LIKE '%venture%'")" \
        "report_venture_insert report_venture_update venture_report_delete venture_report_rename"
    # Version 15's check, which holds the ventures with one lock of their table.
    expect_eq "$(psql_in "$db" "SELECT prosrc LIKE '%LOCK TABLE venture IN SHARE MODE%' FROM pg_proc WHERE proname = 'report_ventures_exist'")" "t"
    # Version 14's check of a month, without a regular expression; it still refuses a 13th month.
    expect_eq "$(psql_in "$db" "SELECT pg_get_constraintdef(oid) LIKE '%translate(VALUE%' FROM pg_constraint WHERE contypid = 'toro_month'::regtype")" "t"
    psql_in "$db" "SELECT '2026-13'::toro_month" 2>/dev/null && fail "the migrated check took 2026-13 for a month"
    expect_eq "$(psql_in "$db" "SELECT md5(string_agg(r::text, '|' ORDER BY venture, period)) FROM report r")" "$rows_before"
    toro report monthly --as-of 2026-11-11 --format json
    expect_rc 0
    [ "$out" = "$before" ] || fail "report monthly changed across the migration"
    toro db check
    expect_rc 0
}

test_db_migrate_waits_for_another_migration_then_gives_up_with_75() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    # Another process holds the lock of a migration (toro's advisory lock) for a while.
    psql_session "$db" \
        -c "BEGIN" -c "SELECT pg_advisory_xact_lock(1953460847)" -c "SELECT pg_sleep(4)" -c "COMMIT" >/dev/null &
    local holder=$!
    sleep 1
    printf '[store]\npath = "%s"\nbusy_timeout_ms = 300\n' "$uri" >toro.toml
    toro db migrate
    expect_rc 75
    expect_err_has "another process held its lock past the busy timeout"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "0"
    wait "$holder"
    toro init --db "$uri"
    expect_rc 0
}

# The demo's reports, lists and exports (JSON, CSV, Markdown) on PostgreSQL are byte for byte
# those of the same demo in a SQLite file, exit codes included (but for the time each store's
# records were written).
test_the_demo_gives_the_same_outputs_as_on_sqlite() {
    local uri
    uri=$(fresh_db)
    mkdir pg sq
    cd pg && toro init --demo --db "$uri" && cd ..
    expect_rc 0
    cd sq && toro init --demo && cd ..
    expect_rc 0
    local as_of=(--as-of 2026-11-11) compared=0
    while IFS= read -r line; do
        local -a args
        read -r -a args <<<"$line"
        cd sq && toro "${args[@]}"
        cd ..
        local sq_out=$out sq_rc=$rc
        cd pg && toro "${args[@]}"
        cd ..
        # The one value that differs: when each store's records were written (360Giving).
        sq_out=$(sed -E 's/"dateModified": "[^"]*"/"dateModified": ""/' <<<"$sq_out")
        out=$(sed -E 's/"dateModified": "[^"]*"/"dateModified": ""/' <<<"$out")
        expect_eq "$rc" "$sq_rc"
        [ "$out" = "$sq_out" ] || fail "toro $line: the output on PostgreSQL differs from SQLite's"
        [ -n "$out" ] || fail "toro $line: no output"
        compared=$((compared + 1))
    done <<EOF_COMMANDS
report monthly ${as_of[*]} --by program --format json
report monthly ${as_of[*]} --lang pl --format md
report monthly ${as_of[*]} --format csv
report loans ${as_of[*]} --format json
report missing ${as_of[*]} --format json
report venture V-2025-002 ${as_of[*]} --format json
report annual --year 2025 --format json
report history V-2025-002 2026-10 --format json
report final V-2025-014 ${as_of[*]} --format json
report settlement V-2025-016 ${as_of[*]} --format json
report settlement --all ${as_of[*]} --format json
report remind --period 2026-10 ${as_of[*]} --format json
evaluate ventures --year 2025 --format json
evaluate ventures --period 2026-10 --format json
evaluate training T-2025-01 --format json
evaluate summary EWAL-2026 --format json
evaluate offers OK-2027-K1 --format json
survey list --format json
survey show KOMP-2026 --format json
survey gaps KOMP-2026 --format json
survey gaps KOMP-2026 --compare ies,jst --format json
survey recommend KOMP-2026 --format json
register org list --format json
register org show ORG-001 --format json
register venture list --active-in 2026-06 --format csv
register venture list --format json
register loan list --format json
register offer list --active-in 2027-03 --format json
register program list --format json
register export venture --format 360giving
EOF_COMMANDS
    expect_eq "$compared" "30"
}

# A batch with a bad row writes nothing, as on SQLite; a good one is audited and checked.
test_a_batch_is_all_or_nothing_and_audited() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    # The pseudonym key is written beside the configuration, private, as every office needs it.
    expect_eq "$(stat -c %a toro.key)" "600"
    printf 'code,name,legal_form\nORG-1,Fundacja Jeden,FUND\nORG-2,Fundacja Dwa,NOPE\n' >orgs.csv
    toro register import org orgs.csv
    expect_rc 65
    expect_err_has "orgs.csv:3"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM org")" "0"
    printf 'code,name,legal_form\nORG-1,Fundacja Jeden,FUND\nORG-2,Fundacja Dwa,STOW\n' >orgs.csv
    toro register import org orgs.csv
    expect_rc 0
    expect_eq "$(psql_in "$db" "SELECT string_agg(code, ' ' ORDER BY code) FROM org")" "ORG-1 ORG-2"
    toro register org update ORG-2 --status suspended
    expect_rc 0
    toro register org remove ORG-1
    expect_rc 0
    toro db audit --key ORG-2 --format csv
    expect_rc 0
    expect_out_has "ORG-2"
    expect_eq "$(psql_in "$db" "SELECT status FROM org WHERE code = 'ORG-2'")" "suspended"
    toro db check
    expect_rc 0
    toro db audit --head
    expect_rc 0
}

# A row the server itself refuses, past toro's own checks (here by a trigger the test adds),
# fails the whole batch with 65 and the server's words: the reports that went by COPY, and a
# register import's rows (each behind its savepoint), are all absent afterwards.
test_a_row_the_server_refuses_leaves_the_batch_absent() {
    local uri db audit_before
    uri=$(fresh_db) db=$(db_of "$uri")
    export TORO_DB=$uri
    seed_ventures
    psql_in "$db" "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
            \$\$BEGIN RAISE EXCEPTION 'refused by the test'; END\$\$;
        CREATE TRIGGER refuse_v7 BEFORE INSERT ON report FOR EACH ROW WHEN (NEW.venture = 'V-7')
            EXECUTE FUNCTION refuse();
        CREATE TRIGGER refuse_org BEFORE INSERT ON org FOR EACH ROW WHEN (NEW.code = 'ORG-BAD')
            EXECUTE FUNCTION refuse();"
    audit_before=$(psql_in "$db" "SELECT count(*) FROM audit")
    report_batch 1 40 01 02 03 04 05 06 >reports.csv
    toro report import reports.csv
    expect_rc 65
    expect_err_has "refused by the test"
    expect_err_has "nothing was written"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report")" "0"
    printf 'code,name,legal_form\nORG-A,Fundacja A,FUND\nORG-BAD,Fundacja B,FUND\nORG-C,Fundacja C,FUND\n' >orgs.csv
    toro register import org orgs.csv
    expect_rc 65
    expect_err_has "orgs.csv:3"
    expect_err_has "refused by the test"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM org WHERE code IN ('ORG-A', 'ORG-BAD', 'ORG-C')")" "0"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM audit")" "$audit_before"
    # Without V-7 the same kind of batch goes in whole, and the connection was left usable.
    report_batch 8 40 01 02 >reports.csv
    toro report import reports.csv
    expect_rc 0
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report")" "66"
    toro db check
    expect_rc 0
}

# A venture's targets and budget lines go to the server with it without waiting for each
# other (libpq's pipeline); the server's refusal of one of them is still the problem of that
# venture's row, and the batch is absent.
test_a_venture_whose_target_the_server_refuses_is_named_by_its_row() {
    local uri db audit_before
    uri=$(fresh_db) db=$(db_of "$uri")
    export TORO_DB=$uri
    seed_ventures 1
    psql_in "$db" "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
            \$\$BEGIN RAISE EXCEPTION 'refused by the test'; END\$\$;
        CREATE TRIGGER refuse_target BEFORE INSERT ON target FOR EACH ROW
            WHEN (NEW.venture = 'V-B' AND NEW.indicator = 'i2') EXECUTE FUNCTION refuse();"
    audit_before=$(psql_in "$db" "SELECT count(*) FROM audit")
    local venture='{"code": "V-%s", "org": "ORG-0", "program": "P-1", "title": "Przedsięwzięcie %s", "sphere": "2",
        "districts": ["Wola"], "starts": "2025-01", "ends": "2025-12", "grant": "1000",
        "targets": [{"indicator": "i1", "target": 10}, {"indicator": "i2", "target": 20}, {"indicator": "i3", "target": 30}],
        "budget": [{"category": "personnel", "planned": "600"}, {"category": "services", "planned": "400"}]}'
    # shellcheck disable=SC2059
    { printf '[\n'; printf "$venture,\n" A A; printf "$venture,\n" B B; printf "$venture\n" C C; printf ']\n'; } >ventures.json
    toro register import venture ventures.json
    expect_rc 65
    expect_err_has "ventures.json:6: the store refused the change"  # V-B's first line
    expect_err_has "refused by the test"
    expect_err_has "1 problem in the input; nothing was written"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM venture WHERE code IN ('V-A', 'V-B', 'V-C')")" "0"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM target")" "0"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM audit")" "$audit_before"
    # The refusal belongs to V-B's row: the same file without V-B goes in whole.
    psql_in "$db" "DROP TRIGGER refuse_target ON target"
    toro register import venture ventures.json --format json
    expect_rc 0
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM target")" "9"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM budget")" "6"
    toro db check
    expect_rc 0
}

# A report names a venture that exists. Since schema 12 triggers check it once per statement
# instead of a foreign key once per report (schemas/migrations/pg/0012_report_keys.sql): a
# report of an unknown venture is refused, by psql as by toro, alone or inside a COPY; a venture
# with reports cannot be removed; renaming a venture renames its reports; and `db check` finds a
# report whose venture is gone once a trigger has been switched off.
# An import's new reports go in one COPY left open between its pieces of 256; a stored report met
# among them ends it (its query must see every row sent before), and the next new ones open
# another. Here 353 new reports come before the stored one and 126 after it.
# import_around_stored DB [PADDING]: imports a year of reports of 40 ventures around 30 stored ones;
# with PADDING, the store first gets that many reports of earlier years, written by SQL, so that
# the import asks for each venture's stored months one by one instead of reading all at once.
import_around_stored() {
    local db=$1 padding=${2:-0}
    seed_ventures 40
    report_batch 30 30 06 | sed 's/,\([1-6]\),2026-01-05$/,1\1,2026-01-05/' >stored.csv
    toro report import stored.csv
    expect_rc 0
    if [ "$padding" -gt 0 ]; then
        psql_in "$db" "INSERT INTO report ($report_columns)
            SELECT 'V-' || (n % 40 + 1), to_char(DATE '1970-01-01' + (n / 40) * INTERVAL '1 month', 'YYYY-MM'),
                   1, 'submitted', '2024-01-01', '2024-01-01'
            FROM generate_series(0, $padding - 1) AS n"
    fi
    report_batch 1 40 01 02 03 04 05 06 07 08 09 10 11 12 >year.csv
    toro report import year.csv --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .updated, .unchanged]' <<<"$out")" "[2874,6,0]"
    expect_eq "$(psql_in "$db" "SELECT count(*), sum(revision) FROM report WHERE period >= '2025-01'")" "480|481"
    expect_eq "$(psql_in "$db" "SELECT revision || ' ' || (figures->>'i3') FROM report WHERE venture = 'V-30' AND period = '2025-06'")" "2 3.0"
    expect_eq "$(psql_in "$db" "SELECT count(DISTINCT venture) || ' ' || min(period) || ' ' || max(period) FROM report WHERE period >= '2025-01'")" "40 2025-01 2025-12"
    # The import's audit row lists its 480 reports (some 7 KB): compressed with LZ4, not pglz.
    expect_eq "$(psql_in "$db" "SELECT pg_column_compression(after) FROM audit WHERE entity = 'report' ORDER BY id DESC LIMIT 1")" "lz4"
    # Importing the same file again changes nothing.
    toro report import year.csv --format json
    expect_rc 0
    expect_eq "$(jq -c '[.inserted, .updated, .unchanged]' <<<"$out")" "[0,0,2880]"
    psql_in "$db" "DELETE FROM report WHERE period < '2025-01'"
    toro db check
    expect_rc 0
}

# A store of few reports gives all their months at once before the first report is copied.
test_an_import_writes_new_reports_around_a_stored_one() {
    local uri
    uri=$(fresh_db)
    export TORO_DB=$uri
    import_around_stored "$(db_of "$uri")"
}

# A store of many reports is asked for each venture's months as the import meets the venture,
# which ends the open COPY each time; the next reports go on in a new one.
test_a_store_of_many_reports_is_asked_venture_by_venture() {
    local uri
    uri=$(fresh_db)
    export TORO_DB=$uri
    import_around_stored "$(db_of "$uri")" 25640
}

# New reports go to the server in COPY's binary format (store::pg::Connection::copy_from): notes
# with tabs, line breaks, backslashes, quotes and Polish letters, a report without a note, dates
# on both sides of 2000-01-01 and a leap day, revisions and figures come back as on SQLite.
test_reports_by_binary_copy_read_back_as_on_sqlite() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    mkdir pg sq
    cd pg && TORO_DB=$uri seed_ventures 3 && cd ..
    cd sq && seed_ventures 3 && cd ..
    {
        echo 'venture,period,indicator,value,submitted_on,note'
        printf '%s\n' 'V-1,2025-01,i1,3,2025-02-03,"Zażółć ""gęślą"" jaźń	z tabulatorem,' \
            'w dwóch wierszach i z \N oraz \\ ukośnikami"' \
            'V-1,2025-01,i2,2.5,2025-02-03,"Zażółć ""gęślą"" jaźń	z tabulatorem,' \
            'w dwóch wierszach i z \N oraz \\ ukośnikami"' \
            'V-1,2025-02,i1,0,2025-03-31,' \
            'V-2,2025-02,i3,1000000,2028-02-29,\' \
            'V-3,2025-12,i6,0.125,2026-01-01,'
    } >notes.csv
    cd pg && TORO_DB=$uri toro report import ../notes.csv --as-of 2028-03-01 --format json && cd ..
    expect_rc 0
    local pg_summary=$out
    cd sq && toro report import ../notes.csv --as-of 2028-03-01 --format json && cd ..
    expect_rc 0
    expect_eq "$pg_summary" "$out"
    expect_eq "$(jq -c '[.inserted, .rejected]' <<<"$out")" "[5,0]"
    local venture period sq_out
    for venture in V-1/2025-01 V-1/2025-02 V-2/2025-02 V-3/2025-12; do
        period=${venture#*/} venture=${venture%/*}
        cd sq && toro report history "$venture" "$period" --format json && cd ..
        sq_out=$out
        cd pg && TORO_DB=$uri toro report history "$venture" "$period" --format json && cd ..
        expect_rc 0
        [ "$out" = "$sq_out" ] || fail "report history $venture $period differs from SQLite's: $out"
    done
    expect_eq "$(psql_in "$db" "SELECT count(*) FILTER (WHERE note IS NULL) || ' ' || count(*) FILTER (WHERE note LIKE E'%\\t%\\n%\\\\N%') FROM report")" "2 1"
    expect_eq "$(psql_in "$db" "SELECT string_agg(submitted_on || ' ' || first_submitted_on || ' ' || revision, ',' ORDER BY venture, period) FROM report")" \
        "2025-02-03 2025-02-03 1,2025-03-31 2025-03-31 1,2028-02-29 2028-02-29 1,2026-01-01 2026-01-01 1"
    expect_eq "$(psql_in "$db" "SELECT figures::text FROM report WHERE venture = 'V-2'")" '{"i3":1000000.0}'
    TORO_DB=$uri toro db check
    expect_rc 0
}

# A file is read on a thread of its own only when that thread has a processor core to itself:
# two cores are enough beside SQLite, not beside a PostgreSQL server on this machine (here
# through a Unix socket), which needs a third (docs/architecture.md, run_import). `--verbose`
# says when the rows are read on the writing thread; the outcome is the same either way.
test_a_file_is_read_ahead_only_with_a_core_to_spare() {
    local uri cores first summary
    cores=$(nproc)
    uri=$(fresh_db)
    mkdir pg sq
    cd pg && TORO_DB=$uri seed_ventures 4 && cd ..
    cd sq && seed_ventures 4 && cd ..
    report_batch 1 4 01 02 03 >reports.csv
    # on CPUS TORO-ARGS...: toro on the processor cores CPUS only.
    on() {
        printf '#!/bin/sh\nexec taskset -c %s "%s" "$@"\n' "$1" "$TORO" >"on-$1"
        chmod +x "on-$1"
        TORO=$PWD/on-$1 toro "${@:2}"
    }
    cd sq
    on 0 -v report import ../reports.csv --format json
    expect_rc 0
    expect_err_has "reports.csv: rows read on the writing thread, as this machine has 1 processor core"
    summary=$out
    cd ..
    cd pg
    on 0 --lang pl -v --db "$uri" report import ../reports.csv --format json
    expect_rc 0
    expect_err_has "reports.csv: wiersze czytane w wątku zapisu, bo 1 rdzeń procesora tego komputera służy też serwerowi bazy danych"
    expect_eq "$out" "$summary"
    expect_eq "$(jq -c '[.inserted, .rejected]' <<<"$out")" "[72,0]"
    cd ..
    if [ "$cores" -ge 2 ]; then
        cd sq
        on 0,1 -v report import ../reports.csv --format json
        expect_rc 0
        [[ $err != *"writing thread"* ]] || fail "two cores beside SQLite did not read ahead: $err"
        expect_eq "$(jq -c '[.inserted, .unchanged]' <<<"$out")" "[0,72]"
        cd ../pg
        on 0,1 -v --db "$uri" report import ../reports.csv --format json
        expect_rc 0
        expect_err_has "reports.csv: rows read on the writing thread, as this machine's 2 processor cores serve the database server too"
        expect_eq "$(jq -c '[.inserted, .unchanged]' <<<"$out")" "[0,72]"
        cd ..
    fi
    if [ "$cores" -ge 3 ]; then
        cd pg
        on 0-2 -v --db "$uri" report import ../reports.csv --format json
        expect_rc 0
        [[ $err != *"writing thread"* ]] || fail "three cores beside the server did not read ahead: $err"
        cd ..
    fi
    # A different file read ahead and on the writing thread gives the same store.
    report_batch 1 4 04 >more.csv
    cd pg && on 0 --db "$uri" report import ../more.csv --format json && cd ..
    expect_rc 0
    first=$out
    cd sq && toro report import ../more.csv --format json && cd ..
    expect_rc 0
    expect_eq "$out" "$first"
    cd pg && TORO_DB=$uri toro report venture V-3 --as-of 2025-05-15 --format json && cd ..
    expect_rc 0
    first=$out
    cd sq && toro report venture V-3 --as-of 2025-05-15 --format json && cd ..
    expect_rc 0
    expect_eq "$out" "$first"
}

test_reports_name_ventures_that_exist() {
    local uri db result
    uri=$(fresh_db) db=$(db_of "$uri")
    export TORO_DB=$uri
    seed_ventures 4
    report_batch 1 2 01 02 >reports.csv
    toro report import reports.csv
    expect_rc 0
    result=$(psql_in "$db" "$(insert_report V-404)" 2>&1) &&
        fail "a report of V-404 was stored"
    [[ $result == *'violates foreign key constraint "report_venture_fkey"'* ]] || fail "insert: $result"
    [[ $result == *'Key (venture)=(V-404) is not present in table "venture"'* ]] || fail "insert: $result"
    result=$(printf 'V-1\t2024-01\t1\tsubmitted\t2024-02-01\t2024-02-01\nV-405\t2024-01\t1\tsubmitted\t2024-02-01\t2024-02-01\n' |
        psql_session "$db" -c "\\copy report ($report_columns) FROM STDIN" 2>&1) &&
        fail "a COPY naming V-405 was stored"
    [[ $result == *'Key (venture)=(V-405) is not present'* ]] || fail "copy: $result"
    result=$(psql_in "$db" "UPDATE report SET venture = 'V-406' WHERE venture = 'V-1' AND period = '2025-01'" 2>&1) &&
        fail "a report moved to V-406"
    [[ $result == *'Key (venture)=(V-406) is not present'* ]] || fail "update: $result"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report")" "4"
    # toro's own reports of an unknown venture never reach the server: the import names them.
    printf 'venture,period,indicator,value,submitted_on\nV-407,2025-01,i1,1,2025-02-01\n' >unknown.csv
    toro report import unknown.csv
    expect_rc 65
    expect_err_has "unknown.csv:2"
    # Renaming a venture renames its reports; removing one with reports is refused.
    psql_in "$db" "UPDATE venture SET code = 'V-1b' WHERE code = 'V-1'"
    expect_eq "$(psql_in "$db" "SELECT string_agg(venture || ' ' || period, ',' ORDER BY period) FROM report WHERE venture LIKE 'V-1%'")" \
        "V-1b 2025-01,V-1b 2025-02"
    result=$(psql_in "$db" "DELETE FROM venture WHERE code = 'V-2'" 2>&1) && fail "V-2 was removed with its reports"
    [[ $result == *'Key (code)=(V-2) is still referenced from table "report"'* ]] || fail "delete: $result"
    toro --lang en register venture remove V-2
    expect_rc 65
    expect_err_has "cannot remove this venture: it is referred to by 2 monthly reports"
    toro register venture remove V-4
    expect_rc 0
    toro db check
    expect_rc 0
    # With a trigger switched off a broken reference can be written, and `db check` finds it.
    psql_in "$db" "ALTER TABLE report DISABLE TRIGGER report_venture_insert;
        $(insert_report V-408)"
    toro --lang en db check --format json
    expect_rc 3
    expect_eq "$(jq -r '.[] | select(.check == "foreign_keys") | .ok' <<<"$out")" "false"
    expect_out_has "report"
}

# Concurrent writers are held apart as the key held them: a venture cannot be removed while an
# uncommitted batch names it (the removal waits, then is refused), and a report waits for an
# uncommitted removal of its venture, then is refused.
test_a_venture_and_its_new_reports_are_held_apart() {
    local uri db result holder
    uri=$(fresh_db) db=$(db_of "$uri")
    export TORO_DB=$uri
    seed_ventures 4
    psql_session "$db" -c "BEGIN" -c "$(insert_report V-3)" \
        -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
    holder=$!
    sleep 0.8
    result=$(psql_in "$db" "DELETE FROM venture WHERE code = 'V-3'" 2>&1) && fail "V-3 was removed under a batch naming it"
    [[ $result == *'Key (code)=(V-3) is still referenced from table "report"'* ]] || fail "delete: $result"
    wait "$holder" || fail "the batch naming V-3 failed"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report WHERE venture = 'V-3'") $(psql_in "$db" "SELECT count(*) FROM venture WHERE code = 'V-3'")" "1 1"

    psql_session "$db" -c "BEGIN" \
        -c "DELETE FROM venture WHERE code = 'V-4'" -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
    holder=$!
    sleep 0.8
    result=$(psql_in "$db" "$(insert_report V-4)" 2>&1) &&
        fail "a report of V-4 was stored as V-4 was removed"
    [[ $result == *'Key (venture)=(V-4) is not present in table "venture"'* ]] || fail "insert: $result"
    wait "$holder" || fail "the removal of V-4 failed"
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report WHERE venture = 'V-4'")" "0"
    toro db check
    expect_rc 0
}

# The roles of docs/operations.md ("Creating the database and its roles"): a writer with the
# grants written there imports reports, even without UPDATE on venture (the triggers that
# check a report's venture run as the owner, as a foreign key's checks do); a reader reads
# and is refused a write with 74, nothing written.
test_the_documented_roles_write_and_read() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    export TORO_DB=$uri
    seed_ventures 3
    psql_in "$db" "CREATE ROLE t_writer LOGIN PASSWORD 'writer-secret';
        CREATE ROLE t_reader LOGIN PASSWORD 'reader-secret';
        GRANT USAGE ON SCHEMA public TO t_writer, t_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO t_reader;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO t_writer;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO t_writer;
        REVOKE UPDATE, DELETE ON venture FROM t_writer"
    printf '*:*:*:t_writer:writer-secret\n*:*:*:t_reader:reader-secret\n' >>"$PGPASSFILE"
    report_batch 1 3 01 02 >reports.csv
    toro --db "postgresql:///$db?host=$cluster&user=t_writer" report import reports.csv
    expect_rc 0
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report")" "6"
    toro --db "postgresql:///$db?host=$cluster&user=t_reader" report monthly --period 2025-02 --as-of 2026-01-10 --format json
    expect_rc 0
    expect_out_has '"V-3"'
    report_batch 1 3 03 >more.csv
    toro --db "postgresql:///$db?host=$cluster&user=t_reader" report import more.csv
    expect_rc 74
    expect_eq "$(psql_in "$db" "SELECT count(*) FROM report")" "6"
    toro db check
    expect_rc 0
}

test_db_backup_is_refused_with_the_pg_dump_command() {
    local uri
    uri=$(fresh_db)
    toro init --db "$uri"
    toro db backup nightly.dump
    expect_rc 78
    expect_err_has "pg_dump --format=custom --file=FILE '$uri'"
    expect_no_file nightly.dump
}

test_a_failed_connection_says_so_without_the_password() {
    local uri db
    uri=$(fresh_db) db=$(db_of "$uri")
    toro init --db "$uri"
    # A wrong password: the login is refused, the password never printed.
    toro --db "postgresql://toro:Wr0ngSecret@/$db?host=$cluster" db info
    expect_rc 74
    expect_err_has "toro: error: postgresql://toro:***@/$db?host=$cluster: cannot connect to the PostgreSQL store"
    expect_err_has "password authentication failed"
    [[ $err != *Wr0ngSecret* ]] || fail "stderr shows the password"
    toro --db "postgresql:///$db?host=$cluster&user=toro&password=Wr0ngSecret" db info
    expect_rc 74
    [[ $err != *Wr0ngSecret* ]] || fail "stderr shows the password given as a parameter"
    expect_err_has "password=***"
    # No server there (a stopped one leaves its socket folder so).
    mkdir stopped
    toro --db "postgresql://toro:Wr0ngSecret@/$db?host=$PWD/stopped" db info
    expect_rc 74
    expect_err_has "cannot connect to the PostgreSQL store"
    expect_err_has "No such file or directory"
    [[ $err != *Wr0ngSecret* ]] || fail "stderr shows the password"
    # A database that does not exist.
    toro --db "postgresql:///no_such_db?host=$cluster&user=toro" db info
    expect_rc 74
    expect_err_has "database \"no_such_db\" does not exist"
}

run_tests
