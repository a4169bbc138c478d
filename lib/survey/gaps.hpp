#pragma once
// The competency-gap analysis (docs/survey.md): per item and per area the mean
// current and required ratings, the mean gap, Borich's mean weighted discrepancy score (MWDS)
// and its rank; Cronbach's α per area; two groups compared per area with Mann–Whitney U; and
// the training plan built on it.

#include "config/config.hpp"
#include "survey/instrument.hpp"
#include "survey/responses.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace toro::survey {

// NaN marks a figure without data (no respondent rated the item twice, fewer than two items).
struct ItemGap {
    std::string item;
    std::string area;
    std::size_t n = 0;  // respondents who gave both ratings
    double mean_current = 0;
    double mean_required = 0;
    double mean_gap = 0;      // mean of (required − current)
    double mwds = 0;          // mean_required × mean_gap
    std::optional<int> rank;  // 1 = largest mwds, ties by code; none without data
};

struct AreaGap {
    std::string area;
    std::string name;
    std::size_t n = 0;        // respondents with at least one complete item in the area
    double mean_current = 0;  // the means of the area's items' figures
    double mean_required = 0;
    double mean_gap = 0;
    double mwds = 0;
    std::optional<int> rank;
    double alpha = 0;       // Cronbach's α of the items' current ratings, listwise
    std::size_t items = 0;  // the area's items
};

struct Comparison {
    std::string area;
    std::string group_a;
    std::string group_b;
    std::size_t n_a = 0;
    std::size_t n_b = 0;
    double mean_a = 0;  // the mean of the group's respondents' own mean gaps in the area
    double mean_b = 0;
    double difference = 0;  // mean_a − mean_b
    double u = 0;           // Mann–Whitney U of group A
    double p = 0;           // two-sided, normal approximation with tie and continuity correction
};

struct GapAnalysis {
    std::vector<ItemGap> items;       // in the instrument's order
    std::vector<AreaGap> areas;       // in the instrument's order
    std::vector<Comparison> compare;  // with two groups to compare only
};

// Every figure of `survey gaps`; `compare` names two groups to set side by side.
GapAnalysis analyse_gaps(const Instrument& instrument, const Answers& answers,
                         const std::optional<std::pair<std::string, std::string>>& compare);

// One respondent's own gap in an area: the mean of (required − current) over the area's items
// they rated twice; NaN when none.
double respondent_gap(const Instrument& instrument, const Answers& answers, std::size_t respondent,
                      const std::string& area);

struct PlannedArea {
    int rank = 0;
    std::string area;
    std::string name;
    double mwds = 0;
    double mean_gap = 0;
    std::size_t n = 0;
    std::size_t need = 0;              // respondents whose own gap in the area is at least the threshold
    std::vector<std::string> modules;  // the training modules that cover the area
};

struct PlannedModule {
    std::string code;
    std::string title;
    double hours = 0;
    std::vector<std::string> areas;  // the planned areas it covers
    std::size_t need = 0;            // respondents who need at least one of those areas
};

struct TrainingPlan {
    double threshold = 0;
    std::vector<PlannedArea> areas;      // areas whose MWDS is above the threshold, by rank
    std::vector<PlannedModule> modules;  // modules covering them, most needed first
};

// The training plan of `survey recommend` from the analysis, the respondents' own gaps, the
// configured [[training_module]]s and [survey] gap_threshold.
TrainingPlan recommend(const Instrument& instrument, const Answers& answers, const GapAnalysis& analysis,
                       const config::Config& config);

// `survey gaps` as machines read it: the analysis of an instrument's selected responses, with
// the comparison of two groups when `compared`. It refers to them and must not outlive them.
struct GapReport {
    const Instrument& instrument;
    const Selection& selection;
    const GapAnalysis& analysis;
    bool compared = false;
};

// `survey recommend` as machines read it: the training plan of an instrument's selected
// responses, which it refers to.
struct PlanReport {
    const Instrument& instrument;
    const Selection& selection;
    const TrainingPlan& plan;
};

// How they read in JSON (render/fields.hpp, docs/survey.md): NaN is null; an area without its
// name and count of items.
void fields(const ItemGap& item, render::Fields& out);
void fields(const AreaGap& area, render::Fields& out);
void fields(const Comparison& comparison, render::Fields& out);
void fields(const GapReport& report, render::Fields& out);
void fields(const PlannedArea& area, render::Fields& out);
void fields(const PlannedModule& module, render::Fields& out);
void fields(const PlanReport& report, render::Fields& out);

}  // namespace toro::survey
