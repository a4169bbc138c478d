#include "core/error.hpp"
#include "evaluation/training.hpp"
#include "store/store.hpp"

#include "store/database.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

// Figures worked out by hand; the demo city's trainings are checked against SciPy in
// test_stats_stats.cpp and end to end in tests/e2e/test_evaluate.sh.

using namespace toro;
using namespace toro::evaluation;

namespace {

// Three participants with both scores (gains 5, 2, 10), one without a post score.
std::vector<Participant> class_of_four()
{
    return {{10.0, 15.0, 4.0}, {20.0, 22.0, std::nullopt}, {30.0, 40.0, 5.0}, {25.0, std::nullopt, 1.0}};
}

}  // namespace

TEST_CASE("evaluation::training_figures")
{
    SUBCASE("worked by hand")
    {
        const auto e = training_figures("T-1", 50, class_of_four());
        CHECK(e.n == 3);
        CHECK(e.mean_pre == doctest::Approx(20.0));
        CHECK(e.mean_post == doctest::Approx(77.0 / 3));
        CHECK(e.mean_gain == doctest::Approx(17.0 / 3));
        // (77/3 − 20) / (50 − 20) = (17/3) / 30
        CHECK(e.normalized_gain == doctest::Approx(17.0 / 90));
        // gains 5 2 10: mean 17/3, variance (4 + 121 + 169)/9 / 2 = 49/3, standard error 7/3: t = 17/7;
        // with 2 df the two-sided p is 1 − t / √(t² + 2) = 1 − 17 / √387
        CHECK(e.t == doctest::Approx(17.0 / 7));
        CHECK(e.df == 2.0);
        CHECK(e.p_t == doctest::Approx(1.0 - 17.0 / std::sqrt(387.0)));
        // all three gains positive: w = 0, mean 3, σ² = 3·4·7/24 = 3.5; p = erfc(3/√3.5/√2) = erfc(3/√7)
        CHECK(e.p_wilcoxon == doctest::Approx(std::erfc(3.0 / std::sqrt(7.0))));
        // ratings of those with both scores: 4 and 5 (the second gave none; the fourth has no post score)
        CHECK(e.mean_satisfaction == doctest::Approx(4.5));
    }
    SUBCASE("nobody with both scores")
    {
        const auto e = training_figures("T-1", 100, {{10.0, std::nullopt, 5.0}});
        CHECK(e.n == 0);
        CHECK(std::isnan(e.mean_pre));
        CHECK(std::isnan(e.normalized_gain));
        CHECK(std::isnan(e.df));
        CHECK(std::isnan(e.p_wilcoxon));
        CHECK(std::isnan(e.mean_satisfaction));
        const auto json = render::json_value(e);
        CHECK(json.dump() == R"({"training":"T-1","n":0,"mean_pre":null,"mean_post":null,"mean_gain":null,)"
                             R"("normalized_gain":null,"t":null,"df":null,"p_t":null,"p_wilcoxon":null,)"
                             R"("mean_satisfaction":null})");
    }
    SUBCASE("everyone started at the maximum")
    {
        const auto e = training_figures("T-1", 10, {{10.0, 10.0, 3.0}, {10.0, 9.0, 4.0}});
        CHECK(std::isnan(e.normalized_gain));
        CHECK(e.mean_gain == doctest::Approx(-0.5));
    }
}

TEST_CASE("evaluation::evaluate_training")
{
    test::ScratchDir dir("toro-evaluation-test");
    store::OpenOptions options;
    options.path = dir / "toro.db";
    options.create = true;
    options.actor = {"tester", "toro evaluation test", "tester-login"};
    store::Store store(options);
    store.db().exec("INSERT INTO training (code, module, title, held_on, max_score) "
                    "VALUES ('T-1', 'M', 'Szkolenie', '2026-03-01', 50)");
    store.db().exec("INSERT INTO attendance (training, participant, pre_score, post_score, satisfaction) VALUES "
                    "('T-1', 'a', 10, 15, 4), ('T-1', 'b', 20, 22, NULL), ('T-1', 'c', 30, 40, 5), "
                    "('T-1', 'd', 25, NULL, 1)");

    const auto e = evaluate_training(store, "T-1");
    CHECK(e.title == "Szkolenie");
    CHECK(e.n == 3);
    CHECK(e.normalized_gain == doctest::Approx(17.0 / 90));
    CHECK(e.mean_satisfaction == doctest::Approx(4.5));
    const auto json = render::json_value(e);
    CHECK(json["df"].dump() == "2");
    CHECK(json["t"].get<double>() == doctest::Approx(17.0 / 7));

    try {
        evaluate_training(store, "T-9");
        FAIL("an unknown training must fail");
    } catch (const Error& error) {
        CHECK(error.code() == Exit::data);
        CHECK(error.context() == "T-9");
    }
}
