#!/bin/sh
# The nightly import: every batch file waiting in INBOX goes into the database, one file per
# toro command, and is then moved to INBOX/done/ or INBOX/failed/ with what came of it.
#
# Which command a file goes to follows its name, up to the first '-', '_' or '.':
#   report-*, reports-*            toro report import FILE
#   org-*, venture-*, loan-*, …    toro register import ENTITY FILE  (any entity of
#                                  `toro register --help`: org, program, venture, target, budget,
#                                  indicator, loan, repayment, consultation, training, attendance)
# e.g. org-2026-11-27.csv, reports_ORG-014_2026-10.json. Files are *.csv, *.json or *.jsonl at
# the top of INBOX; register files go first, in the order in which they refer to each other
# (organizations before ventures, loans before repayments, …), then the reports; by name
# within each kind. Write uploads under another name (e.g. FILE.part) and rename them when
# complete, so that a file still being copied is never read.
#
# Every import runs with `--on-error skip --rejects FILE.rejects.csv`: the good rows are
# written, the bad ones are kept in FILE.rejects.csv (the original columns plus line and
# error) beside the input, and FILE.summary.json holds the counts. After each file, one log
# line on stderr says what happened:
#   exit 0      all rows imported                         -> done/
#   exit 3      some rows rejected, the rest imported      -> done/ with FILE.rejects.csv
#   exit 65     the file is invalid as a whole (e.g. unknown or missing columns); nothing written
#                                                          -> failed/
#   exit 66, 2, 1 unreadable file, unknown entity, internal failure -> failed/
#   exit 75     the database stayed locked (after RETRIES attempts): the file stays in INBOX
#               for the next run, and so do the files after it (later files may depend on it)
#   exit 73, 74, 78  cannot write the rejects, I/O error, configuration error: stop; files stay
# The script exits with the code that matters most: 78, 74, 73 or 75 when it stopped; else 65
# when a file failed; else 3 when rows were rejected; else 0. A file that is not an import
# (unknown name) goes to failed/ and counts as 2.
#
# Install (as root):
#   install -D -m 0755 examples/cron/nightly-import.sh /usr/local/libexec/toro/nightly-import.sh
#   then either cron, as the user that owns the database (crontab -e):
#     30 2 * * *  TORO_DB=/var/lib/toro/toro.db INBOX=/var/lib/toro/inbox /usr/local/libexec/toro/nightly-import.sh
#   or systemd: examples/cron/toro-nightly.service and toro-nightly.timer (see their headers).
#
# Environment:
#   TORO         the toro program (default: toro on PATH)
#   TORO_DB, TORO_CONFIG, TORO_ACTOR   read by toro itself (docs/cli.md)
#   INBOX        the folder to import from (default: ./inbox); done/ and failed/ are made in it
#   ENCODING     input encoding passed as --encoding (default: none, so toro tells each file's
#                own: valid UTF-8, with or without BOM, is read as UTF-8, anything else as
#                cp1250; senders need not agree on one). The log line names the one used.
#   AS_OF        the date taken as today (default: today); reports without submitted_on get it
#   RETRIES      attempts of a file while the database is locked (default: 3)
#   RETRY_DELAY  seconds between those attempts (default: 60)
set -eu

TORO=${TORO:-toro}
INBOX=${INBOX:-inbox}
ENCODING=${ENCODING:-}
AS_OF=${AS_OF:-}
RETRIES=${RETRIES:-3}
RETRY_DELAY=${RETRY_DELAY:-60}

# Register entities in the order in which their files may refer to each other.
ENTITIES="org indicator program venture target budget loan repayment consultation training attendance"

log() {
    printf '%s toro-nightly: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*" >&2
}

# A number from the import summary (toro's --format json).
count() {
    sed -n "s/.*\"$1\": *\([0-9][0-9]*\).*/\1/p" "$2" | head -n 1
}

# The encoding a summary says the file was read in.
encoding_of() {
    sed -n 's/.*"encoding": *"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# The command for a file name: "report" or the entity; empty when the name fits none.
kind_of() {
    prefix=$(printf '%s\n' "$1" | sed 's/[-_.].*//' | tr '[:upper:]' '[:lower:]')
    case $prefix in
    report | reports) echo report ;;
    *)
        for entity in $ENTITIES; do
            if [ "$prefix" = "$entity" ] || [ "$prefix" = "${entity}s" ]; then
                echo "$entity"
                return 0
            fi
        done
        ;;
    esac
}

# Moves FILE and what was written beside it into FOLDER; a name already there gets the time.
move_to() {
    folder=$1 file=$2
    name=$(basename "$file")
    target="$folder/$name"
    [ -e "$target" ] && target="$folder/$(date +%Y%m%d-%H%M%S)-$name"
    mv "$file" "$target"
    for extra in rejects.csv summary.json; do
        [ -e "$file.$extra" ] && mv "$file.$extra" "$target.$extra"
    done
    return 0
}

