#include "reporting/monitoring.hpp"

#include "core/collation.hpp"
#include "core/error.hpp"
#include "registry/schedule_store.hpp"
#include "render/model.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace toro::reporting {
namespace {

constexpr const char* bucket_names[] = {"current", "1-30", "31-60", "61-90", "90+"};

std::vector<std::string> json_list(const std::string& text)
{
    std::vector<std::string> items;
    for (const auto& item : nlohmann::json::parse(text)) {
        items.push_back(item.get<std::string>());
    }
    return items;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// Modified z-score (Iglewicz and Hoaglin) of x against `history`; nullopt when MAD = 0.
std::optional<double> modified_z(double x, const std::vector<double>& history)
{
    const double centre = median(history);
    std::vector<double> deviations;
    for (double value : history) {
        deviations.push_back(std::fabs(value - centre));
    }
    const double mad = median(deviations);
    if (mad == 0) {
        return std::nullopt;
    }
    return 0.6745 * (x - centre) / mad;
}

}  // namespace

Flag incomplete_flag(const std::string& venture, Period period, const std::vector<std::string>& left_out,
                     std::size_t targets)
{
    return {"incomplete",
            venture,
            {"flag.message.incomplete",
             {{"period", period},
              {"left_out", left_out.size()},
              {"targets", targets},
              {"indicators", fmt::format("{}", fmt::join(left_out, ", "))}}}};
}

double fraction(std::int64_t part, std::int64_t whole)
{
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

Date due_date(Period period, int report_day)
{
    return period.add_months(1).first_day().add_days(report_day - 1);
}

ReportStatus report_status(Date due_on, Date as_of, bool received, bool on_time)
{
    return {due_on <= as_of, received, received && on_time};
}

void GroupFigures::count(const ReportStatus& status, std::int64_t times)
{
    if (status.expected()) {
        expected += times;
        received += status.received ? times : 0;
        on_time += status.on_time ? times : 0;
    } else {
        pending += times;
    }
}

Portfolio loan_portfolio(store::Store& store, Date as_of)
{
    Portfolio portfolio;
    portfolio.as_of = as_of;
    std::map<std::string, Money> buckets;
    Money par30;
    Money par90;
    store::Statement loans(store.db(), "SELECT code, org, principal FROM loan WHERE disbursed_on <= ? ORDER BY code");
    loans.bind(1, as_of.to_string());
    while (loans.step()) {
        const std::string code = loans.column(0).get_string();
        const auto status = registry::status_as_of(registry::stored_schedule(store.db(), code),
                                                   registry::stored_repayments(store.db(), code), as_of);
        portfolio.loans.push_back({code, loans.column(1).get_string(), Money::from_grosze(loans.column(2).get_int64()),
                                   status.outstanding, status.overdue, status.days_past_due, status.bucket});
        portfolio.outstanding += status.outstanding;
        portfolio.overdue += status.overdue;
        buckets[status.bucket] += status.outstanding;
        if (status.days_past_due > 30) {
            par30 += status.outstanding;
        }
        if (status.days_past_due > 90) {
            par90 += status.outstanding;
        }
    }
    portfolio.par30 = fraction(par30.grosze(), portfolio.outstanding.grosze());
    portfolio.par90 = fraction(par90.grosze(), portfolio.outstanding.grosze());
    for (const char* name : bucket_names) {
        portfolio.buckets.emplace_back(name, buckets[name]);
    }
    return portfolio;
}

std::vector<MissingReport> missing_reports(store::Store& store, const config::Config& config, Period period, Date as_of)
{
    store::Statement query(
        store.db(), "SELECT v.code, v.title, v.org, o.email, v.report_day FROM venture v JOIN org o ON o.code = v.org "
                    "WHERE v.status IN ('active', 'completed') AND v.starts <= ?1 AND v.ends >= ?1 "
                    "AND NOT EXISTS (SELECT 1 FROM report r WHERE r.venture = v.code AND r.period = ?1 "
                    "AND r.status IN ('submitted', 'accepted')) ORDER BY v.code");
    query.bind(1, period.to_string());
    std::vector<MissingReport> missing;
    while (query.step()) {
        const int day = query.column(4).is_null() ? config.report_day : query.column(4).get_int();
        const auto due = due_date(period, day);
        if (!report_status(due, as_of, false, false).missing()) {
            continue;  // not due yet: pending
        }
        missing.push_back(
            {query.column(0).get_string(), query.column(1).get_string(), query.column(2).get_string(),
             query.column(3).is_null() ? std::nullopt : std::optional<std::string>(query.column(3).get_string()), due,
             std::max<std::int64_t>(0, days_between(due, as_of))});
    }
    return missing;
}

std::optional<double> mean_capped_achievement(const std::vector<std::optional<double>>& achievements)
{
    double sum = 0;
    int count = 0;
    for (const auto& achievement : achievements) {
        if (achievement) {
            sum += std::min(*achievement, achievement_cap);
            ++count;
        }
    }
    return count == 0 ? std::nullopt : std::optional(sum / count);
}

namespace {

// The ventures running in some month from ?1 to ?2 (active or completed, as monthly_report
// takes them) and ending in ?4 (at least ?1) or later, each with its months' received reports
// in that window: a row per report (NULL when the venture has none). A row: the venture, its
// first and last month, its report day (?3 by default), the report's month and first
// submission. The rows of one venture come together and in month order, as the ORDER BY says:
// SQLite meets it without sorting (the ventures by their key, each one's reports from
// report_status's index: no slower than the venture_period index it read before, on the
// national store of bench_report_monthly.sh), and PostgreSQL may not keep a nested loop's
// order if its planner ever takes another join.
constexpr const char* venture_reports_sql =
    "SELECT v.code, v.starts, v.ends, coalesce(v.report_day, ?3), r.period, r.first_submitted_on FROM venture v "
    "LEFT JOIN report r ON r.venture = v.code "
    "AND r.period BETWEEN CASE WHEN v.starts > ?1 THEN v.starts ELSE ?1 END "
    "AND CASE WHEN v.ends < ?2 THEN v.ends ELSE ?2 END "
    "AND r.status IN ('submitted', 'accepted') "
    "WHERE v.status IN ('active', 'completed') AND v.ends >= ?4 AND v.starts <= ?2 "
    "ORDER BY v.code, r.period";

// The due dates of the months of a window by report day, each computed once.
class DueDates {
public:
    struct Due {
        Date date = Date::from_ymd(2000, 1, 1);
        std::string text;
    };

    DueDates(Period first, Period last)
        : m_first(first), m_days(static_cast<std::size_t>(months_between(first, last) + 1))
    {
    }

    const Due& of(Period period, int day)
    {
        auto& days = m_days[static_cast<std::size_t>(months_between(m_first, period))];
        auto found = days.find(day);
        if (found == days.end()) {
            const auto date = due_date(period, day);
            found = days.emplace(day, Due{date, date.to_string()}).first;
        }
        return found->second;
    }

private:
    Period m_first;
    std::vector<std::map<int, Due>> m_days;
};

}  // namespace

void for_each_venture_month(store::Store& store, const config::Config& config, Period first, Period last, Date as_of,
                            const std::function<void(const VentureMonth&)>& visit, std::optional<Period> ends_from)
{
    if (last < first) {
        return;
    }
    store::Statement query(store.db(), venture_reports_sql);
    query.bind(1, first.to_string());
    query.bind(2, last.to_string());
    query.bind(3, config.report_day);
    query.bind(4, std::max(first, ends_from.value_or(first)).to_string());
    DueDates dues(first, last);
    struct Received {
        Period period;
        std::string first_submitted_on;
    };
    std::vector<Received> received;  // the current venture's reports, in month order
    VentureMonth month;
    Period from = first;
    Period to = first;
    int day = config.report_day;
    bool any = false;
    // Every month of the current venture: what is received, on time and due is monthly_report's;
    // what that makes expected or pending is ReportStatus's.
    const auto visit_venture = [&] {
        auto next = received.begin();
        for (auto period = from; period <= to; period = period.add_months(1)) {
            const auto& due = dues.of(period, day);
            const bool in = next != received.end() && next->period == period;
            const bool on_time = in && next->first_submitted_on <= due.text;
            next += in ? 1 : 0;
            month.period = period;
            month.status = report_status(due.date, as_of, in, on_time);
            visit(month);
        }
    };
    while (query.step()) {
        const auto& code = query.column(0);
        const std::string_view venture = code.get_view();
        if (!any || venture != month.venture) {
            if (any) {
                visit_venture();
            }
            any = true;
            month.venture = venture;
            from = std::max(first, Period::parse(query.column(1).get_string()));
            to = std::min(last, Period::parse(query.column(2).get_string()));
            day = query.column(3).get_int();
            received.clear();
        }
        if (!query.column(4).is_null()) {
            received.push_back({Period::parse(query.column(4).get_string()), query.column(5).get_string()});
        }
    }
    if (any) {
        visit_venture();
    }
}

std::vector<GroupFigures> completeness_history(store::Store& store, const config::Config& config, Period last,
                                               int months, Date as_of)
{
    std::vector<GroupFigures> history;
    if (months <= 0) {
        return history;
    }
    const auto first = last.add_months(-(months - 1));
    for (int i = 0; i < months; ++i) {
        GroupFigures figures;
        figures.group = first.add_months(i).to_string();
        history.push_back(std::move(figures));
    }
    for_each_venture_month(store, config, first, last, as_of, [&](const VentureMonth& month) {
        history[static_cast<std::size_t>(months_between(first, month.period))].count(month.status);
    });
    store.release_memory();
    return history;
}

double indicator_actual(const std::string& aggregation, const std::vector<double>& history)
{
    double actual = 0;
    if (aggregation == "sum") {
        for (double value : history) {
            actual += value;
        }
    } else if (!history.empty()) {
        actual = aggregation == "last" ? history.back() : *std::max_element(history.begin(), history.end());
    }
    return actual;
}

void assess_indicator(IndicatorProgress& indicator, double pace, double at_risk_ratio)
{
    if (indicator.target != indicator.baseline) {
        indicator.achievement = (indicator.actual - indicator.baseline) / (indicator.target - indicator.baseline);
        const double achievement = *indicator.achievement;
        indicator.status = achievement >= 1                      ? "achieved"
                           : achievement >= pace                 ? "on_track"
                           : achievement >= pace * at_risk_ratio ? "at_risk"
                                                                 : "behind";
    }
}

std::optional<Flag> report_flag(const VentureProgress& venture, const ReportStatus& status, Period period, Date as_of)
{
    if (status.missing()) {
        const auto overdue = days_between(venture.due_on, as_of);
        const auto due = venture.due_on;
        return Flag{"missing", venture.code,
                    overdue > 0
                        ? Message("flag.message.missing", {{"period", period}, {"due_on", due}, {"days", overdue}})
                        : Message("flag.message.missing_today", {{"period", period}, {"due_on", due}})};
    }
    if (venture.received && !venture.on_time) {
        return Flag{"late", venture.code, {"flag.message.late", {{"period", period}, {"due_on", venture.due_on}}}};
    }
    return std::nullopt;
}

std::optional<Flag> progress_flag(const std::string& venture, const IndicatorProgress& indicator, double pace)
{
    if (!indicator.status || (*indicator.status != "behind" && *indicator.status != "at_risk")) {
        return std::nullopt;
    }
    return Flag{
        *indicator.status,
        venture,
        {"flag.message.progress",
         {{"indicator", indicator.code}, {"achievement", Percent{*indicator.achievement}}, {"pace", Percent{pace}}}}};
}

std::optional<Flag> overspent_flag(const std::string& venture, const std::string& category, std::int64_t spent,
                                   std::int64_t planned, double tolerance)
{
    if (!(static_cast<double>(spent) > static_cast<double>(planned) * (1.0 + tolerance))) {
        return std::nullopt;
    }
    return Flag{"overspent",
                venture,
                {"flag.message.overspent",
                 {{"category", category},
                  {"spent", Money::from_grosze(spent)},
                  {"planned", Money::from_grosze(planned)},
                  {"tolerance", Percent{tolerance}}}}};
}

namespace {

// Running ventures are read in groups of this many: each group's reports, targets, values,
// spending and plans come in five statements, whatever the group's size. On PostgreSQL a
// statement is a round trip to the server, so one per venture would cost five trips for each;
// a group bounds what a statement's result holds in memory.
constexpr int group_size = 256;

// "?first, ?first+1, …": the numbered parameters of a group's venture codes.
std::string group_parameters(int first)
{
    std::string list;
    for (int i = 0; i < group_size; ++i) {
        list += fmt::format("{}?{}", i == 0 ? "" : ", ", first + i);
    }
    return list;
}

// The statements of the monthly report of a period P, each prepared once: the ventures running
// in P (bound here), and for a group of them their reports for P, target indicators, indicator
// values and spending up to P (P is ?1 and the codes follow), and budget plans (the codes from
// ?1). Those that need an order say so; the others give their rows as the index does.
struct MonthlyStatements {
    MonthlyStatements(store::Database& db, Period period)
        : p(period.to_string()),
          ventures(db, "SELECT code, title, org, program, sphere, districts, starts, ends, \"grant\", own_funds, "
                       "report_day FROM venture WHERE status IN ('active', 'completed') "
                       "AND starts <= ?1 AND ends >= ?1 ORDER BY code"),
          report_row(db, fmt::format("SELECT venture, status, first_submitted_on FROM report "
                                     "WHERE period = ?1 AND venture IN ({})",
                                     group_parameters(2))),
          targets(db, fmt::format("SELECT t.venture, t.indicator, t.baseline, t.target, i.aggregation FROM target t "
                                  "JOIN indicator i ON i.code = t.indicator WHERE t.venture IN ({}) "
                                  "ORDER BY t.venture, t.indicator",
                                  group_parameters(1))),
          // Every indicator's values of each venture up to P in one read, by indicator and month.
          values(db, fmt::format("SELECT r.venture, f.key, r.period, f.value FROM report r, {} "
                                 "WHERE r.period <= ?1 AND r.status IN ('submitted', 'accepted') "
                                 "AND r.venture IN ({}) ORDER BY r.venture, f.key, r.period",
                                 store::json_members(db.dialect(), "r.figures", "f"), group_parameters(2))),
          // Each report's spending by category, summed by read_group: a GROUP BY would sort the
          // whole group's rows in one temporary tree.
          spending(db, fmt::format("SELECT r.venture, r.period, s.key, {0} FROM report r, {1} "
                                   "WHERE r.period <= ?1 AND r.status IN ('submitted', 'accepted') "
                                   "AND r.venture IN ({2})",
                                   store::json_number(db.dialect(), "s.value"),
                                   store::json_members(db.dialect(), "r.spending", "s"), group_parameters(2))),
          planned(db, fmt::format("SELECT venture, category, sum(planned) FROM budget WHERE venture IN ({}) "
                                  "GROUP BY venture, category",
                                  group_parameters(1)))
    {
        ventures.bind(1, p);
    }

    std::string p;  // the period as text
    store::Statement ventures;
    store::Statement report_row;
    store::Statement targets;
    store::Statement values;
    store::Statement spending;
    store::Statement planned;
};

// The share of a venture's months from `starts` to `ends` that have passed by the end of
// `period`, at most 1.
double venture_pace(Period starts, Period ends, Period period)
{
    return std::min(1.0, static_cast<double>(months_between(starts, period) + 1) /
                             static_cast<double>(months_between(starts, ends) + 1));
}

// Reads the venture of the current row of the ventures statement past its code (already in
// `venture`): names, districts, grant, due date of its report for `period` and pace. Returns
// its own funds in grosze (0 when it has none).
std::int64_t read_venture(store::Statement& ventures, const config::Config& config, Period period,
                          VentureProgress& venture)
{
    venture.title = ventures.column(1).get_string();
    venture.org = ventures.column(2).get_string();
    venture.program = ventures.column(3).get_string();
    venture.sphere = ventures.column(4).get_string();
    venture.districts = json_list(ventures.column(5).get_string());
    const auto starts = Period::parse(ventures.column(6).get_string());
    const auto ends = Period::parse(ventures.column(7).get_string());
    venture.grant = Money::from_grosze(ventures.column(8).get_int64());
    const auto own_funds = ventures.column(9).is_null() ? 0 : ventures.column(9).get_int64();
    const int day = ventures.column(10).is_null() ? config.report_day : ventures.column(10).get_int();
    venture.due_on = due_date(period, day);
    venture.pace = venture_pace(starts, ends, period);
    return own_funds;
}

// Every indicator's values of one venture up to P: by indicator, its months and values, oldest first.
using Series = std::map<std::string, std::vector<std::pair<std::string, double>>>;

// A venture's budget plan: planned grosze by category, and their total.
struct Plan {
    std::map<std::string, std::int64_t> categories;
    std::int64_t total = 0;
};

struct Target {
    std::string indicator;
    double baseline = 0;
    double target = 0;
    std::string aggregation;
};

// A category's spending in grosze.
struct Spent {
    std::int64_t cumulative = 0;  // up to P
    std::int64_t in_period = 0;   // in P
};

// What the statements read of one venture of a group.
struct VentureRows {
    std::optional<std::string> status;  // of its report for P, when there is one
    std::string first_submitted_on;
    std::vector<Target> targets;
    Series series;
    std::map<std::string, Spent> spending;  // by category
    Plan plan;
};

// A group of running ventures in code order, each with its own funds and the rows read of it.
struct Group {
    std::vector<VentureProgress> ventures;
    std::vector<std::int64_t> own_funds;
    std::vector<VentureRows> rows;

    // The rows of the venture whose code is `code`; every row the statements give belongs to
    // one of the group's ventures. The statements give a venture's rows one after another,
    // mostly in code order, so the venture of the last row, or the next, is tried first.
    VentureRows& of(std::string_view code)
    {
        if (last >= ventures.size() || ventures[last].code != code) {
            if (last + 1 < ventures.size() && ventures[last + 1].code == code) {
                ++last;
            } else {
                const auto found =
                    std::lower_bound(ventures.begin(), ventures.end(), code,
                                     [](const VentureProgress& v, std::string_view c) { return v.code < c; });
                last = static_cast<std::size_t>(found - ventures.begin());
            }
        }
        return rows[last];
    }

    std::size_t last = 0;  // the venture of() found last
};

// Binds the group's codes to `statement` from parameter `first` on (NULL for the slots past
// the group's end, which match nothing) and runs it from the start.
void bind_group(store::Statement& statement, const Group& group, int first)
{
    statement.reset();
    for (std::size_t i = 0; i < static_cast<std::size_t>(group_size); ++i) {
        const int index = first + static_cast<int>(i);
        i < group.ventures.size() ? statement.bind(index, group.ventures[i].code) : statement.bind(index);
    }
}

// Reads the group's reports for P, targets, values, spending and plans into `group.rows`.
void read_group(MonthlyStatements& statements, Group& group)
{
    group.rows.assign(group.ventures.size(), VentureRows{});

    auto& report_row = statements.report_row;
    bind_group(report_row, group, 2);
    report_row.bind(1, statements.p);
    while (report_row.step()) {
        auto& rows = group.of(report_row.column(0).get_view());
        rows.status = report_row.column(1).get_string();
        rows.first_submitted_on = report_row.column(2).get_string();
    }

    auto& targets = statements.targets;
    bind_group(targets, group, 1);
    while (targets.step()) {
        group.of(targets.column(0).get_view())
            .targets.push_back({targets.column(1).get_string(), targets.column(2).get_double(),
                                targets.column(3).get_double(), targets.column(4).get_string()});
    }

    auto& values = statements.values;
    bind_group(values, group, 2);
    values.bind(1, statements.p);
    while (values.step()) {
        group.of(values.column(0).get_view())
            .series[values.column(1).get_string()]
            .emplace_back(values.column(2).get_string(), values.column(3).get_double());
    }

    auto& spending = statements.spending;
    bind_group(spending, group, 2);
    spending.bind(1, statements.p);
    while (spending.step()) {
        auto& spent = group.of(spending.column(0).get_view()).spending[spending.column(2).get_string()];
        const auto amount = spending.column(3).get_int64();
        spent.cumulative += amount;
        if (spending.column(1).get_view() == statements.p) {
            spent.in_period += amount;
        }
    }

    auto& planned = statements.planned;
    bind_group(planned, group, 1);
    while (planned.step()) {
        auto& plan = group.of(planned.column(0).get_view()).plan;
        plan.categories[planned.column(1).get_string()] = planned.column(2).get_int64();
        plan.total += planned.column(2).get_int64();
    }
}

// Reads whether the venture's report for P is received (submitted or accepted) and on time.
void read_report(const VentureRows& rows, VentureProgress& venture)
{
    if (rows.status) {
        venture.received = *rows.status == "submitted" || *rows.status == "accepted";
        venture.on_time = venture.received && rows.first_submitted_on <= venture.due_on.to_string();
    }
}

// One indicator's values up to P, oldest first, and P's own when there is one.
struct History {
    std::vector<double> values;
    std::optional<double> this_month;
};

History indicator_history(const Series& series, const std::string& indicator, const std::string& p)
{
    History history;
    if (const auto found = series.find(indicator); found != series.end()) {
        for (const auto& [month, value] : found->second) {
            history.values.push_back(value);
            if (month == p) {
                history.this_month = value;
            }
        }
    }
    return history;
}

// The flag `outlier` of an indicator whose value for `period` lies beyond `outlier_z` modified
// z-scores from its values up to it (three at least); none otherwise.
std::optional<Flag> outlier_flag(const std::string& venture, const std::string& indicator, const History& history,
                                 Period period, double outlier_z)
{
    if (history.this_month && history.values.size() >= 3) {
        if (const auto z = modified_z(*history.this_month, history.values); z && std::fabs(*z) > outlier_z) {
            return Flag{"outlier",
                        venture,
                        {"flag.message.outlier",
                         {{"indicator", indicator}, {"value", *history.this_month}, {"period", period}, {"z", *z}}}};
        }
    }
    return std::nullopt;
}

// The progress of each target indicator of a venture up to `period`, in `venture.indicators`;
// adds to `flags` each indicator's `behind` or `at_risk` and `outlier` flags, preceded by the
// venture's `incomplete` flag when its received report leaves target indicators out.
void read_indicators(const VentureRows& rows, const config::Config& config, Period period, VentureProgress& venture,
                     std::vector<Flag>& flags)
{
    const auto p = period.to_string();
    const auto incomplete_at = flags.size();  // the flag goes before the indicators' own
    std::vector<std::string> left_out;        // target indicators the received report lacks
    venture.indicators.reserve(rows.targets.size());
    for (const auto& target : rows.targets) {
        IndicatorProgress indicator;
        indicator.code = target.indicator;
        indicator.baseline = target.baseline;
        indicator.target = target.target;
        const auto history = indicator_history(rows.series, indicator.code, p);
        indicator.actual = indicator_actual(target.aggregation, history.values);
        assess_indicator(indicator, venture.pace, config.at_risk_ratio);
        if (auto flag = progress_flag(venture.code, indicator, venture.pace)) {
            flags.push_back(std::move(*flag));
        }
        if (auto flag = outlier_flag(venture.code, indicator.code, history, period, config.outlier_z)) {
            flags.push_back(std::move(*flag));
        }
        if (venture.received && !history.this_month) {
            left_out.push_back(indicator.code);
        }
        venture.indicators.push_back(std::move(indicator));
    }
    if (!left_out.empty()) {
        flags.insert(flags.begin() + static_cast<std::ptrdiff_t>(incomplete_at),
                     incomplete_flag(venture.code, period, left_out, venture.indicators.size()));
    }
}

// A venture's spending in P and budget execution up to P (spent / planned; its grant and own
// funds stand for the plan when it has none); adds to `flags` the `overspent` flag of each
// category spent beyond its plan and the tolerance.
void read_budget(const VentureRows& rows, const config::Config& config, std::int64_t own_funds,
                 VentureProgress& venture, std::vector<Flag>& flags)
{
    std::int64_t planned_total = rows.plan.total;
    if (planned_total == 0) {
        planned_total = venture.grant.grosze() + own_funds;
    }
    std::int64_t spent_total = 0;
    for (const auto& [category, spent] : rows.spending) {
        spent_total += spent.cumulative;
        venture.spent_in_period += Money::from_grosze(spent.in_period);
        const auto found = rows.plan.categories.find(category);
        const auto planned_category = found != rows.plan.categories.end() ? found->second : 0;
        if (auto flag = overspent_flag(venture.code, category, spent.cumulative, planned_category,
                                       config.overspend_tolerance)) {
            flags.push_back(std::move(*flag));
        }
    }
    if (planned_total > 0) {
        venture.budget_execution = fraction(spent_total, planned_total);
    }
}

// The groups a venture counts in by `by`: its districts, its sphere or its program; none
// without `by`.
std::vector<std::string> group_keys(const VentureProgress& venture, const std::optional<std::string>& by)
{
    std::vector<std::string> keys;
    if (by == "district") {
        keys = venture.districts;
    } else if (by == "sphere") {
        keys = {venture.sphere};
    } else if (by == "program") {
        keys = {venture.program};
    }
    return keys;
}

// Counts a venture's report (of this status), grant and spending in P in `figures`.
void count_venture(GroupFigures& figures, const ReportStatus& status, const VentureProgress& venture)
{
    figures.count(status);
    figures.grant_total += venture.grant;
    figures.spent_total += venture.spent_in_period;
}

// The groups of the report in their order: districts in Polish alphabetical order (Śródmieście
// before Włochy), spheres in the act's order (1, 1a, 2, …, 10, not as text 1, 10, 1a, 2, read
// from the sphere table), programs as text.
std::vector<GroupFigures> ordered_groups(store::Store& store, const std::optional<std::string>& by,
                                         std::map<std::string, GroupFigures>& groups)
{
    std::vector<GroupFigures> ordered;
    for (auto& [key, figures] : groups) {
        ordered.push_back(std::move(figures));
    }
    if (by == "district") {
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const GroupFigures& a, const GroupFigures& b) { return polish_less(a.group, b.group); });
    } else if (by == "sphere") {
        std::map<std::string, std::string> sort_keys;
        store::Statement spheres(store.db(), "SELECT code, sort_key FROM sphere");
        while (spheres.step()) {
            sort_keys.emplace(spheres.column(0).get_string(), spheres.column(1).get_string());
        }
        const auto key_of = [&](const std::string& code) {
            const auto found = sort_keys.find(code);
            return found != sort_keys.end() ? found->second : code;
        };
        std::stable_sort(ordered.begin(), ordered.end(), [&](const GroupFigures& a, const GroupFigures& b) {
            return key_of(a.group) < key_of(b.group);
        });
    }
    return ordered;
}

// Adds to `flags` the `loan_overdue` flag of each loan of the portfolio past due.
void add_loan_flags(const Portfolio& portfolio, std::vector<Flag>& flags)
{
    for (const auto& loan : portfolio.loans) {
        if (loan.days_past_due > 0) {
            flags.push_back(
                {"loan_overdue",
                 std::nullopt,
                 {"flag.message.loan_overdue",
                  {{"loan", loan.code}, {"org", loan.org}, {"overdue", loan.overdue}, {"days", loan.days_past_due}}}});
        }
    }
}

}  // namespace

