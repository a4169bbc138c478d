#include "core/error.hpp"
#include "stats/stats.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

// Two kinds of checks: figures worked out by hand (the working is in the comments), and the
// reference figures SciPy wrote into tests/vectors/stats/*.json (make_vectors.py there).

using namespace toro;
using nlohmann::json;

namespace {

json vectors(const std::string& name)
{
    const auto path = std::filesystem::path(TORO_TEST_DATA) / "vectors" / "stats" / (name + ".json");
    std::ifstream file(path);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path.string());
    const json document = json::parse(file);
    REQUIRE(!document.at("cases").empty());
    return document.at("cases");
}

std::vector<double> sample(const json& array)
{
    std::vector<double> values;
    for (const auto& value : array) {
        values.push_back(value.get<double>());
    }
    return values;
}

std::vector<std::vector<double>> samples(const json& array)
{
    std::vector<std::vector<double>> rows;
    for (const auto& row : array) {
        rows.push_back(sample(row));
    }
    return rows;
}

// `actual` agrees with the expected JSON figure: null is NaN, "inf"/"-inf" are infinities, and
// a number agrees to 1e-6, absolute below 1 and relative above.
void check_figure(double actual, const json& expected, const std::string& what)
{
    INFO(what << ": actual " << actual << ", expected " << expected.dump());
    if (expected.is_null()) {
        CHECK(std::isnan(actual));
    } else if (expected.is_string()) {
        CHECK(std::isinf(actual));
        CHECK((actual > 0) == (expected.get<std::string>() == "inf"));
    } else {
        const double value = expected.get<double>();
        CHECK(std::fabs(actual - value) <= 1e-6 * std::max(1.0, std::fabs(value)));
    }
}

std::string label(const json& c, const char* figure)
{
    return c.at("name").get<std::string>() + " " + figure;
}

// Two-sided normal p of z, written independently of Boost: erfc(|z|/√2).
double normal_two_sided(double z)
{
    return std::erfc(std::fabs(z) / std::numbers::sqrt2);
}

}  // namespace

TEST_CASE("stats::describe")
{
    SUBCASE("worked by hand")
    {
        // 2 4 4 5 9: sum 24, mean 4.8; squared deviations 7.84 + 0.64 + 0.64 + 0.04 + 17.64 = 26.8
        const std::vector<double> x{2, 4, 4, 5, 9};
        CHECK(stats::mean(x) == doctest::Approx(4.8));
        CHECK(stats::variance(x) == doctest::Approx(6.7));
        CHECK(stats::standard_deviation(x) == doctest::Approx(std::sqrt(6.7)));
        CHECK(stats::median(x) == 4.0);
        // 1.25 2 3.5 8: the middle two average to 2.75
        CHECK(stats::median(std::vector<double>{3.5, 1.25, 8.0, 2.0}) == 2.75);
    }
    SUBCASE("the interval of two values uses t with 1 df, the Cauchy quantile tan(0.475π)")
    {
        const auto d = stats::describe(std::vector<double>{1, 2});
        const double half = std::tan(0.475 * std::numbers::pi) * std::sqrt(0.5) / std::sqrt(2.0);
        CHECK(d.n == 2);
        CHECK(d.ci_low == doctest::Approx(1.5 - half).epsilon(1e-12));
        CHECK(d.ci_high == doctest::Approx(1.5 + half).epsilon(1e-12));
    }
    SUBCASE("variance keeps its digits far from zero")
    {
        // deviations −6 −3 3 6 from 10⁹ + 10: (36 + 9 + 9 + 36) / 3 = 30
        CHECK(stats::variance(std::vector<double>{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) == doctest::Approx(30.0));
    }
    SUBCASE("degenerate data")
    {
        CHECK(std::isnan(stats::mean(std::vector<double>{})));
        CHECK(std::isnan(stats::median(std::vector<double>{})));
        CHECK(std::isnan(stats::variance(std::vector<double>{5})));
        const auto equal = stats::describe(std::vector<double>{3, 3, 3});
        CHECK(equal.sd == 0.0);
        CHECK(equal.ci_low == 3.0);
        CHECK(equal.ci_high == 3.0);
        CHECK(std::isnan(stats::describe(std::vector<double>{1, 2}, 1.0).ci_low));
        CHECK(std::isnan(stats::median(std::vector<double>{1, NAN, 2})));
        CHECK(std::isnan(stats::mean(std::vector<double>{1, NAN})));
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("describe")) {
            const auto x = sample(c.at("x"));
            const auto d = stats::describe(x, c.at("confidence").get<double>());
            CHECK(d.n == c.at("n").get<std::size_t>());
            check_figure(d.mean, c.at("mean"), label(c, "mean"));
            check_figure(stats::variance(x), c.at("variance"), label(c, "variance"));
            check_figure(d.sd, c.at("sd"), label(c, "sd"));
            check_figure(d.median, c.at("median"), label(c, "median"));
            check_figure(d.ci_low, c.at("ci_low"), label(c, "ci_low"));
            check_figure(d.ci_high, c.at("ci_high"), label(c, "ci_high"));
        }
    }
}

