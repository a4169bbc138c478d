#pragma once
// An open call's assessment from the store (`evaluate offers CALL`, PRODUCT.md §13): every
// offer's formal check, the reviewers' points, the conflicts declared, the past-performance
// criterion from the organization's monitoring history, the scores, the ranking and the
// proposal within the pool; and the award that turns offers into ventures
// (`register offer award`). The rules themselves are in calls.hpp.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "grants/calls.hpp"
#include "render/fields.hpp"
#include "store/store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace toro::grants {

struct ReviewerInfo {
    std::string code;
    std::string name;
    std::vector<std::string> conflicts;  // organization codes
};

struct OfferAssessment {
    std::string code;
    std::string org;
    std::string org_name;
    std::string title;
    Date submitted_on = Date::from_ymd(2000, 1, 1);
    Money requested;
    std::vector<FormalResult> formal;
    bool formally_passed = false;
    std::vector<Points> points;  // every reviewer's points, by reviewer then criterion order
    Merit merit;
    std::optional<PastPerformance> past;  // when the call has a past-performance criterion
    std::optional<Hundredths> score;      // formally passed and complete
    bool qualified = false;
    std::optional<std::int64_t> rank;
    Money proposed;
    std::optional<Money> awarded;  // once `register offer award` has run
};

struct CallAssessment {
    std::string code;
    std::string title;
    std::string program;
    Date opens_on = Date::from_ymd(2000, 1, 1);
    Date closes_on = Date::from_ymd(2000, 1, 1);
    Money pool;
    double min_own_share = 0;
    double threshold = 0;
    std::vector<Criterion> criteria;
    Hundredths max_points = 0;
    Hundredths threshold_points = 0;
    std::vector<ReviewerInfo> reviewers;  // by code
    std::vector<OfferAssessment> offers;  // in rank order, then by code
};

// The assessment of call `code`. Throws Error(Exit::data) when there is no such call.
CallAssessment assess_call(store::Store& store, const config::Config& config, const std::string& code);

// The months and the as-of date of the past-performance criterion: the 36 months before the
// month the call closes in, as of its closing day.
Period history_first(Date closes_on);
Period history_last(Date closes_on);

// How an assessment reads in JSON (render/fields.hpp): `evaluate offers --format json`
// (schemas/evaluate-offers.schema.json), each offer in short with its standing.
void fields(const OfferAssessment& offer, render::Fields& out);
void fields(const CallAssessment& assessment, render::Fields& out);

// What `register offer award` did: the offers turned into ventures with their amounts, and those
// awarded before (left as they are).
struct AwardOutcome {
    std::vector<std::pair<std::string, Money>> awarded;
    std::vector<std::string> already_awarded;
};

// Turns the offers of call `code` into ventures with their budget lines and targets, audited, in
// the caller's transaction: the proposed amounts, or `amounts` where given (0 leaves an offer
// out). An offer awarded before is left as it is. Throws Error(Exit::data) for an amount of an
// offer that failed the formal check or above its request, or a total above the pool.
AwardOutcome award_offers(store::Store& store, const config::Config& config, const std::string& code,
                          const std::map<std::string, Money>& amounts, Date awarded_on);

}  // namespace toro::grants
