#include "survey/gaps.hpp"

#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace toro::survey {
namespace {

constexpr double none = std::numeric_limits<double>::quiet_NaN();

// Rank 1 = largest mwds, ties by code; entries without an mwds get no rank.
template <typename Entry, typename Code> void rank_by_mwds(std::vector<Entry>& entries, Code code)
{
    std::vector<Entry*> ranked;
    for (auto& entry : entries) {
        if (!std::isnan(entry.mwds)) {
            ranked.push_back(&entry);
        }
    }
    std::sort(ranked.begin(), ranked.end(), [&](const Entry* a, const Entry* b) {
        if (a->mwds != b->mwds) {
            return a->mwds > b->mwds;
        }
        return code(*a) < code(*b);
    });
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        ranked[i]->rank = static_cast<int>(i + 1);
    }
}

// The item indexes of an area that are rated twice.
std::vector<std::size_t> rated_items(const Instrument& instrument, const std::string& area)
{
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < instrument.items.size(); ++i) {
        if (instrument.items[i].area == area && instrument.items[i].rated_twice(instrument.kind)) {
            indexes.push_back(i);
        }
    }
    return indexes;
}

double mean_of_defined(const std::vector<double>& values)
{
    double sum = 0;
    std::size_t count = 0;
    for (double value : values) {
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    return count == 0 ? none : sum / static_cast<double>(count);
}

ItemGap item_gap(const Instrument& instrument, const Answers& answers, std::size_t index)
{
    const auto& item = instrument.items[index];
    ItemGap gap;
    gap.item = item.code;
    gap.area = item.area;
    double current = 0;
    double required = 0;
    for (std::size_t r = 0; r < answers.respondents(); ++r) {
        const double c = answers.current_at(r, index);
        const double q = answers.required_at(r, index);
        if (std::isnan(c) || std::isnan(q)) {
            continue;
        }
        ++gap.n;
        current += c;
        required += q;
    }
    if (gap.n == 0) {
        gap.mean_current = gap.mean_required = gap.mean_gap = gap.mwds = none;
        return gap;
    }
    const auto n = static_cast<double>(gap.n);
    gap.mean_current = current / n;
    gap.mean_required = required / n;
    gap.mean_gap = (required - current) / n;
    gap.mwds = gap.mean_required * gap.mean_gap;
    return gap;
}

double area_alpha(const Answers& answers, const std::vector<std::size_t>& items)
{
    std::vector<std::vector<double>> rows;
    for (std::size_t r = 0; r < answers.respondents(); ++r) {
        std::vector<double> row;
        row.reserve(items.size());
        for (auto item : items) {
            const double value = answers.current_at(r, item);
            if (std::isnan(value)) {
                break;
            }
            row.push_back(value);
        }
        if (row.size() == items.size()) {
            rows.push_back(std::move(row));
        }
    }
    if (items.size() < 2 || rows.size() < 2) {
        return none;
    }
    return stats::cronbach_alpha(rows);
}

double own_gap(const Answers& answers, std::size_t respondent, const std::vector<std::size_t>& items)
{
    double sum = 0;
    std::size_t count = 0;
    for (auto item : items) {
        const double c = answers.current_at(respondent, item);
        const double q = answers.required_at(respondent, item);
        if (!std::isnan(c) && !std::isnan(q)) {
            sum += q - c;
            ++count;
        }
    }
    return count == 0 ? none : sum / static_cast<double>(count);
}

Comparison compare_area(const Answers& answers, const std::string& area, const std::vector<std::size_t>& items,
                        const std::pair<std::string, std::string>& groups)
{
    std::vector<double> a;
    std::vector<double> b;
    for (std::size_t r = 0; r < answers.respondents(); ++r) {
        const bool in_a = answers.groups[r] == groups.first;
        if (!in_a && answers.groups[r] != groups.second) {
            continue;
        }
        const double gap = own_gap(answers, r, items);
        if (!std::isnan(gap)) {
            (in_a ? a : b).push_back(gap);
        }
    }
    Comparison comparison{area, groups.first, groups.second, a.size(), b.size()};
    comparison.mean_a = a.empty() ? none : stats::mean(a);
    comparison.mean_b = b.empty() ? none : stats::mean(b);
    comparison.difference = comparison.mean_a - comparison.mean_b;
    if (a.empty() || b.empty()) {
        comparison.u = comparison.p = none;
    } else {
        const auto test = stats::mann_whitney(a, b);
        comparison.u = test.u;
        comparison.p = test.p;
    }
    return comparison;
}

}  // namespace

double respondent_gap(const Instrument& instrument, const Answers& answers, std::size_t respondent,
                      const std::string& area)
{
    return own_gap(answers, respondent, rated_items(instrument, area));
}

