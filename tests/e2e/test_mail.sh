#!/usr/bin/env bash
# Reminders and returns by e-mail (docs/reports.md "Reminders and returns by e-mail"): the
# messages parsed with Python's email package (headers, encodings, the attached forms open as
# forms), a stand-in sendmail that records what it was given, the audit rows of what was sent,
# and nothing sent twice on one day unless --again.
source "$(dirname "$0")/lib.sh"

PYTHON=python3
python3 -c 'import openpyxl' 2>/dev/null || PYTHON=/usr/bin/python3

# A demo store with a sender, and a sendmail that keeps each message in outbox/N.eml with its
# arguments in outbox/N.args (exit $SENDMAIL_STATUS, 0 by default; it fails for any message to
# an address in $SENDMAIL_REFUSE).
demo_with_mail() {
    toro init --demo
    expect_rc 0
    mkdir -p outbox bin
    cat >bin/sendmail <<'SH'
#!/bin/sh
n=$(ls outbox | grep -c '\.eml$')
cat >"outbox/$((n + 1)).eml"
printf '%s\n' "$@" >"outbox/$((n + 1)).args"
if [ -n "${SENDMAIL_REFUSE:-}" ] && grep -q "<$SENDMAIL_REFUSE>" "outbox/$((n + 1)).eml"; then
    exit 75
fi
exit "${SENDMAIL_STATUS:-0}"
SH
    chmod +x bin/sendmail
    sed -i 's|^# from = .*|from = "Biuro Dialogu Społecznego <dialog@um.example.pl>"|; s|^# reply_to = .*|reply_to = "raporty@um.example.pl"|; s|^sendmail = .*|sendmail = "'"$PWD"'/bin/sendmail -t -i"|' toro.toml
    grep -q '^from = ' toro.toml || fail "[mail] from not set"
}

# check_message FILE ORG EXPECTED_VENTURES_JSON LANG: a reminder as a mail program reads it.
check_message() {
    "$PYTHON" - "$@" <<'PY' || fail "the message $1 is not as it should be"
import email, email.policy, io, json, sys
import openpyxl
path, org, ventures, lang = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
message = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
def check(condition, what):
    if not condition:
        sys.exit(what)
check(str(message["From"]) == "Biuro Dialogu Społecznego <dialog@um.example.pl>", message["From"])
check(str(message["Reply-To"]) == "raporty@um.example.pl", message["Reply-To"])
check(message["To"].addresses[0].addr_spec.endswith("@example.org"), message["To"])
check(message["Message-ID"].startswith("<toro.") and message["Message-ID"].endswith("@um.example.pl>"), message["Message-ID"])
check(message["MIME-Version"] == "1.0", "MIME-Version")
subject = str(message["Subject"])
check(("październik 2026" if lang == "pl" else "October 2026") in subject, subject)
body = message.get_body(("plain",))
check(body.get_content_charset() == "utf-8", body.get_content_charset())
text = body.get_content()
for venture in ventures:
    check(venture in text, f"{venture} not in the body")
check(("termin 2026-11-10" if lang == "pl" else "due 2026-11-10") in text, text)
forms = [part for part in message.iter_attachments()]
check(sorted(part.get_filename() for part in forms) == sorted(f"{v}_2026-10.xlsx" for v in ventures),
      [part.get_filename() for part in forms])
for part in forms:
    book = openpyxl.load_workbook(io.BytesIO(part.get_content()))
    description = {row[0]: row[1] for row in book["toro"].iter_rows(values_only=True)}
    check(description["venture"] + "_2026-10.xlsx" == part.get_filename(), description)
    check(description["period"] == "2026-10", description)
    sheet = book.worksheets[0]
    check(sheet.protection.sheet, "the attached form is not protected")
print(message["Message-ID"])
PY
}

