#include "evaluation/ventures.hpp"

#include "core/error.hpp"
#include "render/model.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace toro::evaluation {
namespace {

// The months of one venture that count, and what was seen in them.
struct Window {
    Period from = Period::from_ym(2000, 1);
    Period to = Period::from_ym(2000, 1);
    std::vector<Period> missing;
    std::vector<Period> late;
};

std::string period_list(const std::vector<Period>& periods)
{
    std::string text;
    for (const auto& period : periods) {
        text += (text.empty() ? "" : ", ") + period.to_string();
    }
    return text;
}

// The ventures in scope, each with its window (docs/evaluation.md).
std::map<std::string, Window> windows_in_scope(store::Store& store, const Scope& scope, Date as_of)
{
    std::map<std::string, Window> windows;
    if (scope.period) {
        store::Statement query(store.db(), "SELECT code, starts FROM venture WHERE status IN ('active', 'completed') "
                                           "AND starts <= ?1 AND ends >= ?1");
        query.bind(1, scope.period->to_string());
        while (query.step()) {
            windows[query.column(0).get_string()] = {
                Period::parse(query.column(1).get_string()), *scope.period, {}, {}};
        }
        return windows;
    }
    const auto first = Period::from_ym(*scope.year, 1);
    const auto last = std::min(Period::from_ym(*scope.year, 12), as_of.period().add_months(-1));
    if (last < first) {
        return windows;
    }
    store::Statement query(store.db(), "SELECT code, starts, ends FROM venture WHERE status IN ('active', 'completed') "
                                       "AND starts <= ?2 AND ends >= ?1");
    query.bind(1, first.to_string());
    query.bind(2, last.to_string());
    while (query.step()) {
        windows[query.column(0).get_string()] = {std::max(first, Period::parse(query.column(1).get_string())),
                                                 std::min(last, Period::parse(query.column(2).get_string())),
                                                 {},
                                                 {}};
    }
    return windows;
}

// The indicators that can be a venture's main result: result-kind ones where higher is better
// (a count of dropouts is a result too, but not what the grant buys).
struct IndicatorKinds {
    std::map<std::string, std::string> kind;
    std::map<std::string, bool> main_result;
};

IndicatorKinds indicator_kinds(store::Store& store)
{
    IndicatorKinds kinds;
    store::Statement query(store.db(), "SELECT code, kind, higher_is_better FROM indicator");
    while (query.step()) {
        const std::string code = query.column(0).get_string();
        kinds.kind[code] = query.column(1).get_string();
        kinds.main_result[code] = kinds.kind[code] == "result" && query.column(2).get_int() == 1;
    }
    return kinds;
}

// The figures of `progress` (report monthly's, as of the venture's last month) into `result`.
void take_progress(VentureResult& result, reporting::VentureProgress&& progress, const IndicatorKinds& kinds)
{
    result.title = std::move(progress.title);
    result.org = std::move(progress.org);
    result.program = std::move(progress.program);
    result.grant = progress.grant;
    result.pace = progress.pace;
    result.budget_execution = progress.budget_execution;
    std::vector<std::optional<double>> achievements;
    result.indicators.reserve(progress.indicators.size());
    for (auto& indicator : progress.indicators) {
        const auto kind = kinds.kind.find(indicator.code);
        result.indicators.push_back({std::move(indicator.code), kind == kinds.kind.end() ? "output" : kind->second,
                                     indicator.baseline, indicator.target, indicator.actual, indicator.achievement,
                                     std::move(indicator.status)});
        achievements.push_back(indicator.achievement);
    }
    result.mean_achievement = mean_capped_achievement(achievements);
    for (const auto& indicator : result.indicators) {  // in code order, as monthly lists them
        if (const auto found = kinds.main_result.find(indicator.code);
            found != kinds.main_result.end() && found->second) {
            result.main_result = indicator.code;
            result.cost_per_unit = cost_per_unit(result.grant, indicator.actual);
            break;
        }
    }
}

}  // namespace

std::optional<Money> cost_per_unit(Money grant, double actual)
{
    if (!(actual > 0)) {
        return std::nullopt;
    }
    return Money::from_grosze(std::llround(static_cast<double>(grant.grosze()) / actual));
}

std::optional<double> achievement_component(std::optional<double> mean_achievement, double pace)
{
    if (!mean_achievement || !(pace > 0)) {
        return std::nullopt;
    }
    return std::clamp(*mean_achievement / pace, 0.0, 1.0);
}

