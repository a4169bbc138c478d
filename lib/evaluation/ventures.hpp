#pragma once
// The evaluation of funded ventures (`evaluate ventures`, docs/evaluation.md): per venture its
// achievement, cost per unit of its main result, reporting completeness and timeliness,
// budget execution, a composite score with the weights of [evaluation], a rank and flags.
// Every monitoring figure comes from reporting::monthly_report, so that it equals what
// `report monthly` shows for the same month; docs/evaluation.md states each formula.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"
#include "reporting/monitoring.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace toro::evaluation {

// The mean of a venture's achievements is the monitoring's own (reporting::achievement_cap).
using reporting::achievement_cap;
using reporting::mean_capped_achievement;

// What is evaluated: one month (`--period`), or a calendar year (`--year`), in which each
// venture is evaluated as of its last month within the year that is before the as-of month.
struct Scope {
    std::optional<Period> period;
    std::optional<int> year;
};

// The four parts of the composite score, each 0–1; none when the venture has no such figure.
struct Components {
    std::optional<double> achievement;  // mean achievement against the pace, at most 1
    std::optional<double> completeness;
    std::optional<double> timeliness;
    std::optional<double> budget;  // closeness of budget execution to the pace
};

struct IndicatorResult {
    std::string code;
    std::string kind;  // output | result
    double baseline = 0;
    double target = 0;
    double actual = 0;
    std::optional<double> achievement;  // as report monthly; none where target = baseline
    std::optional<std::string> status;  // as report monthly
};

struct VentureResult {
    std::string code;
    std::string title;
    std::string org;
    std::string program;
    Period from = Period::from_ym(2000, 1);    // the first month whose reports count
    Period period = Period::from_ym(2000, 1);  // the month the figures are as of
    Money grant;
    reporting::GroupFigures reports;  // the months from `from` to `period`, counted
    std::int64_t expected = 0;        // of those months, due or received (reporting::ReportStatus)
    std::int64_t received = 0;
    std::int64_t on_time = 0;
    std::int64_t pending = 0;  // not due and not received
    double completeness = 0;
    double timeliness = 0;
    double pace = 0;
    std::optional<double> budget_execution;
    std::vector<IndicatorResult> indicators;
    std::optional<double> mean_achievement;  // of the achievements each capped at achievement_cap
    std::optional<std::string> main_result;  // the first result-kind indicator (by code) where higher is better
    std::optional<Money> cost_per_unit;      // grant / cumulative actual of the main result
    Components components;
    std::optional<double> score;       // 0–1
    std::optional<std::int64_t> rank;  // 1 = best score; none without a score
};

struct VenturesEvaluation {
    Scope scope;
    Date as_of = Date::from_ymd(2000, 1, 1);
    config::EvaluationWeights weights;
    std::vector<VentureResult> ventures;  // by rank, then code
    std::vector<reporting::Flag> flags;   // by venture in the order above
};

// grant / actual rounded to the grosz; none when the actual is not above 0.
std::optional<Money> cost_per_unit(Money grant, double actual);

// The achievement part of the score: mean achievement / pace, clamped to 0–1.
std::optional<double> achievement_component(std::optional<double> mean_achievement, double pace);

// The budget part of the score: 1 − |execution − pace| / pace, clamped to 0–1 (1 when spending
// keeps exact pace, 0 when it is off by the whole pace or more).
std::optional<double> budget_component(std::optional<double> execution, double pace);

// Σ weight × part / Σ weight over the parts present; none when their weights sum to 0.
std::optional<double> composite_score(const Components& components, const config::EvaluationWeights& weights);

// Ranks by score (highest first, ties by code); ventures without a score come last, unranked.
void rank_ventures(std::vector<VentureResult>& ventures);

// The evaluation of every venture in scope. Throws Error(Exit::usage) when the scope has both
// or neither of period and year.
VenturesEvaluation evaluate_ventures(store::Store& store, const config::Config& config, const Scope& scope, Date as_of);

// How the models read in JSON (render/fields.hpp): `evaluate ventures --format json`
// (docs/evaluation.md); as a document's own (render::set_json) its ventures and flags are made
// one at a time while it is written, from the evaluation, which must outlive the document's
// rendering. Its flags read as those of `report monthly` (reporting::fields).
void fields(const IndicatorResult& indicator, render::Fields& out);
void fields(const Components& components, render::Fields& out);
void fields(const VentureResult& venture, render::Fields& out);
void fields(const VenturesEvaluation& evaluation, render::Fields& out);

}  // namespace toro::evaluation
