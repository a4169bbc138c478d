#!/usr/bin/env bash
# Attacks on the audit log and on people's privacy, performed for real (docs/operations.md):
# tampering with the audit log behind the triggers' back, reading the pseudonym key out of the
# store or a backup, finding a person in the audit log after `db forget`, bringing forgotten
# people back by re-importing old files, and damaged or read-only stores.
source "$(dirname "$0")/lib.sh"

# A store with a training and a few audit rows.
small_store() {
    toro init
    toro register org add --code ORG-1 --name 'Fundacja Jeden' --legal-form FUND --krs 12345
    toro register org add --code ORG-2 --name 'Fundacja Dwa' --legal-form FUND --krs 12346
    toro register training add --code T-1 --module M1 --title 'Budżet' --held-on 2026-03-01
}

# with_triggers_dropped DB SQL: runs SQL with the audit log's triggers dropped, then puts
# them back exactly as they were (what an attacker with the sqlite3 shell does).
with_triggers_dropped() {
    local db=$1 statements=$2 triggers
    triggers=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'")
    sqlite3 "$db" "DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete; $statements; $triggers"
}

test_an_edited_audit_row_is_named_by_db_check() {
    small_store
    toro db check
    expect_rc 0
    expect_out_has "audit_chain"
    with_triggers_dropped toro.db "UPDATE audit SET actor = 'someone else' WHERE id = 3"
    expect_eq "$(sql toro.db "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'")" 2
    toro db check
    expect_rc 3
    expect_out_has "audit row 3 does not match"
}

test_an_edited_before_or_after_is_detected() {
    small_store
    with_triggers_dropped toro.db "UPDATE audit SET after = replace(after, 'Jeden', 'Trzy') WHERE id = 2"
    toro db check
    expect_rc 3
    expect_out_has "audit row 2 does not match"
}

test_a_deleted_audit_row_is_detected() {
    small_store
    with_triggers_dropped toro.db "DELETE FROM audit WHERE id = 2"
    toro db check
    expect_rc 3
    expect_out_has "audit row 3 does not match"
}

test_the_triggers_still_refuse_updates_and_deletions() {
    small_store
    sqlite3 toro.db "UPDATE audit SET actor = 'x' WHERE id = 1" 2>err.txt && fail "an update was allowed"
    grep -q "append-only" err.txt || fail "no append-only message: $(cat err.txt)"
    sqlite3 toro.db "UPDATE audit SET key = 'x' WHERE id = 1" 2>/dev/null && fail "a key update was allowed"
    sqlite3 toro.db "UPDATE audit SET hash = NULL WHERE id = 1" 2>/dev/null && fail "a hash update was allowed"
    sqlite3 toro.db "DELETE FROM audit WHERE id = 1" 2>/dev/null && fail "a deletion was allowed"
    # A forged authorisation does not let the audit log be changed unnoticed.
    sqlite3 toro.db "INSERT INTO audit_redaction VALUES (2, 'key', 'x', 'y', 99); UPDATE audit SET key = 'ORG-9' WHERE id = 2" 2>/dev/null
    toro db check
    expect_rc 3
    expect_out_has "audit row 2 does not match"
}

test_the_head_is_kept_and_verified() {
    small_store
    toro db audit --head --format json
    expect_rc 0
    local id hash
    id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$out")
    hash=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["hash"])' <<<"$out")
    expect_eq "$id" "$(sql toro.db 'SELECT max(id) FROM audit')"
    [[ $hash =~ ^[0-9a-f]{64}$ ]] || fail "head hash '$hash'"
    toro db audit --head --format tsv
    expect_out_has "$hash"
    # Later writes keep the kept head in the chain.
    toro register org add --code ORG-3 --name 'Fundacja Trzy' --legal-form FUND --krs 12347
    toro db audit --verify-head "$hash"
    expect_rc 0
    # Cutting the log back (the newest rows removed, triggers put back) is caught.
    with_triggers_dropped toro.db "DELETE FROM audit WHERE id >= $id"
    toro db check
    expect_rc 0
    toro db audit --verify-head "$hash"
    expect_rc 3
    expect_err_has "no audit row has the hash $hash"
}

