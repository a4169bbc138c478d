#!/usr/bin/env bash
# The cron examples (examples/cron/): monthly.sh and nightly-import.sh run against a demo store,
# with the files they write, the files they move and the exit codes they give; the systemd
# units pass `systemd-analyze verify` where it is installed.
source "$(dirname "$0")/lib.sh"

CRON="$TORO_SOURCE/examples/cron"

# A demo store whose writers give up on a lock after 0.3 s, and toro on PATH for the scripts.
demo() {
    toro init --demo
    expect_rc 0
    sed -i 's/^busy_timeout_ms = .*/busy_timeout_ms = 300/' toro.toml
    grep -q '^busy_timeout_ms = 300' toro.toml || fail "busy_timeout_ms not set in toro.toml"
    mkdir -p bin
    ln -s "$TORO" bin/toro
    export PATH="$PWD/bin:$PATH" RETRY_DELAY=0
}

# script NAME: runs examples/cron/NAME with the environment set by the caller; sets $out,
# $err, $rc like toro.
script() {
    "$CRON/$1" >script.out 2>script.err
    rc=$?
    out=$(cat script.out) err=$(cat script.err)
}

# Holds the store's write lock (BEGIN IMMEDIATE in a sqlite3 shell, which waits up to 10 s for a
# toro still finishing) until release_lock.
hold_lock() {
    mkfifo lock.fifo
    sqlite3 -cmd '.timeout 10000' toro.db <lock.fifo >/dev/null 2>&1 &
    lock_pid=$!
    exec 9>lock.fifo
    echo 'BEGIN IMMEDIATE;' >&9
    local tries=0
    until ! sqlite3 -cmd '.timeout 0' toro.db 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1; do
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || { fail "could not take the lock"; return; }
        sleep 0.1
    done
}
release_lock() {
    echo 'ROLLBACK;' >&9
    exec 9>&-
    wait "$lock_pid"
}

