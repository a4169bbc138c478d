#!/usr/bin/env bash
# Bash completion, written by `toro __reference bash` from the command definitions: sourced
# into bash, it offers commands, subcommands, options, entity names and option values.
source "$(dirname "$0")/lib.sh"

# complete WORDS...: what completion offers for the last word (may be ""), sorted, one line.
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _toro
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

load() {
    "$TORO" __reference bash -o toro.bash
    rc=$?
    [ "$rc" = 0 ] || fail "__reference bash exited $rc"
    # shellcheck disable=SC1091
    source ./toro.bash || fail "the script does not source"
    [ "$(complete -p toro)" = "complete -o filenames -F _toro toro" ] || fail "toro is not registered: $(complete -p toro)"
}

test_commands_and_subcommands() {
    load
    expect_eq "$(complete_line toro re)" "register report"
    expect_eq "$(complete_line toro d)" "db"
    expect_eq "$(complete_line toro db "")" "audit backup check forget info migrate"
    expect_eq "$(complete_line toro report mi)" "missing"
    expect_eq "$(complete_line toro survey g)" "gaps"
    expect_eq "$(complete_line toro evaluate s)" "show summary"
    expect_eq "$(complete_line toro report m)" "missing monthly"
    # Global options before the command, with their values, are stepped over.
    expect_eq "$(complete_line toro --db x.db --as-of 2026-11-11 report mo)" "monthly"
    expect_eq "$(complete_line toro -q report lo)" "loans"
    # The hidden entry point is not offered.
    [[ $(complete_line toro _) == "" ]] || fail "offers the hidden command"
}

test_every_top_level_command_is_offered() {
    load
    local names
    names=$("$TORO" --help | awk '/^Subcommands:/ {inside = 1; next} /^[^ ]/ {inside = 0} inside && NF {print $1}' |
        sort | tr '\n' ' ' | sed 's/ $//')
    [ -n "$names" ] || fail "no commands in --help"
    expect_eq "$(complete_line toro "")" "$names"
}

test_entity_names_for_register() {
    load
    expect_eq "$(complete_line toro register o)" "offer org"
    expect_eq "$(complete_line toro register import o)" "offer org"
    expect_eq "$(complete_line toro register import t)" "target training"
    expect_eq "$(complete_line toro register export v)" "venture"
    expect_eq "$(complete_line toro register loan s)" "schedule show"
    expect_eq "$(complete_line toro register offer a)" "add award"
    # After the entity, the file.
    touch orgs.csv orgs.json other.txt
    expect_eq "$(complete_line toro register import org orgs)" "orgs.csv orgs.json"
}

test_options() {
    load
    expect_eq "$(complete_line toro db backup --f)" "--force --format"
    expect_eq "$(complete_line toro register org add --legal)" "--legal-form"
    expect_eq "$(complete_line toro report import --on)" "--on-error"
    expect_eq "$(complete_line toro report missing --ch)" "--check"
    # Global options are offered after any command.
    expect_eq "$(complete_line toro report missing --as)" "--as-of"
    expect_eq "$(complete_line toro --ver)" "--verbose --version"
}

test_option_values() {
    load
    expect_eq "$(complete_line toro --lang "")" "en pl"
    expect_eq "$(complete_line toro report monthly --format x)" "xlsx"
    expect_eq "$(complete_line toro report monthly --format j)" "json jsonl"
    expect_eq "$(complete_line toro report import x.csv --on-error "")" "fail skip"
    expect_eq "$(complete_line toro report monthly --by "")" "district program sphere"
    # An option whose value is a file completes files.
    mkdir -p store
    touch store/city.db
    expect_eq "$(complete_line toro --db store/c)" "store/city.db"
}

test_build_writes_the_same_script() {
    local built
    built=$(built_reference toro.bash) || { fail "$built"; return; }
    "$TORO" __reference bash -o toro.bash
    cmp -s toro.bash "$built" || fail "$built differs from what __reference bash writes now"
}

run_tests
