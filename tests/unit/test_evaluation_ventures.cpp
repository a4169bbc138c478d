#include "config/config.hpp"
#include "core/money.hpp"
#include "evaluation/ventures.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

// The parts of the venture score, each worked out by hand (docs/evaluation.md has the rules).

using namespace toro;
using namespace toro::evaluation;

TEST_CASE("evaluation::mean_capped_achievement")
{
    // 0.5 and 2.0 capped at 1.5: (0.5 + 1.5) / 2 = 1; an indicator without achievement is left out
    CHECK(*mean_capped_achievement({0.5, 2.0, std::nullopt}) == doctest::Approx(1.0));
    CHECK(*mean_capped_achievement({0.2, 0.4}) == doctest::Approx(0.3));
    CHECK(*mean_capped_achievement({-0.5, 0.5}) == doctest::Approx(0.0));
    CHECK_FALSE(mean_capped_achievement({}).has_value());
    CHECK_FALSE(mean_capped_achievement({std::nullopt}).has_value());
}

TEST_CASE("evaluation::cost_per_unit")
{
    // 10 000 zł for 3 units: 3 333.333… rounds to 3 333.33
    CHECK(cost_per_unit(Money::parse("10000"), 3)->to_machine() == "3333.33");
    // 1 000 zł for 0.75 units (a fraction of a result): 1 333.33
    CHECK(cost_per_unit(Money::parse("1000"), 0.75)->to_machine() == "1333.33");
    CHECK_FALSE(cost_per_unit(Money::parse("1000"), 0).has_value());
    CHECK_FALSE(cost_per_unit(Money::parse("1000"), -2).has_value());
}

TEST_CASE("evaluation::achievement_component")
{
    CHECK(*achievement_component(0.6, 0.75) == doctest::Approx(0.8));  // 0.6 / 0.75
    CHECK(*achievement_component(1.2, 0.5) == 1.0);                    // ahead of pace: at most 1
    CHECK(*achievement_component(-0.1, 0.5) == 0.0);                   // below the baseline: at least 0
    CHECK_FALSE(achievement_component(std::nullopt, 0.5).has_value());
}

TEST_CASE("evaluation::budget_component")
{
    CHECK(*budget_component(0.84, 0.75) == doctest::Approx(0.88));  // 1 − 0.09 / 0.75
    CHECK(*budget_component(0.5, 0.5) == 1.0);                      // exactly on pace
    CHECK(*budget_component(0.6, 1.0) == doctest::Approx(0.6));     // finished, 40 % unspent
    CHECK(*budget_component(0.0, 1.0) == 0.0);
    CHECK(*budget_component(1.6, 0.75) == 0.0);  // 0.85 over a pace of 0.75
    CHECK_FALSE(budget_component(std::nullopt, 0.75).has_value());
}

TEST_CASE("evaluation::composite_score")
{
    config::EvaluationWeights weights;  // 0.4, 0.2, 0.2, 0.2
    SUBCASE("every part present")
    {
        // 0.4 · 0.8 + 0.2 · 0.75 + 0.2 · 0.5 + 0.2 · 0.88 = 0.32 + 0.15 + 0.1 + 0.176 = 0.746
        CHECK(*composite_score({0.8, 0.75, 0.5, 0.88}, weights) == doctest::Approx(0.746));
    }
    SUBCASE("a missing part: the other weights are renormalised")
    {
        // (0.2 · 1 + 0.2 · 1 + 0.2 · 0.5) / 0.6 = 0.5 / 0.6
        CHECK(*composite_score({std::nullopt, 1.0, 1.0, 0.5}, weights) == doctest::Approx(0.5 / 0.6));
    }
    SUBCASE("other weights")
    {
        weights = {1.0, 0.0, 0.0, 1.0};
        CHECK(*composite_score({0.2, 1.0, 1.0, 0.6}, weights) == doctest::Approx(0.4));
        weights = {0.0, 0.0, 0.0, 1.0};
        CHECK_FALSE(composite_score({0.2, 1.0, 1.0, std::nullopt}, weights).has_value());
    }
}

