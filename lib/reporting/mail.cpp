#include "reporting/mail.hpp"

#include "core/catalogue.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "reporting/forms.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace toro::reporting {
namespace {

// "październik 2026", "October 2026".
std::string month_name(Period period, Lang lang)
{
    return say(lang, Key::composed("month.name." + std::to_string(period.month())), {}) + " " +
           std::to_string(period.year());
}

std::string overdue_text(std::int64_t days, Lang lang)
{
    if (days <= 0) {
        return say(lang, "mail.due_today");
    }
    return say(lang, "mail.overdue", {{"days", days}});
}

constexpr std::string_view base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t chunk = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) {
            chunk |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        }
        if (i + 2 < bytes.size()) {
            chunk |= static_cast<unsigned char>(bytes[i + 2]);
        }
        out += base64_alphabet[(chunk >> 18) & 63U];
        out += base64_alphabet[(chunk >> 12) & 63U];
        out += i + 1 < bytes.size() ? base64_alphabet[(chunk >> 6) & 63U] : '=';
        out += i + 2 < bytes.size() ? base64_alphabet[chunk & 63U] : '=';
    }
    return out;
}

// Base64 in lines of 76 characters (RFC 2045).
std::string base64_lines(std::string_view bytes)
{
    const std::string encoded = base64(bytes);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76) {
        out += encoded.substr(i, 76);
        out += "\r\n";
    }
    return out;
}

bool plain_ascii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte < 0x7F;
    });
}

// A header's text: as it is when it is printable ASCII, else RFC 2047 encoded words of at most
// 39 bytes of UTF-8 each (whole characters), folded onto lines of their own, so that no line of
// the header is longer than 78 characters.
std::string header_text(std::string_view text)
{
    if (plain_ascii(text)) {
        return std::string(text);
    }
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + 39);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
            --end;  // never split a character
        }
        out += out.empty() ? "" : "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// "Name <address>" with the name encoded when it must be.
std::string mailbox_header(const std::string& mailbox)
{
    const auto open = mailbox.rfind('<');
    if (open == std::string::npos || open == 0) {
        return mailbox;
    }
    std::string name(trim(std::string_view(mailbox).substr(0, open)));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
    }
    const std::string address = mailbox.substr(open);
    std::string shown;
    if (plain_ascii(name)) {
        shown = "\"";
        for (const char c : name) {
            if (c == '"' || c == '\\') {
                shown += '\\';
            }
            shown += c;
        }
        shown += '"';
    } else {
        shown = header_text(name);
    }
    // The address on a line of its own when the name's last line leaves no room for it.
    const auto last_line = shown.size() - (shown.rfind('\n') == std::string::npos ? 0 : shown.rfind('\n') + 1);
    return shown + (last_line + address.size() + 10 > 78 ? "\r\n " : " ") + address;
}

// UTF-8 text as quoted-printable (RFC 2045) with CRLF line ends.
std::string quoted_printable(std::string_view text)
{
    std::string out;
    std::size_t column = 0;
    const auto put = [&](std::string_view piece) {
        if (column + piece.size() > 75) {
            out += "=\r\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            out += "\r\n";
            column = 0;
            continue;
        }
        const bool line_end_follows = i + 1 == text.size() || text[i + 1] == '\n';
        if ((byte >= 33 && byte <= 126 && byte != '=') || (byte == ' ' && !line_end_follows)) {
            put(std::string_view(&text[i], 1));
        } else {
            put(fmt::format("={:02X}", byte));
        }
    }
    return out;
}

std::string random_hex(std::size_t bytes)
{
    std::random_device device;
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        out += fmt::format("{:02x}", device() & 0xFFU);
    }
    return out;
}

std::string org_name(store::Store& store, const std::string& org)
{
    store::Statement query(store.db(), "SELECT name FROM org WHERE code = ?");
    query.bind(1, org);
    return query.step() ? query.column(0).get_string() : org;
}

void require_sender(const config::Config& config)
{
    if (!config.mail_from) {
        throw Error(Exit::config, "[mail] from", Message("mail.no_sender"));
    }
}

FormContact contact_of(const config::Config& config)
{
    return {config.city_name, config.mail_reply_to ? config.mail_reply_to : config.mail_from};
}

Mail envelope(const config::Config& config, const std::string& to)
{
    require_sender(config);
    Mail message;
    message.from = *config.mail_from;
    message.reply_to = config.mail_reply_to.value_or(*config.mail_from);
    message.to = to;
    message.message_id = new_message_id(message.from);
    message.date = message_date(std::time(nullptr));
    return message;
}

}  // namespace

