#include "reporting/documents.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <variant>

namespace toro::reporting {
namespace {

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
render::Cell message_cell(const Flag& flag, const registry::Names& names)
{
    return render::Term{flag.message.machine_text(), names.named(flag.message)};
}

// A column of a report whose heading is the catalogue's column.KEY.
render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("column.") + key))};
}

// Each venture's mean achievement against its expected pace.
render::Chart achievement_chart(const std::vector<VentureProgress>& ventures, Lang lang)
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
        achievement.values.push_back(mean_capped_achievement(achievements).value_or(std::nan("")));
        chart.markers.push_back(venture.pace);
    }
    chart.series = {achievement};
    return chart;
}

// Each venture's budget execution against its expected pace.
render::Chart budget_chart(const std::vector<VentureProgress>& ventures, Lang lang)
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
render::Chart bucket_chart(const Portfolio& portfolio, Lang lang)
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

// The flags, a row each, made as the writer asks for them: `flags` and `names` must outlive the
// rendering.
render::Table flags_table(const std::vector<Flag>& flags, Lang lang, bool with_venture, const registry::Names& names)
{
    render::Table table;
    table.name = "flags";
    table.title = say(lang, "report.section.flags");
    table.columns.push_back(column(lang, "kind"));
    if (with_venture) {
        table.columns.push_back(column(lang, "venture"));
    }
    table.columns.push_back(column(lang, "message"));
    // A kind is shown on many rows and a venture on each of its flags, which follow one another:
    // one cell each, shared.
    struct Shared {
        std::map<std::string, render::Cell> kinds;
        std::string venture_code;
        render::Cell venture;
    };
    auto shared = std::make_shared<Shared>();
    table.made_rows = flags.size();
    table.make_row = [&flags, &names, with_venture, shared](std::size_t i, render::Row& row) {
        const Flag& flag = flags[i];
        auto kind = shared->kinds.find(flag.kind);
        if (kind == shared->kinds.end()) {
            kind = shared->kinds.emplace(flag.kind, render::term("flag.", flag.kind)).first;
        }
        row.push_back(kind->second);
        if (with_venture && flag.venture) {
            if (std::holds_alternative<std::monostate>(shared->venture) || shared->venture_code != *flag.venture) {
                shared->venture_code = *flag.venture;
                shared->venture = names.venture_cell(*flag.venture);
            }
            row.push_back(shared->venture);
        } else if (with_venture) {
            row.emplace_back();
        }
        row.push_back(message_cell(flag, names));
    };
    return table;
}

// The monthly report's venture lines, made as the writer asks for them: a line per indicator of
// each venture, one for a venture without any. `report` and `names` must outlive the rendering.
render::Table venture_lines_table(const MonthlyReport& report, Lang lang, const registry::Names& names)
{
    render::Table ventures;
    ventures.name = "ventures";
    ventures.title = say(lang, "report.section.ventures");
    for (const char* key : {"received", "on_time", "pace", "budget_execution", "indicator", "target", "actual",
                            "achievement", "status"}) {
        ventures.columns.push_back(column(lang, key));
    }
    ventures.columns.insert(ventures.columns.begin(), {{"code", say(lang, "column.venture")}, column(lang, "org")});
    // Needing attention: no report for the month, a late one, or an indicator at risk or behind.
    ventures.listing = true;
    struct Line {
        std::uint32_t venture;
        std::uint32_t indicator;  // `none` for a venture without indicators
    };
    constexpr auto none = std::numeric_limits<std::uint32_t>::max();
    auto lines = std::make_shared<std::vector<Line>>();
    for (std::size_t v = 0; v < report.ventures.size(); ++v) {
        const auto& venture = report.ventures[v];
        const bool late = !venture.received || !venture.on_time;
        if (venture.indicators.empty()) {
            lines->push_back({static_cast<std::uint32_t>(v), none});
            ventures.attention.push_back(late);
        }
        for (std::size_t i = 0; i < venture.indicators.size(); ++i) {
            const auto& status = venture.indicators[i].status;
            lines->push_back({static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(i)});
            ventures.attention.push_back(late || status == "at_risk" || status == "behind");
        }
    }
    // A cell shown on many lines is made once and shared: a venture's and its organization's
    // names on each of its lines (which follow one another), an indicator's name, a status.
    struct Shared {
        std::uint32_t venture = none;
        render::Cell code;
        render::Cell org;
        std::map<std::string, render::Cell> indicators;
        std::map<std::string, render::Cell> statuses;
    };
    auto shared = std::make_shared<Shared>();
    ventures.made_rows = lines->size();
    ventures.make_row = [&report, &names, lines, shared](std::size_t i, render::Row& row) {
        const Line line = (*lines)[i];
        const auto& venture = report.ventures[line.venture];
        if (shared->venture != line.venture) {
            shared->venture = line.venture;
            shared->code = names.venture_cell(venture.code);
            shared->org = names.org_cell(venture.org);
        }
        row.insert(row.end(), {shared->code, shared->org, venture.received, venture.on_time,
                               render::Fraction{venture.pace}, fraction_cell(venture.budget_execution)});
        if (line.indicator == none) {
            row.resize(11);  // no indicator: its cells empty
            return;
        }
        const auto& indicator = venture.indicators[line.indicator];
        auto name = shared->indicators.find(indicator.code);
        if (name == shared->indicators.end()) {
            name = shared->indicators.emplace(indicator.code, names.indicator_cell(indicator.code)).first;
        }
        auto status = shared->statuses.find(indicator.status.value_or(""));
        if (status == shared->statuses.end()) {
            status = shared->statuses.emplace(indicator.status.value_or(""), status_cell(indicator.status)).first;
        }
        row.insert(row.end(), {name->second, indicator.target, indicator.actual, fraction_cell(indicator.achievement),
                               status->second});
    };
    return ventures;
}

}  // namespace