test_the_actor_is_checked_and_the_login_recorded() {
    toro init
    toro --actor '' register org add --code ORG-1 --name A --legal-form FUND --krs 1
    expect_rc 2
    expect_err_has "--actor"
    TORO_ACTOR=$'anna\nroot' toro register org add --code ORG-1 --name A --legal-form FUND --krs 1
    expect_rc 2
    expect_err_has "TORO_ACTOR"
    toro --actor "$(printf 'a%.0s' {1..65})" register org add --code ORG-1 --name A --legal-form FUND --krs 1
    expect_rc 2
    toro --actor $'anna\e[31m' register org add --code ORG-1 --name A --legal-form FUND --krs 1
    expect_rc 2
    expect_eq "$(sql toro.db "SELECT count(*) FROM org")" 0
    toro --actor 'Anna Nowak (WCK)' register org add --code ORG-1 --name A --legal-form FUND --krs 1
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT actor || '|' || os_login FROM audit ORDER BY id DESC LIMIT 1")" \
        "Anna Nowak (WCK)|$(id -un)"
}

test_init_creates_a_private_key_file_outside_the_store() {
    toro init
    expect_rc 0
    expect_file toro.key
    expect_eq "$(stat -c %a toro.key)" 600
    local key
    key=$(cat toro.key)
    [[ $key =~ ^[0-9a-f]{64}$ ]] || fail "key file holds '$key'"
    toro register training add --code T-1 --module M1 --title 'Budżet' --held-on 2026-03-01
    toro register attendance add --training T-1 --participant P-1
    expect_rc 0
    toro db backup backup.db
    expect_rc 0
    for file in toro.db toro.db-wal backup.db; do
        [ -e "$file" ] || continue
        grep -qa "$key" "$file" && fail "the key is in $file"
    done
    expect_eq "$(sql toro.db "SELECT count(*) FROM store_setting WHERE name = 'pseudonym_key'")" 0
    # init again keeps the key.
    toro init
    expect_eq "$(cat toro.key)" "$key"
    # A lost key is never replaced by a new one while pseudonyms made with it are stored.
    rm toro.key
    toro init
    expect_rc 0
    expect_err_has "toro.key is missing"
    expect_no_file toro.key
}

test_init_makes_a_missing_key_for_a_store_without_pseudonyms() {
    toro init
    rm toro.key
    toro init
    expect_rc 0
    expect_file toro.key
}

test_a_command_that_needs_the_key_and_cannot_read_it_exits_78() {
    toro init --demo
    mv toro.key elsewhere.key
    printf 'training,participant\nT-2025-01,P-7777\n' >a.csv
    toro register import attendance a.csv
    expect_rc 78
    expect_err_has "toro.key"
    toro survey import KOMP-2026 "$TORO_SOURCE/examples/demo/survey-ies.csv" --group ies
    expect_rc 78
    toro db forget --respondent P-0001
    expect_rc 78
    # Analysing pseudonyms needs no key.
    toro survey gaps KOMP-2026
    expect_rc 0
    toro --as-of 2026-11-11 report missing --period 2026-10
    expect_rc 0
    # [privacy] key_file points to it.
    printf '[privacy]\nkey_file = "elsewhere.key"\n' >toro.toml
    toro register import attendance a.csv
    expect_rc 0
    printf '[privacy]\nkey_file = ""\n' >toro.toml
    toro register import attendance a.csv
    expect_rc 78
    expect_err_has "key_file"
}

test_the_key_of_an_older_store_moves_out_and_is_erased() {
    cp "$TORO_SOURCE/tests/fixtures/stores/v6.db" toro.db
    local key=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
    toro db info
    expect_rc 0
    expect_eq "$(cat toro.key)" "$key"
    expect_eq "$(stat -c %a toro.key)" 600
    local file
    expect_file toro.db.pre-v*.bak
    for file in toro.db toro.db-wal toro.db.pre-v*.bak; do
        [ -e "$file" ] || continue
        grep -qa "$key" "$file" && fail "the key is still in $file"
    done
    toro db check
    expect_rc 0
    # A key put back into the store is reported.
    sqlite3 toro.db "INSERT INTO store_setting VALUES ('pseudonym_key', '$key')"
    toro db check
    expect_rc 3
    expect_out_has "pseudonym_key"
}

test_a_different_key_file_is_never_overwritten() {
    cp "$TORO_SOURCE/tests/fixtures/stores/v6.db" toro.db
    echo 1111111111111111111111111111111111111111111111111111111111111111 >toro.key
    toro db info
    expect_rc 78
    expect_eq "$(cat toro.key)" 1111111111111111111111111111111111111111111111111111111111111111
    expect_eq "$(sql toro.db 'PRAGMA user_version')" 6
}