GapAnalysis analyse_gaps(const Instrument& instrument, const Answers& answers,
                         const std::optional<std::pair<std::string, std::string>>& compare)
{
    GapAnalysis analysis;
    for (std::size_t i = 0; i < instrument.items.size(); ++i) {
        if (instrument.items[i].rated_twice(instrument.kind)) {
            analysis.items.push_back(item_gap(instrument, answers, i));
        }
    }
    rank_by_mwds(analysis.items, [](const ItemGap& gap) { return gap.item; });

    for (const auto& area : instrument.areas) {
        const auto items = rated_items(instrument, area.code);
        AreaGap gap;
        gap.area = area.code;
        gap.name = area.name;
        std::vector<double> current;
        std::vector<double> required;
        std::vector<double> mean_gap;
        std::vector<double> mwds;
        for (const auto& item : analysis.items) {
            if (item.area == area.code) {
                current.push_back(item.mean_current);
                required.push_back(item.mean_required);
                mean_gap.push_back(item.mean_gap);
                mwds.push_back(item.mwds);
            }
        }
        gap.mean_current = mean_of_defined(current);
        gap.mean_required = mean_of_defined(required);
        gap.mean_gap = mean_of_defined(mean_gap);
        gap.mwds = mean_of_defined(mwds);
        for (std::size_t r = 0; r < answers.respondents(); ++r) {
            if (!std::isnan(own_gap(answers, r, items))) {
                ++gap.n;
            }
        }
        gap.alpha = area_alpha(answers, items);
        gap.items = items.size();
        analysis.areas.push_back(std::move(gap));
        if (compare) {
            analysis.compare.push_back(compare_area(answers, area.code, items, *compare));
        }
    }
    rank_by_mwds(analysis.areas, [](const AreaGap& gap) { return gap.area; });
    return analysis;
}

TrainingPlan recommend(const Instrument& instrument, const Answers& answers, const GapAnalysis& analysis,
                       const config::Config& config)
{
    TrainingPlan plan;
    plan.threshold = config.gap_threshold;
    // Who needs each planned area: respondents whose own gap there reaches the threshold.
    std::map<std::string, std::set<std::size_t>> needing;
    for (const auto& area : analysis.areas) {
        if (std::isnan(area.mwds) || !(area.mwds > plan.threshold)) {
            continue;
        }
        PlannedArea planned;
        planned.rank = *area.rank;
        planned.area = area.area;
        planned.name = area.name;
        planned.mwds = area.mwds;
        planned.mean_gap = area.mean_gap;
        planned.n = area.n;
        const auto items = rated_items(instrument, area.area);
        auto& who = needing[area.area];
        for (std::size_t r = 0; r < answers.respondents(); ++r) {
            if (own_gap(answers, r, items) >= plan.threshold) {
                who.insert(r);
            }
        }
        planned.need = who.size();
        for (const auto& module : config.training_modules) {
            if (std::find(module.areas.begin(), module.areas.end(), area.area) != module.areas.end()) {
                planned.modules.push_back(module.code);
            }
        }
        plan.areas.push_back(std::move(planned));
    }
    std::sort(plan.areas.begin(), plan.areas.end(),
              [](const PlannedArea& a, const PlannedArea& b) { return a.rank < b.rank; });

    for (const auto& module : config.training_modules) {
        PlannedModule planned;
        planned.code = module.code;
        planned.title = module.title;
        planned.hours = module.hours;
        std::set<std::size_t> who;
        for (const auto& area : plan.areas) {
            if (std::find(module.areas.begin(), module.areas.end(), area.area) != module.areas.end()) {
                planned.areas.push_back(area.area);
                who.insert(needing[area.area].begin(), needing[area.area].end());
            }
        }
        if (planned.areas.empty()) {
            continue;
        }
        planned.need = who.size();
        plan.modules.push_back(std::move(planned));
    }
    std::stable_sort(plan.modules.begin(), plan.modules.end(),
                     [](const PlannedModule& a, const PlannedModule& b) { return a.need > b.need; });
    return plan;
}

void fields(const ItemGap& item, render::Fields& out)
{
    out("item", item.item)("area", item.area)("n", item.n)("mean_current", item.mean_current);
    out("mean_required", item.mean_required)("mean_gap", item.mean_gap)("mwds", item.mwds)("rank", item.rank);
}

void fields(const AreaGap& area, render::Fields& out)
{
    out("area", area.area)("n", area.n)("mean_current", area.mean_current)("mean_required", area.mean_required);
    out("mean_gap", area.mean_gap)("mwds", area.mwds)("rank", area.rank)("alpha", area.alpha);
}

void fields(const Comparison& comparison, render::Fields& out)
{
    out("area", comparison.area)("group_a", comparison.group_a)("group_b", comparison.group_b);
    out("n_a", comparison.n_a)("n_b", comparison.n_b)("mean_a", comparison.mean_a)("mean_b", comparison.mean_b);
    out("difference", comparison.difference)("u", comparison.u)("p", comparison.p);
}

void fields(const GapReport& report, render::Fields& out)
{
    out("survey", report.instrument.code).merge(report.selection);
    out("items", report.analysis.items)("areas", report.analysis.areas);
    if (report.compared) {
        out("compare", report.analysis.compare);
    }
}

void fields(const PlannedArea& area, render::Fields& out)
{
    out("rank", area.rank)("area", area.area)("name", area.name)("mwds", area.mwds)("mean_gap", area.mean_gap);
    out("n", area.n)("need", area.need)("modules", area.modules);
}

void fields(const PlannedModule& module, render::Fields& out)
{
    out("module", module.code)("title", module.title)("hours", module.hours)("areas", module.areas);
    out("need", module.need);
}

void fields(const PlanReport& report, render::Fields& out)
{
    out("survey", report.instrument.code).merge(report.selection)("threshold", report.plan.threshold);
    out("areas", report.plan.areas)("modules", report.plan.modules);
}

}  // namespace toro::survey
