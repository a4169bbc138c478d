#pragma once
// The rules of an open call's assessment (PRODUCT.md §13, docs/grants.md "Before the grant"):
// the formal check of an offer, the merit score from the reviewers' points, the
// past-performance criterion from the organization's monitoring figures, the qualified
// threshold, the ranking and the proposed grants within the pool. Plain data in, plain data
// out: no store, so that each rule is tested on its own.

#include "core/date.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toro::grants {

// Points are kept in hundredths (7.25 points = 725), so that sums, means and roundings are
// exact.
using Hundredths = std::int64_t;

// `points` (a decimal as written) in hundredths, half away from zero.
Hundredths to_hundredths(double points);

// The mean of `values`, rounded half away from zero to the hundredth; none when empty.
std::optional<Hundredths> mean_hundredths(const std::vector<Hundredths>& values);

enum class CriterionKind { scored, past_performance };

struct Criterion {
    std::string code;
    std::string name;
    Hundredths max_points = 0;
    CriterionKind kind = CriterionKind::scored;
};

// The sum of the criteria's maximum points.
Hundredths max_points(const std::vector<Criterion>& criteria);

// threshold × max_points, to the hundredth (half away from zero).
Hundredths threshold_points(double threshold, Hundredths max);

// What the formal check needs to know of the call, its programme and an offer.
struct CallTerms {
    Date opens_on = Date::from_ymd(2000, 1, 1);
    Date closes_on = Date::from_ymd(2000, 1, 1);
    double min_own_share = 0;  // a fraction
    int program_year = 2000;
    bool small_grant = false;  // the programme's mode is small_grant
};

struct OfferTerms {
    Date submitted_on = Date::from_ymd(2000, 1, 1);
    Money requested;
    Money own_funds;
    Money in_kind;
    Period starts = Period::from_ym(2000, 1);
    Period ends = Period::from_ym(2000, 1);
    Money budget_total;               // the sum of its budget lines
    std::string org_status;           // active, suspended, closed
    bool legal_form_eligible = true;  // from the legal forms' reference data
};

// The formal requirements, in the order the protocol shows them.
enum class FormalCheck {
    submitted_in_time,   // opens_on ≤ submitted_on ≤ closes_on
    org_eligible,        // the organization active, its legal form eligible
    own_share,           // (own_funds + in_kind) / total ≥ min_own_share
    budget_balanced,     // budget lines sum to requested + own_funds + in_kind
    months_in_year,      // starts ≤ ends, both within the programme's year
    small_grant_limits,  // small grants: at most 10 000 zł and 3 months (art. 19a)
};

// The name of a check as the JSON and the catalogue (grants.formal.NAME) know it.
std::string formal_check_name(FormalCheck check);

struct FormalResult {
    FormalCheck check = FormalCheck::submitted_in_time;
    bool passed = true;
};

// Every formal check of one offer, each with its result, all of them run.
std::vector<FormalResult> formal_check(const CallTerms& call, const OfferTerms& offer);

// True when every result passed.
bool formally_passed(const std::vector<FormalResult>& results);

// One reviewer's points for one criterion of one offer.
struct Points {
    std::string reviewer;
    std::string criterion;
    Hundredths points = 0;
};

// A reviewer's total over the scored criteria of one offer.
struct ReviewerTotal {
    std::string reviewer;
    Hundredths total = 0;
};

// What the reviewers gave one offer. Incomplete when a scored criterion has fewer than two
// reviewers' points, or when a reviewer who scored the offer left a criterion out.
struct Merit {
    std::vector<ReviewerTotal> totals;            // by reviewer code
    std::vector<std::string> short_criteria;      // scored criteria with fewer than two reviewers
    std::vector<std::string> partial_reviewers;   // reviewers who left a criterion out
    std::vector<std::string> excluded_reviewers;  // conflicted: their points are left out
    bool complete() const { return short_criteria.empty() && partial_reviewers.empty(); }
    std::optional<Hundredths> mean_total;  // the mean of the totals when complete
};

// Reviewers needed on every scored criterion.
constexpr std::size_t min_reviewers = 2;

// The merit of one offer from its points; the points of `conflicted` reviewers are left out.
Merit merit(const std::vector<Criterion>& criteria, const std::vector<Points>& points,
            const std::set<std::string>& conflicted);

// One earlier venture of the organization as the monitoring counts it in the 36 months before
// the call closes: completeness, timeliness, and its mean achievement with each indicator
// capped (reporting::mean_capped_achievement), none without indicators.
struct VentureRecord {
    std::string code;
    double completeness = 0;
    double timeliness = 0;
    std::optional<double> mean_achievement;
};

// How far back the monitoring history reaches for the past-performance criterion.
constexpr int past_performance_months = 36;

struct PastPerformance {
    std::vector<VentureRecord> ventures;
    // The mean over the ventures of each one's figure (the mean of completeness, timeliness and
    // achievement at most 1); none without history.
    std::optional<double> value;
    Hundredths points = 0;  // value × max points, or the midpoint without history
    bool history() const { return value.has_value(); }
};

// A venture's figure: the mean of its completeness, timeliness and mean achievement (at most 1;
// left out when it has none).
double venture_figure(const VentureRecord& venture);

PastPerformance past_performance(std::vector<VentureRecord> ventures, Hundredths criterion_max);

// One offer in the ranking.
struct Standing {
    std::string code;
    Date submitted_on = Date::from_ymd(2000, 1, 1);
    Money requested;
    std::optional<Hundredths> score;  // none when formally rejected or incomplete
    bool qualified = false;
    std::optional<std::int64_t> rank;
    Money proposed;
};

// Marks the qualified offers (score ≥ threshold), ranks them (score descending, then earlier
// submitted_on, then code) and proposes grants in rank order: the requested amount while the
// pool lasts; the first offer that does not fit gets what is left when that is at least half
// its request, else nothing; the rest nothing. Returns the standings in rank order, the
// others after them by code.
std::vector<Standing> rank_and_propose(std::vector<Standing> offers, Hundredths threshold, Money pool);

}  // namespace toro::grants