render::Chart completeness_chart(const std::vector<GroupFigures>& months, Lang lang)
{
    render::Chart chart;
    chart.kind = render::Chart::Kind::line;
    chart.title = say(lang, "report.chart.completeness");
    chart.fraction = true;
    render::Series received{say(lang, "column.completeness"), {}};
    render::Series on_time{say(lang, "column.timeliness"), {}};
    for (const auto& month : months) {
        chart.categories.push_back(month.group);
        const bool any = month.expected > 0;  // a month with nothing expected leaves a gap
        received.values.push_back(any ? month.completeness() : std::nan(""));
        on_time.values.push_back(any ? month.timeliness() : std::nan(""));
    }
    chart.series = {received, on_time};
    return chart;
}

render::Document monthly_document(const MonthlyReport& report, const std::optional<std::vector<GroupFigures>>& history,
                                  Lang lang, const registry::Names& names)
{
    render::Document document;
    document.title = say(lang, "report.monthly.title", {{"period", report.period}, {"as_of", report.as_of}});
    document.shape = render::Shape::sections;
    // A district as it is; a sphere or a programme by code for machines, with its name for people.
    const auto group_cell = [&report, &names](const std::string& group) -> render::Cell {
        if (report.by == "sphere") {
            return names.sphere_cell(group);
        }
        if (report.by == "program") {
            return names.program_cell(group);
        }
        return group;
    };
    auto group_table = [lang, &group_cell](std::string name, std::string title, const std::vector<GroupFigures>& rows,
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
                row.push_back(group_cell(figures.group));
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
    document.tables.push_back(venture_lines_table(report, lang, names));
    document.tables.push_back(flags_table(report.flags, lang, true, names));
    document.tables.back().listing = true;
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
    // Of the report's JSON only what the first page of html and xlsx states (document_facts): the
    // whole of it is built for json and jsonl alone (monthly_json_document), which print nothing
    // else, so that no document holds the report twice.
    render::Fields facts;
    facts("period", report.period)("as_of", report.as_of);
    document.json = facts.take();
    if (!history) {
        return document;
    }

    document.charts.push_back(completeness_chart(*history, lang));
    // A bar per venture reads up to a few dozen ventures; a city's whole register is left to
    // the tables.
    constexpr std::size_t charted_ventures = 60;
    if (report.ventures.size() <= charted_ventures) {
        document.charts.push_back(achievement_chart(report.ventures, lang));
        document.charts.push_back(budget_chart(report.ventures, lang));
    }
    const bool any_loan = std::any_of(report.loans.buckets.begin(), report.loans.buckets.end(),
                                      [](const auto& bucket) { return bucket.second.grosze() != 0; });
    if (any_loan) {  // a chart of nothing but zeros says nothing
        document.charts.push_back(bucket_chart(report.loans, lang));
    }
    return document;
}

render::Document monthly_json_document(const MonthlyReport& report, Lang lang)
{
    render::Document document;
    document.title = say(lang, "report.monthly.title", {{"period", report.period}, {"as_of", report.as_of}});
    document.shape = render::Shape::sections;
    render::set_json(document, report);
    return document;
}

render::Document portfolio_document(const Portfolio& portfolio, Lang lang, const registry::Names& names)
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
    render::set_json(document, portfolio);
    document.charts.push_back(bucket_chart(portfolio, lang));
    return document;
}

