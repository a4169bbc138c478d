#!/usr/bin/env bash
# Every "Example:" of every command's --help runs: each one, as a shell command with toro on
# PATH, in a fresh copy of a demo store (`toro init --demo`) with the input files the examples
# name, must exit 0 — or with the code the allow-list below gives, for the reason it says.
# Examples that begin with `toro init` make their own store, so they start in an empty folder.
source "$(dirname "$0")/lib.sh"

# Examples that cannot exit 0 here, with the code they give and why.
declare -A allowed=(
    ["toro db backup /var/backups/toro/\$(date +%F).db"]="73 writes into /var/backups/toro, a folder the test does not create"
    ["toro --config /etc/toro/toro.toml config show --format json"]="78 reads /etc/toro/toro.toml, which a test machine does not have"
    ["toro --db /srv/toro/toro.db db migrate"]="66 opens /srv/toro/toro.db, which a test machine does not have"
    # remove refuses a record others refer to, and in the demo every one of these is.
    ["toro register program remove MG-2025"]="65 the demo's ventures refer to every programme"
    ["toro register indicator remove volunteers"]="65 the demo's targets refer to every indicator"
    ["toro register loan remove L-2025-002"]="65 the demo's repayments refer to both loans"
    ["toro register training remove T-2026-01"]="65 the demo's attendance refers to every training"
    ["toro register call remove OK-2027-K1"]="65 the demo's offers and reviewers refer to its call"
    ["toro register reviewer remove R-2027-03"]="65 the demo's scores refer to every reviewer"
)

# Every command path that --help lists, read from the "Subcommands:" part of each --help.
help_commands() {
    local queue=("") path name
    while [ "${#queue[@]}" -gt 0 ]; do
        path=${queue[0]}
        queue=("${queue[@]:1}")
        echo "$path"
        # shellcheck disable=SC2086
        while read -r name; do
            queue+=("${path:+$path }$name")
        done < <("$TORO" $path --help | awk '/^Subcommands:/ {inside = 1; next} /^[^ ]/ {inside = 0} inside && NF {print $1}')
    done
}

# The example lines of one command's --help.
help_examples() {
    # shellcheck disable=SC2086
    "$TORO" $1 --help | awk '/^Examples?:$/ {inside = 1; next} /^[^ ]/ || !NF {inside = 0} inside {sub(/^ +/, ""); print}'
}

# The files examples read, in a demo store's folder: an office's Excel export of
# organizations in Windows-1250, and October's reports from a venture that had not sent them.
fixtures() {
    printf 'code,name,legal_form,district,email\nORG-801,Fundacja Źródło,FUND,Wola,zrodlo@example.org\nORG-802,Koło Gospodyń,KGW,Wawer,\n' |
        iconv -f UTF-8 -t CP1250 >orgs.csv
    local venture
    venture=$("$TORO" --as-of 2026-11-11 report missing --period 2026-10 --format csv | sed -n '2s/,.*//p')
    [ -n "$venture" ] || fail "the demo has no missing report for 2026-10"
    printf 'venture,period,indicator,value,submitted_on\n%s,2026-10,participants,7,2026-11-09\n' "$venture" |
        iconv -f UTF-8 -t CP1250 >october.csv
    # A new wave's instruments, and answers to the demo's survey and study.
    sed 's/^code = "KOMP-2026"/code = "KOMP-2027"/' "$TORO_SOURCE/examples/demo/survey-komp-2026.toml" >komp-2027.toml
    sed 's/^code = "EWAL-2026"/code = "EWAL-2027"/' "$TORO_SOURCE/examples/demo/study-ewal-2026.toml" >ewal-2027.toml
    printf 'respondent,law1[current],law1[required],funds1[current],funds1[required]\nLS-1,2,5,1,4\n' >limesurvey.csv
    printf 'respondent,group,rel1,rel2,nps,improve\nE-N001,users,4,5,9,Więcej szkoleń\n' >answers.csv
    # The criteria of a new call.
    cp "$TORO_SOURCE/examples/demo/call-criteria.toml" kryteria.toml
    # What the missing list's example hands the list to.
    printf '#!/bin/sh\necho "reminders sent"\n' >bin/mail-reminders.sh
    chmod +x bin/mail-reminders.sh
}

test_every_example_runs() {
    sqlite_only "the examples make stores in folders of their own and copy them with db backup" || return 0
    help_commands >commands.txt
    [ "$(wc -l <commands.txt)" -gt 20 ] || fail "too few commands: $(cat commands.txt)"

    # Examples as --help shows them, and as __reference lists them: the same.
    local path example
    : >examples.txt
    while read -r path; do
        while read -r example; do
            printf '%s\t%s\n' "toro${path:+ $path}" "$example" >>examples.txt
        done < <(help_examples "$path")
    done <commands.txt
    "$TORO" __reference examples >reference.txt
    diff <(sort examples.txt) <(sort reference.txt) >/dev/null ||
        fail "__reference examples differs from --help: $(diff <(sort examples.txt) <(sort reference.txt))"
    # Every command has one.
    local missing
    missing=$(cut -f1 examples.txt | sort -u | comm -13 - <(sed 's/^/toro /; s/ $//' commands.txt | sort -u))
    [ -z "$missing" ] || fail "commands without an example: $missing"

    mkdir template template/bin
    ln -s "$TORO" template/bin/toro
    (cd template && "$TORO" init --demo >/dev/null 2>&1) || fail "toro init --demo failed"
    (cd template && PATH="$PWD/bin:$PATH" fixtures)

    local count=0 ran=0 code reason dir status seen=""
    while IFS=$'\t' read -r path example; do
        count=$((count + 1))
        dir="run-$count"
        if [[ $example == "toro init"* ]]; then
            # init makes the store itself: it starts from an empty folder, as a new user does.
            mkdir "$dir" && cp -a template/bin "$dir/"
        else
            cp -a template "$dir"
        fi
        (
            cd "$dir" && PATH="$PWD/bin:$PATH" timeout 120 bash -c "$example" >out.txt 2>err.txt
        )
        status=$?
        ran=$((ran + 1))
        if [[ -n ${allowed[$example]+set} ]]; then
            seen+="$example"$'\n'
            code=${allowed[$example]%% *}
            reason=${allowed[$example]#* }
            if [ "$status" != "$code" ]; then
                fail "$path: '$example' exited $status, the allow-list expects $code ($reason): $(head -c 400 "$dir/err.txt")"
            fi
        elif [ "$status" != 0 ]; then
            fail "$path: '$example' exited $status: $(head -c 400 "$dir/err.txt")"
        fi
        rm -rf "$dir"
    done <examples.txt
    echo "  ran $ran examples"
    for example in "${!allowed[@]}"; do
        grep -qxF "$example" <<<"$seen" || fail "the allow-list names an example no command has: $example"
    done
}

run_tests
