#!/bin/sh
# The city's monthly run, on the report day (the 11th: reports for month P are due on the 10th
# of the month after P). For the previous month P it writes, into REPORT_DIR:
#   monthly-P.html   the monitoring report for people (print, e-mail)
#   monthly-P.xlsx   the same as a workbook
#   missing-P.csv    ventures whose report for P is due (its due date is today or earlier) and
#                    has not arrived, with their e-mail addresses, for the reminders (columns
#                    code,title,org,email,due_on,days_overdue); a venture with a later report
#                    day is not in it until its day has come (docs/reports.md, "Due,
#                    expected, pending, missing")
# and, the day after the due date, reminds each organization whose reports are missing
# (`toro report remind --send`: one e-mail per organization, its blank forms attached, sent
# through [mail] sendmail and recorded in the audit log, so that running the script again the
# same day sends nothing twice). REMINDERS says how: send (the default), write (the messages as
# .eml files into REPORT_DIR/reminders-P/) or off. Without [mail] from in the configuration no
# reminder goes out, and the log says so.
# It exits with toro's codes (docs/cli.md, "Exit codes"):
#   0   every file written and no report missing
#   3   every file written, but reports are missing (missing-P.csv lists them; the reminders
#       went out, except to organizations without an e-mail address, which the log names)
#   75  the database stayed locked after RETRIES attempts; nothing is lost, run it again later
#   78  configuration error (toro.toml, or the database is newer than the program): fix, rerun
#   any other code: the first toro command that failed, with toro's own message on stderr.
# Output files are written whole or not at all, so a failed run leaves no half-written report.
#
# Install (as root):
#   install -D -m 0755 examples/cron/monthly.sh /usr/local/libexec/toro/monthly.sh
#   then either cron, as the user that owns the database (crontab -e):
#     0 6 11 * *  TORO_DB=/var/lib/toro/toro.db REPORT_DIR=/var/lib/toro/reports /usr/local/libexec/toro/monthly.sh
#   or systemd: examples/cron/toro-monthly.service and toro-monthly.timer (see their headers).
#
# Environment:
#   TORO         the toro program (default: toro on PATH)
#   TORO_DB, TORO_CONFIG, TORO_ACTOR   read by toro itself (docs/cli.md)
#   REPORT_DIR   where the files go (default: ./reports); created when missing
#   PERIOD       the month to report, YYYY-MM (default: the month before AS_OF or today)
#   AS_OF        the date taken as today, YYYY-MM-DD (default: today)
#   FORMATS      the monthly report's formats (default: "html xlsx"; also md, json, csv)
#   REPORT_LANG  pl or en for the human formats (default: [output] lang of the configuration)
#   REMINDERS    send | write | off: the reminders of missing reports (default: send)
#   RETRIES      attempts of a command while the database is locked (default: 3)
#   RETRY_DELAY  seconds between those attempts (default: 60)
set -eu

TORO=${TORO:-toro}
REPORT_DIR=${REPORT_DIR:-reports}
AS_OF=${AS_OF:-}
FORMATS=${FORMATS:-html xlsx}
REPORT_LANG=${REPORT_LANG:-}
REMINDERS=${REMINDERS:-send}
RETRIES=${RETRIES:-3}
RETRY_DELAY=${RETRY_DELAY:-60}

log() {
    printf '%s toro-monthly: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*" >&2
}

# The month before a date (YYYY-MM-DD), in POSIX sh arithmetic.
month_before() {
    year=${1%%-*}
    month=${1#*-}
    month=${month%%-*}
    month=${month#0}
    if [ "$month" -eq 1 ]; then
        printf '%04d-12\n' $((year - 1))
    else
        printf '%04d-%02d\n' "$year" $((month - 1))
    fi
}

PERIOD=${PERIOD:-$(month_before "${AS_OF:-$(date +%Y-%m-%d)}")}
case $PERIOD in
[0-9][0-9][0-9][0-9]-[0-1][0-9]) ;;
*)
    log "PERIOD must be YYYY-MM, not '$PERIOD'"
    exit 2
    ;;
esac

set --
[ -n "$AS_OF" ] && set -- "$@" --as-of "$AS_OF"
[ -n "$REPORT_LANG" ] && set -- "$@" --lang "$REPORT_LANG"
GLOBAL_OPTIONS=$* # dates and pl|en hold no spaces

# toro_retry ARGS...: runs toro; while it exits 75 (locked), waits and tries again, up to
# RETRIES attempts. Sets $rc; never fails itself.
toro_retry() {
    attempt=1
    while :; do
        rc=0
        # shellcheck disable=SC2086 # GLOBAL_OPTIONS is split on purpose
        "$TORO" $GLOBAL_OPTIONS --no-progress "$@" || rc=$?
        if [ "$rc" -ne 75 ] || [ "$attempt" -ge "$RETRIES" ]; then
            return 0
        fi
        log "the database is locked (exit 75); attempt $attempt of $RETRIES, next in ${RETRY_DELAY}s"
        sleep "$RETRY_DELAY"
        attempt=$((attempt + 1))
    done
}

# What a failed command means for the run; exits with its code.
give_up() {
    case $1 in
    75) log "$2: the database stayed locked after $RETRIES attempts; nothing was written: run again later" ;;
    78) log "$2: configuration error (exit 78): fix toro.toml or the database path; retrying will not help" ;;
    66) log "$2: the database or an input is missing or unreadable (exit 66)" ;;
    73) log "$2: cannot create the output file in $REPORT_DIR (exit 73)" ;;
    74) log "$2: I/O error (exit 74): disk full or a damaged database file; run 'toro db check'" ;;
    *) log "$2: failed with exit code $1" ;;
    esac
    exit "$1"
}

# The reminders of the reports missing (REMINDERS). An organization without an e-mail address
# or a message the mail program refused leaves toro's exit 3 and its names in the log; the run
# goes on.
remind() {
    case $REMINDERS in
    off) return 0 ;;
    send) set -- --send ;;
    write) set -- -o "$REPORT_DIR/reminders-$PERIOD/" ;;
    *)
        log "REMINDERS must be send, write or off, not '$REMINDERS'"
        exit 2
        ;;
    esac
    if "$TORO" config show --format csv 2>/dev/null | grep -q '^mail\.from,"*(not set)'; then
        log "no reminders sent: [mail] from is not set in the configuration"
        return 0
    fi
    toro_retry report remind --period "$PERIOD" --format csv "$@" >/dev/null
    case $rc in
    0) log "reminders for $PERIOD: done ($REMINDERS)" ;;
    3) log "reminders for $PERIOD: done ($REMINDERS), but some organizations were not reminded (see above)" ;;
    *) give_up "$rc" "report remind" ;;
    esac
}

if ! mkdir -p "$REPORT_DIR"; then
    log "cannot create $REPORT_DIR"
    exit 73
fi

log "monthly report for $PERIOD into $REPORT_DIR"
for format in $FORMATS; do
    file="$REPORT_DIR/monthly-$PERIOD.$format"
    toro_retry report monthly --period "$PERIOD" --format "$format" -o "$file"
    [ "$rc" -eq 0 ] || give_up "$rc" "report monthly ($format)"
    log "wrote $file"
done

missing="$REPORT_DIR/missing-$PERIOD.csv"
toro_retry report missing --period "$PERIOD" --check --format csv -o "$missing"
case $rc in
0) log "wrote $missing: every report due for $PERIOD has arrived" ;;
3)
    log "wrote $missing: reports for $PERIOD are missing"
    remind
    exit 3
    ;;
*) give_up "$rc" "report missing" ;;
esac
exit 0