TEST_CASE("stats::cronbach_alpha")
{
    SUBCASE("worked by hand")
    {
        // items (1 2 3) var 1 and (2 3 5) var 7/3; totals (3 5 8) var 19/3;
        // α = 2 · (1 − (10/3) / (19/3)) = 18/19
        CHECK(stats::cronbach_alpha({{1, 2}, {2, 3}, {3, 5}}) == doctest::Approx(18.0 / 19.0));
    }
    SUBCASE("degenerate data")
    {
        CHECK(std::isnan(stats::cronbach_alpha({})));
        CHECK(std::isnan(stats::cronbach_alpha({{1, 2, 3}})));
        CHECK(std::isnan(stats::cronbach_alpha({{1}, {2}})));
        CHECK(std::isnan(stats::cronbach_alpha({{1, 3}, {3, 1}})));
        CHECK_THROWS_AS(stats::cronbach_alpha({{1, 2}, {1}}), InvalidValue);
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("cronbach_alpha")) {
            check_figure(stats::cronbach_alpha(samples(c.at("rows"))), c.at("alpha"), label(c, "alpha"));
        }
    }
}

TEST_CASE("stats::average_ranks")
{
    CHECK(stats::average_ranks(std::vector<double>{20, 10, 30, 20}) == std::vector<double>{2.5, 1, 4, 2.5});
    CHECK(stats::average_ranks(std::vector<double>{7, 7, 7}) == std::vector<double>{2, 2, 2});
    CHECK(stats::average_ranks(std::vector<double>{}).empty());
}

TEST_CASE("stats::mann_whitney")
{
    SUBCASE("worked by hand")
    {
        // a ranks 1 2 3: U_a = 6 − 6 = 0, U_b = 9; σ² = 9/12 · 7 = 5.25;
        // z = (9 − 4.5 − 0.5) / √5.25
        const auto r = stats::mann_whitney(std::vector<double>{1, 2, 3}, std::vector<double>{4, 5, 6});
        CHECK(r.u == 0.0);
        CHECK(r.p == doctest::Approx(normal_two_sided(4.0 / std::sqrt(5.25))).epsilon(1e-12));
        CHECK(stats::mann_whitney(std::vector<double>{4, 5, 6}, std::vector<double>{1, 2, 3}).u == 9.0);
    }
    SUBCASE("degenerate data")
    {
        const auto tied = stats::mann_whitney(std::vector<double>{1, 1, 1}, std::vector<double>{1, 1});
        CHECK(tied.u == 3.0);
        CHECK(tied.p == 1.0);
        CHECK(std::isnan(stats::mann_whitney(std::vector<double>{}, std::vector<double>{1}).p));
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("mann_whitney")) {
            const auto r = stats::mann_whitney(sample(c.at("a")), sample(c.at("b")));
            check_figure(r.u, c.at("u"), label(c, "u"));
            check_figure(r.p, c.at("p"), label(c, "p"));
        }
    }
}

TEST_CASE("stats::kruskal_wallis")
{
    SUBCASE("worked by hand")
    {
        // ranks = values; R = 6 and 22; 12/56 · (36/3 + 484/4) − 3 · 8 = 28.5 − 24 = 4.5;
        // χ² with 1 df: P(X > 4.5) = erfc(√(4.5/2)) = erfc(1.5)
        const auto r = stats::kruskal_wallis({{1, 2, 3}, {4, 5, 6, 7}});
        CHECK(r.h == doctest::Approx(4.5));
        CHECK(r.df == 1);
        CHECK(r.p == doctest::Approx(std::erfc(1.5)).epsilon(1e-12));
    }
    SUBCASE("degenerate data")
    {
        CHECK(std::isnan(stats::kruskal_wallis({{2, 2}, {2, 2, 2}}).h));
        CHECK(std::isnan(stats::kruskal_wallis({{1, 2}, {}}).p));
        const auto one = stats::kruskal_wallis({{1, 2, 3}});
        CHECK(std::isnan(one.h));
        CHECK(one.df == 0);
        CHECK(stats::kruskal_wallis({}).df == 0);
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("kruskal_wallis")) {
            const auto r = stats::kruskal_wallis(samples(c.at("groups")));
            check_figure(r.h, c.at("h"), label(c, "h"));
            CHECK(r.df == c.at("df").get<std::size_t>());
            check_figure(r.p, c.at("p"), label(c, "p"));
        }
    }
}

