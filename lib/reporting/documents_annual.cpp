// The document of `report annual` (reporting/documents.hpp).

#include "reporting/documents.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

namespace toro::reporting {
namespace {

// A heading of this report: its own (annual.column.KEY) where it says more than the common one
// (column.KEY): "reports received" rather than "received".
std::string label(Lang lang, std::string_view key)
{
    const std::string own = "annual.column." + std::string(key);
    return say(lang, Key::composed(find_text(lang, own) ? own : "column." + std::string(key)));
}

render::Cell optional_cell(const std::optional<double>& value)
{
    return value ? render::Cell(*value) : render::Cell();
}

render::Fraction share(std::int64_t part, std::int64_t whole)
{
    return {whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole)};
}

// A table whose columns are keys with their labels.
render::Table table_of(Lang lang, std::string name, Key title, std::initializer_list<const char*> keys)
{
    render::Table table;
    table.name = std::move(name);
    table.title = say(lang, title);
    for (const char* key : keys) {
        table.columns.push_back({key, label(lang, key)});
    }
    return table;
}

render::Table funded_table(Lang lang, const std::vector<FundedFigures>& groups, bool spheres)
{
    auto table = spheres ? table_of(lang, "by_sphere", "annual.section.by_sphere",
                                    {"sphere", "name", "ventures", "organizations", "grants", "own_funds", "in_kind"})
                         : table_of(lang, "by_district", "annual.section.by_district",
                                    {"district", "ventures", "organizations", "grants", "own_funds", "in_kind"});
    for (const auto& group : groups) {
        std::vector<render::Cell> row;
        row.push_back(group.key ? render::Cell(*group.key) : render::Cell());
        if (spheres) {
            row.emplace_back(group.name);
        }
        row.insert(row.end(), {group.ventures, group.organizations, group.grants, group.own_funds, group.in_kind});
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace

// Long, as it lays out the report's sections in the order they are printed.
render::Document annual_document(const AnnualReport& report, Lang lang, const registry::Names& names)
{
    render::Document document;
    document.title = say(lang, "annual.title", {{"year", report.year}, {"as_of", report.as_of}});
    document.shape = render::Shape::sections;

    const auto& total = report.reporting_total;
    auto summary = table_of(lang, "summary", "annual.section.summary",
                            {"year",
                             "through",
                             "programmes",
                             "programme_budget",
                             "ventures_funded",
                             "ventures_started",
                             "grants",
                             "grants_started",
                             "own_funds",
                             "in_kind",
                             "organizations",
                             "organizations_opp",
                             "opp_share",
                             "expected",
                             "received",
                             "on_time",
                             "completeness",
                             "timeliness",
                             "loans_disbursed",
                             "loan_principal_disbursed",
                             "loan_repaid",
                             "loan_repaid_principal",
                             "loan_repaid_interest",
                             "loan_outstanding_at_end",
                             "consultations",
                             "consultation_participants",
                             "organizations_consulted",
                             "trainings",
                             "training_participants",
                             "distinct_participants",
                             "mean_satisfaction"});
    summary.record = true;
    summary.rows.push_back({std::int64_t{report.year},
                            report.through,
                            report.programmes,
                            report.programme_budget,
                            report.ventures,
                            report.ventures_started,
                            report.grants,
                            report.grants_started,
                            report.own_funds,
                            report.in_kind,
                            report.organizations,
                            report.organizations_opp,
                            share(report.organizations_opp, report.organizations),
                            total.expected,
                            total.received,
                            total.on_time,
                            render::Fraction{total.completeness()},
                            render::Fraction{total.timeliness()},
                            report.loans_disbursed,
                            report.loan_principal_disbursed,
                            report.loan_repaid,
                            report.loan_repaid_principal,
                            report.loan_repaid_interest,
                            report.loan_outstanding_at_end,
                            static_cast<std::int64_t>(report.consultations.size()),
                            report.consultation_participants,
                            report.organizations_consulted,
                            static_cast<std::int64_t>(report.trainings.size()),
                            report.training_participants,
                            report.distinct_participants,
                            optional_cell(report.mean_satisfaction)});
    document.tables.push_back(std::move(summary));

    auto by_mode = table_of(lang, "programmes", "annual.section.by_mode", {"mode", "programmes", "budget"});
    for (const auto& mode : report.by_mode) {
        by_mode.rows.push_back({render::term("program.mode.", mode.mode), mode.programmes, mode.budget});
    }
    document.tables.push_back(std::move(by_mode));
    document.tables.push_back(funded_table(lang, report.by_sphere, true));
    document.tables.push_back(funded_table(lang, report.by_district, false));

    auto reporting = table_of(lang, "reporting", "annual.section.reporting",
                              {"period", "expected", "received", "on_time", "completeness", "timeliness"});
    for (const auto& month : report.reporting) {
        reporting.rows.push_back({month.group, month.expected, month.received, month.on_time,
                                  render::Fraction{month.completeness()}, render::Fraction{month.timeliness()}});
    }
    document.tables.push_back(std::move(reporting));

    auto indicators = table_of(lang, "indicators", "annual.section.indicators",
                               {"indicator", "name", "unit", "aggregation", "ventures", "total"});
    for (const auto& indicator : report.indicators) {
        indicators.rows.push_back({indicator.code, indicator.name, render::term("unit.", indicator.unit),
                                   render::term("indicator.aggregation.", indicator.aggregation), indicator.ventures,
                                   indicator.total});
    }
    document.tables.push_back(std::move(indicators));

    auto loans = table_of(lang, "loans", "annual.section.loans",
                          {"loan", "org", "disbursed_on", "disbursed_in_year", "principal", "repaid",
                           "repaid_principal", "repaid_interest", "outstanding_at_end"});
    for (const auto& loan : report.loans) {
        loans.rows.push_back({loan.code, names.org_cell(loan.org), loan.disbursed_on, loan.disbursed_in_year,
                              loan.principal, loan.repaid, loan.repaid_principal, loan.repaid_interest,
                              loan.outstanding_at_end});
    }
    document.tables.push_back(std::move(loans));

    auto consultations = table_of(lang, "consultations", "annual.section.consultations",
                                  {"code", "title", "held_on", "participants", "orgs"});
    consultations.columns[0].label = label(lang, "consultations");
    for (const auto& consultation : report.consultations) {
        consultations.rows.push_back({consultation.code, consultation.title, consultation.held_on,
                                      consultation.participants, names.org_list(consultation.orgs)});
    }
    document.tables.push_back(std::move(consultations));

    auto trainings = table_of(lang, "trainings", "annual.section.trainings",
                              {"code", "module", "title", "held_on", "hours", "participants", "mean_satisfaction"});
    trainings.columns[0].label = label(lang, "trainings");
    for (const auto& training : report.trainings) {
        trainings.rows.push_back({training.code, training.module, training.title, training.held_on,
                                  optional_cell(training.hours), training.participants,
                                  optional_cell(training.mean_satisfaction)});
    }
    document.tables.push_back(std::move(trainings));
    render::set_json(document, report);

    document.charts.push_back(completeness_chart(report.reporting, lang));

    render::Chart grants;
    grants.kind = render::Chart::Kind::hbar;
    grants.title = say(lang, "annual.chart.grants");
    grants.unit = say(lang, "chart.unit.money");
    render::Series amounts{label(lang, "grants"), {}};
    for (const auto& district : report.by_district) {
        grants.categories.push_back(district.key ? *district.key : say(lang, "annual.no_district"));
        amounts.values.push_back(district.grants.to_zloty());
    }
    grants.series = {amounts};
    document.charts.push_back(std::move(grants));
    return document;
}

registry::Names names_for(store::Store& store, const AnnualReport& report)
{
    std::vector<std::string> orgs;
    for (const auto& loan : report.loans) {
        orgs.push_back(loan.org);
    }
    for (const auto& consultation : report.consultations) {
        orgs.insert(orgs.end(), consultation.orgs.begin(), consultation.orgs.end());
    }
    return registry::Names::load(store, orgs, {}, false);
}

}  // namespace toro::reporting
