// toro report submit | import | accept | return | history | monthly | missing | venture | loans
// (docs/reports.md).

#include "commands.hpp"
#include "import_command.hpp"

#include "core/error.hpp"
#include "core/number.hpp"
#include "reporting/monitoring.hpp"
#include "registry/names.hpp"
#include "reporting/reports.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <memory>

namespace toro::cli {
namespace {

constexpr auto report_formats = {render::Format::table, render::Format::csv, render::Format::tsv,
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

render::Cell fraction_cell(const std::optional<double>& value)
{
    return value ? render::Cell(render::Fraction{*value}) : render::Cell();
}

render::Cell status_cell(const std::optional<std::string>& status)
{
    return status ? render::Cell(render::term("indicator.status.", *status)) : render::Cell();
}

// A flag's message: English with codes in machine formats, in the output language with names
// in human ones.
render::Cell message_cell(const reporting::Flag& flag, const registry::Names& names)
{
    return render::Term{flag.message.machine_text(), names.named(flag.message)};
}

// The names of the organizations and ventures of a list of ventures.
registry::Names names_of(store::Store& store, const std::vector<reporting::VentureProgress>& ventures)
{
    std::vector<std::string> orgs;
    std::vector<std::string> codes;
    for (const auto& venture : ventures) {
        orgs.push_back(venture.org);
        codes.push_back(venture.code);
    }
    return registry::Names::load(store, orgs, codes);
}

// A column of a report whose heading is the catalogue's column.KEY.
render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

// Each venture's mean achievement against its expected pace.
render::Chart achievement_chart(const std::vector<reporting::VentureProgress>& ventures, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::hbar;
    chart.title = say(lang, "report.chart.achievement");
    chart.fraction = true;
    chart.marker_label = say(lang, "column.pace");
    render::Series achievement{say(lang, "column.achievement"), {}};
    for (const auto& venture : ventures) {
        std::vector<std::optional<double>> achievements;
        for (const auto& indicator : venture.indicators) {
            achievements.push_back(indicator.achievement);
        }
        chart.categories.push_back(fmt::format("{} {}", venture.code, venture.title));
        achievement.values.push_back(reporting::mean_capped_achievement(achievements).value_or(std::nan("")));
        chart.markers.push_back(venture.pace);
    }
    chart.series = {achievement};
    return chart;
}

// Each venture's budget execution against its expected pace.
render::Chart budget_chart(const std::vector<reporting::VentureProgress>& ventures, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::hbar;
    chart.title = say(lang, "column.budget_execution");
    chart.fraction = true;
    chart.marker_label = say(lang, "column.pace");
    render::Series execution{say(lang, "column.budget_execution"), {}};
    for (const auto& venture : ventures) {
        chart.categories.push_back(fmt::format("{} {}", venture.code, venture.title));
        execution.values.push_back(venture.budget_execution.value_or(std::nan("")));
        chart.markers.push_back(venture.pace);
    }
    chart.series = {execution};
    return chart;
}

// Outstanding principal by arrears bucket.
render::Chart bucket_chart(const reporting::Portfolio& portfolio, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::bar;
    chart.title = say(lang, "report.section.loans");
    chart.unit = say(lang, "chart.unit.money");
    render::Series outstanding{say(lang, "column.outstanding"), {}};
    for (const auto& [name, amount] : portfolio.buckets) {
        chart.categories.push_back(render::term("loan.bucket.", name).words.text(lang));
        outstanding.values.push_back(amount.to_zloty());
    }
    chart.series = {outstanding};
    return chart;
}

render::Table flags_table(const std::vector<reporting::Flag>& flags, Lang lang, bool with_venture,
                          const registry::Names& names)
{
    render::Table table;
    table.name = "flags";
    table.title = say(lang, "report.section.flags");
    table.columns.push_back(column(lang, "kind"));
    if (with_venture) {
        table.columns.push_back(column(lang, "venture"));
    }
    table.columns.push_back(column(lang, "message"));
    // The few kinds, and a venture with several flags, are each one shared cell.
    std::map<std::string, render::Cell> kinds;
    std::map<std::string, render::Cell> ventures;
    const auto shared = [](std::map<std::string, render::Cell>& cells, const std::string& code, auto make) {
        auto found = cells.find(code);
        if (found == cells.end()) {
            found = cells.emplace(code, make(code)).first;
        }
        return found->second;
    };
    for (const auto& flag : flags) {
        std::vector<render::Cell> row;
        row.reserve(table.columns.size());
        row.push_back(shared(kinds, flag.kind, [](const std::string& kind) { return render::term("flag.", kind); }));
        if (with_venture) {
            row.push_back(flag.venture ? shared(ventures, *flag.venture,
                                                [&](const std::string& code) { return names.venture_cell(code); })
                                       : render::Cell());
        }
        row.push_back(message_cell(flag, names));
        table.rows.push_back(std::move(row));
    }
    return table;
}

// The tables and charts of the monthly report, for the formats that show them.
void add_monthly_tables(render::Document& document, const reporting::MonthlyReport& report,
                        const std::vector<reporting::GroupFigures>& history, Lang lang, const registry::Names& names)
{
    auto group_table = [lang](std::string name, std::string title, const std::vector<reporting::GroupFigures>& rows,
                          bool record) {
        render::Table table;
        table.name = std::move(name);
        table.title = std::move(title);
        table.record = record;
        if (!record) {
            table.columns.push_back(column(lang, "group"));
        }
        for (const char* key : {"expected", "received", "on_time", "pending", "completeness", "timeliness",
                                "grant_total", "spent_total"}) {
            table.columns.push_back(column(lang, key));
        }
        for (const auto& figures : rows) {
            std::vector<render::Cell> row;
            if (!record) {
                row.emplace_back(figures.group);
            }
            row.insert(row.end(), {figures.expected, figures.received, figures.on_time, figures.pending,
                                   render::Fraction{figures.completeness()}, render::Fraction{figures.timeliness()},
                                   figures.grant_total, figures.spent_total});
            table.rows.push_back(std::move(row));
        }
        return table;
    };
    document.tables.push_back(group_table("summary", say(lang, "report.section.summary"), {report.summary}, true));
    if (report.by) {
        const Message group(Key::composed("report.group." + *report.by));
        document.tables.push_back(
            group_table("groups", say(lang, "report.monthly.section.by", {{"group", group}}), report.groups, false));
    }
    render::Table ventures;
    ventures.name = "ventures";
    ventures.title = say(lang, "report.section.ventures");
    for (const char* key : {"received", "on_time", "pace", "budget_execution", "indicator", "target", "actual",
                            "achievement", "status"}) {
        ventures.columns.push_back(column(lang, key));
    }
    ventures.columns.insert(ventures.columns.begin(), {{"code", say(lang, "column.venture")}, column(lang, "org")});
    // A venture's code and organization stand on each of its indicator lines, and the same few
    // indicators and statuses on every venture's: each is one shared cell.
    std::map<std::string, render::Cell> indicator_cells;
    std::map<std::optional<std::string>, render::Cell> status_cells;
    for (const auto& venture : report.ventures) {
        const render::Cell code = names.venture_cell(venture.code);
        const render::Cell org = names.org_cell(venture.org);
        if (venture.indicators.empty()) {
            ventures.rows.push_back({code, org, venture.received, venture.on_time, render::Fraction{venture.pace},
                                     fraction_cell(venture.budget_execution), {}, {}, {}, {}, {}});
        }
        for (const auto& indicator : venture.indicators) {
            auto indicator_cell = indicator_cells.find(indicator.code);
            if (indicator_cell == indicator_cells.end()) {
                indicator_cell = indicator_cells.emplace(indicator.code, names.indicator_cell(indicator.code)).first;
            }
            auto status = status_cells.find(indicator.status);
            if (status == status_cells.end()) {
                status = status_cells.emplace(indicator.status, status_cell(indicator.status)).first;
            }
            ventures.rows.push_back({code, org, venture.received, venture.on_time, render::Fraction{venture.pace},
                                     fraction_cell(venture.budget_execution), indicator_cell->second, indicator.target,
                                     indicator.actual, fraction_cell(indicator.achievement), status->second});
        }
    }
    document.tables.push_back(std::move(ventures));
    document.tables.push_back(flags_table(report.flags, lang, true, names));
    render::Table loans;
    loans.name = "loans";
    loans.title = say(lang, "report.section.loans");
    loans.record = true;
    for (const char* key : {"outstanding", "overdue", "par30", "par90"}) {
        loans.columns.push_back(column(lang, key));
    }
    loans.rows.push_back({report.loans.outstanding, report.loans.overdue, render::Fraction{report.loans.par30},
                          render::Fraction{report.loans.par90}});
    document.tables.push_back(std::move(loans));

    render::Chart completeness;
    completeness.kind = render::Chart::Kind::line;
    completeness.title = say(lang, "report.chart.completeness");
    completeness.fraction = true;
    render::Series received{say(lang, "column.completeness"), {}};
    render::Series on_time{say(lang, "column.timeliness"), {}};
    for (const auto& month : history) {
        completeness.categories.push_back(month.group);
        const bool any = month.expected > 0;  // a month with nothing expected leaves a gap
        received.values.push_back(any ? month.completeness() : std::nan(""));
        on_time.values.push_back(any ? month.timeliness() : std::nan(""));
    }
    completeness.series = {received, on_time};
    document.charts.push_back(std::move(completeness));
    document.charts.push_back(achievement_chart(report.ventures, lang));
    document.charts.push_back(budget_chart(report.ventures, lang));
    document.charts.push_back(bucket_chart(report.loans, lang));
}

render::Document portfolio_document(const reporting::Portfolio& portfolio, Lang lang, const registry::Names& names)
{
    render::Document document;
    document.title = say(lang, "report.loans.title", {{"as_of", portfolio.as_of}});
    document.shape = render::Shape::sections;
    render::Table loans;
    loans.name = "loans";
    loans.columns = {{"code", say(lang, "column.loan")}};
    for (const char* key : {"org", "principal", "outstanding", "overdue", "days_past_due", "bucket"}) {
        loans.columns.push_back(column(lang, key));
    }
    for (const auto& loan : portfolio.loans) {
        loans.rows.push_back({loan.code, names.org_cell(loan.org), loan.principal, loan.outstanding, loan.overdue,
                              std::int64_t{loan.days_past_due}, render::term("loan.bucket.", loan.bucket)});
    }
    document.tables.push_back(std::move(loans));
    render::Table total;
    total.name = "portfolio";
    total.title = say(lang, "report.section.portfolio");
    total.record = true;
    for (const char* key : {"loans", "outstanding", "overdue", "par30", "par90"}) {
        total.columns.push_back(column(lang, key));
    }
    total.rows.push_back({static_cast<std::int64_t>(portfolio.loans.size()), portfolio.outstanding, portfolio.overdue,
                          render::Fraction{portfolio.par30}, render::Fraction{portfolio.par90}});
    for (const auto& [name, amount] : portfolio.buckets) {
        total.columns.push_back({"bucket_" + name, say(lang, Key::composed("loan.bucket_column." + name))});
        total.rows.back().emplace_back(amount);
    }
    document.tables.push_back(std::move(total));
    document.json = reporting::portfolio_json(portfolio);
    document.charts.push_back(bucket_chart(portfolio, lang));
    return document;
}

render::Document dossier_document(const reporting::VentureDossier& dossier, Lang lang, const registry::Names& names)
{
    const auto& progress = dossier.progress;
    render::Document document;
    document.title = say(lang, "report.venture.title",
                         {{"code", progress.code}, {"title", progress.title}, {"period", dossier.period}});
    document.shape = render::Shape::sections;
    render::Table summary;
    summary.name = "venture";
    summary.record = true;
    summary.columns = {{"code", say(lang, "column.venture")}};
    for (const char* key : {"org", "period", "pace", "budget_execution"}) {
        summary.columns.push_back(column(lang, key));
    }
    summary.rows.push_back({names.venture_cell(progress.code), names.org_cell(progress.org), dossier.period,
                            render::Fraction{progress.pace},
                            fraction_cell(progress.budget_execution)});
    document.tables.push_back(std::move(summary));

    render::Table targets;
    targets.name = "indicators";
    targets.title = say(lang, "report.section.targets");
    targets.columns = {{"code", say(lang, "column.indicator")}};
    for (const char* key : {"baseline", "target", "actual", "achievement", "status"}) {
        targets.columns.push_back(column(lang, key));
    }
    for (const auto& indicator : progress.indicators) {
        targets.rows.push_back({names.indicator_cell(indicator.code), indicator.baseline, indicator.target,
                                indicator.actual,
                                fraction_cell(indicator.achievement), status_cell(indicator.status)});
    }
    document.tables.push_back(std::move(targets));

    render::Table months;
    months.name = "months";
    months.title = say(lang, "report.section.months");
    for (const char* key : {"period", "status", "submitted_on", "on_time"}) {
        months.columns.push_back(column(lang, key));
    }
    for (const auto& indicator : progress.indicators) {
        months.columns.push_back({indicator.code, names.indicator_cell(indicator.code).words.text(lang)});
    }
    months.columns.push_back(column(lang, "spent"));
    for (const auto& month : dossier.months) {
        std::vector<render::Cell> row;
        row.emplace_back(month.period);
        row.push_back(month.status ? render::Cell(render::term("report.status.", *month.status)) : render::Cell());
        row.push_back(month.submitted_on ? render::Cell(*month.submitted_on) : render::Cell());
        row.emplace_back(month.on_time);
        for (const auto& indicator : progress.indicators) {
            const auto found = month.values.find(indicator.code);
            row.push_back(found == month.values.end() ? render::Cell() : render::Cell(found->second));
        }
        row.emplace_back(month.spent);
        months.rows.push_back(std::move(row));
    }
    document.tables.push_back(std::move(months));

    render::Table spending;
    spending.name = "spending";
    spending.title = say(lang, "report.section.spending");
    for (const char* key : {"category", "planned", "spent"}) {
        spending.columns.push_back(column(lang, key));
    }
    for (const auto& category : dossier.spending) {
        spending.rows.push_back({names.category_cell(category.category), category.planned, category.spent});
    }
    document.tables.push_back(std::move(spending));
    document.tables.push_back(flags_table(dossier.flags, lang, false, names));
    document.json = reporting::dossier_json(dossier);
    render::Chart achievement;
    achievement.kind = render::Chart::Kind::hbar;
    achievement.title = say(lang, "report.chart.achievement");
    achievement.fraction = true;
    achievement.marker_label = say(lang, "column.pace");
    render::Series values{say(lang, "column.achievement"), {}};
    for (const auto& indicator : progress.indicators) {
        achievement.categories.push_back(names.indicator_cell(indicator.code).words.text(lang));
        values.values.push_back(indicator.achievement.value_or(std::nan("")));
        achievement.markers.push_back(progress.pace);
    }
    achievement.series = {values};
    document.charts.push_back(std::move(achievement));
    return document;
}

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
            const auto message_target = options->notify ? return_message_target(context, options->venture, options->period)
                                                        : std::nullopt;
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
        const auto lang = context.lang();
        const auto names = registry::Names::load(context.store(), {}, {});
        render::Table table;
        table.name = "history";
        for (const char* key : {"revision", "submitted_on", "status", "values", "spending", "note"}) {
            table.columns.push_back(column(lang, key));
        }
        nlohmann::ordered_json json = nlohmann::ordered_json::array();
        for (const auto& revision : revisions) {
            nlohmann::ordered_json values = nlohmann::ordered_json::object();
            std::vector<std::string> value_codes;
            std::vector<std::string> value_words;
            for (const auto& [indicator, value] : revision.values) {
                values[indicator] = value;
                value_codes.push_back(fmt::format("{}={}", indicator, value));
                value_words.push_back(
                    say(lang, "report.history.entry", {{"name", names.indicator(indicator)}, {"value", value}}));
            }
            nlohmann::ordered_json spending = nlohmann::ordered_json::object();
            std::vector<std::string> spending_codes;
            std::vector<std::string> spending_words;
            for (const auto& [category, amount] : revision.spending) {
                spending[category] = amount.to_zloty();
                spending_codes.push_back(fmt::format("{}={}", category, amount.to_machine()));
                spending_words.push_back(
                    say(lang, "report.history.entry", {{"name", names.category(category)}, {"value", amount}}));
            }
            json.push_back({{"revision", revision.revision},
                            {"submitted_on", revision.submitted_on},
                            {"status", revision.status},
                            {"values", values},
                            {"spending", spending},
                            {"note", revision.note ? nlohmann::ordered_json(*revision.note) : nlohmann::ordered_json()}});
            // Machine formats list NAME=VALUE joined by "|"; people read the entries in words.
            const auto listed = [](const std::vector<std::string>& codes, const std::vector<std::string>& words) {
                return render::Term{fmt::format("{}", fmt::join(codes, "|")),
                                    Message::verbatim(fmt::format("{}", fmt::join(words, ", ")))};
            };
            table.rows.push_back({std::int64_t{revision.revision}, revision.submitted_on,
                                  render::term("report.status.", revision.status), listed(value_codes, value_words),
                                  listed(spending_codes, spending_words),
                                  revision.note ? render::Cell(*revision.note) : render::Cell()});
        }
        render::Document document;
        document.tables.push_back(std::move(table));
        document.json = std::move(json);
        context.emit(document, report_formats);
    });
}

} // namespace

