#include "grants/documents.hpp"

#include "core/catalogue.hpp"
#include "render/fields.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace toro::grants {
namespace {

// An annual rate in millionths as a percentage: 145 000 → 14.5.
double rate_number(std::int64_t millionths)
{
    return static_cast<double>(millionths) / 10'000.0;
}

// A column whose heading is the catalogue's grants.column.KEY.
render::Column column(Lang lang, const char* key)
{
    return {key, say(lang, Key::composed(std::string("grants.column.") + key))};
}

render::Table table(Lang lang, const char* name, std::initializer_list<const char*> keys, bool titled = true)
{
    render::Table result;
    result.name = name;
    if (titled) {
        result.title = say(lang, Key::composed(std::string("grants.section.") + name));
    }
    for (const char* key : keys) {
        result.columns.push_back(column(lang, key));
    }
    return result;
}

render::TermRef part_cell(Part part)
{
    return render::term("grants.part.", std::string(part_code(part)));
}

// The parts of the final report the organization writes itself.
const std::vector<std::string> final_parts = {"actions", "deviations", "beneficiaries", "additional", "signatures"};

// The final report's costs of one source, or of all ("total"); no actual amount before the
// final figures are imported.
struct SourceTotal {
    std::string source;
    Money planned;
    std::optional<Money> actual;
};

// Every source in the form's order, then the total.
std::vector<SourceTotal> source_totals(const FinalReport& report)
{
    std::map<std::string, std::pair<Money, Money>> by_source;
    Money planned_total;
    Money actual_total;
    for (const auto& cost : report.costs) {
        by_source[cost.source].first += cost.planned.value_or(Money());
        by_source[cost.source].second += cost.actual.value_or(Money());
        planned_total += cost.planned.value_or(Money());
        actual_total += cost.actual.value_or(Money());
    }
    const auto actual = [&](Money amount) { return report.has_actual ? std::optional<Money>(amount) : std::nullopt; };
    std::vector<SourceTotal> totals;
    for (const char* source : cost_sources) {
        const auto found = by_source.find(source);
        const auto amounts = found == by_source.end() ? std::pair<Money, Money>() : found->second;
        totals.push_back({source, amounts.first, actual(amounts.second)});
    }
    totals.push_back({"total", planned_total, actual(actual_total)});
    return totals;
}

}  // namespace

void fields(const RatePeriod& period, render::Fields& out)
{
    out("from", period.from)("to", period.to)("rate", rate_number(period.rate_millionths))("days", period.days);
}

void fields(const Settlement::Due& line, render::Fields& out)
{
    out("what", part_code(line.what))("amount", line.amount)("due_on", line.due_on);
}

void fields(const Settlement::Applied& line, render::Fields& out)
{
    out("returned_on", line.returned_on)("amount", line.amount)("applied_to", line.applied_to);
}

void fields(const Settlement::InterestLine& line, render::Fields& out)
{
    out("what", part_code(line.what))("amount", line.amount)("from", line.from)("to", line.to);
    out("rate_periods", line.periods)("interest", line.interest);
}

void fields(const FinalReport::Cost& cost, render::Fields& out)
{
    out("category", cost.category)("source", cost.source)("planned", cost.planned)("actual", cost.actual);
}

void fields(const FinalReport& report, render::Fields& out)
{
    out.object("venture", [&](render::Fields& venture) {
        venture("venture", report.code)("org", report.org)("program", report.program)("starts", report.starts);
        venture("ends", report.ends)("grant", report.grant)("own_funds", report.own_funds)("in_kind", report.in_kind);
    });
    out.each("results", report.results, [](const reporting::IndicatorProgress& indicator, render::Fields& item) {
        item("indicator", indicator.code)("baseline", indicator.baseline)("planned_level", indicator.target);
        item("achieved_level", indicator.actual)("achievement", indicator.achievement);
    });
    out("costs", report.costs);
    out.each("sources", source_totals(report), [](const SourceTotal& total, render::Fields& item) {
        item("source", total.source)("planned", total.planned)("actual", total.actual);
    });
    out.each("to_fill", final_parts,
             [](const std::string& part, render::Fields& item) { item("part", part)("text", nullptr); });
}

void fields(const VentureSettlement& venture, render::Fields& out)
{
    const auto& s = venture.settlement;
    out("venture", venture.code)("as_of", venture.as_of)("grant_paid", s.grant_paid)("grant_used", s.use.used);
    out("excess", s.use.excess)("unused", s.unused)("own_share_shortfall", s.own_share_shortfall);
    out("due", s.due)("returns", s.returns)("interest", s.interest)("balance_due", s.balance_due);
    out("status", status_code(s.status));
}

