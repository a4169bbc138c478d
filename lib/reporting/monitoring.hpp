#pragma once
// The monitoring reports (docs/reports.md): the monthly report of a period, the list of
// missing reports, and the loan portfolio — computed as plain models, rendered elsewhere.

#include "config/config.hpp"
#include "core/catalogue.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toro::reporting {

// The loan portfolio as of a date (docs/reports.md "Definitions", loans).
struct LoanLine {
    std::string code;
    std::string org;
    Money principal;
    Money outstanding;
    Money overdue;
    int days_past_due = 0;
    std::string bucket;
};

struct Portfolio {
    Date as_of = Date::from_ymd(2000, 1, 1);
    std::vector<LoanLine> loans;
    Money outstanding;
    Money overdue;
    double par30 = 0;
    double par90 = 0;
    std::vector<std::pair<std::string, Money>> buckets;  // current, 1-30, 31-60, 61-90, 90+
};

Portfolio loan_portfolio(store::Store& store, Date as_of);

// The day a venture's report for `period` is due: day `report_day` of the month after it
// (a day past the month's end runs into the next month, as SQLite's date() does).
Date due_date(Period period, int report_day);

// The rule of due, expected, pending and missing (docs/reports.md "Due, expected, pending,
// missing"), for one venture's report for one month as of a date. Every count of reports —
// monthly, missing, venture, annual, evaluate ventures — goes through it.
struct ReportStatus {
    bool due = false;       // its due date is on or before the as-of date
    bool received = false;  // a report for the month that is submitted or accepted
    bool on_time = false;   // received, and first submitted on or before the due date

    // Counted in completeness and timeliness: due, or already received (early ones count).
    bool expected() const { return due || received; }
    // Not due and not received: neither missing nor flagged.
    bool pending() const { return !due && !received; }
    bool missing() const { return due && !received; }
};

ReportStatus report_status(Date due_on, Date as_of, bool received, bool on_time);

// A fraction part / whole, 0 when whole is 0.
double fraction(std::int64_t part, std::int64_t whole);

// One venture expected to report for a period that has not (report missing).
struct MissingReport {
    std::string code;
    std::string title;
    std::string org;
    std::optional<std::string> email;
    Date due_on = Date::from_ymd(2000, 1, 1);
    std::int64_t days_overdue = 0;
};

std::vector<MissingReport> missing_reports(store::Store& store, const config::Config& config, Period period,
                                           Date as_of);

// The month's monitoring report.
struct IndicatorProgress {
    std::string code;
    double baseline = 0;
    double target = 0;
    double actual = 0;
    std::optional<double> achievement;
    std::optional<std::string> status;  // achieved, on_track, at_risk, behind
};

struct VentureProgress {
    std::string code;
    std::string title;
    std::string org;
    std::string program;
    std::string sphere;
    std::vector<std::string> districts;
    Money grant;
    bool received = false;
    bool on_time = false;
    bool due = false;  // as of the report's date (ReportStatus)
    Date due_on = Date::from_ymd(2000, 1, 1);
    std::optional<double> budget_execution;
    double pace = 0;
    Money spent_in_period;
    std::vector<IndicatorProgress> indicators;
};

struct Flag {
    std::string kind;  // missing, late, incomplete, behind, at_risk, overspent, outlier, loan_overdue
    std::optional<std::string> venture;
    // What a person should look at, worded when shown: in English in machine formats (csv, tsv,
    // json, jsonl), in the output language in human ones.
    Message message;
};

// The flag `incomplete` of a received report for `period` that gives no value for the target
// indicators `left_out` of the venture's `targets` target indicators.
Flag incomplete_flag(const std::string& venture, Period period, const std::vector<std::string>& left_out,
                     std::size_t targets);

// The figure an indicator has reached from its values up to the period (`history`, oldest
// first) by its aggregation: their sum for `sum`, the last for `last`, the largest otherwise;
// 0 when it has none.
double indicator_actual(const std::string& aggregation, const std::vector<double>& history);

// An indicator's achievement, (actual - baseline) / (target - baseline), and status against the
// venture's pace: achieved at 1, on_track at the pace, at_risk at pace × at_risk_ratio, behind
// below. Neither when its target is its baseline.
void assess_indicator(IndicatorProgress& indicator, double pace, double at_risk_ratio);

// The flag a venture's report for `period` raises as of `as_of` (its `status`): `missing` when
// due and not received, `late` when received after its due date; none otherwise.
std::optional<Flag> report_flag(const VentureProgress& venture, const ReportStatus& status, Period period, Date as_of);

