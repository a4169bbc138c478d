#include "reporting/annual.hpp"

#include "registry/loan.hpp"
#include "registry/schedule_store.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace toro::reporting {
namespace {

constexpr const char* modes[] = {"open_call", "small_grant", "local_initiative", "regranting", "loan_fund", "other"};

std::vector<std::string> json_list(const std::string& text)
{
    std::vector<std::string> items;
    for (const auto& item : nlohmann::json::parse(text)) {
        items.push_back(item.get<std::string>());
    }
    return items;
}

Money money_column(const store::Column& column)
{
    return Money::from_grosze(column.is_null() ? 0 : column.get_int64());
}

// A group of funded ventures while it is being summed.
struct Group {
    FundedFigures figures;
    std::set<std::string> orgs;
};

void add_to(Group& group, const std::string& org, Money grant, Money own_funds, Money in_kind)
{
    ++group.figures.ventures;
    group.orgs.insert(org);
    group.figures.grants += grant;
    group.figures.own_funds += own_funds;
    group.figures.in_kind += in_kind;
}

FundedFigures finish(Group& group)
{
    group.figures.organizations = static_cast<std::int64_t>(group.orgs.size());
    return std::move(group.figures);
}

void read_programmes(store::Database& db, int year, AnnualReport& report)
{
    std::map<std::string, ModeFigures> by_mode;
    store::Statement query(db,
                           "SELECT mode, count(*), coalesce(sum(budget), 0) FROM program WHERE year = ? GROUP BY mode");
    query.bind(1, year);
    while (query.step()) {
        const std::string mode = query.column(0).get_string();
        by_mode[mode] = {mode, query.column(1).get_int64(), Money::from_grosze(query.column(2).get_int64())};
    }
    for (const char* mode : modes) {
        if (const auto found = by_mode.find(mode); found != by_mode.end()) {
            report.programmes += found->second.programmes;
            report.programme_budget += found->second.budget;
            report.by_mode.push_back(found->second);
        }
    }
}

// Long, as one query's rows feed the totals by sphere and by district at once.
void read_ventures(store::Database& db, int year, AnnualReport& report)
{
    const auto first = Period::from_ym(year, 1).to_string();
    const auto last = Period::from_ym(year, 12).to_string();
    const auto year_end = Date::from_ymd(year, 12, 31).to_string();
    store::Statement query(db,
                           "SELECT v.org, v.sphere, v.districts, v.starts, v.\"grant\", v.own_funds, v.in_kind, o.opp, "
                           "o.opp_since FROM venture v JOIN org o ON o.code = v.org "
                           "WHERE v.status <> 'planned' AND v.starts <= ?2 AND v.ends >= ?1 ORDER BY v.code");
    query.bind(1, first);
    query.bind(2, last);
    std::set<std::string> orgs;
    std::set<std::string> opp_orgs;
    std::map<std::string, Group> spheres;
    std::map<std::string, Group> districts;
    Group no_district;
    while (query.step()) {
        const std::string org = query.column(0).get_string();
        const std::string sphere = query.column(1).get_string();
        const auto grant = money_column(query.column(4));
        const auto own_funds = money_column(query.column(5));
        const auto in_kind = money_column(query.column(6));
        ++report.ventures;
        report.grants += grant;
        report.own_funds += own_funds;
        report.in_kind += in_kind;
        if (query.column(3).get_string() >= first) {
            ++report.ventures_started;
            report.grants_started += grant;
        }
        orgs.insert(org);
        const bool opp =
            query.column(7).get_int() == 1 && (query.column(8).is_null() || query.column(8).get_string().empty() ||
                                               query.column(8).get_string() <= year_end);
        if (opp) {
            opp_orgs.insert(org);
        }
        add_to(spheres[sphere], org, grant, own_funds, in_kind);
        const auto names = json_list(query.column(2).get_string());
        for (const auto& district : names) {
            add_to(districts[district], org, grant, own_funds, in_kind);
        }
        if (names.empty()) {
            add_to(no_district, org, grant, own_funds, in_kind);
        }
    }
    report.organizations = static_cast<std::int64_t>(orgs.size());
    report.organizations_opp = static_cast<std::int64_t>(opp_orgs.size());

    // Spheres in the act's order, districts in the reference order (Polish alphabetical);
    // names the reference does not know come after, alphabetically.
    store::Statement sphere_query(db, "SELECT code, name_pl, sort_key FROM sphere");
    std::map<std::string, std::pair<std::string, std::string>> sphere_reference;
    while (sphere_query.step()) {
        sphere_reference[sphere_query.column(0).get_string()] = {sphere_query.column(1).get_string(),
                                                                 sphere_query.column(2).get_string()};
    }
    std::vector<std::tuple<std::string, std::string, std::string>> sphere_order;  // sort key, code, name
    for (const auto& [code, group] : spheres) {
        const auto found = sphere_reference.find(code);
        sphere_order.emplace_back(found == sphere_reference.end() ? "~" + code : found->second.second, code,
                                  found == sphere_reference.end() ? "" : found->second.first);
    }
    std::sort(sphere_order.begin(), sphere_order.end());
    for (const auto& [sort_key, code, name] : sphere_order) {
        auto& group = spheres[code];
        group.figures.key = code;
        group.figures.name = name;
        report.by_sphere.push_back(finish(group));
    }

    store::Statement district_query(db, "SELECT name, sort_key FROM district");
    std::map<std::string, std::int64_t> district_reference;
    while (district_query.step()) {
        district_reference[district_query.column(0).get_string()] = district_query.column(1).get_int64();
    }
    std::vector<std::tuple<bool, std::int64_t, std::string>> district_order;  // unknown, sort key, name
    for (const auto& [name, group] : districts) {
        const auto found = district_reference.find(name);
        district_order.emplace_back(found == district_reference.end(),
                                    found == district_reference.end() ? 0 : found->second, name);
    }
    std::sort(district_order.begin(), district_order.end());
    for (const auto& [unknown, sort_key, name] : district_order) {
        auto& group = districts[name];
        group.figures.key = name;
        report.by_district.push_back(finish(group));
    }
    if (no_district.figures.ventures > 0) {
        report.by_district.push_back(finish(no_district));
    }
}

void read_reporting(store::Store& store, const config::Config& config, AnnualReport& report)
{
    const auto first = Period::from_ym(report.year, 1);
    const auto last = std::min(Period::from_ym(report.year, 12), report.as_of.period().add_months(-1));
    if (last < first) {
        return;
    }
    report.first_month = first;
    report.last_month = last;
    report.reporting = completeness_history(store, config, last, months_between(first, last) + 1, report.as_of);
    for (const auto& month : report.reporting) {
        report.reporting_total.expected += month.expected;
        report.reporting_total.received += month.received;
        report.reporting_total.on_time += month.on_time;
        report.reporting_total.pending += month.pending;
    }
}

// Each indicator's total over the ventures of the months counted: a venture's figures of the
// months summed, their last or their highest (the indicator's aggregation), then added up over
// the ventures in code order. The reports are read venture by venture from the report table's
// key, in month order, so that nothing needs sorting (a sort of every figure of a year held
// about 100 MB).
void read_indicators(store::Database& db, AnnualReport& report)
{
    if (!report.first_month) {
        return;
    }
    std::map<std::string, IndicatorTotal, std::less<>> totals;
    store::Statement indicators(db, "SELECT code, name, unit, aggregation FROM indicator");
    while (indicators.step()) {
        IndicatorTotal total{indicators.column(0).get_string(),
                             indicators.column(1).get_string(),
                             indicators.column(2).get_string(),
                             indicators.column(3).get_string(),
                             0,
                             0};
        totals.emplace(total.code, std::move(total));
    }
    store::Statement query(db, fmt::format("SELECT v.code, f.key, f.value FROM venture v CROSS JOIN report r "
                                           "CROSS JOIN {} WHERE r.venture = v.code "
                                           "AND r.period >= ? AND r.period <= ? AND r.status IN ('submitted', "
                                           "'accepted') AND v.status <> 'planned' ORDER BY v.code, r.period",
                                           store::json_members(db.dialect(), "r.figures", "f")));
    query.bind(1, report.first_month->to_string());
    query.bind(2, report.last_month->to_string());
    std::string venture;
    std::map<IndicatorTotal*, double> actual;  // the venture's figure of each indicator so far
    auto close_venture = [&] {
        for (const auto& [total, value] : actual) {
            total->total += value;
            ++total->ventures;
        }
        actual.clear();
    };
    while (query.step()) {
        const auto& code = query.column(0);
        const std::string_view this_venture = code.get_view();
        if (this_venture != venture) {
            close_venture();
            venture = this_venture;
        }
        const auto& key = query.column(1);
        const auto found = totals.find(key.get_view());
        if (found == totals.end()) {
            continue;  // not a registered indicator
        }
        const double value = query.column(2).get_double();
        const auto [slot, first] = actual.try_emplace(&found->second, value);
        if (first) {
            continue;
        }
        const auto& aggregation = found->second.aggregation;
        if (aggregation == "sum") {
            slot->second += value;
        } else if (aggregation == "last") {
            slot->second = value;  // rows come in period order
        } else {
            slot->second = std::max(slot->second, value);
        }
    }
    close_venture();
    for (auto& [code, total] : totals) {
        if (total.ventures > 0) {
            report.indicators.push_back(std::move(total));
        }
    }
}

void read_loans(store::Database& db, AnnualReport& report)
{
    const auto year_start = Date::from_ymd(report.year, 1, 1);
    store::Statement query(db,
                           "SELECT code, org, principal, disbursed_on FROM loan WHERE disbursed_on <= ? ORDER BY code");
    query.bind(1, report.through.to_string());
    while (query.step()) {
        LoanYear loan;
        loan.code = query.column(0).get_string();
        loan.org = query.column(1).get_string();
        loan.principal = Money::from_grosze(query.column(2).get_int64());
        loan.disbursed_on = Date::parse(query.column(3).get_string());
        loan.disbursed_in_year = loan.disbursed_on >= year_start;
        const auto schedule = registry::stored_schedule(db, loan.code);
        const auto repayments = registry::stored_repayments(db, loan.code);
        auto in_year = [&](Date day) { return day >= year_start && day <= report.through; };
        for (const auto& repayment : repayments) {
            if (in_year(repayment.paid_on)) {
                loan.repaid += repayment.amount;
            }
        }
        for (const auto& allocation : registry::allocate(schedule, repayments)) {
            if (in_year(allocation.paid_on)) {
                loan.repaid_principal += allocation.principal;
                loan.repaid_interest += allocation.interest;
            }
        }
        loan.repaid_unallocated = loan.repaid - loan.repaid_principal - loan.repaid_interest;
        loan.outstanding_at_end = registry::status_as_of(schedule, repayments, report.through).outstanding;
        report.loan_outstanding_at_end += loan.outstanding_at_end;
        if (loan.disbursed_in_year) {
            ++report.loans_disbursed;
            report.loan_principal_disbursed += loan.principal;
        }
        report.loan_repaid += loan.repaid;
        report.loan_repaid_principal += loan.repaid_principal;
        report.loan_repaid_interest += loan.repaid_interest;
        report.loan_repaid_unallocated += loan.repaid_unallocated;
        if (loan.disbursed_in_year || loan.repaid.grosze() > 0) {
            report.loans.push_back(std::move(loan));
        }
    }
}

void read_consultations(store::Database& db, AnnualReport& report)
{
    store::Statement query(db, "SELECT code, title, held_on, participants, orgs FROM consultation "
                               "WHERE held_on >= ? AND held_on <= ? ORDER BY held_on, code");
    query.bind(1, Date::from_ymd(report.year, 1, 1).to_string());
    query.bind(2, report.through.to_string());
    std::set<std::string> orgs;
    while (query.step()) {
        ConsultationYear consultation{query.column(0).get_string(), query.column(1).get_string(),
                                      Date::parse(query.column(2).get_string()), query.column(3).get_int64(),
                                      json_list(query.column(4).get_string())};
        report.consultation_participants += consultation.participants;
        orgs.insert(consultation.orgs.begin(), consultation.orgs.end());
        report.consultations.push_back(std::move(consultation));
    }
    report.organizations_consulted = static_cast<std::int64_t>(orgs.size());
}

void read_trainings(store::Database& db, AnnualReport& report)
{
    const auto from = Date::from_ymd(report.year, 1, 1).to_string();
    const auto to = report.through.to_string();
    store::Statement query(db, "SELECT t.code, t.module, t.title, t.held_on, t.hours, count(a.participant), "
                               "count(a.satisfaction), coalesce(sum(a.satisfaction), 0) "
                               "FROM training t LEFT JOIN attendance a ON a.training = t.code "
                               "WHERE t.held_on >= ? AND t.held_on <= ? GROUP BY t.code ORDER BY t.held_on, t.code");
    query.bind(1, from);
    query.bind(2, to);
    std::int64_t rated = 0;
    double satisfaction = 0;
    while (query.step()) {
        TrainingYear training;
        training.code = query.column(0).get_string();
        training.module = query.column(1).get_string();
        training.title = query.column(2).get_string();
        training.held_on = Date::parse(query.column(3).get_string());
        if (!query.column(4).is_null()) {
            training.hours = query.column(4).get_double();
        }
        training.participants = query.column(5).get_int64();
        const auto training_rated = query.column(6).get_int64();
        const double training_sum = query.column(7).get_double();
        if (training_rated > 0) {
            training.mean_satisfaction = training_sum / static_cast<double>(training_rated);
        }
        rated += training_rated;
        satisfaction += training_sum;
        report.training_participants += training.participants;
        report.trainings.push_back(std::move(training));
    }
    if (rated > 0) {
        report.mean_satisfaction = satisfaction / static_cast<double>(rated);
    }
    store::Statement distinct(db, "SELECT count(DISTINCT a.participant) FROM attendance a JOIN training t "
                                  "ON t.code = a.training WHERE t.held_on >= ? AND t.held_on <= ?");
    distinct.bind(1, from);
    distinct.bind(2, to);
    distinct.step();
    report.distinct_participants = distinct.column(0).get_int64();
}

// A group of ventures funded: a sphere with its name, a district without.
void funded_fields(const FundedFigures& figures, const char* key, bool with_name, render::Fields& out)
{
    out(key, figures.key);
    if (with_name) {
        out("name", figures.name);
    }
    out("ventures", figures.ventures)("organizations", figures.organizations)("grants", figures.grants);
    out("own_funds", figures.own_funds)("in_kind", figures.in_kind);
}

// The monthly reports of a month or of the year: counts and the two shares.
void reporting_fields(const GroupFigures& figures, render::Fields& out)
{
    out("expected", figures.expected)("received", figures.received)("on_time", figures.on_time);
    out("completeness", figures.completeness())("timeliness", figures.timeliness());
}

}  // namespace

