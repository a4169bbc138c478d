#include "survey/study.hpp"

#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace toro::survey {
namespace {

// The item indexes of a criterion's likert items.
std::vector<std::size_t> criterion_items(const Instrument& instrument, const std::string& criterion)
{
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < instrument.items.size(); ++i) {
        if (instrument.items[i].type == ItemType::likert && instrument.items[i].criterion == criterion) {
            indexes.push_back(i);
        }
    }
    return indexes;
}

// A respondent's score: the mean of their answers to the items; NaN when they answered none.
double score(const Answers& answers, std::size_t respondent, const std::vector<std::size_t>& items)
{
    double sum = 0;
    std::size_t count = 0;
    for (auto item : items) {
        const double value = answers.current_at(respondent, item);
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    return count == 0 ? std::nan("") : sum / static_cast<double>(count);
}

// The study's groups: those the instrument lists, then any others found in the answers.
std::vector<std::string> groups_of(const Instrument& instrument, const Answers& answers)
{
    auto groups = instrument.groups;
    for (const auto& group : answers.groups) {
        if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
            groups.push_back(group);
        }
    }
    return groups;
}

CriterionAlpha criterion_alpha(const std::string& criterion, const Answers& answers,
                               const std::vector<std::size_t>& items)
{
    std::vector<std::vector<double>> rows;
    for (std::size_t r = 0; r < answers.respondents(); ++r) {
        std::vector<double> row;
        for (auto item : items) {
            row.push_back(answers.current_at(r, item));
        }
        if (std::none_of(row.begin(), row.end(), [](double value) { return std::isnan(value); })) {
            rows.push_back(std::move(row));
        }
    }
    CriterionAlpha alpha;
    alpha.criterion = criterion;
    alpha.k = items.size();
    alpha.n = rows.size();
    alpha.alpha = stats::cronbach_alpha(rows);
    return alpha;
}

void compare_groups(StudySummary& summary, const std::string& criterion, const std::vector<std::string>& groups,
                    const std::vector<std::vector<double>>& scores)
{
    std::vector<std::vector<double>> present;
    for (const auto& group_scores : scores) {
        if (!group_scores.empty()) {
            present.push_back(group_scores);
        }
    }
    const auto kruskal = stats::kruskal_wallis(present);
    summary.kruskal.push_back({criterion, kruskal.h, kruskal.df, kruskal.p});

    const auto first = summary.pairwise.size();
    std::vector<double> p;
    for (std::size_t a = 0; a < groups.size(); ++a) {
        for (std::size_t b = a + 1; b < groups.size(); ++b) {
            if (scores[a].empty() || scores[b].empty()) {
                continue;
            }
            const auto test = stats::mann_whitney(scores[a], scores[b]);
            summary.pairwise.push_back({criterion, groups[a], groups[b], test.u, test.p, std::nan("")});
            p.push_back(test.p);
        }
    }
    const auto adjusted = stats::holm(p);
    for (std::size_t i = 0; i < adjusted.size(); ++i) {
        summary.pairwise[first + i].p_holm = adjusted[i];
    }
}

std::optional<NetPromoter> net_promoter(const Instrument& instrument, const Answers& answers)
{
    const auto item = std::find_if(instrument.items.begin(), instrument.items.end(),
                                   [](const Item& each) { return each.type == ItemType::nps; });
    if (item == instrument.items.end()) {
        return std::nullopt;
    }
    const auto index = static_cast<std::size_t>(item - instrument.items.begin());
    NetPromoter nps;
    for (std::size_t r = 0; r < answers.respondents(); ++r) {
        const double value = answers.current_at(r, index);
        if (std::isnan(value)) {
            continue;
        }
        ++nps.n;
        if (value >= 9) {
            ++nps.promoters;
        } else if (value >= 7) {
            ++nps.passives;
        } else {
            ++nps.detractors;
        }
    }
    nps.nps = nps.n == 0 ? std::nan("")
                         : (static_cast<double>(nps.promoters) - static_cast<double>(nps.detractors)) /
                               static_cast<double>(nps.n) * 100.0;
    return nps;
}

}  // namespace

std::vector<std::string> study_criteria(const Instrument& instrument)
{
    std::vector<std::string> result;
    for (const auto& item : instrument.items) {
        if (item.type == ItemType::likert && !item.criterion.empty() &&
            std::find(result.begin(), result.end(), item.criterion) == result.end()) {
            result.push_back(item.criterion);
        }
    }
    return result;
}

StudySummary summarise_study(const Instrument& instrument, const Answers& answers, const std::vector<TextAnswer>& texts)
{
    StudySummary summary;
    const auto groups = groups_of(instrument, answers);
    for (const auto& criterion : study_criteria(instrument)) {
        const auto items = criterion_items(instrument, criterion);
        std::vector<std::vector<double>> scores(groups.size());
        for (std::size_t r = 0; r < answers.respondents(); ++r) {
            const double value = score(answers, r, items);
            if (std::isnan(value)) {
                continue;
            }
            const auto group = std::find(groups.begin(), groups.end(), answers.groups[r]) - groups.begin();
            scores[static_cast<std::size_t>(group)].push_back(value);
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto description = stats::describe(scores[g]);
            summary.criteria.push_back({criterion, groups[g], description.n, description.mean, description.sd,
                                        description.ci_low, description.ci_high, description.median});
        }
        summary.alpha.push_back(criterion_alpha(criterion, answers, items));
        compare_groups(summary, criterion, groups, scores);
    }
    summary.nps = net_promoter(instrument, answers);

    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> counted;
    for (const auto& text : texts) {
        const auto* item = instrument.find_item(text.item);
        if (item != nullptr && item->type == ItemType::text) {
            summary.texts.push_back(text);
        } else if (item != nullptr && item->type == ItemType::choice) {
            ++counted[{text.item, text.group, text.answer}];
        }
    }
    for (const auto& [key, count] : counted) {
        summary.choices.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
    }
    return summary;
}

void fields(const CriterionGroup& group, render::Fields& out)
{
    out("criterion", group.criterion)("group", group.group)("n", group.n)("mean", group.mean)("sd", group.sd);
    out("ci_low", group.ci_low)("ci_high", group.ci_high)("median", group.median);
}

void fields(const CriterionAlpha& alpha, render::Fields& out)
{
    out("criterion", alpha.criterion)("k", alpha.k)("n", alpha.n)("alpha", alpha.alpha);
}

void fields(const CriterionKruskal& kruskal, render::Fields& out)
{
    out("criterion", kruskal.criterion)("h", kruskal.h)("df", kruskal.df)("p", kruskal.p);
}

void fields(const CriterionPair& pair, render::Fields& out)
{
    out("criterion", pair.criterion)("group_a", pair.group_a)("group_b", pair.group_b)("u", pair.u)("p", pair.p);
    out("p_holm", pair.p_holm);
}

void fields(const NetPromoter& nps, render::Fields& out)
{
    out("n", nps.n)("promoters", nps.promoters)("passives", nps.passives)("detractors", nps.detractors);
    out("nps", nps.nps);
}

void fields(const SummaryReport& report, render::Fields& out)
{
    const auto& summary = report.summary;
    out("study", report.instrument.code)("criteria", summary.criteria)("alpha", summary.alpha);
    out("kruskal", summary.kruskal)("pairwise", summary.pairwise)("nps", summary.nps)("texts", summary.texts);
}

}  // namespace toro::survey