test_attendance_ids_are_hashed_whatever_they_look_like() {
    small_store
    local hexid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    printf 'training,participant,pre_score\nT-1,%s,10\nT-1,P-2,20\n' "$hexid" >a.csv
    toro register import attendance a.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM attendance WHERE participant = '$hexid'")" 0
    # The export names the column for what it holds, and imports back unchanged.
    toro register export attendance --format csv -o out.csv
    expect_rc 0
    expect_eq "$(head -n 1 out.csv | tr -d '\r')" "training,participant_pseudonym,pre_score,post_score,satisfaction"
    toro register import attendance out.csv
    expect_rc 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM attendance')" 2
    # The first import is audited by one row listing the two records it inserted.
    expect_eq "$(sql toro.db "SELECT count(*) || ' ' || json_array_length(after, '$.keys') FROM audit
                              WHERE entity = 'attendance'")" "1 2"
    local pseudonym
    pseudonym=$(sql toro.db "SELECT participant FROM attendance WHERE pre_score = 10")
    # A pseudonym column that is not one is refused.
    printf 'training,participant_pseudonym\nT-1,P-3\n' >bad.csv
    toro register import attendance bad.csv
    expect_rc 65
    expect_err_has "bad.csv:2"
    # db forget finds the 64-hex id, and redacts it from the import's list of keys too.
    toro db forget --respondent "$hexid"
    expect_rc 0
    expect_eq "$(sql toro.db 'SELECT count(*) FROM attendance')" 1
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE instr(after, '$pseudonym')")" 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit, json_each(after, '$.keys')
                              WHERE entity = 'attendance' AND value = 'T-1/[forgotten]'")" 1
    toro db check
    expect_rc 0
}

test_personal_values_are_masked_in_the_audit_command_line() {
    small_store
    toro register attendance add --training T-1 --participant anna.nowak@example.pl --pre-score 10
    expect_rc 0
    toro register attendance update T-1/anna.nowak@example.pl --post-score 20
    expect_rc 0
    toro register attendance update T-1/anna.nowak@example.pl --satisfaction=4
    expect_rc 0
    toro register attendance remove T-1/anna.nowak@example.pl
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT command FROM audit WHERE entity = 'attendance' ORDER BY id")" \
        "toro --lang en register attendance add --training T-1 --participant *** --pre-score 10
toro --lang en register attendance update *** --post-score 20
toro --lang en register attendance update *** --satisfaction=4
toro --lang en register attendance remove ***"
    sqlite3 toro.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    grep -qa 'anna.nowak' toro.db && fail "the e-mail is in the store"
}

test_forget_redacts_the_audit_log_and_the_chain_still_verifies() {
    small_store
    toro register attendance add --training T-1 --participant anna.nowak@example.pl --pre-score 10 --post-score 30
    toro register attendance add --training T-1 --participant P-2 --pre-score 11
    local pseudonym
    pseudonym=$(sql toro.db "SELECT participant FROM attendance WHERE pre_score = 10")
    [ "$(sql toro.db "SELECT count(*) FROM audit WHERE instr(key, '$pseudonym') OR instr(after, '$pseudonym')")" -gt 0 ] ||
        fail "the audit log does not hold the pseudonym before the erasure"
    # Trimmed as the import trims it.
    toro db forget --respondent '  anna.nowak@example.pl '
    expect_rc 0
    expect_err_has "1 training record"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE instr(command || key || ifnull(before, '') || ifnull(after, ''), '$pseudonym')")" 0
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE key = 'T-1/[forgotten]'")" 1
    [ ! -e toro.db-wal ] || [ ! -s toro.db-wal ] || fail "the write-ahead log was not emptied"
    grep -qa "$pseudonym" toro.db && fail "the pseudonym lingers in the file"
    toro db check
    expect_rc 0
    expect_out_has "audit_chain"
    # The redaction is one audited act, and the redacted field cannot be changed again.
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE action = 'forget'")" 1
    sqlite3 toro.db "UPDATE audit SET key = 'T-1/x' WHERE key = 'T-1/[forgotten]'" 2>/dev/null
    toro db check
    expect_rc 3
}

test_forget_matches_ids_as_import_stores_them() {
    toro init --demo
    toro db forget --respondent ' P-0001'
    expect_rc 0
    toro db forget --respondent 'p-0002'
    expect_rc 3
    expect_err_has "nothing is stored"
}

