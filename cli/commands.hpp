#pragma once
// Each command family is one file that declares its options and calls lib/ (micromamba-style).

#include "context.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace toro::cli {

void set_init_command(CLI::App& app, Context& context);
void set_db_command(CLI::App& app, Context& context);
void set_config_command(CLI::App& app, Context& context);
void set_register_command(CLI::App& app, Context& context);
void set_report_command(CLI::App& app, Context& context);
void set_report_annual(CLI::App& report, Context& context);
void set_report_form(CLI::App& report, Context& context);
void set_report_remind(CLI::App& report, Context& context);
// `report final` and `report settlement` (the end of the grant cycle).
void set_report_grants(CLI::App& report, Context& context);
// `report return --notify`: where -o says the return message goes (a FILE.eml, or a file in
// DIR/), taken off the output before the store is opened; nullopt: it is sent.
std::optional<std::filesystem::path> return_message_target(Context& context, const std::string& venture,
                                                           const std::string& period);
// The return message to the organization, written to `target` or sent through [mail] sendmail
// and recorded in the audit log.
void notify_return(Context& context, const std::string& venture, Period period, const std::string& reason,
                   const std::optional<std::filesystem::path>& target);
void set_survey_command(CLI::App& app, Context& context);
// create, list, show, import, export and summary of evaluation studies, under `evaluate`.
void set_evaluate_study(CLI::App& evaluate, Context& context);
void set_evaluate_command(CLI::App& app, Context& context);
// `evaluate offers CALL [--publish]`: an open call's protocol or public results (cmd_calls.cpp).
void set_evaluate_offers(CLI::App& evaluate, Context& context);
// `register offer award CALL`: the awarded offers become ventures (cmd_calls.cpp).
void set_offer_award(CLI::App& offer, Context& context);

// The hidden `toro __reference man|bash|examples`: every command of `app` (declared before or after
// it) written out as the manual page, a bash completion script or the list of --help examples.
void set_reference_command(CLI::App& app, Context& context);

// Adds "Example:" lines under a command's --help.
void set_example(CLI::App& command, const std::string& example);
// Adds to a command's help (after its example) that its reference values of `kinds` are
// listed by `toro register reference KIND`.
void point_at_reference(CLI::App& command, const std::string& kinds);

}  // namespace toro::cli
