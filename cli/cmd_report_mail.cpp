// toro report remind --period P [-o DIR | --send] [--again], and the message of `report return
// --notify` (docs/reports.md "Reminders and returns by e-mail").

#include "commands.hpp"
#include "validators.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "reporting/mail.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>

namespace toro::cli {
namespace {

namespace fs = std::filesystem;

// Writes a message to `target` whole or not at all.
void write_message(Context& context, const reporting::Mail& message, const fs::path& target)
{
    context.check_target(target);
    AtomicFile file(target, context.output_mode(), true);
    file.stream() << reporting::render_message(message);
    file.commit();
}

// -o as the folder messages are written into (made when missing), taken off the output so that
// the summary goes to stdout.
fs::path message_folder(Context& context)
{
    const fs::path folder(*context.options().output);
    std::error_code error;
    if (fs::exists(folder, error) && !fs::is_directory(folder, error)) {
        throw Error(Exit::cant_create, folder.string(), Message("mail.not_a_folder"));
    }
    context.options().output.reset();
    fs::create_directories(folder, error);
    if (error) {
        throw Error(Exit::cant_create, folder.string(),
                    Message("form.cannot_create_folder", {{"reason", os_error(error.value())}}));
    }
    return folder;
}

std::string file_part(std::string text)
{
    for (char& c : text) {
        if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) {
            c = '_';
        }
    }
    return text;
}

struct RemindOptions {
    std::string period;
    bool send = false;
    bool again = false;
};

// Long, as one pass over the organizations decides for each what happens to its reminder
// (skipped, already sent, listed, written, sent or failed) and records it in the summary.
void remind(Context& context, const RemindOptions& options)
{
    const Period period = [&] {
        if (options.period.empty()) {
            return context.as_of().period().add_months(-1);
        }
        return Period::parse(options.period);  // checked by period_check
    }();
    const bool write = context.options().output && *context.options().output != "-";
    if (write && options.send) {
        throw Error(Exit::usage, "--send", Message("mail.write_or_send"));
    }
    if ((write || options.send) && !context.config().mail_from) {
        throw Error(Exit::config, "[mail] from", Message("mail.no_sender"));
    }
    const std::optional<fs::path> folder = write ? std::optional(message_folder(context)) : std::nullopt;
    auto& store = context.store();
    const Date as_of = context.as_of();
    const Lang lang = context.lang();
    const auto list = reporting::reminders(store, context.config(), period, as_of);

    render::Table table;
    table.name = "reminders";
    table.columns = {{"org", say(lang, "column.org")},
                     {"email", say(lang, "column.email")},
                     {"ventures", say(lang, "column.ventures")},
                     {"status", say(lang, "column.status")},
                     {"detail", say(lang, "column.detail")}};
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    nlohmann::ordered_json failed = nlohmann::ordered_json::array();
    for (const auto& reminder : list) {
        std::vector<std::string> ventures;
        for (const auto& report : reminder.reports) {
            ventures.push_back(report.code);
        }
        // The detail is a sentence: English for machines, in the output language for people.
        const auto row = [&](const std::string& status, const Message& detail) {
            table.rows.push_back(
                {reminder.org, reminder.email ? render::Cell(*reminder.email) : render::Cell(), ventures,
                 render::term("mail.status.", status),
                 detail.empty() ? render::Cell() : render::Cell(render::Term{detail.text(Lang::en), detail})});
        };
        if (!reminder.email) {
            context.note(Message("mail.not_reminded", {{"org", reminder.org},
                                                       {"name", reminder.org_name},
                                                       {"ventures", fmt::format("{}", fmt::join(ventures, ", "))}}));
            skipped.push_back({{"org", reminder.org},
                               {"name", reminder.org_name},
                               {"ventures", ventures},
                               {"reason", "no e-mail address"}});
            row("skipped", Message("mail.no_address"));
            continue;
        }
        if (options.send && !options.again && reporting::reminded(store, reminder.org, period, as_of)) {
            row("already_sent", Message("mail.already_sent", {{"day", as_of}}));
            messages.push_back({{"org", reminder.org},
                                {"email", *reminder.email},
                                {"ventures", ventures},
                                {"status", "already_sent"},
                                {"message_id", nullptr},
                                {"file", nullptr}});
            continue;
        }
        if (!write && !options.send) {
            row("due", Message());
            messages.push_back({{"org", reminder.org},
                                {"email", *reminder.email},
                                {"ventures", ventures},
                                {"status", "due"},
                                {"message_id", nullptr},
                                {"file", nullptr}});
            continue;
        }
        const auto message = reporting::reminder_message(store, context.config(), reminder, period, lang);
        if (folder) {
            const auto target = *folder / file_part(fmt::format("{}_{}.eml", reminder.org, period.to_string()));
            write_message(context, message, target);
            row("written", Message::verbatim(target.string()));
            messages.push_back({{"org", reminder.org},
                                {"email", *reminder.email},
                                {"ventures", ventures},
                                {"status", "written"},
                                {"message_id", message.message_id},
                                {"file", target.string()}});
            continue;
        }
        try {
            reporting::send_message(context.config().sendmail, reporting::render_message(message));
        } catch (const Error& error) {
            context.note(Message("mail.not_sent", {{"org", reminder.org},
                                                   {"email", *reminder.email},
                                                   {"context", error.context()},
                                                   {"reason", error.words()}}));
            failed.push_back({{"org", reminder.org},
                              {"email", *reminder.email},
                              {"ventures", ventures},
                              {"reason", fmt::format("{}: {}", error.context(), error.message())}});
            row("failed", error.words());
            continue;
        }
        store::WriteTransaction transaction(store);
        reporting::record_sent(store, "remind", fmt::format("{}/{}", reminder.org, period.to_string()), message, as_of,
                               ventures);
        transaction.commit();
        row("sent", Message::verbatim(message.message_id));
        messages.push_back({{"org", reminder.org},
                            {"email", *reminder.email},
                            {"ventures", ventures},
                            {"status", "sent"},
                            {"message_id", message.message_id},
                            {"file", nullptr}});
    }
    render::Document document;
    document.tables.push_back(std::move(table));
    document.json = nlohmann::ordered_json{{"period", period.to_string()},
                                           {"as_of", as_of.to_string()},
                                           {"messages", messages},
                                           {"skipped", skipped},
                                           {"failed", failed}};
    context.emit(document, {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                            render::Format::jsonl, render::Format::md});
    if (!skipped.empty() || !failed.empty()) {
        throw Error(Exit::attention, period.to_string(),
                    Message("mail.some_not_reminded", {{"count", skipped.size() + failed.size()},
                                                       {"skipped", skipped.size()},
                                                       {"failed", failed.size()}}));
    }
}

}  // namespace