render::Document settlement_document(const VentureSettlement& venture, const std::string& city, Lang lang,
                                     const registry::Names& names)
{
    const auto& s = venture.settlement;
    render::Document document;
    document.title = say(lang, "grants.settlement.title", {{"code", venture.code}, {"title", venture.title}});
    document.shape = render::Shape::sections;

    auto summary = table(lang, "settlement",
                         {"venture", "org", "granted_by", "as_of", "use_deadline", "due_on", "grant_paid", "grant_used",
                          "excess", "unused", "own_share_shortfall", "interest_due", "balance_due", "status"},
                         false);
    summary.record = true;
    summary.rows.push_back({names.venture_cell(venture.code), names.org_cell(venture.org), city, venture.as_of,
                            s.use_deadline, s.due_on, s.grant_paid, s.use.used, s.use.excess, s.unused,
                            s.own_share_shortfall, s.interest_due, s.balance_due,
                            render::term("grants.status.", std::string(status_code(s.status)))});
    document.tables.push_back(std::move(summary));

    auto categories = table(lang, "categories", {"category", "planned", "allowed", "actual", "used", "excess"});
    for (const auto& line : s.use.categories) {
        categories.rows.push_back(
            {names.category_cell(line.category), line.planned, line.allowed, line.actual, line.used, line.excess});
    }
    document.tables.push_back(std::move(categories));

    auto due = table(lang, "due", {"what", "amount", "due_on", "outstanding"});
    for (const auto& line : s.due) {
        due.rows.push_back({part_cell(line.what), line.amount, line.due_on, line.outstanding});
    }
    document.tables.push_back(std::move(due));

    auto returns = table(lang, "returns", {"returned_on", "amount", "applied_to"});
    for (const auto& line : s.returns) {
        returns.rows.push_back({line.returned_on, line.amount, render::term("grants.part.", line.applied_to)});
    }
    document.tables.push_back(std::move(returns));

    auto interest = table(lang, "interest", {"what", "amount", "from", "to", "rate", "days", "interest", "paid"});
    for (const auto& line : s.interest) {
        for (std::size_t i = 0; i < line.periods.size(); ++i) {
            const auto& period = line.periods[i];
            const bool last = i + 1 == line.periods.size();
            interest.rows.push_back({part_cell(line.what), line.amount, period.from, period.to,
                                     rate_number(period.rate_millionths), period.days,
                                     last ? render::Cell(line.interest) : render::Cell(),
                                     last ? render::Cell(line.paid) : render::Cell()});
        }
    }
    document.tables.push_back(std::move(interest));

    auto signatures = table(lang, "signatures", {"role", "signatory", "date", "signature"});
    for (const char* role : {"prepared", "checked", "approved"}) {
        signatures.rows.push_back({render::term("grants.role.", role), render::Cell(), render::Cell(), render::Cell()});
    }
    document.tables.push_back(std::move(signatures));
    render::set_json(document, venture);
    return document;
}

render::Document settlement_list_document(const std::vector<VentureSettlement>& settlements, Date as_of, Lang lang,
                                          const registry::Names& names)
{
    render::Document document;
    document.title = say(lang, "grants.settlement.list_title", {{"as_of", as_of}});
    auto list = table(lang, "settlements",
                      {"venture", "org", "due_on", "outstanding", "interest_due", "balance_due", "status"}, false);
    for (const auto& venture : settlements) {
        const auto& s = venture.settlement;
        Money outstanding;
        for (const auto& line : s.due) {
            outstanding += line.outstanding;
        }
        list.rows.push_back({names.venture_cell(venture.code), names.org_cell(venture.org), s.due_on, outstanding,
                             s.interest_due, s.balance_due,
                             render::term("grants.status.", std::string(status_code(s.status)))});
    }
    document.tables.push_back(std::move(list));
    document.json = render::json_value(settlements);
    return document;
}

render::Document final_document(const FinalReport& report, Lang lang, const registry::Names& names)
{
    render::Document document;
    document.title = say(lang, "grants.final.title", {{"code", report.code}, {"title", report.title}});
    document.shape = render::Shape::sections;

    auto venture =
        table(lang, "venture", {"venture", "org", "program", "starts", "ends", "grant", "own_funds", "in_kind"}, false);
    venture.record = true;
    venture.rows.push_back({names.venture_cell(report.code), names.org_cell(report.org),
                            names.program_cell(report.program), report.starts, report.ends, report.grant,
                            report.own_funds, report.in_kind});
    document.tables.push_back(std::move(venture));

    auto results = table(lang, "results", {"indicator", "baseline", "planned_level", "achieved_level", "achievement"});
    for (const auto& indicator : report.results) {
        results.rows.push_back(
            {names.indicator_cell(indicator.code), indicator.baseline, indicator.target, indicator.actual,
             indicator.achievement ? render::Cell(render::Fraction{*indicator.achievement}) : render::Cell()});
    }
    document.tables.push_back(std::move(results));

    auto costs = table(lang, "costs", {"category", "source", "planned", "actual"});
    for (const auto& cost : report.costs) {
        costs.rows.push_back({names.category_cell(cost.category), render::term("grants.source.", cost.source),
                              cost.planned ? render::Cell(*cost.planned) : render::Cell(),
                              cost.actual ? render::Cell(*cost.actual) : render::Cell()});
    }
    document.tables.push_back(std::move(costs));

    auto sources = table(lang, "sources", {"source", "planned", "actual"});
    for (const auto& total : source_totals(report)) {
        sources.rows.push_back({render::term("grants.source.", total.source), total.planned,
                                total.actual ? render::Cell(*total.actual) : render::Cell()});
    }
    document.tables.push_back(std::move(sources));

    auto to_fill = table(lang, "to_fill", {"part", "text"});
    for (const auto& part : final_parts) {
        to_fill.rows.push_back({render::term("grants.final.part.", part), render::Cell()});
    }
    document.tables.push_back(std::move(to_fill));
    render::set_json(document, report);
    return document;
}

}  // namespace toro::grants