# import KIND FILE: runs the import, retrying while the database is locked; sets $rc.
import() {
    kind=$1 file=$2
    attempt=1
    while :; do
        if [ "$kind" = report ]; then
            set -- report import "$file"
        else
            set -- register import "$kind" "$file"
        fi
        [ -n "$ENCODING" ] && set -- "$@" --encoding "$ENCODING"
        [ -n "$AS_OF" ] && set -- "$@" --as-of "$AS_OF"
        rm -f "$file.rejects.csv"
        rc=0
        "$TORO" "$@" --on-error skip --rejects "$file.rejects.csv" --format json --no-progress \
            >"$file.summary.json" || rc=$?
        if [ "$rc" -ne 75 ] || [ "$attempt" -ge "$RETRIES" ]; then
            return 0
        fi
        log "$(basename "$file"): the database is locked; attempt $attempt of $RETRIES, next in ${RETRY_DELAY}s"
        sleep "$RETRY_DELAY"
        attempt=$((attempt + 1))
    done
}

if [ ! -d "$INBOX" ]; then
    log "no inbox folder $INBOX"
    exit 66
fi
mkdir -p "$INBOX/done" "$INBOX/failed"

# The files, register entities first in their order, then reports, then unknown names.
queue=$(mktemp)
trap 'rm -f "$queue"' EXIT
for file in "$INBOX"/*.csv "$INBOX"/*.json "$INBOX"/*.jsonl; do
    [ -f "$file" ] || continue
    case $file in *.rejects.csv | *.summary.json) continue ;; esac
    kind=$(kind_of "$(basename "$file")")
    rank=99
    position=1
    for entity in $ENTITIES report; do
        [ "$kind" = "$entity" ] && rank=$position
        position=$((position + 1))
    done
    printf '%02d\t%s\n' "$rank" "$file" >>"$queue"
done

status=0       # the exit code of the run
rejected_any=0 # some file had rows rejected
failed_any=0   # some file went to failed/
unknown_any=0  # some file had a name that fits no import
stopped=0
while IFS="$(printf '\t')" read -r _ file; do
    [ -n "$file" ] || continue
    name=$(basename "$file")
    kind=$(kind_of "$name")
    if [ -z "$kind" ]; then
        log "$name: unknown kind of file (name it report-… or ENTITY-…) -> failed/"
        move_to "$INBOX/failed" "$file"
        unknown_any=1
        continue
    fi
    import "$kind" "$file"
    summary="$file.summary.json"
    counts="inserted $(count inserted "$summary"), updated $(count updated "$summary"), unchanged $(count unchanged "$summary"), rejected $(count rejected "$summary"); read as $(encoding_of "$summary")"
    case $rc in
    0)
        rm -f "$file.rejects.csv"
        log "$name: $kind imported ($counts) -> done/"
        move_to "$INBOX/done" "$file"
        ;;
    3)
        log "$name: $kind imported with rejected rows ($counts; see $name.rejects.csv) -> done/"
        move_to "$INBOX/done" "$file"
        rejected_any=1
        ;;
    65 | 66 | 2 | 1)
        rm -f "$file.rejects.csv"
        log "$name: $kind not imported (exit $rc; nothing written; toro's message is above) -> failed/"
        move_to "$INBOX/failed" "$file"
        failed_any=1
        ;;
    75)
        rm -f "$file.rejects.csv" "$summary"
        log "$name: the database stayed locked (exit 75); nothing written; the file stays for the next run"
        status=75 stopped=1
        break
        ;;
    *)
        rm -f "$file.rejects.csv" "$summary"
        case $rc in
        78) why="configuration error: fix toro.toml or the database path" ;;
        74) why="I/O error: disk full or a damaged database; run 'toro db check'" ;;
        73) why="cannot write $name.rejects.csv beside the file" ;;
        *) why="unexpected exit code" ;;
        esac
        log "$name: stopped (exit $rc: $why); the file stays in the inbox"
        status=$rc stopped=1
        break
        ;;
    esac
done <<EOF
$(sort "$queue")
EOF

if [ "$stopped" -eq 0 ]; then
    if [ "$failed_any" -eq 1 ]; then
        status=65
    elif [ "$unknown_any" -eq 1 ]; then
        status=2
    elif [ "$rejected_any" -eq 1 ]; then
        status=3
    fi
fi
left=$(find "$INBOX" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.json' -o -name '*.jsonl' \) \
    ! -name '*.rejects.csv' ! -name '*.summary.json' | wc -l)
log "done (exit $status; $left files left in the inbox)"
exit "$status"
