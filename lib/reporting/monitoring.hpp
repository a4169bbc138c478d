#pragma once
// The monitoring reports (PRODUCT.md §6, §12): the monthly report of a period, the list of
// missing reports, and the loan portfolio — computed as plain models, rendered elsewhere.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toro::reporting {

// The loan portfolio as of a date (§12 "Repayments and arrears").
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
    Date due_on = Date::from_ymd(2000, 1, 1);
    std::optional<double> budget_execution;
    double pace = 0;
    Money spent_in_period;
    std::vector<IndicatorProgress> indicators;
};

struct Flag {
    std::string kind;  // missing, late, behind, at_risk, overspent, outlier, loan_overdue
    std::optional<std::string> venture;
    std::string message;     // in English: machine formats (csv, tsv, json, jsonl) and --lang en
    std::string message_pl;  // the same in Polish, for human formats in --lang pl
};

// Each indicator's achievement counts at most this much in a venture's mean achievement.
constexpr double achievement_cap = 1.5;

// The mean of the achievements present, each capped at achievement_cap; none when no
// indicator has one.
std::optional<double> mean_capped_achievement(const std::vector<std::optional<double>>& achievements);

// A flag's message in `lang` (English when it has none in that language).
std::string flag_message(const Flag& flag, Lang lang);

struct GroupFigures {
    std::string group;
    std::int64_t expected = 0;
    std::int64_t received = 0;
    std::int64_t on_time = 0;
    Money grant_total;
    Money spent_total;
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

// Expected, received and on-time reports of each of the `months` months up to `last`
// (oldest first; `group` holds the period), for the completeness chart.
std::vector<GroupFigures> completeness_history(store::Store& store, const config::Config& config, Period last,
                                               int months);

// Every month from `first` to `last` that a venture runs in (active or completed ventures,
// as monthly_report takes them), with whether its report was received and on time, by one
// query; months in order.
struct VentureMonth {
    std::string venture;
    Period period = Period::from_ym(2000, 1);
    bool received = false;
    bool on_time = false;
};
void for_each_venture_month(store::Store& store, const config::Config& config, Period first, Period last,
                            const std::function<void(const VentureMonth&)>& visit);

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
nlohmann::ordered_json dossier_json(const VentureDossier& dossier);

// The JSON of `report monthly --format json` (§6, §12).
nlohmann::ordered_json monthly_json(const MonthlyReport& report);
// The JSON of `report loans --format json` (§12).
nlohmann::ordered_json portfolio_json(const Portfolio& portfolio);

} // namespace toro::reporting
