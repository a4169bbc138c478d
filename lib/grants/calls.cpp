#include "grants/calls.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace toro::grants {
namespace {

// Small grants (art. 19a of the act on public benefit activity): at most 10 000 zł and 90 days.
constexpr std::int64_t small_grant_limit_grosze = 10'000'00;
constexpr int small_grant_max_months = 3;

// a / b rounded half away from zero (b > 0).
std::int64_t divide_rounded(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? (2 * a + b) / (2 * b) : -((-2 * a + b) / (2 * b));
}

}  // namespace

Hundredths to_hundredths(double points)
{
    return static_cast<Hundredths>(std::llround(points * 100.0));
}

std::optional<Hundredths> mean_hundredths(const std::vector<Hundredths>& values)
{
    if (values.empty()) {
        return std::nullopt;
    }
    const auto sum = std::accumulate(values.begin(), values.end(), Hundredths{0});
    return divide_rounded(sum, static_cast<std::int64_t>(values.size()));
}

Hundredths max_points(const std::vector<Criterion>& criteria)
{
    Hundredths sum = 0;
    for (const auto& criterion : criteria) {
        sum += criterion.max_points;
    }
    return sum;
}

Hundredths threshold_points(double threshold, Hundredths max)
{
    return static_cast<Hundredths>(std::llround(threshold * static_cast<double>(max)));
}

std::string formal_check_name(FormalCheck check)
{
    switch (check) {
    case FormalCheck::submitted_in_time:
        return "submitted_in_time";
    case FormalCheck::org_eligible:
        return "org_eligible";
    case FormalCheck::own_share:
        return "own_share";
    case FormalCheck::budget_balanced:
        return "budget_balanced";
    case FormalCheck::months_in_year:
        return "months_in_year";
    case FormalCheck::small_grant_limits:
        return "small_grant_limits";
    }
    return "unknown";
}

std::vector<FormalResult> formal_check(const CallTerms& call, const OfferTerms& offer)
{
    std::vector<FormalResult> results;
    results.push_back(
        {FormalCheck::submitted_in_time, call.opens_on <= offer.submitted_on && offer.submitted_on <= call.closes_on});
    results.push_back({FormalCheck::org_eligible, offer.org_status == "active" && offer.legal_form_eligible});
    const auto own = offer.own_funds + offer.in_kind;
    const auto total = offer.requested + own;
    // own / total ≥ min_own_share, without dividing: a share of 0 always passes.
    const bool share_ok = call.min_own_share <= 0 ||
                          static_cast<double>(own.grosze()) >= call.min_own_share * static_cast<double>(total.grosze());
    results.push_back({FormalCheck::own_share, share_ok && total.grosze() > 0});
    results.push_back({FormalCheck::budget_balanced, offer.budget_total == total});
    results.push_back({FormalCheck::months_in_year, offer.starts <= offer.ends &&
                                                        offer.starts.year() == call.program_year &&
                                                        offer.ends.year() == call.program_year});
    const bool small_ok = !call.small_grant || (offer.requested.grosze() <= small_grant_limit_grosze &&
                                                months_between(offer.starts, offer.ends) + 1 <= small_grant_max_months);
    results.push_back({FormalCheck::small_grant_limits, small_ok});
    return results;
}

bool formally_passed(const std::vector<FormalResult>& results)
{
    return std::all_of(results.begin(), results.end(), [](const FormalResult& result) { return result.passed; });
}

Merit merit(const std::vector<Criterion>& criteria, const std::vector<Points>& points,
            const std::set<std::string>& conflicted)
{
    Merit result;
    std::map<std::string, std::map<std::string, Hundredths>> by_reviewer;  // reviewer → criterion → points
    for (const auto& given : points) {
        if (conflicted.contains(given.reviewer)) {
            if (std::find(result.excluded_reviewers.begin(), result.excluded_reviewers.end(), given.reviewer) ==
                result.excluded_reviewers.end()) {
                result.excluded_reviewers.push_back(given.reviewer);
            }
            continue;
        }
        by_reviewer[given.reviewer][given.criterion] = given.points;
    }
    std::sort(result.excluded_reviewers.begin(), result.excluded_reviewers.end());
    std::vector<Hundredths> totals;
    for (const auto& [reviewer, given] : by_reviewer) {
        Hundredths total = 0;
        bool whole = true;
        for (const auto& criterion : criteria) {
            if (criterion.kind != CriterionKind::scored) {
                continue;
            }
            const auto found = given.find(criterion.code);
            if (found == given.end()) {
                whole = false;
            } else {
                total += found->second;
            }
        }
        if (!whole) {
            result.partial_reviewers.push_back(reviewer);
        }
        result.totals.push_back({reviewer, total});
        totals.push_back(total);
    }
    for (const auto& criterion : criteria) {
        if (criterion.kind != CriterionKind::scored) {
            continue;
        }
        const auto reviewers = std::count_if(by_reviewer.begin(), by_reviewer.end(),
                                             [&](const auto& entry) { return entry.second.contains(criterion.code); });
        if (static_cast<std::size_t>(reviewers) < min_reviewers) {
            result.short_criteria.push_back(criterion.code);
        }
    }
    if (result.complete()) {
        result.mean_total = mean_hundredths(totals);
        if (!result.mean_total) {  // no scored criterion at all: nothing to score by hand
            result.mean_total = 0;
        }
    }
    return result;
}

double venture_figure(const VentureRecord& venture)
{
    double sum = venture.completeness + venture.timeliness;
    double parts = 2;
    if (venture.mean_achievement) {
        sum += std::clamp(*venture.mean_achievement, 0.0, 1.0);
        parts += 1;
    }
    return sum / parts;
}

PastPerformance past_performance(std::vector<VentureRecord> ventures, Hundredths criterion_max)
{
    PastPerformance result;
    std::sort(ventures.begin(), ventures.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    result.ventures = std::move(ventures);
    if (result.ventures.empty()) {
        result.points = divide_rounded(criterion_max, 2);
        return result;
    }
    double sum = 0;
    for (const auto& venture : result.ventures) {
        sum += venture_figure(venture);
    }
    result.value = sum / static_cast<double>(result.ventures.size());
    result.points = static_cast<Hundredths>(std::llround(*result.value * static_cast<double>(criterion_max)));
    return result;
}

std::vector<Standing> rank_and_propose(std::vector<Standing> offers, Hundredths threshold, Money pool)
{
    for (auto& offer : offers) {
        offer.qualified = offer.score && *offer.score >= threshold;
        offer.rank.reset();
        offer.proposed = Money();
    }
    std::sort(offers.begin(), offers.end(), [](const Standing& a, const Standing& b) {
        if (a.qualified != b.qualified) {
            return a.qualified;
        }
        if (a.qualified && *a.score != *b.score) {
            return *a.score > *b.score;
        }
        if (a.qualified && a.submitted_on != b.submitted_on) {
            return a.submitted_on < b.submitted_on;
        }
        return a.code < b.code;
    });
    Money left = pool;
    bool pool_ran_out = false;
    std::int64_t rank = 0;
    for (auto& offer : offers) {
        if (!offer.qualified) {
            break;
        }
        offer.rank = ++rank;
        if (pool_ran_out) {
            continue;
        }
        if (offer.requested <= left) {
            offer.proposed = offer.requested;
            left -= offer.requested;
            continue;
        }
        pool_ran_out = true;
        if (2 * left.grosze() >= offer.requested.grosze()) {
            offer.proposed = left;
            left = Money();
        }
    }
    return offers;
}

}  // namespace toro::grants