std::string address_of(const std::string& mailbox)
{
    const auto open = mailbox.rfind('<');
    const auto close = mailbox.rfind('>');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        return std::string(trim(mailbox));
    }
    return mailbox.substr(open + 1, close - open - 1);
}

std::string new_message_id(const std::string& from)
{
    const auto address = address_of(from);
    const auto at = address.rfind('@');
    const std::string domain = at == std::string::npos ? "localhost" : address.substr(at + 1);
    return fmt::format("<toro.{}.{}@{}>", std::time(nullptr), random_hex(8), domain);
}

std::string message_date(std::time_t when)
{
    std::tm local{};
    ::localtime_r(&when, &local);
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const long offset = local.tm_gmtoff / 60;
    return fmt::format(
        "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} {}{:02d}{:02d}", days.at(static_cast<std::size_t>(local.tm_wday)),
        local.tm_mday, months.at(static_cast<std::size_t>(local.tm_mon)), local.tm_year + 1900, local.tm_hour,
        local.tm_min, local.tm_sec, offset < 0 ? '-' : '+', std::labs(offset) / 60, std::labs(offset) % 60);
}

std::string render_message(const Mail& message)
{
    std::string out;
    const auto header = [&out](std::string_view name, const std::string& value) {
        out += fmt::format("{}: {}\r\n", name, value);
    };
    header("From", mailbox_header(message.from));
    header("To", mailbox_header(message.to));
    if (!message.reply_to.empty()) {
        header("Reply-To", mailbox_header(message.reply_to));
    }
    header("Subject", header_text(message.subject));
    header("Date", message.date);
    header("Message-ID", message.message_id);
    header("MIME-Version", "1.0");
    header("Auto-Submitted", "auto-generated");
    const std::string text_headers =
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
    if (message.attachments.empty()) {
        out += text_headers + "\r\n" + quoted_printable(message.body);
        return out;
    }
    const std::string boundary = "=_toro_" + random_hex(12);
    header("Content-Type", fmt::format("multipart/mixed; boundary=\"{}\"", boundary));
    out += "\r\nThis is a message in MIME format.\r\n";
    out += "\r\n--" + boundary + "\r\n" + text_headers + "\r\n" + quoted_printable(message.body) + "\r\n";
    for (const auto& attachment : message.attachments) {
        out += "\r\n--" + boundary + "\r\n";
        out += fmt::format("Content-Type: {}; name=\"{}\"\r\n", attachment.content_type, attachment.file_name);
        out += "Content-Transfer-Encoding: base64\r\n";
        out += fmt::format("Content-Disposition: attachment; filename=\"{}\"\r\n\r\n", attachment.file_name);
        out += base64_lines(attachment.bytes);
    }
    out += "\r\n--" + boundary + "--\r\n";
    return out;
}

void send_message(const std::string& command, const std::string& message)
{
    std::vector<std::string> words;
    std::istringstream split(command);
    for (std::string word; split >> word;) {
        words.push_back(word);
    }
    if (words.empty()) {
        throw Error(Exit::config, "[mail] sendmail", Message("mail.no_command"));
    }
    std::vector<char*> argv;
    for (auto& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    std::string text;
    text.reserve(message.size());
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\r' && i + 1 < message.size() && message[i + 1] == '\n') {
            continue;  // sendmail reads lines ended by LF
        }
        text += message[i];
    }
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0) {
        const int error = errno;
        throw Error(Exit::io, words[0], Message("mail.cannot_run", {{"reason", os_error(error)}}));
    }
    const pid_t child = ::fork();
    if (child < 0) {
        const int error = errno;
        ::close(pipe_ends[0]);
        ::close(pipe_ends[1]);
        throw Error(Exit::io, words[0], Message("mail.cannot_run", {{"reason", os_error(error)}}));
    }
    if (child == 0) {
        ::dup2(pipe_ends[0], STDIN_FILENO);
        ::close(pipe_ends[0]);
        ::close(pipe_ends[1]);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_ends[0]);
    // A program that stops reading must not end toro with SIGPIPE: the write fails instead.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous {};
    ::sigaction(SIGPIPE, &ignore, &previous);
    std::size_t written = 0;
    bool write_failed = false;
    while (written < text.size()) {
        const auto count = ::write(pipe_ends[1], text.data() + written, text.size() - written);
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            write_failed = true;
            break;
        }
        written += static_cast<std::size_t>(count);
    }
    ::close(pipe_ends[1]);
    ::sigaction(SIGPIPE, &previous, nullptr);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        throw Error(Exit::io, words[0], Message("mail.not_found"));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error(Exit::io, words[0],
                    WIFEXITED(status) ? Message("mail.exit_status", {{"status", WEXITSTATUS(status)}})
                                      : Message("mail.signalled"));
    }
    if (write_failed) {
        throw Error(Exit::io, words[0], Message("mail.short_read"));
    }
}