test_forgotten_people_stay_forgotten() {
    toro init --demo
    toro db forget --respondent P-0001
    expect_rc 0
    local line
    line=$(grep -n ',P-0001,' "$TORO_SOURCE/examples/demo/attendance.csv" | head -n 1 | cut -d: -f1)
    toro register import attendance "$TORO_SOURCE/examples/demo/attendance.csv"
    expect_rc 65
    expect_err_has "attendance.csv:$line"
    expect_err_has "db forget"
    expect_eq "$(sql toro.db "SELECT count(*) FROM forgotten")" 1
    toro register import attendance "$TORO_SOURCE/examples/demo/attendance.csv" --on-error skip
    expect_rc 3
    toro db forget --respondent P-0001
    expect_rc 0
    expect_err_has "already"
    # Survey respondents too.
    local respondent
    respondent=$(sed -n 2p "$TORO_SOURCE/examples/demo/survey-ies.csv" | cut -d, -f1)
    toro db forget --respondent "$respondent"
    expect_rc 0
    toro survey import KOMP-2026 "$TORO_SOURCE/examples/demo/survey-ies.csv" --group ies
    expect_rc 65
    expect_err_has "survey-ies.csv:2"
}

test_forget_waits_for_a_reader_and_exits_75() {
    toro init --demo
    local before
    before=$(sql toro.db 'SELECT count(*) FROM attendance')
    printf '[store]\nbusy_timeout_ms = 300\n' >toro.toml
    (echo "BEGIN; SELECT count(*) FROM attendance;"; sleep 4) | sqlite3 toro.db >/dev/null &
    local reader=$!
    sleep 0.5
    toro db forget --respondent P-0001
    expect_rc 75
    expect_err_has "write-ahead log"
    wait "$reader"
    # Run again once the reader is gone: it erases (if the reader stopped it before it
    # started) or finds the person already erased, and empties the log either way.
    toro db forget --respondent P-0001
    expect_rc 0
    [[ $err == *"already erased"* || $err == *"training records"* ]] || fail "no erasure reported"
    [ ! -e toro.db-wal ] || [ ! -s toro.db-wal ] || fail "the write-ahead log was not emptied"
    [ "$(sql toro.db 'SELECT count(*) FROM attendance')" -lt "$before" ] || fail "nothing was erased"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM forgotten')" 1
}

# damage DB: overwrites a page in the middle of the file with garbage.
damage() {
    sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    local pages
    pages=$(sql "$1" 'PRAGMA page_count')
    dd if=/dev/urandom of="$1" bs=4096 seek=$((pages / 2)) count=3 conv=notrunc status=none
}

test_a_damaged_store_is_reported_and_never_backed_up() {
    toro init --demo
    toro db backup nightly.db
    expect_rc 0
    cp nightly.db good.db
    damage toro.db
    toro db check
    expect_rc 3
    expect_out_has "integrity"
    toro db backup nightly.db --force
    expect_rc 74
    expect_err_has "damaged"
    cmp -s nightly.db good.db || fail "the good backup was replaced"
    ls nightly.db.tmp* 2>/dev/null && fail "a temporary file was left"
}

test_a_store_too_damaged_to_open_is_reported_by_db_check() {
    toro init --demo
    sqlite3 toro.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    # The schema page itself, past its 100-byte header.
    dd if=/dev/urandom of=toro.db bs=1 seek=100 count=3996 conv=notrunc status=none
    toro db check
    expect_rc 3
    expect_out_has "integrity"
    expect_out_has "damaged"
    toro db backup b.db
    expect_rc 74
    expect_no_file b.db
    toro db info
    expect_rc 74
    expect_err_has "damaged"
}

test_a_read_only_store_is_a_clear_error() {
    toro init
    # Without the capability to override file modes, as an ordinary user would run it.
    chmod 444 toro.db
    chmod 644 toro.toml  # written 0600; readable to the other user here, as an administrator would make it
    local run=("$TORO")
    [ "$(id -u)" -ne 0 ] || run=(setpriv --inh-caps=-all --bounding-set=-all --reuid=65534 --regid=65534 --clear-groups "$TORO")
    chmod 777 .
    "${run[@]}" --lang en register org add --code ORG-1 --name A --legal-form FUND --krs 1 >out.txt 2>err.txt
    rc=$?
    err=$(cat err.txt)
    expect_rc 74
    expect_err_has "read-only"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" 0
    # Reading it is fine.
    "${run[@]}" db info >/dev/null 2>err.txt
    rc=$?
    expect_rc 0
}

run_tests