render::Document dossier_document(const VentureDossier& dossier, Lang lang, const registry::Names& names)
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
                            render::Fraction{progress.pace}, fraction_cell(progress.budget_execution)});
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
                                indicator.actual, fraction_cell(indicator.achievement), status_cell(indicator.status)});
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
    // A month without a report has no figures: people read "—" (not "0,00 zł"), machines nothing.
    const render::Cell no_report = render::Term{"", Message("report.no_report_mark")};
    for (const auto& month : dossier.months) {
        std::vector<render::Cell> row;
        row.emplace_back(month.period);
        row.push_back(month.status ? render::Cell(render::term("report.status.", *month.status)) : render::Cell());
        row.push_back(month.submitted_on ? render::Cell(*month.submitted_on) : render::Cell());
        row.push_back(month.status ? render::Cell(month.on_time) : no_report);
        for (const auto& indicator : progress.indicators) {
            const auto found = month.values.find(indicator.code);
            row.push_back(found != month.values.end() ? render::Cell(found->second)
                          : month.status              ? render::Cell()
                                                      : no_report);
        }
        row.push_back(month.status ? render::Cell(month.spent) : no_report);
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
    render::set_json(document, dossier);
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

render::Document history_document(const std::vector<Revision>& revisions, Lang lang, const registry::Names& names)
{
    render::Table table;
    table.name = "history";
    for (const char* key : {"revision", "submitted_on", "status", "values", "spending", "note"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& revision : revisions) {
        std::vector<std::string> value_codes;
        std::vector<std::string> value_words;
        for (const auto& [indicator, value] : revision.values) {
            value_codes.push_back(fmt::format("{}={}", indicator, value));
            value_words.push_back(
                say(lang, "report.history.entry", {{"name", names.indicator(indicator)}, {"value", value}}));
        }
        std::vector<std::string> spending_codes;
        std::vector<std::string> spending_words;
        for (const auto& [category, amount] : revision.spending) {
            spending_codes.push_back(fmt::format("{}={}", category, amount.to_machine()));
            spending_words.push_back(
                say(lang, "report.history.entry", {{"name", names.category(category)}, {"value", amount}}));
        }
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
    document.json = render::json_value(revisions);
    return document;
}

render::Document missing_document(const std::vector<MissingReport>& missing, Lang lang, const registry::Names& names)
{
    render::Table table;
    table.name = "missing";
    table.listing = true;
    table.columns = {{"code", say(lang, "column.venture")}};
    for (const char* key : {"title", "org", "email", "due_on", "days_overdue"}) {
        table.columns.push_back(column(lang, key));
    }
    for (const auto& item : missing) {
        table.rows.push_back({item.code, item.title, names.org_cell(item.org),
                              item.email ? render::Cell(*item.email) : render::Cell(), item.due_on.to_string(),
                              item.days_overdue});
    }
    render::Document document;
    document.tables.push_back(std::move(table));
    document.json = render::json_value(missing);
    return document;
}

registry::Names names_for(store::Store& store, const MonthlyReport& report)
{
    std::vector<std::string> orgs;
    std::vector<std::string> codes;
    for (const auto& venture : report.ventures) {
        orgs.push_back(venture.org);
        codes.push_back(venture.code);
    }
    return registry::Names::load(store, orgs, codes);
}

registry::Names names_for(store::Store& store, const Portfolio& portfolio)
{
    std::vector<std::string> orgs;
    for (const auto& loan : portfolio.loans) {
        orgs.push_back(loan.org);
    }
    return registry::Names::load(store, orgs, {});
}

registry::Names names_for(store::Store& store, const VentureDossier& dossier)
{
    return registry::Names::load(store, {dossier.progress.org}, {dossier.progress.code});
}

registry::Names names_for(store::Store& store, const std::vector<MissingReport>& missing)
{
    std::vector<std::string> orgs;
    for (const auto& item : missing) {
        orgs.push_back(item.org);
    }
    return registry::Names::load(store, orgs, {}, false);
}

}  // namespace toro::reporting