TEST_CASE("stats::paired_t")
{
    SUBCASE("worked by hand")
    {
        // differences 2 3 4: mean 3, variance 1, t = 3 / √(1/3) = 3√3; with 2 df the two-sided
        // p is 1 − t / √(t² + 2) = 1 − √(27/29)
        const auto r = stats::paired_t(std::vector<double>{3, 5, 7}, std::vector<double>{1, 2, 3});
        CHECK(r.t == doctest::Approx(3.0 * std::sqrt(3.0)));
        CHECK(r.df == 2.0);
        CHECK(r.p == doctest::Approx(1.0 - std::sqrt(27.0 / 29.0)).epsilon(1e-12));
    }
    SUBCASE("degenerate data")
    {
        const auto same = stats::paired_t(std::vector<double>{2, 3, 4}, std::vector<double>{1, 2, 3});
        CHECK(same.t == std::numeric_limits<double>::infinity());
        CHECK(same.p == 0.0);
        CHECK(std::isnan(stats::paired_t(std::vector<double>{1, 2}, std::vector<double>{1, 2}).t));
        CHECK(stats::paired_t(std::vector<double>{1}, std::vector<double>{2}).df == 0.0);
        CHECK(std::isnan(stats::paired_t(std::vector<double>{}, std::vector<double>{}).df));
        CHECK_THROWS_AS(stats::paired_t(std::vector<double>{1, 2}, std::vector<double>{1}), InvalidValue);
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("paired_t")) {
            const auto r = stats::paired_t(sample(c.at("a")), sample(c.at("b")));
            check_figure(r.t, c.at("t"), label(c, "t"));
            check_figure(r.df, c.at("df"), label(c, "df"));
            check_figure(r.p, c.at("p"), label(c, "p"));
        }
    }
}

TEST_CASE("stats::wilcoxon")
{
    SUBCASE("worked by hand")
    {
        // differences 1 −2 3 4 0: the 0 is dropped; ranks 1 2 3 4; W+ = 8, W− = 2, w = 2;
        // mean 4·5/4 = 5, σ² = 4·5·9/24 = 7.5, z = −3/√7.5
        const auto r = stats::wilcoxon(std::vector<double>{2, 1, 6, 9, 5}, std::vector<double>{1, 3, 3, 5, 5});
        CHECK(r.w == 2.0);
        CHECK(r.p == doctest::Approx(normal_two_sided(3.0 / std::sqrt(7.5))).epsilon(1e-12));
    }
    SUBCASE("ties among the differences shrink the variance")
    {
        // differences 1 1 1 1: ranks 2.5 each, W− = 0; σ² = (4·5·9 − ½·4·15)/24 = 6.25, z = −5/2.5
        const auto r = stats::wilcoxon(std::vector<double>{2, 3, 4, 5}, std::vector<double>{1, 2, 3, 4});
        CHECK(r.w == 0.0);
        CHECK(r.p == doctest::Approx(normal_two_sided(2.0)).epsilon(1e-12));
    }
    SUBCASE("degenerate data")
    {
        CHECK(std::isnan(stats::wilcoxon(std::vector<double>{1, 2}, std::vector<double>{1, 2}).p));
        CHECK(std::isnan(stats::wilcoxon(std::vector<double>{}, std::vector<double>{}).w));
        CHECK_THROWS_AS(stats::wilcoxon(std::vector<double>{1}, std::vector<double>{}), InvalidValue);
    }
    SUBCASE("SciPy's figures")
    {
        for (const auto& c : vectors("wilcoxon")) {
            const auto r = stats::wilcoxon(sample(c.at("a")), sample(c.at("b")));
            check_figure(r.w, c.at("w"), label(c, "w"));
            check_figure(r.p, c.at("p"), label(c, "p"));
        }
    }
}

TEST_CASE("stats::holm")
{
    SUBCASE("worked by hand")
    {
        // sorted 0.01 · 3 = 0.03, 0.03 · 2 = 0.06, 0.04 · 1 = 0.04 → kept at 0.06
        const auto adjusted = stats::holm(std::vector<double>{0.01, 0.04, 0.03});
        REQUIRE(adjusted.size() == 3);
        CHECK(adjusted[0] == doctest::Approx(0.03));
        CHECK(adjusted[1] == doctest::Approx(0.06));
        CHECK(adjusted[2] == doctest::Approx(0.06));
        CHECK(stats::holm(std::vector<double>{0.6, 0.7}) == std::vector<double>{1.0, 1.0});
    }
    SUBCASE("reference figures")
    {
        for (const auto& c : vectors("holm")) {
            std::vector<double> p;
            for (const auto& value : c.at("p")) {
                p.push_back(value.is_null() ? NAN : value.get<double>());
            }
            const auto adjusted = stats::holm(p);
            REQUIRE(adjusted.size() == c.at("adjusted").size());
            for (std::size_t i = 0; i < adjusted.size(); ++i) {
                check_figure(adjusted[i], c.at("adjusted")[i], label(c, "adjusted"));
            }
        }
    }
}

TEST_CASE("stats::training vectors")
{
    // The demo city's trainings, post against pre: the tests `evaluate training` runs.
    for (const auto& c : vectors("training")) {
        const auto pre = sample(c.at("pre"));
        const auto post = sample(c.at("post"));
        const auto t = stats::paired_t(post, pre);
        check_figure(t.t, c.at("t"), label(c, "t"));
        check_figure(t.df, c.at("df"), label(c, "df"));
        check_figure(t.p, c.at("p_t"), label(c, "p_t"));
        const auto w = stats::wilcoxon(post, pre);
        check_figure(w.w, c.at("w"), label(c, "w"));
        check_figure(w.p, c.at("p_wilcoxon"), label(c, "p_wilcoxon"));
    }
}