AnnualReport annual_report(store::Store& store, const config::Config& config, int year, Date as_of)
{
    AnnualReport report;
    report.year = year;
    report.as_of = as_of;
    report.through = std::min(Date::from_ymd(year, 12, 31), as_of);
    auto& db = store.db();
    read_programmes(db, year, report);
    read_ventures(db, year, report);
    read_reporting(store, config, report);
    read_indicators(db, report);
    read_loans(db, report);
    read_consultations(db, report);
    read_trainings(db, report);
    store.release_memory();
    return report;
}

void fields(const ModeFigures& mode, render::Fields& out)
{
    out("mode", mode.mode)("programmes", mode.programmes)("budget", mode.budget);
}

void fields(const IndicatorTotal& indicator, render::Fields& out)
{
    out("code", indicator.code)("name", indicator.name)("unit", indicator.unit);
    out("aggregation", indicator.aggregation)("ventures", indicator.ventures)("total", indicator.total);
}

void fields(const LoanYear& loan, render::Fields& out)
{
    out("code", loan.code)("org", loan.org)("disbursed_on", loan.disbursed_on);
    out("disbursed_in_year", loan.disbursed_in_year)("principal", loan.principal)("repaid", loan.repaid);
    out("repaid_principal", loan.repaid_principal)("repaid_interest", loan.repaid_interest);
    out("repaid_unallocated", loan.repaid_unallocated)("outstanding_at_end", loan.outstanding_at_end);
}

