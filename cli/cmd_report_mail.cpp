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

struct RemindOptions {
    std::string period;
    bool send = false;
    bool again = false;
};

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
    reporting::RemindOptions remind_options;
    remind_options.folder = write ? std::optional(message_folder(context)) : std::nullopt;
    remind_options.send = options.send;
    remind_options.again = options.again;
    const auto run =
        reporting::remind(context.store(), context.config(), period, context.as_of(), context.lang(), remind_options,
                          [&context](const reporting::Mail& message, const fs::path& target) {
                              write_message(context, message, target);
                          });
    for (const auto& outcome : run.outcomes) {
        if (outcome.notice) {
            context.note(*outcome.notice);
        }
    }
    context.emit(reporting::reminders_document(run, context.lang()),
                 {render::Format::table, render::Format::csv, render::Format::tsv, render::Format::json,
                  render::Format::jsonl, render::Format::md});
    const auto skipped = run.count("skipped");
    const auto failed = run.count("failed");
    if (skipped + failed > 0) {
        throw Error(
            Exit::attention, period.to_string(),
            Message("mail.some_not_reminded", {{"count", skipped + failed}, {"skipped", skipped}, {"failed", failed}}));
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
    const fs::path target = folder
                                ? fs::path(*output) / file_name_part(fmt::format("{}_{}_return.eml", venture, period))
                                : fs::path(*output);
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