test_remind_lists_writes_and_sends() {
    demo_with_mail
    # Without -o or --send: who would be reminded (due and not received: not yet due is pending).
    toro --as-of 2026-11-11 report remind --period 2026-10 --format json
    expect_rc 0
    printf '%s' "$out" >listed.json
    schema_valid report-remind.schema.json listed.json || fail "the list does not follow its schema"
    expect_eq "$(jq -c '[.messages[] | [.org, .ventures, .status]]' <<<"$out")" \
        '[["ORG-001",["V-2025-005"],"due"],["ORG-015",["V-2025-017"],"due"],["ORG-025",["V-2025-012"],"due"],["ORG-026",["V-2025-024"],"due"]]'
    # -o DIR: one .eml per organization.
    toro --lang pl --as-of 2026-11-11 report remind --period 2026-10 -o reminders/ --format json
    expect_rc 0
    expect_eq "$(ls reminders | tr '\n' ' ')" "ORG-001_2026-10.eml ORG-015_2026-10.eml ORG-025_2026-10.eml ORG-026_2026-10.eml "
    check_message reminders/ORG-001_2026-10.eml ORG-001 '["V-2025-005"]' pl >/dev/null
    [ -z "$(ls outbox)" ] || fail "writing the messages sent some"
    # --send: through [mail] sendmail, each recorded in the audit log with its Message-ID.
    toro --lang en --as-of 2026-11-11 report remind --period 2026-10 --send --format json
    expect_rc 0
    printf '%s' "$out" >sent.json
    schema_valid report-remind.schema.json sent.json || fail "the sent list does not follow its schema"
    expect_eq "$(jq -r '[.messages[].status] | unique | join(",")' <<<"$out")" "sent"
    expect_eq "$(ls outbox/*.eml | wc -l)" "4"
    expect_eq "$(cat outbox/1.args | tr '\n' ' ')" "-t -i "
    local id
    id=$(check_message outbox/1.eml ORG-001 '["V-2025-005"]' en)
    toro db audit --entity mail --format json
    expect_eq "$(jq -r '[.[] | select(.action == "remind")] | min_by(.id) | [.key, (.after | fromjson | .to, .day)] | join("|")' <<<"$out")" \
        "ORG-001/2026-10|sasiedzi-z-grochowa@example.org|2026-11-11"
    expect_eq "$(jq -r '.[] | select(.key == "ORG-001/2026-10") | .after | fromjson | .message_id' <<<"$out")" "$id"
    # A second run on the same day sends nothing again; --again does; the next day does.
    toro --as-of 2026-11-11 report remind --period 2026-10 --send --format json
    expect_rc 0
    expect_eq "$(jq -r '[.messages[].status] | unique | join(",")' <<<"$out")" "already_sent"
    expect_eq "$(ls outbox/*.eml | wc -l)" "4"
    toro --as-of 2026-11-11 report remind --period 2026-10 --send --again
    expect_rc 0
    expect_eq "$(ls outbox/*.eml | wc -l)" "8"
    toro --as-of 2026-11-12 report remind --period 2026-10 --send
    expect_rc 0
    expect_eq "$(ls outbox/*.eml | wc -l)" "12"
    expect_eq "$(sql toro.db "SELECT count(*) FROM audit WHERE entity = 'mail' AND action = 'remind'")" "12"
}

test_remind_follows_the_due_rule_and_groups_by_organization() {
    demo_with_mail
    # As of the 21st the venture due on the 20th is missing too; a report sent drops out.
    printf 'venture,period,indicator,value\nV-2025-005,2026-10,participants,4\n' >october.csv
    toro --as-of 2026-11-21 report import october.csv
    expect_rc 0
    toro --as-of 2026-11-21 report remind --period 2026-10 --format json
    expect_eq "$(jq -c '[.messages[].ventures[]]' <<<"$out")" '["V-2025-017","V-2025-012","V-2025-024","V-2025-022"]'
    # Before any due date nobody is reminded.
    toro --as-of 2026-11-05 report remind --period 2026-10 --send --format json
    expect_rc 0
    expect_eq "$(jq -c '.messages' <<<"$out")" "[]"
    expect_eq "$(ls outbox | wc -l)" "0"
}