TEST_CASE("evaluation::rank_ventures")
{
    auto venture = [](std::string code, std::optional<double> score) {
        VentureResult result;
        result.code = std::move(code);
        result.score = score;
        return result;
    };
    std::vector<VentureResult> ventures{venture("D", std::nullopt), venture("C", 0.5), venture("B", 0.7),
                                        venture("A", 0.5)};
    rank_ventures(ventures);
    REQUIRE(ventures.size() == 4);
    CHECK(ventures[0].code == "B");
    CHECK(ventures[0].rank == 1);
    CHECK(ventures[1].code == "A");  // a tie goes by code
    CHECK(ventures[1].rank == 2);
    CHECK(ventures[2].code == "C");
    CHECK(ventures[2].rank == 3);
    CHECK(ventures[3].code == "D");
    CHECK_FALSE(ventures[3].rank.has_value());
}

TEST_CASE("evaluation::fields of an evaluation")
{
    VentureResult venture;
    venture.code = "V-1";
    venture.org = "ORG-1";
    venture.from = Period::from_ym(2026, 1);
    venture.period = Period::from_ym(2026, 3);
    venture.grant = Money::parse("12000.50");
    venture.expected = 3;
    venture.completeness = 2.0 / 3;
    venture.indicators = {{"OUT-1", "output", 0, 10, 4, 0.4, "behind"}, {"RES-1", "result", 5, 5, 5, {}, {}}};
    venture.cost_per_unit = Money::parse("3000.13");
    venture.components.achievement = 0.8;
    venture.score = 0.75;
    venture.rank = 1;
    VentureResult unranked;
    unranked.code = "V-2";
    VenturesEvaluation evaluation;
    evaluation.scope.year = 2026;
    evaluation.as_of = Date::from_ymd(2026, 4, 10);
    evaluation.ventures = {venture, unranked};
    evaluation.flags = {{"late", "V-1", Message::verbatim("two reports came late")}};

    const auto json = render::json_value(evaluation);
    CHECK(json["period"].is_null());
    CHECK(json["year"].is_number_integer());
    CHECK(json["as_of"] == "2026-04-10");
    CHECK(json["weights"]["achievement"] == doctest::Approx(0.4));
    REQUIRE(json["ventures"].size() == 2);
    const auto& first = json["ventures"][0];
    CHECK(first["rank"] == 1);
    CHECK(first["from"] == "2026-01");
    CHECK(first["grant"].is_number_float());
    CHECK(first["grant"].get<double>() == doctest::Approx(12000.50));
    CHECK(first["expected"].is_number_integer());
    CHECK(first["budget_execution"].is_null());
    CHECK(first["cost_per_unit"].get<double>() == doctest::Approx(3000.13));
    CHECK(first["indicators"][0]["status"] == "behind");
    CHECK(first["indicators"][1]["achievement"].is_null());
    CHECK(first["indicators"][1]["status"].is_null());
    CHECK(first["components"]["achievement"].get<double>() == doctest::Approx(0.8));
    CHECK(first["components"]["budget"].is_null());
    const auto& second = json["ventures"][1];
    CHECK(second["rank"].is_null());
    CHECK(second["cost_per_unit"].is_null());
    CHECK(second["score"].is_null());
    CHECK(json["flags"].dump() == R"([{"kind":"late","venture":"V-1","message":"two reports came late"}])");

    // In a document the ventures and flags are written from the evaluation while it is written.
    render::Document document;
    render::set_json(document, evaluation);
    CHECK(document.json->at("ventures").is_null());
    REQUIRE(document.json_lists.size() == 2);
    CHECK(document.json_lists[0].key == "ventures");
    CHECK(document.json_lists[0].size == 2);
    CHECK(document.json_lists[0].element(1)["code"] == "V-2");
    CHECK(document.json_lists[1].key == "flags");
}
