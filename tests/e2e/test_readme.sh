#!/usr/bin/env bash
# Every command of the README runs as written on a fresh clone: each ```sh block is run, line by
# line in one shell, in a fresh directory holding a copy of examples/ (what the top directory of
# a clone has that the commands read), with the toro under test on the PATH. A line runs as the
# README gives it; the exit code it must give is 0, or N when its comment starts with `exit N`.
# The lines that install packages, build or run the whole test suite are skipped by name below,
# each with its reason; a name that no longer matches a line of the README fails the suite.
source "$(dirname "$0")/lib.sh"

README="$TORO_SOURCE/README.md"

# Lines skipped: a fixed string each line starts with, and why.
skipped_lines=(
    "tests/deps.sh && cmake"$'\t'"installs Debian packages and builds toro; the suite runs the toro the build made"
    "tests/run-all.sh"$'\t'"builds and runs every test, this suite among them"
)

# readme_blocks: each line of every ```sh block as BLOCK<TAB>LINE.
readme_blocks() {
    awk '/^```sh$/ { block++; inside = 1; next }
         /^```$/ { inside = 0; next }
         inside && !/^[[:space:]]*(#|$)/ { printf "%d\t%s\n", block, $0 }' "$README"
}

# skip_reason LINE: the reason LINE is skipped, or nothing.
skip_reason() {
    local entry
    for entry in "${skipped_lines[@]}"; do
        if [[ "$1" == "${entry%%$'\t'*}"* ]]; then
            echo "${entry#*$'\t'}"
            return
        fi
    done
}

# expected_exit LINE: N when the line's comment starts with `exit N`, else 0.
expected_exit() {
    local comment
    [[ "$1" == *" # "* ]] || { echo 0; return; }
    comment=${1#*" # "}
    if [[ "$comment" =~ ^exit\ ([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]}"
    else
        echo 0
    fi
}

test_readme_commands_run_as_written() {
    mkdir bin
    ln -s "$TORO" bin/toro
    export PATH="$PWD/bin:$PATH"
    local block line reason code name ran=0 scripts=()
    local -A used=()
    while IFS=$'\t' read -r block line; do
        reason=$(skip_reason "$line")
        if [ -n "$reason" ]; then
            echo "  skipped: $line ($reason)"
            used["${line:0:12}"]=1
            continue
        fi
        if [ ! -e "block-$block.sh" ]; then
            printf 'set -u\n' >"block-$block.sh"
            scripts+=("block-$block.sh")
        fi
        # Each line runs in the block's shell; its exit code is checked right after it.
        code=$(expected_exit "$line")
        printf 'readme_line=%q\n%s\nrc=$?; [ "$rc" = %s ] || { echo "exit $rc, expected %s: $readme_line" >&2; exit 1; }\n' \
            "$line" "$line" "$code" "$code" >>"block-$block.sh"
        ran=$((ran + 1))
    done < <(readme_blocks)
    local entry
    for entry in "${skipped_lines[@]}"; do
        name=${entry%%$'\t'*}
        [ -n "${used[${name:0:12}]:-}" ] || fail "the README has no line starting with '$name' any more: update skipped_lines"
    done
    [ "$ran" -ge 15 ] || fail "only $ran commands found in the README's sh blocks"
    [ "${#scripts[@]}" -eq 2 ] || fail "expected two blocks of commands (a first session, the demo), found ${#scripts[@]}"
    local script
    for script in "${scripts[@]}"; do
        # A fresh directory per block, as the top directory of a fresh clone.
        rm -rf clone && mkdir clone && cp -r "$TORO_SOURCE/examples" clone/examples
        (cd clone && bash "../$script") >"$script.out" 2>"$script.err" || {
            err=$(cat "$script.err")
            fail "$script: $(tail -n 1 "$script.err")"
        }
        if [ "$script" = "${scripts[0]}" ]; then
            # The first session: the organizations went in, letters intact; the backup is a store.
            expect_eq "$(sql clone/toro.db "SELECT count(*) FROM org")" "$(($(wc -l <"$TORO_SOURCE/examples/demo/orgs.csv") - 1))"
            expect_eq "$(sql clone/toro.db "SELECT name FROM org WHERE code = 'ORG-001'")" "Stowarzyszenie Sąsiedzi z Grochowa"
            expect_eq "$(sql clone/nightly.db "PRAGMA integrity_check")" "ok"
            expect_file clone/ventures.csv
        fi
    done
    # The demo jobs wrote their files.
    expect_file clone/2026-10.html
    expect_file clone/2025.xlsx
    expect_file clone/evaluation.html
}

run_tests