test_organizations_without_an_email_and_failures_exit_3() {
    demo_with_mail
    sql toro.db "UPDATE org SET email = NULL WHERE code = 'ORG-015'"
    SENDMAIL_REFUSE=msw@example.org toro --as-of 2026-11-11 report remind --period 2026-10 --send --format json
    expect_rc 3
    expect_err_has "toro: ORG-015: Spółdzielnia Socjalna Wolski Zakwas has no e-mail address in the register; not reminded of V-2025-017"
    expect_err_has "toro: ORG-026: the reminder to msw@example.org was not sent:"
    expect_err_has "toro: 2026-10: 2 organizations not reminded (1 without an e-mail address, 1 not sent)"
    expect_eq "$(jq -c '[.skipped[].org, .failed[].org]' <<<"$out")" '["ORG-015","ORG-026"]'
    printf '%s' "$out" >partial.json
    schema_valid report-remind.schema.json partial.json || fail "skipped and failed do not follow the schema"
    expect_eq "$(jq -r '[.messages[] | select(.status == "sent") | .org] | join(",")' <<<"$out")" "ORG-001,ORG-025"
    # What failed is not recorded as sent, and goes out on the next run.
    expect_eq "$(sql toro.db "SELECT key FROM audit WHERE entity = 'mail' ORDER BY id" | paste -sd,)" "ORG-001/2026-10,ORG-025/2026-10"
    toro --as-of 2026-11-11 report remind --period 2026-10 --send --format json
    expect_rc 3
    expect_eq "$(jq -r '[.messages[] | select(.status == "sent") | .org] | join(",")' <<<"$out")" "ORG-026"
}

test_remind_needs_a_sender() {
    toro init --demo
    toro --as-of 2026-11-11 report remind --period 2026-10 --send
    expect_rc 78
    expect_err_has "[mail] from: not set"
    toro --as-of 2026-11-11 report remind --period 2026-10 -o out/ --send
    expect_rc 2
}

test_return_notify_sends_the_prefilled_form() {
    demo_with_mail
    toro --as-of 2026-11-11 report return V-2025-002 2026-10 --reason 'Brak wydatków na materiały' --notify
    expect_rc 0
    expect_err_has "sent the return of V-2025-002 2026-10 to"
    expect_eq "$(ls outbox/*.eml | wc -l)" "1"
    "$PYTHON" - outbox/1.eml <<'PY' || fail "the return message is not as it should be"
import email, email.policy, io, sys
import openpyxl
message = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
text = message.get_body(("plain",)).get_content()
assert "Brak wydatków na materiały" in text, text
assert "V-2025-002" in str(message["Subject"]), message["Subject"]
(form,) = list(message.iter_attachments())
book = openpyxl.load_workbook(io.BytesIO(form.get_content()))
sheet = book.worksheets[0]
description = [row for row in book["toro"].iter_rows(values_only=True)]
cells = {row[1]: row[3] for row in description if row[0] == "indicator"}
assert cells, description
assert all(sheet[cell].value is not None for cell in cells.values()), "the form is not pre-filled"
assert any("Brak wydatków" in str(c.value) for row in sheet.iter_rows() for c in row), "the reason is not on the form"
PY
    expect_eq "$(sql toro.db "SELECT action, key FROM audit WHERE entity = 'mail'")" "return|V-2025-002/2026-10"
    # -o writes the message instead of sending it.
    toro --as-of 2026-11-11 report return V-2025-003 2026-10 --reason 'Popraw' --notify -o returns/
    expect_rc 0
    expect_file returns/V-2025-003_2026-10_return.eml
    expect_eq "$(ls outbox/*.eml | wc -l)" "1"
}

run_tests