void set_report_command(CLI::App& app, Context& context)
{
    auto* report = app.add_subcommand("report", "Monthly reports and the monitoring reports built on them");
    report->require_subcommand(1);
    set_example(*report, "toro report monthly --as-of 2026-11-11 --format json");
    set_submit(*report, context);
    {
        auto arguments = std::make_shared<ImportArguments>();
        auto reopen = std::make_shared<bool>(false);
        auto* import = report->add_subcommand("import", "Import a batch of monthly reports (long or wide layout)");
        set_example(*import, "toro report import october.csv -v");
        point_at_reference(*import, "indicator, category");
        add_import_options(*import, *arguments);
        import->add_flag("--reopen", *reopen, "Replace accepted (locked) reports");
        import->add_flag("--strict", arguments->strict,
                         "Refuse the whole import on any warning (a value without a target, spending outside the "
                         "budget lines, target indicators left out)");
        import->callback([&context, arguments, reopen] {
            std::unique_ptr<reporting::Reports> reports;
            run_import(context, *arguments, [&](store::Store& store) {
                reports = std::make_unique<reporting::Reports>(store, context.config(), context.as_of());
                return reports->import_sink(*reopen);
            });
        });
    }
    set_review(*report, context);
    set_history(*report, context);
    set_report_form(*report, context);
    set_report_remind(*report, context);
    set_report_annual(*report, context);
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
            const auto history =
                reporting::completeness_history(context.store(), context.config(), p, 12, context.as_of());
            const auto lang = context.lang();
            render::Document document;
            document.title =
                say(lang, "report.monthly.title", {{"period", report_model.period}, {"as_of", report_model.as_of}});
            document.shape = render::Shape::sections;
            reporting::set_monthly_json(document, report_model);  // html and xlsx take their facts from it
            if (!render::writes_document_json(context.choose_format(report_formats))) {
                add_monthly_tables(document, report_model, history, lang,
                                   names_of(context.store(), report_model.ventures));
            }
            context.emit(document, report_formats);
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
            const auto lang = context.lang();
            render::Table table;
            table.name = "missing";
            table.columns = {{"code", say(lang, "column.venture")}};
            for (const char* key : {"title", "org", "email", "due_on", "days_overdue"}) {
                table.columns.push_back(column(lang, key));
            }
            std::vector<std::string> orgs;
            for (const auto& item : list) {
                orgs.push_back(item.org);
            }
            const auto names = registry::Names::load(context.store(), orgs, {}, false);
            for (const auto& item : list) {
                table.rows.push_back({item.code, item.title, names.org_cell(item.org),
                                      item.email ? render::Cell(*item.email) : render::Cell(), item.due_on.to_string(),
                                      item.days_overdue});
            }
            render::Document document;
            document.tables.push_back(std::move(table));
            context.emit(document, report_formats);
            if (*check && !list.empty()) {
                throw Error(Exit::attention, p.to_string(), Message("report.missing.count", {{"count", list.size()}}));
            }
        });
    }
    {
        auto code = std::make_shared<std::string>();
        auto* venture = report->add_subcommand("venture", "One venture's dossier: targets, monthly series, spending, flags");
        set_example(*venture, "toro report venture V-2025-001 --as-of 2026-11-11 --format md -o V-2025-001.md");
        venture->add_option("CODE", *code, "The venture's code")->required();
        venture->callback([&context, code] {
            const auto dossier =
                reporting::venture_dossier(context.store(), context.config(), *code, context.as_of());
            context.emit(dossier_document(dossier, context.lang(),
                                          registry::Names::load(context.store(), {dossier.progress.org},
                                                                {dossier.progress.code})),
                         report_formats);
        });
    }
    {
        auto* loans = report->add_subcommand("loans", "The loan portfolio: outstanding, overdue, arrears buckets, PAR");
        set_example(*loans, "toro report loans --as-of 2026-11-11 --format json");
        loans->callback([&context] {
            const auto portfolio = reporting::loan_portfolio(context.store(), context.as_of());
            std::vector<std::string> orgs;
            for (const auto& loan : portfolio.loans) {
                orgs.push_back(loan.org);
            }
            context.emit(portfolio_document(portfolio, context.lang(), registry::Names::load(context.store(), orgs, {})),
                         report_formats);
        });
    }
}

} // namespace toro::cli