// Reads each venture running in the period, computes its progress and flags in that order
// (report, indicators, budget), counts it in the summary and its groups, then adds the loans.
MonthlyReport monthly_report(store::Store& store, const config::Config& config, Period period, Date as_of,
                             std::optional<std::string> by, const std::set<std::string>* only)
{
    MonthlyReport report;
    report.period = period;
    report.as_of = as_of;
    report.by = by;
    MonthlyStatements statements(store.db(), period);
    std::map<std::string, GroupFigures> groups;
    // Assesses each venture of the group in code order, counts it, and empties the group.
    Group group;
    const auto assess_group = [&] {
        read_group(statements, group);
        for (std::size_t i = 0; i < group.ventures.size(); ++i) {
            auto& venture = group.ventures[i];
            const auto& rows = group.rows[i];
            read_report(rows, venture);
            const auto status = report_status(venture.due_on, as_of, venture.received, venture.on_time);
            venture.due = status.due;
            if (auto flag = report_flag(venture, status, period, as_of)) {
                report.flags.push_back(std::move(*flag));
            }
            read_indicators(rows, config, period, venture, report.flags);
            read_budget(rows, config, group.own_funds[i], venture, report.flags);
            count_venture(report.summary, status, venture);
            for (const auto& key : group_keys(venture, by)) {
                auto& figures = groups[key];
                figures.group = key;
                count_venture(figures, status, venture);
            }
            report.ventures.push_back(std::move(venture));
        }
        group = Group();
    };
    while (statements.ventures.step()) {
        VentureProgress venture;
        venture.code = statements.ventures.column(0).get_string();
        if (only != nullptr && only->count(venture.code) == 0) {
            continue;
        }
        group.own_funds.push_back(read_venture(statements.ventures, config, period, venture));
        group.ventures.push_back(std::move(venture));
        if (group.ventures.size() == static_cast<std::size_t>(group_size)) {
            assess_group();
        }
    }
    if (!group.ventures.empty()) {
        assess_group();
    }
    report.groups = ordered_groups(store, by, groups);
    report.loans = loan_portfolio(store, as_of);
    add_loan_flags(report.loans, report.flags);
    report.ventures.shrink_to_fit();
    report.flags.shrink_to_fit();
    store.release_memory();
    return report;
}