void fields(const ConsultationYear& consultation, render::Fields& out)
{
    out("code", consultation.code)("title", consultation.title)("held_on", consultation.held_on);
    out("participants", consultation.participants)("orgs", consultation.orgs);
}

void fields(const TrainingYear& training, render::Fields& out)
{
    out("code", training.code)("module", training.module)("title", training.title)("held_on", training.held_on);
    out("hours", training.hours)("participants", training.participants);
    out("mean_satisfaction", training.mean_satisfaction);
}

void fields(const AnnualReport& report, render::Fields& out)
{
    out("year", report.year)("as_of", report.as_of)("through", report.through);
    out.object("programmes", [&](render::Fields& programmes) {
        programmes("count", report.programmes)("budget", report.programme_budget)("by_mode", report.by_mode);
    });
    out.object("ventures", [&](render::Fields& ventures) {
        ventures("count", report.ventures)("started", report.ventures_started)("grants", report.grants);
        ventures("grants_started", report.grants_started)("own_funds", report.own_funds)("in_kind", report.in_kind);
        ventures.each("by_sphere", report.by_sphere, [](const FundedFigures& sphere, render::Fields& item) {
            funded_fields(sphere, "sphere", true, item);
        });
        ventures.each("by_district", report.by_district, [](const FundedFigures& district, render::Fields& item) {
            funded_fields(district, "district", false, item);
        });
    });
    out.object("organizations", [&](render::Fields& organizations) {
        organizations("funded", report.organizations)("opp", report.organizations_opp);
        organizations("opp_share", fraction(report.organizations_opp, report.organizations));
    });
    out.object("reporting", [&](render::Fields& reporting) {
        reporting("first_month", report.first_month)("last_month", report.last_month);
        reporting("months_counted", report.reporting.size());
        reporting_fields(report.reporting_total, reporting);
        reporting.each("months", report.reporting, [](const GroupFigures& month, render::Fields& item) {
            item("period", month.group);
            reporting_fields(month, item);
        });
    });
    out("indicators", report.indicators);
    out.object("loans", [&](render::Fields& loans) {
        loans("disbursed", report.loans_disbursed)("principal_disbursed", report.loan_principal_disbursed);
        loans("repaid", report.loan_repaid)("repaid_principal", report.loan_repaid_principal);
        loans("repaid_interest", report.loan_repaid_interest)("repaid_unallocated", report.loan_repaid_unallocated);
        loans("outstanding_at_end", report.loan_outstanding_at_end)("items", report.loans);
    });
    out.object("consultations", [&](render::Fields& consultations) {
        consultations("held", report.consultations.size())("participants", report.consultation_participants);
        consultations("organizations", report.organizations_consulted)("items", report.consultations);
    });
    out.object("trainings", [&](render::Fields& trainings) {
        trainings("held", report.trainings.size())("participants", report.training_participants);
        trainings("distinct_participants", report.distinct_participants);
        trainings("mean_satisfaction", report.mean_satisfaction)("items", report.trainings);
    });
}

}  // namespace toro::reporting