std::optional<fs::path> return_message_target(Context& context, const std::string& venture, const std::string& period)
{
    const auto output = context.options().output;
    if (!output || *output == "-") {
        return std::nullopt;
    }
    std::error_code error;
    const bool folder = output->ends_with('/') || fs::is_directory(*output, error);
    const fs::path target =
        folder ? fs::path(*output) / file_part(fmt::format("{}_{}_return.eml", venture, period)) : fs::path(*output);
    context.options().output.reset();
    context.check_target(target);
    return target;
}

void notify_return(Context& context, const std::string& venture, Period period, const std::string& reason,
                   const std::optional<fs::path>& target)
{
    auto& store = context.store();
    const auto message = reporting::return_message(store, context.config(), venture, period, reason, context.lang());
    if (target) {
        std::error_code error;
        fs::create_directories(target->parent_path().empty() ? fs::path(".") : target->parent_path(), error);
        write_message(context, message, *target);
        context.note(Message("mail.wrote_return", {{"file", *target}, {"to", reporting::address_of(message.to)}}));
        return;
    }
    reporting::send_message(context.config().sendmail, reporting::render_message(message));
    store::WriteTransaction transaction(store);
    reporting::record_sent(store, "return", fmt::format("{}/{}", venture, period.to_string()), message, context.as_of(),
                           {venture});
    transaction.commit();
    context.note(Message("mail.sent_return", {{"venture", venture},
                                              {"period", period},
                                              {"to", reporting::address_of(message.to)},
                                              {"id", message.message_id}}));
}

void set_report_remind(CLI::App& report, Context& context)
{
    auto options = std::make_shared<RemindOptions>();
    auto* remind_command = report.add_subcommand(
        "remind", "Remind each organization by e-mail of its reports due and not received for a month, its blank "
                  "forms attached");
    set_example(*remind_command, "toro report remind --period 2026-10 --format json");
    remind_command->footer(remind_command->get_footer() +
                           "\nWith [mail] from set in toro.toml, -o DIR/ writes the messages (.eml) and --send hands "
                           "them to [mail] sendmail: `toro report remind --period 2026-10 --send`.\n");
    remind_command->add_option("--period", options->period, "The month (default: the month before --as-of)")
        ->check(period_check(context));
    remind_command->add_flag("--send", options->send,
                             "Hand each message to [mail] sendmail and record it in the audit log (without it and "
                             "-o DIR: list who would be reminded)");
    remind_command->add_flag("--again", options->again, "With --send: send also what was sent on the same day already");
    remind_command->callback([&context, options] { remind(context, *options); });
}

}  // namespace toro::cli