std::optional<double> budget_component(std::optional<double> execution, double pace)
{
    if (!execution || !(pace > 0)) {
        return std::nullopt;
    }
    return std::clamp(1.0 - std::fabs(*execution - pace) / pace, 0.0, 1.0);
}

std::optional<double> composite_score(const Components& components, const config::EvaluationWeights& weights)
{
    double weighted = 0;
    double total = 0;
    const std::pair<const std::optional<double>&, double> parts[] = {{components.achievement, weights.achievement},
                                                                     {components.completeness, weights.completeness},
                                                                     {components.timeliness, weights.timeliness},
                                                                     {components.budget, weights.budget}};
    for (const auto& [part, weight] : parts) {
        if (part) {
            weighted += weight * *part;
            total += weight;
        }
    }
    return total > 0 ? std::optional(weighted / total) : std::nullopt;
}

void rank_ventures(std::vector<VentureResult>& ventures)
{
    std::sort(ventures.begin(), ventures.end(), [](const VentureResult& a, const VentureResult& b) {
        if (a.score.has_value() != b.score.has_value()) {
            return a.score.has_value();
        }
        if (a.score && *a.score != *b.score) {
            return *a.score > *b.score;
        }
        return a.code < b.code;
    });
    std::int64_t rank = 0;
    for (auto& venture : ventures) {
        venture.rank = venture.score ? std::optional(++rank) : std::nullopt;
    }
}

// Long, as it reads the scope's windows in one pass and keeps each venture's progress (moved,
// not copied: national scale) on its way to the scores, ranks and flags.
VenturesEvaluation evaluate_ventures(store::Store& store, const config::Config& config, const Scope& scope, Date as_of)
{
    if (scope.period.has_value() == scope.year.has_value()) {
        throw Error(Exit::usage, "evaluate ventures", Message("evaluate.period_or_year"));
    }
    VenturesEvaluation evaluation;
    evaluation.scope = scope;
    evaluation.as_of = as_of;
    evaluation.weights = config.evaluation;
    auto windows = windows_in_scope(store, scope, as_of);
    if (windows.empty()) {
        return evaluation;
    }
    Period first = windows.begin()->second.from;
    Period last = windows.begin()->second.to;
    for (const auto& [code, window] : windows) {
        first = std::min(first, window.from);
        last = std::max(last, window.to);
    }
    const auto kinds = indicator_kinds(store);

    // Completeness and timeliness over each window, counted as the monthly report counts them,
    // in one pass over the months; the progress of each venture from the monthly report of its
    // window's last month (one month for --period, up to twelve for --year).
    std::map<std::string, VentureResult> results;
    std::map<Period, std::set<std::string>> last_months;  // the ventures whose window ends in each
    auto window_of = windows.end();
    VentureResult* counted = nullptr;
    const auto visit = [&](const reporting::VentureMonth& month) {
        if (window_of == windows.end() || window_of->first != month.venture) {  // a venture's months come together
            window_of = windows.find(month.venture);
            counted = nullptr;
        }
        if (window_of == windows.end() || month.period < window_of->second.from ||
            month.period > window_of->second.to) {
            return;
        }
        if (counted == nullptr) {
            counted = &results[month.venture];
            counted->code = month.venture;
        }
        auto& window = window_of->second;
        counted->reports.count(month.status);
        if (month.status.missing()) {
            window.missing.push_back(month.period);
        } else if (month.status.received && !month.status.on_time) {
            window.late.push_back(month.period);
        }
        if (month.period == window.to) {
            last_months[month.period].insert(month.venture);
        }
    };
    // The windows of --period all end in that month: only the ventures running until then count.
    reporting::for_each_venture_month(store, config, first, last, as_of, visit, scope.period);
    std::map<std::string, std::vector<reporting::Flag>> monthly_flags;
    for (const auto& [month, codes] : last_months) {
        auto monthly = reporting::monthly_report(store, config, month, as_of, std::nullopt, &codes);
        // Each venture's progress is moved into its result, and the monthly report's ventures
        // freed before its flags are taken: at national scale both are about 10 MiB.
        for (auto& progress : monthly.ventures) {
            const auto found = windows.find(progress.code);
            const auto result = results.find(progress.code);
            if (found == windows.end() || found->second.to != month || result == results.end()) {
                continue;
            }
            result->second.from = found->second.from;
            result->second.period = month;
            take_progress(result->second, std::move(progress), kinds);
        }
        std::vector<reporting::VentureProgress>().swap(monthly.ventures);
        for (auto& flag : monthly.flags) {  // a venture's own flags of that month
            if (!flag.venture || flag.kind == "missing" || flag.kind == "late") {
                continue;
            }
            const auto found = windows.find(*flag.venture);
            if (found != windows.end() && found->second.to == month && results.count(*flag.venture) != 0) {
                monthly_flags[*flag.venture].push_back(std::move(flag));
            }
        }
    }

    evaluation.ventures.reserve(results.size());
    for (auto& [code, result] : results) {
        result.expected = result.reports.expected;
        result.received = result.reports.received;
        result.on_time = result.reports.on_time;
        result.pending = result.reports.pending;
        result.completeness = result.reports.completeness();
        result.timeliness = result.reports.timeliness();
        result.components.achievement = achievement_component(result.mean_achievement, result.pace);
        if (result.expected > 0) {  // with nothing expected yet, reporting does not count in the score
            result.components.completeness = result.completeness;
            result.components.timeliness = result.timeliness;
        }
        result.components.budget = budget_component(result.budget_execution, result.pace);
        result.score = composite_score(result.components, config.evaluation);
        evaluation.ventures.push_back(std::move(result));
    }
    results.clear();
    last_months.clear();
    rank_ventures(evaluation.ventures);

    for (const auto& venture : evaluation.ventures) {
        const auto& window = windows.at(venture.code);
        if (!window.missing.empty()) {
            evaluation.flags.push_back({"missing",
                                        venture.code,
                                        {"evaluate.flag.missing",
                                         {{"missing", window.missing.size()},
                                          {"expected", venture.expected},
                                          {"from", venture.from},
                                          {"to", venture.period},
                                          {"periods", period_list(window.missing)}}}});
        }
        if (!window.late.empty()) {
            evaluation.flags.push_back({"late",
                                        venture.code,
                                        {"evaluate.flag.late",
                                         {{"late", window.late.size()},
                                          {"received", venture.received},
                                          {"from", venture.from},
                                          {"to", venture.period},
                                          {"periods", period_list(window.late)}}}});
        }
        if (const auto own = monthly_flags.find(venture.code); own != monthly_flags.end()) {
            for (auto& flag : own->second) {
                evaluation.flags.push_back(std::move(flag));
            }
            monthly_flags.erase(own);
        }
    }
    evaluation.flags.shrink_to_fit();
    store.release_memory();
    return evaluation;
}

