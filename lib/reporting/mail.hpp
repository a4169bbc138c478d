#pragma once
// Reminders and returns as e-mail (docs/reports.md "Reminders and returns by e-mail"): the
// messages, written as RFC 5322 with MIME (UTF-8 text, the report forms attached), and their
// hand-over to a sendmail-like program. Which reminders go out follows the rule of due,
// expected, pending and missing (monitoring.hpp): only reports due and not received.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"
#include "reporting/monitoring.hpp"
#include "store/store.hpp"

#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace toro::reporting {

struct Attachment {
    std::string file_name;
    std::string content_type;
    std::string bytes;
};

struct Mail {
    std::string from;
    std::string to;  // "Name <address>" or the address alone
    std::string reply_to;
    std::string subject;
    std::string body;        // plain text, lines separated by "\n"
    std::string message_id;  // "<…@…>"
    std::string date;        // RFC 5322 date-time
    std::vector<Attachment> attachments;
};

// The message as RFC 5322 text with MIME, lines ending in CRLF: headers in US-ASCII (words
// with other characters as RFC 2047 encoded words), a multipart/mixed body when it has
// attachments, the text as UTF-8 quoted-printable and each attachment in base64.
std::string render_message(const Mail& message);

// A new, unique Message-ID for a message from `from`: "<toro.RANDOM@DOMAIN>".
std::string new_message_id(const std::string& from);
// `when` as an RFC 5322 date-time in local time: "Wed, 11 Nov 2026 09:30:00 +0100".
std::string message_date(std::time_t when);
// The address of "Name <address>" (the text itself when it has no angle brackets).
std::string address_of(const std::string& mailbox);

// Hands `message` to `command` (a command line, words split on spaces, run without a shell) on
// its standard input, with lines ending in LF as sendmail expects. Throws Error(Exit::io) when
// the program cannot be run or exits with another status than 0.
void send_message(const std::string& command, const std::string& message);

// One organization's reports that are due and not received for a month.
struct Reminder {
    std::string org;
    std::string org_name;
    std::optional<std::string> email;
    std::vector<MissingReport> reports;
};

// The reminders for `period` as of `as_of`: the missing reports grouped by organization, in
// organization code order.
std::vector<Reminder> reminders(store::Store& store, const config::Config& config, Period period, Date as_of);

// The reminder to one organization, in `lang`, its forms attached (blank, one per venture).
Mail reminder_message(store::Store& store, const config::Config& config, const Reminder& reminder, Period period,
                      Lang lang);

// The message returning a report to its organization, with the reason and the venture's form
// for that month pre-filled with what was reported. Throws Error(Exit::attention) when the
// organization has no e-mail address.
Mail return_message(store::Store& store, const config::Config& config, const std::string& venture, Period period,
                    const std::string& reason, Lang lang);

// Whether a reminder to `org` for `period` was sent on `day` already (the audit log's rows of
// entity mail, action remind).
bool reminded(store::Store& store, const std::string& org, Period period, Date day);

// Records a sent message in the audit log: entity mail, `action` (remind, return), `key`, and
// in after its Message-ID, recipient, the day and what it was about.
void record_sent(store::Store& store, std::string_view action, const std::string& key, const Mail& message, Date day,
                 const std::vector<std::string>& ventures);

// `report remind`: what to do with the reminders. Neither a folder nor `send`: list them.
struct RemindOptions {
    std::optional<std::filesystem::path> folder;  // write each message there as ORG_PERIOD.eml
    bool send = false;                            // hand each to [mail] sendmail and record it
    bool again = false;                           // with send: also those sent on the same day already
};

// What became of one organization's reminder.
struct ReminderOutcome {
    std::string org;
    std::string org_name;
    std::optional<std::string> email;
    std::vector<std::string> ventures;
    std::string status;  // due, already_sent, written, sent; skipped (no address), failed
    Message detail;      // for people: the file, the Message-ID, why it was not sent
    std::optional<std::string> message_id;
    std::optional<std::string> file;
    std::string reason;             // skipped and failed: why, for machines (English)
    std::optional<Message> notice;  // what the person running it is told on stderr
};

struct ReminderRun {
    Period period = Period::from_ym(2000, 1);
    Date as_of = Date::from_ymd(2000, 1, 1);
    std::vector<ReminderOutcome> outcomes;  // in organization code order

    // The organizations not reminded: skipped and failed.
    std::size_t count(std::string_view status) const;
};

// Goes through the reminders of `period` as of `as_of`: an organization with no address is
// skipped; with `send`, one reminded on `as_of` already is not again (unless `again`); each
// message is written by `write(message, file)` into the folder, or sent and recorded in the
// audit log (one transaction each), or only listed. A message that cannot be sent is `failed`
// and the others go on.
ReminderRun remind(store::Store& store, const config::Config& config, Period period, Date as_of, Lang lang,
                   const RemindOptions& options,
                   const std::function<void(const Mail&, const std::filesystem::path&)>& write);

// period, as_of, and the messages (due, already sent, written, sent), skipped and failed ones
// (docs/reports.md).
void fields(const ReminderRun& run, render::Fields& out);
render::Document reminders_document(const ReminderRun& run, Lang lang);

}  // namespace toro::reporting