VentureDossier venture_dossier(store::Store& store, const config::Config& config, const std::string& code, Date as_of)
{
    auto& db = store.db();
    store::Statement venture(db, "SELECT starts, ends, status, report_day FROM venture WHERE code = ?");
    venture.bind(1, code);
    if (!venture.step()) {
        throw Error(Exit::data, code, Message("register.no_code", {{"entity", Message("entity.venture.genitive")}}));
    }
    const auto starts = Period::parse(venture.column(0).get_string());
    const auto ends = Period::parse(venture.column(1).get_string());
    const std::string status = venture.column(2).get_string();
    const int day = venture.column(3).is_null() ? config.report_day : venture.column(3).get_int();
    VentureDossier dossier;
    dossier.period = std::min(as_of.period().add_months(-1), ends);
    if ((status != "active" && status != "completed") || dossier.period < starts) {
        throw Error(
            Exit::data, code,
            Message("report.venture_not_started", {{"status", Message(Key::composed("venture.status." + status))}}));
    }
    const std::set<std::string> only{code};
    auto monthly = monthly_report(store, config, dossier.period, as_of, std::nullopt, &only);
    for (auto& item : monthly.ventures) {
        if (item.code == code) {
            dossier.progress = std::move(item);
        }
    }
    for (auto& flag : monthly.flags) {
        if (flag.venture == code) {
            dossier.flags.push_back(std::move(flag));
        }
    }
    store::Statement reports(db,
                             "SELECT period, status, first_submitted_on FROM report WHERE venture = ? AND period = ?");
    store::Statement values(db, fmt::format("SELECT f.key, f.value FROM report r, {} "
                                            "WHERE r.venture = ? AND r.period = ?",
                                            store::json_members(db.dialect(), "r.figures", "f")));
    store::Statement spent(db, fmt::format("SELECT coalesce(sum({}), 0) FROM report r, {} "
                                           "WHERE r.venture = ? AND r.period = ?",
                                           store::json_number(db.dialect(), "s.value"),
                                           store::json_members(db.dialect(), "r.spending", "s")));
    for (auto period = starts; period <= dossier.period; period = period.add_months(1)) {
        MonthOfVenture month;
        month.period = period;
        reports.reset();
        reports.bind(1, code);
        reports.bind(2, period.to_string());
        if (reports.step()) {
            month.status = reports.column(1).get_string();
            month.submitted_on = reports.column(2).get_string();
            month.on_time = *month.submitted_on <= due_date(period, day).to_string();
            values.reset();
            values.bind(1, code);
            values.bind(2, period.to_string());
            while (values.step()) {
                month.values[values.column(0).get_string()] = values.column(1).get_double();
            }
            spent.reset();
            spent.bind(1, code);
            spent.bind(2, period.to_string());
            spent.step();
            month.spent = Money::from_grosze(spent.column(0).get_int64());
        }
        dossier.months.push_back(std::move(month));
    }
    store::Statement categories(
        db,
        fmt::format("SELECT c.category, coalesce((SELECT sum(planned) FROM budget b WHERE b.venture = ?1 "
                    "AND b.category = c.category), 0), "
                    "coalesce((SELECT sum({0}) FROM report r, {1} WHERE r.venture = ?1 "
                    "AND s.key = c.category AND r.period <= ?2 AND r.status IN ('submitted', 'accepted')), 0) "
                    "FROM (SELECT category FROM budget WHERE venture = ?1 "
                    "UNION SELECT s.key FROM report r, {1} WHERE r.venture = ?1) c "
                    "ORDER BY c.category",
                    store::json_number(db.dialect(), "s.value"), store::json_members(db.dialect(), "r.spending", "s")));
    categories.bind(1, code);
    categories.bind(2, dossier.period.to_string());
    while (categories.step()) {
        dossier.spending.push_back({categories.column(0).get_string(),
                                    Money::from_grosze(categories.column(1).get_int64()),
                                    Money::from_grosze(categories.column(2).get_int64())});
    }
    return dossier;
}