void fields(const IndicatorResult& indicator, render::Fields& out)
{
    out("code", indicator.code)("kind", indicator.kind)("baseline", indicator.baseline)("target", indicator.target);
    out("actual", indicator.actual)("achievement", indicator.achievement)("status", indicator.status);
}

void fields(const Components& components, render::Fields& out)
{
    out("achievement", components.achievement)("completeness", components.completeness);
    out("timeliness", components.timeliness)("budget", components.budget);
}

void fields(const VentureResult& venture, render::Fields& out)
{
    out("rank", venture.rank)("code", venture.code)("title", venture.title)("org", venture.org);
    out("program", venture.program)("from", venture.from)("period", venture.period)("grant", venture.grant);
    out("expected", venture.expected)("received", venture.received)("on_time", venture.on_time);
    out("pending", venture.pending)("completeness", venture.completeness)("timeliness", venture.timeliness);
    out("pace", venture.pace)("budget_execution", venture.budget_execution)("indicators", venture.indicators);
    out("mean_achievement", venture.mean_achievement)("main_result", venture.main_result);
    out("cost_per_unit", venture.cost_per_unit)("components", venture.components)("score", venture.score);
}

void fields(const VenturesEvaluation& evaluation, render::Fields& out)
{
    out("period", evaluation.scope.period)("year", evaluation.scope.year)("as_of", evaluation.as_of);
    out.object("weights", [&](render::Fields& weights) {
        weights("achievement", evaluation.weights.achievement)("completeness", evaluation.weights.completeness);
        weights("timeliness", evaluation.weights.timeliness)("budget", evaluation.weights.budget);
    });
    out.streamed("ventures", evaluation.ventures).streamed("flags", evaluation.flags);
}

}  // namespace toro::evaluation