std::vector<Reminder> reminders(store::Store& store, const config::Config& config, Period period, Date as_of)
{
    std::vector<Reminder> result;
    auto missing = missing_reports(store, config, period, as_of);
    std::stable_sort(missing.begin(), missing.end(),
                     [](const MissingReport& a, const MissingReport& b) { return a.org < b.org; });
    for (auto& report : missing) {
        if (result.empty() || result.back().org != report.org) {
            result.push_back({report.org, org_name(store, report.org), report.email, {}});
        }
        result.back().reports.push_back(std::move(report));
    }
    return result;
}

Mail reminder_message(store::Store& store, const config::Config& config, const Reminder& reminder, Period period,
                      Lang lang)
{
    Mail message = envelope(config, fmt::format("{} <{}>", reminder.org_name, reminder.email.value_or("")));
    const std::string month = month_name(period, lang);
    message.subject = say(lang, "mail.remind_subject", {{"month", month}, {"org", reminder.org_name}});
    std::string body = say(lang, "mail.greeting") + "\n\n" +
                       say(lang, "mail.remind_intro", {{"month", month}, {"org", reminder.org_name}}) + "\n\n";
    for (const auto& report : reminder.reports) {
        body += say(lang, "mail.remind_line",
                    {{"code", report.code},
                     {"title", report.title},
                     {"due_on", report.due_on.to_string()},
                     {"overdue", overdue_text(report.days_overdue, lang)}}) +
                "\n";
        const auto form = report_form(store, config, report.code, period, lang);
        message.attachments.push_back({form_file_name(report.code, period),
                                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                       form_bytes(form, lang, contact_of(config))});
    }
    body += "\n" + say(lang, "mail.remind_forms") + "\n\n" + say(lang, "mail.closing") + "\n" +
            say(lang, "mail.office", {{"city", config.city_name}}) + "\n";
    message.body = std::move(body);
    return message;
}

Mail return_message(store::Store& store, const config::Config& config, const std::string& venture, Period period,
                    const std::string& reason, Lang lang)
{
    const auto form = report_form(store, config, venture, period, lang, true);
    if (!form.org_email) {
        throw Error(Exit::attention, fmt::format("{} {}", venture, period.to_string()),
                    Message("mail.return_not_sent", {{"org", form.org}}));
    }
    Mail message = envelope(config, fmt::format("{} <{}>", form.org_name, *form.org_email));
    message.subject = say(lang, "mail.return_subject", {{"venture", venture}, {"period", period.to_string()}});
    message.body = say(lang, "mail.greeting") + "\n\n" +
                   say(lang, "mail.return_intro",
                       {{"venture", venture}, {"title", form.title}, {"month", month_name(period, lang)}}) +
                   "\n\n" + reason + "\n\n" + say(lang, "mail.return_form") + "\n\n" + say(lang, "mail.closing") +
                   "\n" + say(lang, "mail.office", {{"city", config.city_name}}) + "\n";
    message.attachments.push_back({form_file_name(venture, period),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   form_bytes(form, lang, contact_of(config))});
    return message;
}

bool reminded(store::Store& store, const std::string& org, Period period, Date day)
{
    store::Statement query(store.db(),
                           fmt::format("SELECT 1 FROM audit WHERE entity = 'mail' AND action = 'remind' AND key = ? "
                                       "AND {} = ? LIMIT 1",
                                       store::json_field(store.db().dialect(), "after", "day")));
    query.bind(1, fmt::format("{}/{}", org, period.to_string()));
    query.bind(2, day.to_string());
    return query.step();
}

void record_sent(store::Store& store, std::string_view action, const std::string& key, const Mail& message, Date day,
                 const std::vector<std::string>& ventures)
{
    store.audit("mail", key, action, nullptr,
                {{"message_id", message.message_id},
                 {"to", address_of(message.to)},
                 {"day", day.to_string()},
                 {"ventures", ventures}});
}

std::size_t ReminderRun::count(std::string_view status) const
{
    return static_cast<std::size_t>(std::count_if(
        outcomes.begin(), outcomes.end(), [&](const ReminderOutcome& outcome) { return outcome.status == status; }));
}