namespace {

// A group's reports and money; `group` names it in the list of groups and not in the summary.
void group_fields(const GroupFigures& figures, render::Fields& out)
{
    out("expected", figures.expected)("received", figures.received)("on_time", figures.on_time);
    out("pending", figures.pending)("completeness", figures.completeness())("timeliness", figures.timeliness());
    out("ventures_active", figures.running())("grant_total", figures.grant_total)("spent_total", figures.spent_total);
}

// An indicator in a list of ventures: without its baseline.
void short_indicator_fields(const IndicatorProgress& indicator, render::Fields& out)
{
    out("code", indicator.code)("target", indicator.target)("actual", indicator.actual);
    out("achievement", indicator.achievement)("status", indicator.status);
}

}  // namespace

void fields(const IndicatorProgress& indicator, render::Fields& out)
{
    out("code", indicator.code)("baseline", indicator.baseline)("target", indicator.target);
    out("actual", indicator.actual)("achievement", indicator.achievement)("status", indicator.status);
}

void fields(const VentureProgress& venture, render::Fields& out)
{
    out("code", venture.code)("org", venture.org)("received", venture.received)("on_time", venture.on_time);
    out("budget_execution", venture.budget_execution)("pace", venture.pace);
    out.each("indicators", venture.indicators, short_indicator_fields);
}