test_monthly_writes_reports_and_missing_list() {
    demo
    local missing
    # Missing: running in October, due by 2026-11-11 (report day 10 unless the venture has its
    # own), and not received.
    missing=$(sql toro.db "SELECT count(*) FROM venture WHERE status IN ('active','completed')
        AND starts <= '2026-10' AND ends >= '2026-10'
        AND date('2026-11-01', '+' || (coalesce(report_day, 10) - 1) || ' days') <= '2026-11-11'
        AND code NOT IN (SELECT venture FROM report WHERE period = '2026-10'
                         AND status IN ('submitted','accepted'))")
    # V-2025-022 reports on the 20th and has not reported for October: pending, not missing.
    expect_eq "$(sql toro.db "SELECT report_day, (SELECT count(*) FROM report WHERE venture = v.code AND period = '2026-10')
        FROM venture v WHERE code = 'V-2025-022'")" "20|0"
    AS_OF=2026-11-11 REPORT_DIR=out script monthly.sh
    # The demo has ventures that did not report for October: the reminders are needed.
    expect_rc 3
    expect_file out/monthly-2026-10.html
    expect_file out/monthly-2026-10.xlsx
    expect_file out/missing-2026-10.csv
    [[ $(head -c 15 out/monthly-2026-10.html) == "<!DOCTYPE html>" ]] || fail "not an html page"
    [[ $(head -c 2 out/monthly-2026-10.xlsx) == "PK" ]] || fail "not an xlsx (zip) file"
    expect_eq "$(head -n 1 out/missing-2026-10.csv | tr -d '\r')" "code,title,org,email,due_on,days_overdue"
    local rows
    rows=$(($(wc -l <out/missing-2026-10.csv) - 1))
    [ "$rows" -gt 0 ] || fail "the missing list is empty"
    expect_eq "$rows" "$missing"
    grep -q '@example.org' out/missing-2026-10.csv || fail "the missing list has no e-mail addresses"
    ! grep -q 'V-2025-022' out/missing-2026-10.csv || fail "a report not yet due is in the reminder file"
    # Ten days later it is due, and in the list.
    AS_OF=2026-11-21 PERIOD=2026-10 REPORT_DIR=later FORMATS=json script monthly.sh
    expect_rc 3
    grep -q '^V-2025-022,' later/missing-2026-10.csv || fail "a report due and not received is not in the reminder file"
    expect_eq "$(($(wc -l <later/missing-2026-10.csv) - 1))" "$((missing + 1))"
    expect_err_has "reports for 2026-10 are missing"
    expect_err_has "no reminders sent: [mail] from is not set in the configuration"
    # Same figures as toro gives directly.
    toro --as-of 2026-11-11 report missing --period 2026-10 --format csv
    expect_eq "$out" "$(cat out/missing-2026-10.csv)"
}

# The day after the due date the reminders go out: once, however often the script runs that day.
test_monthly_sends_the_reminders() {
    demo
    mkdir -p outbox
    printf '#!/bin/sh\nn=$(ls outbox | wc -l)\ncat >"outbox/$((n + 1)).eml"\n' >bin/sendmail
    chmod +x bin/sendmail
    sed -i 's|^# from = .*|from = "dialog@um.example.pl"|; s|^sendmail = .*|sendmail = "'"$PWD"'/bin/sendmail -t"|' toro.toml
    AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json script monthly.sh
    expect_rc 3
    expect_err_has "reminders for 2026-10: done (send)"
    local organizations
    organizations=$(tail -n +2 out/missing-2026-10.csv | cut -d, -f3 | sort -u | wc -l)
    expect_eq "$(ls outbox | wc -l)" "$organizations"
    AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json script monthly.sh
    expect_rc 3
    expect_eq "$(ls outbox | wc -l)" "$organizations"
    AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json REMINDERS=write script monthly.sh
    expect_rc 3
    expect_eq "$(ls out/reminders-2026-10 | wc -l)" "$organizations"
    AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json REMINDERS=never script monthly.sh
    expect_rc 2
}

test_monthly_on_the_2nd_finds_nothing_missing() {
    demo
    # On 2 November no report for October is due yet (the demo's report days are the 10th and
    # the 20th): every one not received is pending, the reminder file is empty, exit 0.
    AS_OF=2026-11-02 REPORT_DIR=out FORMATS=json script monthly.sh
    expect_rc 0
    expect_eq "$(tr -d '\r' <out/missing-2026-10.csv)" "code,title,org,email,due_on,days_overdue"
    expect_err_has "every report due for 2026-10 has arrived"
    expect_eq "$(jq -c '.summary | [.expected, .pending]' out/monthly-2026-10.json)" \
        "[$(sql toro.db "SELECT count(*) FROM report WHERE period = '2026-10' AND status IN ('submitted','accepted')"),$(sql toro.db "SELECT count(*) FROM venture v WHERE status IN ('active','completed') AND starts <= '2026-10' AND ends >= '2026-10' AND NOT EXISTS (SELECT 1 FROM report r WHERE r.venture = v.code AND r.period = '2026-10' AND r.status IN ('submitted','accepted'))")]"
}

test_monthly_period_defaults_to_the_month_before() {
    demo
    AS_OF=2026-01-11 REPORT_DIR=out FORMATS=json script monthly.sh
    [[ $rc == 0 || $rc == 3 ]] || fail "exit code $rc"
    expect_file out/monthly-2025-12.json
    expect_file out/missing-2025-12.csv
    grep -q '"period": *"2025-12"' out/monthly-2025-12.json || fail "the json report is not for 2025-12"
}

test_monthly_all_reported_exits_0() {
    demo
    # A month before any venture started: nothing is expected, nothing is missing.
    PERIOD=2024-01 AS_OF=2026-11-11 REPORT_DIR=out FORMATS=md script monthly.sh
    expect_rc 0
    expect_file out/monthly-2024-01.md
    expect_eq "$(tr -d '\r' <out/missing-2024-01.csv)" "code,title,org,email,due_on,days_overdue"
}

test_monthly_configuration_error_exits_78() {
    demo
    printf '[store]\nbusy_timeout_ms = "soon"\n' >bad.toml
    TORO_CONFIG=bad.toml AS_OF=2026-11-11 REPORT_DIR=out script monthly.sh
    expect_rc 78
    expect_err_has "configuration error (exit 78)"
    expect_no_file out/monthly-2026-10.html
}

test_monthly_bad_period_is_a_usage_error() {
    demo
    PERIOD=2026-1 REPORT_DIR=out script monthly.sh
    expect_rc 2
    expect_err_has "PERIOD must be YYYY-MM"
}

test_monthly_output_that_cannot_be_created_exits_73() {
    demo
    # A folder where the html report should go: no file can be created there, even by root.
    mkdir -p out/monthly-2026-10.html
    AS_OF=2026-11-11 REPORT_DIR=out script monthly.sh
    expect_rc 73
    expect_err_has "report monthly (html): cannot create the output file in out (exit 73)"
    expect_no_file out/monthly-2026-10.xlsx
    expect_no_file out/missing-2026-10.csv
}

# A toro that reports the database locked (75) for its first LOCKED_RUNS runs, then is toro.
locked_toro() {
    cat >bin/locked-toro <<SH
#!/bin/sh
runs=\$(cat "$PWD/runs" 2>/dev/null || echo 0)
echo \$((runs + 1)) >"$PWD/runs"
if [ "\$runs" -lt "\$LOCKED_RUNS" ]; then
    echo "toro: error: toro.db: the database is locked" >&2
    exit 75
fi
exec "$TORO" "\$@"
SH
    chmod +x bin/locked-toro
}

test_monthly_retries_while_locked() {
    demo
    locked_toro
    TORO=locked-toro LOCKED_RUNS=2 RETRIES=3 AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json script monthly.sh
    expect_rc 3
    expect_err_has "the database is locked (exit 75); attempt 1 of 3"
    expect_err_has "attempt 2 of 3"
    expect_file out/monthly-2026-10.json
    expect_file out/missing-2026-10.csv
    # Locked for longer than the retries: 75, and nothing written.
    rm -rf out runs
    TORO=locked-toro LOCKED_RUNS=9 RETRIES=2 AS_OF=2026-11-11 REPORT_DIR=out FORMATS=json script monthly.sh
    expect_rc 75
    expect_err_has "the database stayed locked after 2 attempts; nothing was written: run again later"
    expect_no_file out/monthly-2026-10.json
    expect_eq "$(cat runs)" 2
}

# The inbox of the night: a good file, one with bad rows, one refused as a whole, one that is no
# import at all.
fill_inbox() {
    mkdir -p inbox
    # One sender's Excel saves cp1250 with `;` and CRLF, another's UTF-8: no one encoding is
    # declared for the night, each file's own is recognized.
    printf 'code;name;legal_form;district;email\r\nORG-901;Fundacja Nowy Dom;FUND;Wola;nowy-dom@example.org\r\nORG-902;Stowarzyszenie Przystań;STOW;Bemowo;przystan@example.org\r\n' |
        iconv -f UTF-8 -t CP1250 >inbox/org-2026-11-27.csv
    # Reports for November 2026: V-2025-002's is good; V-2025-003's names an indicator that does
    # not exist, and V-9999 is no venture.
    cat >inbox/reports-2026-11.csv <<'CSV'
venture,period,indicator,value,submitted_on
V-2025-002,2026-11,participants,12,2026-12-05
V-2025-003,2026-11,no_such_indicator,3,2026-12-05
V-9999,2026-11,participants,4,2026-12-05
CSV
    cat >inbox/venture-broken.csv <<'CSV'
code,org,colour
V-X,ORG-001,red
CSV
    echo 'hello' >inbox/notes.csv
}

test_nightly_imports_moves_and_logs() {
    demo
    fill_inbox
    AS_OF=2026-12-06 INBOX=inbox script nightly-import.sh
    # A file was refused as a whole: that is what the exit code says first.
    expect_rc 65
    # The good file: imported, moved to done/ with its summary.
    expect_file inbox/done/org-2026-11-27.csv
    expect_no_file inbox/org-2026-11-27.csv
    expect_no_file inbox/done/org-2026-11-27.csv.rejects.csv
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code IN ('ORG-901','ORG-902')")" 2
    grep -q '"inserted": *2' inbox/done/org-2026-11-27.csv.summary.json || fail "summary of the org file"
    expect_err_has "org-2026-11-27.csv: org imported (inserted 2, updated 0, unchanged 0, rejected 0; read as cp1250) -> done/"
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-902'")" "Stowarzyszenie Przystań"
    # Bad rows: the good one written, the bad ones kept beside the input.
    expect_file inbox/done/reports-2026-11.csv
    expect_file inbox/done/reports-2026-11.csv.rejects.csv
    expect_eq "$(sed -n 1p inbox/done/reports-2026-11.csv.rejects.csv | tr -d '\r')" "venture,period,indicator,value,submitted_on,line,error"
    expect_eq "$(($(wc -l <inbox/done/reports-2026-11.csv.rejects.csv) - 1))" 2
    grep -q '^V-9999,' inbox/done/reports-2026-11.csv.rejects.csv || fail "V-9999 is not among the rejects"
    expect_eq "$(sql toro.db "SELECT venture FROM report WHERE period = '2026-11'")" V-2025-002
    expect_err_has "reports-2026-11.csv: report imported with rejected rows"
    # Refused as a whole, and not an import at all: failed/.
    expect_file inbox/failed/venture-broken.csv
    expect_no_file inbox/failed/venture-broken.csv.rejects.csv
    expect_err_has "venture-broken.csv: venture not imported (exit 65"
    expect_file inbox/failed/notes.csv
    expect_err_has "notes.csv: unknown kind of file"
    expect_err_has "done (exit 65; 0 files left in the inbox)"
    # The register's file went in before the reports, as the log's order shows.
    local org_line report_line
    org_line=$(grep -n 'org-2026-11-27.csv:' script.err | head -n 1 | cut -d: -f1)
    report_line=$(grep -n 'reports-2026-11.csv:' script.err | head -n 1 | cut -d: -f1)
    [ "$org_line" -lt "$report_line" ] || fail "reports imported before the register"

    # The next night, with nothing new: nothing to do, exit 0.
    INBOX=inbox script nightly-import.sh
    expect_rc 0
    expect_err_has "done (exit 0; 0 files left in the inbox)"
}

test_nightly_rejected_rows_exit_3() {
    demo
    mkdir inbox
    printf 'code,name,legal_form\nORG-903,Klub Sąsiedzki,STOW\nORG-904,Zła forma,XXXX\n' >inbox/org-mixed.csv
    INBOX=inbox script nightly-import.sh
    expect_rc 3
    expect_file inbox/done/org-mixed.csv.rejects.csv
    grep -q '^ORG-904,' inbox/done/org-mixed.csv.rejects.csv || fail "ORG-904 is not among the rejects"
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code = 'ORG-903'")" 1
}

test_nightly_locked_store_keeps_the_files_and_exits_75() {
    demo
    mkdir inbox
    printf 'code,name,legal_form\nORG-905,Fundacja Zamknięta,FUND\n' >inbox/org-locked.csv
    printf 'code,name,legal_form\nORG-906,Fundacja Następna,FUND\n' >inbox/org-next.csv
    hold_lock
    RETRIES=2 INBOX=inbox script nightly-import.sh
    release_lock
    expect_rc 75
    expect_err_has "the database is locked; attempt 1 of 2"
    expect_err_has "the database stayed locked (exit 75); nothing written; the file stays for the next run"
    # Neither the locked file nor the one after it was touched.
    expect_file inbox/org-locked.csv
    expect_file inbox/org-next.csv
    expect_no_file inbox/org-locked.csv.rejects.csv
    expect_no_file inbox/org-locked.csv.summary.json
    expect_no_file inbox/done/org-locked.csv
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code IN ('ORG-905','ORG-906')")" 0
    # The lock is gone: the next run imports both.
    INBOX=inbox script nightly-import.sh
    expect_rc 0
    expect_file inbox/done/org-locked.csv
    expect_file inbox/done/org-next.csv
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code IN ('ORG-905','ORG-906')")" 2
}

test_nightly_configuration_error_exits_78() {
    demo
    mkdir inbox
    printf 'code,name,legal_form\nORG-907,Fundacja,FUND\n' >inbox/org-a.csv
    printf '[store]\nno_such_key = 1\n' >bad.toml
    TORO_CONFIG=bad.toml INBOX=inbox script nightly-import.sh
    expect_rc 78
    expect_err_has "stopped (exit 78: configuration error"
    expect_file inbox/org-a.csv
}

test_nightly_without_inbox_exits_66() {
    demo
    INBOX=nowhere script nightly-import.sh
    expect_rc 66
    expect_err_has "no inbox folder nowhere"
}

test_scripts_are_posix_sh() {
    local file
    for file in "$CRON"/*.sh; do
        sh -n "$file" || fail "$file does not parse as sh"
        if command -v shellcheck >/dev/null; then
            shellcheck -s sh "$file" || fail "shellcheck $file"
        fi
    done
}

test_systemd_units_verify() {
    if ! command -v systemd-analyze >/dev/null; then
        echo "  (systemd-analyze is not installed: skipped)"
        return
    fi
    # The units name the installed scripts; verify them pointing at the ones in the source.
    local unit
    mkdir units man man/man1
    # Documentation=man:toro(1) is looked up: the page as the build writes it.
    "$TORO" __reference man -o man/man1/toro.1
    export MANPATH="$PWD/man:"
    for unit in "$CRON"/*.service "$CRON"/*.timer; do
        sed "s|/usr/local/libexec/toro/|$CRON/|" "$unit" >"units/$(basename "$unit")"
    done
    out=$(cd units && SYSTEMD_LOG_COLOR=0 systemd-analyze verify ./*.timer ./*.service 2>&1)
    rc=$?
    # Outside a booted systemd (a container) it cannot check everything; what it finds in the
    # units themselves still shows.
    if grep -v -e 'System has not been booted' -e 'Failed to connect' -e 'Failed to initialize manager' \
        -e 'Failed to setup working directory' -e 'No such file or directory' -e '^$' <<<"$out" | grep -q .; then
        fail "systemd-analyze verify: $out"
    fi
    grep -q '^OnCalendar=\*-\*-11 06:00:00$' "$CRON/toro-monthly.timer" || fail "the monthly timer is not on the 11th"
    if systemd-analyze calendar '*-*-11 06:00:00' >/dev/null 2>&1; then
        systemd-analyze calendar --iterations=2 '*-*-11 06:00:00' | grep -q -- '-11 06:00:00' ||
            fail "the calendar expression does not fall on the 11th"
    fi
}

run_tests
