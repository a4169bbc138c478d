// toro report submit | import | accept | return | history | monthly | missing | venture | loans
// (docs/reports.md).

#include "commands.hpp"
#include "import_command.hpp"

#include "core/error.hpp"
#include "core/number.hpp"
#include "grants/ledger.hpp"
#include "registry/names.hpp"
#include "reporting/documents.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

#include <cmath>
#include <memory>

namespace toro::cli {
namespace {

constexpr auto report_formats = {render::Format::table, render::Format::csv,   render::Format::tsv,
                                 render::Format::json,  render::Format::jsonl, render::Format::md,
                                 render::Format::html,  render::Format::xlsx};

Period parse_period(const std::string& text, const char* option)
{
    try {
        return Period::parse(text);
    } catch (const InvalidValue& error) {
        throw Error(Exit::usage, option, error.words());
    }
}

// --period, or the month before --as-of.
Period chosen_period(Context& context, const std::string& text)
{
    return text.empty() ? context.as_of().period().add_months(-1) : parse_period(text, "--period");
}

// "IND=N" / "CATEGORY=AMOUNT" pairs of submit.
std::pair<std::string, std::string> split_pair(const std::string& text, const char* option)
{
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw Error(Exit::usage, option, Message("cli.expected_pair", {{"text", text}}));
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

// Long, as it declares the options of a report typed on the command line one by one.
void set_submit(CLI::App& report, Context& context)
{
    struct Options {
        std::string venture;
        std::string period;
        std::vector<std::string> values;
        std::vector<std::string> spent;
        std::string submitted_on;
        std::string note;
        bool reopen = false;
        bool strict = false;
    };
    auto options = std::make_shared<Options>();
    auto* submit = report.add_subcommand("submit", "Record one monthly report");
    set_example(*submit, "toro report submit V-2025-005 2026-10 --value participants=12 --spent personnel=4500,00 "
                         "--submitted-on 2026-11-12");
    submit->footer(submit->get_footer() + "\nIndicator and budget category codes: `toro register reference indicator`, "
                                          "`toro register reference category`.\n");
    submit->add_option("VENTURE", options->venture, "The venture's code")->required();
    submit->add_option("PERIOD", options->period, "The month, YYYY-MM")->required();
    submit->add_option("--value", options->values, "IND=N, one per indicator")->take_all();
    submit->add_option("--spent", options->spent, "CATEGORY=AMOUNT, one per budget category")->take_all();
    submit->add_option("--submitted-on", options->submitted_on, "When it was submitted (default: --as-of)");
    submit->add_option("--note", options->note, "A note from the organization");
    submit->add_flag("--reopen", options->reopen, "Replace an accepted (locked) report");
    submit->add_flag("--strict", options->strict,
                     "Refuse the report on any warning (a value without a target, spending outside the budget "
                     "lines, target indicators left out)");
    submit->callback([&context, options] {
        reporting::Submission submission;
        submission.venture = options->venture;
        submission.period = parse_period(options->period, "PERIOD");
        submission.submitted_on = context.as_of();
        if (!options->submitted_on.empty()) {
            try {
                submission.submitted_on = Date::parse(options->submitted_on);
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, "--submitted-on", error.words());
            }
        }
        if (!options->note.empty()) {
            submission.note = options->note;
        }
        std::vector<Problem> problems;
        for (const auto& pair : options->values) {
            const auto [indicator, value] = split_pair(pair, "--value");
            // The parser of report import: an option is held to the same numbers as a file.
            double number = 0;
            try {
                number = parse_indicator_value(value);
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, fmt::format("--value {}={}", indicator, value), error.words());
            }
            if (!submission.values.emplace(indicator, number).second) {
                throw Error(Exit::usage, fmt::format("--value {}", indicator), Message("cli.given_twice"));
            }
        }
        for (const auto& pair : options->spent) {
            const auto [category, amount] = split_pair(pair, "--spent");
            Money money;
            try {
                money = Money::parse(amount);
            } catch (const InvalidValue& error) {
                throw Error(Exit::usage, fmt::format("--spent {}={}", category, amount), error.words());
            }
            if (!submission.spending.emplace(category, money).second) {
                throw Error(Exit::usage, fmt::format("--spent {}", category), Message("cli.given_twice"));
            }
        }
        auto& store = context.store();
        store::WriteTransaction transaction(store);
        reporting::Reports reports(store, context.config(), context.as_of());
        reports.resolve_names(submission, 0, problems);
        reports.check(submission, 0, problems);
        if (!problems.empty()) {
            throw BatchError("report submit", std::move(problems));
        }
        std::vector<Problem> warnings;
        reports.warnings(submission, 0, warnings);
        if (options->strict && !warnings.empty()) {
            throw BatchError("report submit", std::move(warnings));
        }
        print_warnings("report submit", warnings, warnings.size(), context.message_lang());
        const int revision = reports.submit(submission, options->reopen);
        transaction.commit();
        context.note(Message("report.recorded",
                             {{"venture", submission.venture}, {"period", submission.period}, {"revision", revision}}));
    });
}

void set_review(CLI::App& report, Context& context)
{
    struct Options {
        std::string venture;
        std::string period;
        std::string reason;
        bool notify = false;
    };
    for (const bool accept : {true, false}) {
        auto options = std::make_shared<Options>();
        auto* command = report.add_subcommand(accept ? "accept" : "return",
                                              accept ? "Accept a report (it is then locked)"
                                                     : "Return a report to its organization, with a reason");
        set_example(*command, accept ? "toro report accept V-2025-002 2026-10"
                                     : "toro report return V-2025-002 2026-10 --reason 'Brak wydatków na materiały'");
        command->add_option("VENTURE", options->venture, "The venture's code")->required();
        command->add_option("PERIOD", options->period, "The month, YYYY-MM")->required();
        if (!accept) {
            command->add_option("--reason", options->reason, "Why it goes back")->required();
            command->add_flag("--notify", options->notify,
                              "E-mail the organization the reason and its form for the month, pre-filled with what it "
                              "reported (through [mail] sendmail; with -o FILE.eml or -o DIR/: written there)");
        }
        command->callback([&context, options, accept] {
            const auto message_target =
                options->notify ? return_message_target(context, options->venture, options->period) : std::nullopt;
            auto& store = context.store();
            store::WriteTransaction transaction(store);
            reporting::Reports reports(store, context.config(), context.as_of());
            const auto period = parse_period(options->period, "PERIOD");
            if (accept) {
                reports.accept(options->venture, period);
            } else {
                reports.give_back(options->venture, period, options->reason);
            }
            transaction.commit();
            context.note(Message(accept ? Key("report.accepted") : Key("report.returned"),
                                 {{"venture", options->venture}, {"period", period}}));
            if (options->notify) {
                notify_return(context, options->venture, period, options->reason, message_target);
            }
        });
    }
}

void set_history(CLI::App& report, Context& context)
{
    auto venture = std::make_shared<std::string>();
    auto period = std::make_shared<std::string>();
    auto* history = report.add_subcommand("history", "Every revision of one report");
    set_example(*history, "toro report history V-2025-002 2026-10 --format json");
    history->add_option("VENTURE", *venture, "The venture's code")->required();
    history->add_option("PERIOD", *period, "The month, YYYY-MM")->required();
    history->callback([&context, venture, period] {
        reporting::Reports reports(context.store(), context.config(), context.as_of());
        const auto revisions = reports.history(*venture, parse_period(*period, "PERIOD"));
        context.emit(
            reporting::history_document(revisions, context.lang(), registry::Names::load(context.store(), {}, {})),
            report_formats);
    });
}

}  // namespace