ReminderRun remind(store::Store& store, const config::Config& config, Period period, Date as_of, Lang lang,
                   const RemindOptions& options,
                   const std::function<void(const Mail&, const std::filesystem::path&)>& write)
{
    ReminderRun run{period, as_of, {}};
    for (const auto& reminder : reminders(store, config, period, as_of)) {
        auto& outcome = run.outcomes.emplace_back();
        outcome.org = reminder.org;
        outcome.org_name = reminder.org_name;
        outcome.email = reminder.email;
        for (const auto& report : reminder.reports) {
            outcome.ventures.push_back(report.code);
        }
        if (!reminder.email) {
            outcome.status = "skipped";
            outcome.detail = Message("mail.no_address");
            outcome.reason = "no e-mail address";
            outcome.notice =
                Message("mail.not_reminded", {{"org", reminder.org},
                                              {"name", reminder.org_name},
                                              {"ventures", fmt::format("{}", fmt::join(outcome.ventures, ", "))}});
            continue;
        }
        if (options.send && !options.again && reminded(store, reminder.org, period, as_of)) {
            outcome.status = "already_sent";
            outcome.detail = Message("mail.already_sent", {{"day", as_of}});
            continue;
        }
        if (!options.folder && !options.send) {
            outcome.status = "due";
            continue;
        }
        const auto message = reminder_message(store, config, reminder, period, lang);
        if (options.folder) {
            const auto target =
                *options.folder / file_name_part(fmt::format("{}_{}.eml", reminder.org, period.to_string()));
            write(message, target);
            outcome.status = "written";
            outcome.detail = Message::verbatim(target.string());
            outcome.message_id = message.message_id;
            outcome.file = target.string();
            continue;
        }
        try {
            send_message(config.sendmail, render_message(message));
        } catch (const Error& error) {
            outcome.status = "failed";
            outcome.detail = error.words();
            outcome.reason = fmt::format("{}: {}", error.context(), error.message());
            outcome.notice = Message("mail.not_sent", {{"org", reminder.org},
                                                       {"email", *reminder.email},
                                                       {"context", error.context()},
                                                       {"reason", error.words()}});
            continue;
        }
        store::WriteTransaction transaction(store);
        record_sent(store, "remind", fmt::format("{}/{}", reminder.org, period.to_string()), message, as_of,
                    outcome.ventures);
        transaction.commit();
        outcome.status = "sent";
        outcome.detail = Message::verbatim(message.message_id);
        outcome.message_id = message.message_id;
    }
    return run;
}

void fields(const ReminderRun& run, render::Fields& out)
{
    out("period", run.period)("as_of", run.as_of);
    const auto listed = [&run](std::initializer_list<std::string_view> statuses) {
        std::vector<const ReminderOutcome*> chosen;
        for (const auto& outcome : run.outcomes) {
            if (std::find(statuses.begin(), statuses.end(), outcome.status) != statuses.end()) {
                chosen.push_back(&outcome);
            }
        }
        return chosen;
    };
    out.each("messages", listed({"due", "already_sent", "written", "sent"}),
             [](const ReminderOutcome* outcome, render::Fields& item) {
                 item("org", outcome->org)("email", outcome->email)("ventures", outcome->ventures);
                 item("status", outcome->status)("message_id", outcome->message_id)("file", outcome->file);
             });
    out.each("skipped", listed({"skipped"}), [](const ReminderOutcome* outcome, render::Fields& item) {
        item("org", outcome->org)("name", outcome->org_name)("ventures", outcome->ventures);
        item("reason", outcome->reason);
    });
    out.each("failed", listed({"failed"}), [](const ReminderOutcome* outcome, render::Fields& item) {
        item("org", outcome->org)("email", outcome->email)("ventures", outcome->ventures);
        item("reason", outcome->reason);
    });
}

render::Document reminders_document(const ReminderRun& run, Lang lang)
{
    render::Table table;
    table.name = "reminders";
    table.columns = {{"org", say(lang, "column.org")},
                     {"email", say(lang, "column.email")},
                     {"ventures", say(lang, "column.ventures")},
                     {"status", say(lang, "column.status")},
                     {"detail", say(lang, "column.detail")}};
    for (const auto& outcome : run.outcomes) {
        // The detail is a sentence: English for machines, in the output language for people.
        const auto org = render::named_term({outcome.org, outcome.org_name, "", true});
        table.rows.push_back({org, outcome.email ? render::Cell(*outcome.email) : render::Cell(), outcome.ventures,
                              render::term("mail.status.", outcome.status),
                              outcome.detail.empty()
                                  ? render::Cell()
                                  : render::Cell(render::Term{outcome.detail.text(Lang::en), outcome.detail})});
    }
    render::Document document;
    document.tables.push_back(std::move(table));
    render::set_json(document, run);
    return document;
}

}  // namespace toro::reporting