// The flag `behind` or `at_risk` of an indicator of `venture` of that status; none otherwise.
std::optional<Flag> progress_flag(const std::string& venture, const IndicatorProgress& indicator, double pace);

// The flag `overspent` of a budget category of `venture` whose spending up to the period is
// above its plan by more than `tolerance` (a fraction of the plan); none otherwise.
std::optional<Flag> overspent_flag(const std::string& venture, const std::string& category, std::int64_t spent,
                                   std::int64_t planned, double tolerance);

// Each indicator's achievement counts at most this much in a venture's mean achievement.
constexpr double achievement_cap = 1.5;

// The mean of the achievements present, each capped at achievement_cap; none when no
// indicator has one.
std::optional<double> mean_capped_achievement(const std::vector<std::optional<double>>& achievements);

// Reports of a group of venture-months, counted by the rule of ReportStatus.
struct GroupFigures {
    std::string group;
    std::int64_t expected = 0;
    std::int64_t received = 0;
    std::int64_t on_time = 0;
    std::int64_t pending = 0;
    Money grant_total;
    Money spent_total;

    // Counts `times` reports of this status.
    void count(const ReportStatus& status, std::int64_t times = 1);
    // received / expected and on time / expected; 0 when nothing is expected.
    double completeness() const { return fraction(received, expected); }
    double timeliness() const { return fraction(on_time, expected); }
    // The reports of the venture-months running: expected and pending.
    std::int64_t running() const { return expected + pending; }
};

struct MonthlyReport {
    Period period = Period::from_ym(2000, 1);
    Date as_of = Date::from_ymd(2000, 1, 1);
    std::optional<std::string> by;  // district, sphere or program
    GroupFigures summary;
    std::vector<GroupFigures> groups;
    std::vector<VentureProgress> ventures;
    std::vector<Flag> flags;
    Portfolio loans;
};

// Expected, received, on-time and pending reports of each of the `months` months up to `last`
// as of `as_of` (oldest first; `group` holds the period), for the completeness chart.
std::vector<GroupFigures> completeness_history(store::Store& store, const config::Config& config, Period last,
                                               int months, Date as_of);

// Every month from `first` to `last` that a venture runs in (active or completed ventures,
// as monthly_report takes them), with the status of its report as of `as_of`, by one query;
// venture by venture, each venture's months in order.
struct VentureMonth {
    std::string venture;
    Period period = Period::from_ym(2000, 1);
    ReportStatus status;
};
// With `ends_from`, only the ventures that run until that month or later.
void for_each_venture_month(store::Store& store, const config::Config& config, Period first, Period last, Date as_of,
                            const std::function<void(const VentureMonth&)>& visit,
                            std::optional<Period> ends_from = std::nullopt);

// The monthly report of `period`. With `only`, of those ventures alone (their progress and
// flags are as in the whole report; the totals cover them only).
MonthlyReport monthly_report(store::Store& store, const config::Config& config, Period period, Date as_of,
                             std::optional<std::string> by, const std::set<std::string>* only = nullptr);

// One venture's dossier (`report venture CODE`): its progress as of the month before the
// as-of date (or its last month), every month's report, and spending by category.
struct MonthOfVenture {
    Period period = Period::from_ym(2000, 1);
    std::optional<std::string> status;  // none when nothing was submitted
    std::optional<std::string> submitted_on;
    bool on_time = false;
    std::map<std::string, double> values;
    Money spent;
};

struct CategorySpending {
    std::string category;
    Money planned;
    Money spent;
};

struct VentureDossier {
    VentureProgress progress;
    Period period = Period::from_ym(2000, 1);
    std::vector<MonthOfVenture> months;
    std::vector<CategorySpending> spending;
    std::vector<Flag> flags;
};

VentureDossier venture_dossier(store::Store& store, const config::Config& config, const std::string& code, Date as_of);

// How the models read in JSON (render/fields.hpp): `report monthly`
// (schemas/report-monthly.schema.json; its ventures and flags are written one at a time from
// the report, which must outlive the document's rendering), `report venture`, `report loans`
// and `report missing` (docs/reports.md).
void fields(const IndicatorProgress& indicator, render::Fields& out);
void fields(const VentureProgress& venture, render::Fields& out);
void fields(const Flag& flag, render::Fields& out);
void fields(const MonthlyReport& report, render::Fields& out);
void fields(const MonthOfVenture& month, render::Fields& out);
void fields(const CategorySpending& category, render::Fields& out);
void fields(const VentureDossier& dossier, render::Fields& out);
void fields(const LoanLine& loan, render::Fields& out);
void fields(const Portfolio& portfolio, render::Fields& out);
void fields(const MissingReport& missing, render::Fields& out);

}  // namespace toro::reporting