void set_report_command(CLI::App& app, Context& context)
{
    auto* report = app.add_subcommand("report", "Monthly reports and the monitoring reports built on them");
    report->require_subcommand(1);
    set_example(*report, "toro report monthly --as-of 2026-11-11 --format json");
    set_submit(*report, context);
    {
        auto arguments = std::make_shared<ImportArguments>();
        auto reopen = std::make_shared<bool>(false);
        auto layout = std::make_shared<std::string>("monthly");
        auto* import = report->add_subcommand(
            "import", "Import a batch of monthly reports (long or wide layout) or of final reports' costs");
        set_example(*import, "toro report import october.csv -v");
        point_at_reference(*import, "indicator, category");
        add_import_options(*import, *arguments);
        import->add_flag("--reopen", *reopen, "Replace accepted (locked) reports");
        import->add_flag("--strict", arguments->strict,
                         "Refuse the whole import on any warning (a value without a target, spending outside the "
                         "budget lines, target indicators left out)");
        import
            ->add_option("--layout", *layout,
                         "monthly: monthly reports, long or wide as the header shows (default); final: final "
                         "reports' actual costs, columns venture, category, source, actual")
            ->check(CLI::IsMember({"monthly", "final"}));
        import->callback([&context, arguments, reopen, layout] {
            if (*layout == "final") {
                run_import(context, *arguments, [&](store::Store& store) {
                    return grants::final_cost_sink(store, context.config());
    });
    return;
}
std::unique_ptr<reporting::Reports> reports;
run_import(context, *arguments, [&](store::Store& store) {
    reports = std::make_unique<reporting::Reports>(store, context.config(), context.as_of());
    return reports->import_sink(*reopen);
});
}  // namespace toro::cli
);
}
set_review(*report, context);
set_history(*report, context);
set_report_form(*report, context);
set_report_remind(*report, context);
set_report_annual(*report, context);
set_report_grants(*report, context);
{
    auto period = std::make_shared<std::string>();
    auto by = std::make_shared<std::string>();
    auto* monthly = report->add_subcommand("monthly", "The monthly monitoring report");
    set_example(*monthly, "toro report monthly --period 2026-10 --by district --format json -o 2026-10.json");
    monthly->add_option("--period", *period, "The month (default: the month before --as-of)");
    monthly->add_option("--by", *by, "Group by district, sphere or program")
        ->check(CLI::IsMember({"district", "sphere", "program"}));
    monthly->callback([&context, period, by] {
        const auto p = chosen_period(context, *period);
        const auto report_model = reporting::monthly_report(context.store(), context.config(), p, context.as_of(),
                                                            by->empty() ? std::nullopt : std::optional(*by));
        // Each format gets what it prints: json and jsonl the report's JSON alone (no tables
        // or names), html the charts as well, the others the tables. At national scale
        // (tests/bench/bench_report_formats.sh) the tables take most of the memory.
        const auto format = context.choose_format(report_formats);
        if (format == render::Format::json || format == render::Format::jsonl) {
            context.emit(reporting::monthly_json_document(report_model, context.lang()), report_formats);
            return;
        }
        std::optional<std::vector<reporting::GroupFigures>> history;
        if (format == render::Format::html) {
            history = reporting::completeness_history(context.store(), context.config(), p, 12, context.as_of());
        }
        const auto names = reporting::names_for(context.store(), report_model);
        context.emit(reporting::monthly_document(report_model, history, context.lang(), names), report_formats);
    });
}
{
    auto period = std::make_shared<std::string>();
    auto check = std::make_shared<bool>(false);
    auto* missing = report->add_subcommand("missing", "Ventures whose report for a month is due and has not arrived");
    set_example(*missing, "toro report missing --check || mail-reminders.sh");
    missing->add_option("--period", *period, "The month (default: the month before --as-of)");
    missing->add_flag("--check", *check, "Exit 3 when the list is not empty (reports missing; not an error)");
    missing->callback([&context, period, check] {
        const auto p = chosen_period(context, *period);
        const auto list = reporting::missing_reports(context.store(), context.config(), p, context.as_of());
        context.emit(reporting::missing_document(list, context.lang(), reporting::names_for(context.store(), list)),
                     report_formats);
        if (*check && !list.empty()) {
            throw Error(Exit::attention, p.to_string(), Message("report.missing.count", {{"count", list.size()}}));
        }
    });
}
{
    auto code = std::make_shared<std::string>();
    auto* venture =
        report->add_subcommand("venture", "One venture's dossier: targets, monthly series, spending, flags");
    set_example(*venture, "toro report venture V-2025-001 --as-of 2026-11-11 --format md -o V-2025-001.md");
    venture->add_option("CODE", *code, "The venture's code")->required();
    venture->callback([&context, code] {
        const auto dossier = reporting::venture_dossier(context.store(), context.config(), *code, context.as_of());
        const auto names = reporting::names_for(context.store(), dossier);
        context.emit(reporting::dossier_document(dossier, context.lang(), names), report_formats);
    });
}
{
    auto* loans = report->add_subcommand("loans", "The loan portfolio: outstanding, overdue, arrears buckets, PAR");
    set_example(*loans, "toro report loans --as-of 2026-11-11 --format json");
    loans->callback([&context] {
        const auto portfolio = reporting::loan_portfolio(context.store(), context.as_of());
        context.emit(
            reporting::portfolio_document(portfolio, context.lang(), reporting::names_for(context.store(), portfolio)),
            report_formats);
    });
}
}  // namespace toro::cli

}  // namespace toro::cli
