#!/usr/bin/env bash
# The manual page toro.1, written by `toro __reference man` from the command definitions: it
# renders without a warning, and it holds every command that --help shows, with its options
# and examples, and the sections an administrator looks for.
source "$(dirname "$0")/lib.sh"

# Every command path ("db backup", "register org add", …) that --help lists, found by reading
# the "Subcommands:" part of each command's --help (not through __reference).
help_commands() {
    local queue=("") path line name
    while [ "${#queue[@]}" -gt 0 ]; do
        path=${queue[0]}
        queue=("${queue[@]:1}")
        # shellcheck disable=SC2086
        "$TORO" $path --help | awk '/^Subcommands:/ {inside = 1; next} /^[^ ]/ {inside = 0} inside && NF {print $1}' |
            while read -r name; do
                echo "${path:+$path }$name"
            done >children.txt
        while read -r line; do
            echo "$line"
            queue+=("$line")
        done <children.txt
    done
}

page() {
    "$TORO" __reference man --date 2026-11-27 -o toro.1
    rc=$?
    [ "$rc" = 0 ] || fail "__reference man exited $rc"
}

test_the_page_carries_the_date_it_was_given() {
    page
    expect_eq "$(grep '^\.TH' toro.1)" ".TH TORO 1 \"2026-11-27\" \"toro $("$TORO" --version | head -n 1 | cut -d' ' -f2)\" \"User Commands\""
    "$TORO" __reference man --date 2026-11-31 -o bad.1
    rc=$?
    expect_rc 2
    expect_no_file bad.1
}

test_renders_without_warnings() {
    page
    local warnings
    warnings=$(groff -man -Tutf8 -ww -z toro.1 2>&1)
    [ -z "$warnings" ] || fail "groff warns: $warnings"
    warnings=$(MANWIDTH=80 man --warnings -l toro.1 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man -l warns: $warnings"
    if command -v mandoc >/dev/null; then
        warnings=$(mandoc -T lint -W warning toro.1 2>&1)
        [ -z "$warnings" ] || fail "mandoc warns: $warnings"
    fi
    MANWIDTH=80 man -l toro.1 >rendered.txt 2>/dev/null
    grep -q 'toro db backup /var/backups/toro/\$(date +%F).db' rendered.txt ||
        fail "an example does not come out of the page as typed"
    grep -q "toro db check || echo 'the store needs attention'" rendered.txt ||
        fail "quotes in an example do not come out as typed"
    # Polish letters survive (written as \[uXXXX] escapes).
    grep -q 'Fundacja Pod Lipą' rendered.txt || fail "Polish letters are lost"
}

test_has_the_sections() {
    page
    local section
    for section in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "EXIT STATUS" FILES ENVIRONMENT EXAMPLES; do
        grep -q "^\.SH \"\?$section\"\?$" toro.1 || fail "no section $section"
    done
    MANWIDTH=200 man -l toro.1 >rendered.txt 2>/dev/null
    local code
    for code in 0 1 2 3 65 66 73 74 75 78; do
        grep -Eq "^       $code( |\$)" rendered.txt || fail "exit status $code is not described"
    done
    grep -A2 -E '^       75( |$)' rendered.txt | grep -q 'Retry later' || fail "75 does not say to retry"
    local variable
    for variable in TORO_DB TORO_CONFIG TORO_ACTOR XDG_CONFIG_HOME NO_COLOR; do
        grep -q "^       $variable" rendered.txt || fail "$variable is not in ENVIRONMENT"
    done
    grep -q 'toro.db.pre-vN.bak' rendered.txt || fail "FILES lacks the migration backup"
    grep -q '^       --db DB' rendered.txt || fail "GLOBAL OPTIONS lacks --db"
    grep -q '^       --lang pl|en' rendered.txt || fail "--lang does not show its choices"
    grep -q '^       --version' rendered.txt || fail "GLOBAL OPTIONS lacks --version"
    grep -q "^toro $("$TORO" --version | cut -d' ' -f2)" rendered.txt || fail "the page does not carry the version"
}

test_every_command_appears() {
    page
    help_commands >commands.txt
    [ "$(wc -l <commands.txt)" -gt 20 ] || fail "too few commands found in --help: $(cat commands.txt)"
    # Headings of the page as plain text: "toro register org add".
    sed -n 's/^\.SS "\(.*\)"$/\1/p' toro.1 | sed 's/\\-/-/g' >headings.txt
    local path
    while read -r path; do
        grep -qxF "toro $path" headings.txt || fail "'toro $path' has no section in the page"
    done <commands.txt
    expect_eq "$(wc -l <headings.txt)" "$(wc -l <commands.txt)"
    # The hidden entry point itself is not a command of the page.
    grep -q '__reference' headings.txt && fail "the hidden command is in the page"
    return 0
}

test_options_and_examples_follow_help() {
    page
    local path option example
    for path in "db backup" "report missing" "report import" "register org list" "register import"; do
        # shellcheck disable=SC2086
        "$TORO" $path --help >help.txt
        # Each long option of the command's --help is in its section of the page.
        awk -v want="toro $path" '
            /^\.SS / { gsub(/\\-/, "-"); gsub(/"/, ""); inside = (substr($0, 5) == want); next }
            inside' toro.1 | sed 's/\\-/-/g; s/\\f[BIR]//g' >section.txt
        [ -s section.txt ] || fail "no section for $path"
        for option in $(grep -o -- '--[a-z][a-z-]*' help.txt | sort -u); do
            grep -q -- "^$option\b\|, $option\b" section.txt || grep -q -- "$option" <("$TORO" --help) ||
                fail "$path: $option is in --help but not in the page"
        done
        example=$(sed -n '/^Example:/{n;s/^  //;p}' help.txt)
        [ -n "$example" ] || fail "$path has no example in --help"
        grep -qF -- "$example" <(sed 's/\\(aq/'"'"'/g; s/\\e/\\/g' section.txt) ||
            fail "$path: example '$example' is not in the page"
    done
}

test_build_writes_the_same_page() {
    local built date
    built=$(built_reference toro.1) || { fail "$built"; return; }
    # The build dates its page (the day it was configured); the rest must be what toro writes now.
    date=$(sed -n 's/^\.TH TORO 1 "\([0-9-]*\)".*/\1/p' "$built")
    [ -n "$date" ] || fail "$built has no date in its .TH line"
    "$TORO" __reference man --date "$date" -o toro.1 || fail "__reference man"
    cmp -s toro.1 "$built" || fail "$built differs from what __reference man writes now"
}

run_tests