void fields(const Flag& flag, render::Fields& out)
{
    out("kind", flag.kind)("venture", flag.venture)("message", flag.message.text(Lang::en));
}

void fields(const MonthlyReport& report, render::Fields& out)
{
    out("period", report.period)("as_of", report.as_of);
    out.object("summary", [&](render::Fields& summary) { group_fields(report.summary, summary); });
    out.each("groups", report.groups, [](const GroupFigures& group, render::Fields& item) {
        item("group", group.group);
        group_fields(group, item);
    });
    out.streamed("ventures", report.ventures).streamed("flags", report.flags);
    out.object("loans", [&](render::Fields& loans) {
        loans("outstanding", report.loans.outstanding)("overdue", report.loans.overdue);
        loans("par30", report.loans.par30)("par90", report.loans.par90);
    });
}

void fields(const MonthOfVenture& month, render::Fields& out)
{
    out("period", month.period)("status", month.status)("submitted_on", month.submitted_on);
    out("on_time", month.on_time)("values", month.values)("spent", month.spent);
}

void fields(const CategorySpending& category, render::Fields& out)
{
    out("category", category.category)("planned", category.planned)("spent", category.spent);
}

void fields(const VentureDossier& dossier, render::Fields& out)
{
    const auto& progress = dossier.progress;
    out("code", progress.code)("title", progress.title)("org", progress.org)("period", dossier.period);
    out("pace", progress.pace)("budget_execution", progress.budget_execution)("indicators", progress.indicators);
    out("months", dossier.months)("spending", dossier.spending);
    out.each("flags", dossier.flags, [](const Flag& flag, render::Fields& item) {
        item("kind", flag.kind)("message", flag.message.text(Lang::en));
    });
}

void fields(const LoanLine& loan, render::Fields& out)
{
    out("code", loan.code)("org", loan.org)("principal", loan.principal)("outstanding", loan.outstanding);
    out("overdue", loan.overdue)("days_past_due", loan.days_past_due)("bucket", loan.bucket);
}

void fields(const Portfolio& portfolio, render::Fields& out)
{
    out("as_of", portfolio.as_of)("loans", portfolio.loans);
    out.object("portfolio", [&](render::Fields& totals) {
        totals("loans", portfolio.loans.size())("outstanding", portfolio.outstanding)("overdue", portfolio.overdue);
        totals("par30", portfolio.par30)("par90", portfolio.par90);
        totals.object("buckets", [&](render::Fields& buckets) {
            for (const auto& [name, amount] : portfolio.buckets) {
                buckets(name, amount);
            }
        });
    });
}

void fields(const MissingReport& missing, render::Fields& out)
{
    out("code", missing.code)("title", missing.title)("org", missing.org)("email", missing.email);
    out("due_on", missing.due_on)("days_overdue", missing.days_overdue);
}

}  // namespace toro::reporting
