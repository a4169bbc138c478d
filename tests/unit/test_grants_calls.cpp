#include "grants/calls.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// The rules of an open call's assessment (PRODUCT.md §13), figures worked out by hand.

using namespace toro;
using namespace toro::grants;

namespace {

Money zl(std::int64_t zloty)
{
    return Money::from_grosze(zloty * 100);
}

CallTerms call_2027()
{
    CallTerms call;
    call.opens_on = Date::from_ymd(2026, 11, 2);
    call.closes_on = Date::from_ymd(2026, 11, 30);
    call.min_own_share = 0.1;
    call.program_year = 2027;
    return call;
}

// An offer that passes every check: 45 000 requested, 5 000 own, budget of 50 000.
OfferTerms good_offer()
{
    OfferTerms offer;
    offer.submitted_on = Date::from_ymd(2026, 11, 20);
    offer.requested = zl(45'000);
    offer.own_funds = zl(3'000);
    offer.in_kind = zl(2'000);
    offer.starts = Period::from_ym(2027, 2);
    offer.ends = Period::from_ym(2027, 11);
    offer.budget_total = zl(50'000);
    offer.org_status = "active";
    offer.legal_form_eligible = true;
    return offer;
}

bool result_of(const std::vector<FormalResult>& results, FormalCheck check)
{
    for (const auto& result : results) {
        if (result.check == check) {
            return result.passed;
        }
    }
    FAIL("no such check");
    return false;
}

// Only `failing` fails, every other check passes.
void only_fails(const std::vector<FormalResult>& results, FormalCheck failing)
{
    CHECK(results.size() == 6);
    for (const auto& result : results) {
        CAPTURE(formal_check_name(result.check));
        CHECK(result.passed == (result.check != failing));
    }
    CHECK_FALSE(formally_passed(results));
}

const std::vector<Criterion> three_criteria = {
    {"quality", "Jakość", 4000, CriterionKind::scored},
    {"costs", "Koszty", 3000, CriterionKind::scored},
    {"past", "Dotychczasowa współpraca", 2000, CriterionKind::past_performance},
};

Standing standing(std::string code, std::optional<Hundredths> score, std::int64_t requested, int day = 10)
{
    Standing offer;
    offer.code = std::move(code);
    offer.score = score;
    offer.requested = zl(requested);
    offer.submitted_on = Date::from_ymd(2026, 11, day);
    return offer;
}

}  // namespace

TEST_CASE("grants::formal_check")
{
    SUBCASE("a good offer passes every check, each named")
    {
        const auto results = formal_check(call_2027(), good_offer());
        REQUIRE(results.size() == 6);
        CHECK(formally_passed(results));
        CHECK(formal_check_name(results[0].check) == "submitted_in_time");
        CHECK(formal_check_name(results[5].check) == "small_grant_limits");
    }
    SUBCASE("submitted after closes_on, or before opens_on; on either day it is in time")
    {
        auto offer = good_offer();
        offer.submitted_on = Date::from_ymd(2026, 12, 1);
        only_fails(formal_check(call_2027(), offer), FormalCheck::submitted_in_time);
        offer.submitted_on = Date::from_ymd(2026, 11, 1);
        only_fails(formal_check(call_2027(), offer), FormalCheck::submitted_in_time);
        offer.submitted_on = Date::from_ymd(2026, 11, 30);
        CHECK(formally_passed(formal_check(call_2027(), offer)));
        offer.submitted_on = Date::from_ymd(2026, 11, 2);
        CHECK(formally_passed(formal_check(call_2027(), offer)));
    }
    SUBCASE("an organization not active, or of a legal form that may not receive grants")
    {
        auto offer = good_offer();
        offer.org_status = "suspended";
        only_fails(formal_check(call_2027(), offer), FormalCheck::org_eligible);
        offer.org_status = "active";
        offer.legal_form_eligible = false;
        only_fails(formal_check(call_2027(), offer), FormalCheck::org_eligible);
    }
    SUBCASE("own share below the minimum; exactly the minimum passes")
    {
        auto offer = good_offer();
        offer.in_kind = zl(1'999);  // 4 999 of 49 999: just under 10 %
        offer.budget_total = zl(49'999);
        only_fails(formal_check(call_2027(), offer), FormalCheck::own_share);
        auto call = call_2027();
        call.min_own_share = 0;
        CHECK(formally_passed(formal_check(call, offer)));
        CHECK(result_of(formal_check(call_2027(), good_offer()), FormalCheck::own_share));  // 5 000 of 50 000
    }
    SUBCASE("budget lines that do not sum to requested + own")
    {
        auto offer = good_offer();
        offer.budget_total = zl(49'999);
        only_fails(formal_check(call_2027(), offer), FormalCheck::budget_balanced);
        offer.budget_total = Money();
        only_fails(formal_check(call_2027(), offer), FormalCheck::budget_balanced);
    }
    SUBCASE("months outside the programme's year, or ending before they start")
    {
        auto offer = good_offer();
        offer.ends = Period::from_ym(2028, 1);
        only_fails(formal_check(call_2027(), offer), FormalCheck::months_in_year);
        offer.starts = Period::from_ym(2026, 12);
        offer.ends = Period::from_ym(2027, 3);
        only_fails(formal_check(call_2027(), offer), FormalCheck::months_in_year);
        offer.starts = Period::from_ym(2027, 5);
        offer.ends = Period::from_ym(2027, 4);
        only_fails(formal_check(call_2027(), offer), FormalCheck::months_in_year);
    }
    SUBCASE("small grants: at most 10 000 zł and three months")
    {
        auto call = call_2027();
        call.small_grant = true;
        call.min_own_share = 0;
        auto offer = good_offer();
        offer.requested = zl(10'000);
        offer.own_funds = Money();
        offer.in_kind = Money();
        offer.budget_total = zl(10'000);
        offer.starts = Period::from_ym(2027, 4);
        offer.ends = Period::from_ym(2027, 6);
        CHECK(formally_passed(formal_check(call, offer)));
        offer.requested = Money::from_grosze(10'000'01);
        offer.budget_total = offer.requested;
        only_fails(formal_check(call, offer), FormalCheck::small_grant_limits);
        offer.requested = zl(9'000);
        offer.budget_total = offer.requested;
        offer.ends = Period::from_ym(2027, 7);
        only_fails(formal_check(call, offer), FormalCheck::small_grant_limits);
    }
}

TEST_CASE("grants::merit")
{
    const std::vector<Points> two_reviewers = {
        {"R1", "quality", 3500}, {"R1", "costs", 2000}, {"R2", "quality", 3000}, {"R2", "costs", 2550}};
    SUBCASE("a reviewer's total is the sum of their points; the score the mean of the totals")
    {
        const auto result = merit(three_criteria, two_reviewers, {});
        REQUIRE(result.complete());
        REQUIRE(result.totals.size() == 2);
        CHECK(result.totals[0].total == 5500);
        CHECK(result.totals[1].total == 5550);
        CHECK(*result.mean_total == 5525);
    }
    SUBCASE("the mean is rounded half away from zero to the hundredth")
    {
        // totals 55.00, 55.50, 55.51: mean 55.336666… → 55.34
        auto points = two_reviewers;
        points.push_back({"R3", "quality", 3551});
        points.push_back({"R3", "costs", 2000});
        CHECK(*merit(three_criteria, points, {}).mean_total == 5534);
        // totals 55.00 and 55.01: mean 55.005 → 55.01
        CHECK(mean_hundredths({5500, 5501}) == 5501);
        CHECK(mean_hundredths({-5500, -5501}) == -5501);
        CHECK_FALSE(mean_hundredths({}).has_value());
    }
    SUBCASE("fewer than two reviewers on a criterion: incomplete, no score")
    {
        const std::vector<Points> points = {{"R1", "quality", 3500}, {"R1", "costs", 2000}, {"R2", "quality", 3000}};
        const auto result = merit(three_criteria, points, {});
        CHECK_FALSE(result.complete());
        CHECK(result.short_criteria == std::vector<std::string>{"costs"});
        CHECK(result.partial_reviewers == std::vector<std::string>{"R2"});
        CHECK_FALSE(result.mean_total.has_value());
        CHECK_FALSE(merit(three_criteria, {}, {}).complete());
    }
    SUBCASE("a conflicted reviewer's points are left out")
    {
        auto points = two_reviewers;
        points.push_back({"R3", "quality", 100});
        points.push_back({"R3", "costs", 100});
        const auto result = merit(three_criteria, points, {"R3"});
        CHECK(result.excluded_reviewers == std::vector<std::string>{"R3"});
        CHECK(*result.mean_total == 5525);
        // leaving out the conflicted reviewer can leave a criterion short
        const auto short_of_one = merit(three_criteria, two_reviewers, {"R2"});
        CHECK_FALSE(short_of_one.complete());
        CHECK(short_of_one.short_criteria == std::vector<std::string>{"quality", "costs"});
    }
}

TEST_CASE("grants::past_performance")
{
    SUBCASE("no history: the criterion's midpoint")
    {
        const auto result = past_performance({}, 2000);
        CHECK_FALSE(result.history());
        CHECK(result.points == 1000);
        CHECK(past_performance({}, 501).points == 251);  // 2.505 → 2.51
    }
    SUBCASE("the mean over ventures of completeness, timeliness and achievement at most 1")
    {
        // V-1: (1 + 0.75 + min(1.2, 1)) / 3 = 0.9166…; V-2 without indicators: (0.5 + 0.25) / 2 = 0.375
        const auto result = past_performance({{"V-2", 0.5, 0.25, std::nullopt}, {"V-1", 1.0, 0.75, 1.2}}, 2000);
        REQUIRE(result.history());
        CHECK(result.ventures.front().code == "V-1");
        CHECK(*result.value == doctest::Approx((2.75 / 3 + 0.375) / 2));
        CHECK(result.points == 1292);  // 0.6458333… × 20 = 12.9166… → 12.92
    }
    SUBCASE("a figure never goes below 0 or above 1")
    {
        CHECK(venture_figure({"V", 1.0, 1.0, 1.5}) == doctest::Approx(1.0));
        CHECK(venture_figure({"V", 0.0, 0.0, -0.4}) == doctest::Approx(0.0));
    }
}

TEST_CASE("grants::rank_and_propose")
{
    SUBCASE("the threshold: score ≥ threshold × the maximum")
    {
        CHECK(max_points(three_criteria) == 9000);
        CHECK(threshold_points(0.6, 9000) == 5400);
        const auto ranked = rank_and_propose({standing("A", 5400, 100), standing("B", 5399, 100)}, 5400, zl(1'000));
        CHECK(ranked[0].code == "A");
        CHECK(ranked[0].qualified);
        CHECK(ranked[0].rank == 1);
        CHECK_FALSE(ranked[1].qualified);
        CHECK_FALSE(ranked[1].rank.has_value());
        CHECK(ranked[1].proposed == Money());
    }
    SUBCASE("ties: the earlier submission first, then the code")
    {
        const auto ranked = rank_and_propose({standing("C", 7000, 10, 12), standing("B", 7000, 10, 11),
                                              standing("A", 7000, 10, 12), standing("D", 8000, 10, 20)},
                                             5000, zl(1'000));
        CHECK(ranked[0].code == "D");
        CHECK(ranked[1].code == "B");
        CHECK(ranked[2].code == "A");
        CHECK(ranked[3].code == "C");
        CHECK(ranked[3].rank == 4);
    }
    SUBCASE("the pool runs out: the first that does not fit gets the rest when it is at least half its request")
    {
        // pool 100 000: A 40 000, B 35 000 (75 000 given), C asks 50 000 and 25 000 is left: exactly half
        const auto ranked = rank_and_propose({standing("A", 9000, 40'000), standing("B", 8000, 35'000),
                                              standing("C", 7000, 50'000), standing("D", 6000, 5'000)},
                                             5000, zl(100'000));
        CHECK(ranked[0].proposed == zl(40'000));
        CHECK(ranked[1].proposed == zl(35'000));
        CHECK(ranked[2].proposed == zl(25'000));
        CHECK(ranked[3].proposed == Money());  // it would fit no more: the rest get nothing
        CHECK(ranked[3].rank == 4);
    }
    SUBCASE("the rest is less than half the request: nothing, and nothing for those after it")
    {
        // 25 000 left, C asks 50 001: less than half
        auto just_over_half = rank_and_propose(
            {standing("A", 9000, 75'000), standing("C", 7000, 50'001), standing("D", 6000, 1'000)}, 5000, zl(100'000));
        CHECK(just_over_half[0].proposed == zl(75'000));
        CHECK(just_over_half[1].proposed == Money());
        CHECK(just_over_half[2].proposed == Money());
    }
    SUBCASE("an offer without a score (formally rejected or incomplete) is neither qualified nor ranked")
    {
        const auto ranked =
            rank_and_propose({standing("B", std::nullopt, 10), standing("A", 9000, 10)}, 5000, zl(1'000));
        CHECK(ranked[0].code == "A");
        CHECK(ranked[1].code == "B");
        CHECK_FALSE(ranked[1].qualified);
        CHECK_FALSE(ranked[1].rank.has_value());
    }
    SUBCASE("to_hundredths rounds half away from zero")
    {
        CHECK(to_hundredths(7.125) == 713);
        CHECK(to_hundredths(10) == 1000);
    }
}
