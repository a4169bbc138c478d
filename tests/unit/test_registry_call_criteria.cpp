#include "core/catalogue.hpp"
#include "core/error.hpp"
#include "registry/call_criteria.hpp"

#include <doctest/doctest.h>

#include <string>

// The criteria of an open call: read from TOML, kept as JSON, each problem placed in its file.

using namespace toro;
using namespace toro::registry;

namespace {

// The English words of the problem parsing `text` gives.
std::string problem_of(const std::string& text)
{
    try {
        parse_criteria_toml(text, "kryteria.toml");
    } catch (const InvalidValue& error) {
        return error.words().text(Lang::en);
    }
    FAIL("no problem");
    return {};
}

}  // namespace

TEST_CASE("registry::parse_criteria_toml")
{
    SUBCASE("criteria in order, one computed from the monitoring; the JSON form reads back the same")
    {
        const auto criteria =
            parse_criteria_toml("[[criterion]]\ncode = \"quality\"\nname = \"Jakość\"\nmax_points = 40\n"
                                "[[criterion]]\ncode = \"past\"\nname = \"Współpraca\"\n"
                                "max_points = 12.5\nkind = \"past_performance\"\n",
                                "kryteria.toml");
        REQUIRE(criteria.size() == 2);
        CHECK(criteria[0].code == "quality");
        CHECK(criteria[0].max_points == 40);
        CHECK_FALSE(criteria[0].past_performance);
        CHECK(criteria[1].past_performance);
        const auto stored = criteria_json(criteria);
        CHECK(stored == R"([{"code":"quality","name":"Jakość","max_points":40.0,"kind":"scored"},)"
                        R"({"code":"past","name":"Współpraca","max_points":12.5,"kind":"past_performance"}])");
        const auto again = parse_criteria_json(stored);
        REQUIRE(again.size() == 2);
        CHECK(again[1].code == "past");
        CHECK(again[1].max_points == 12.5);
        CHECK(again[1].past_performance);
    }
    SUBCASE("each problem names the file, line and column")
    {
        CHECK(problem_of("[[criterion]]\ncode = \"q\"\nname = \"Q\"\nmax_points = 0\n") ==
              "kryteria.toml:1:1: max_points must be a number above 0 and at most 1000, with at most two decimals");
        CHECK(problem_of("[[criterion]]\ncode = \"q\"\nname = \"Q\"\nmax_points = 10\nweight = 2\n") ==
              "kryteria.toml:5:10: unknown key weight (a criteria file holds [[criterion]] tables of code, name, "
              "max_points and kind)");
        CHECK(problem_of("[[criterion]]\ncode = \"q\"\nname = \"Q\"\nmax_points = \"dziesięć\"\n") ==
              "kryteria.toml:4:14: max_points has a value of the wrong kind (code and name: text; max_points: a "
              "number; kind: \"past_performance\")");
        CHECK(problem_of("[[criterion]]\ncode = \"q\"\nname = \"Q\"\nmax_points = 10\n"
                         "[[criterion]]\ncode = \"q\"\nname = \"R\"\nmax_points = 10\n") ==
              "kryteria.toml:5:1: criterion q is given twice");
        CHECK(problem_of("[[criterion]]\ncode = \"a\"\nname = \"A\"\nmax_points = 10\nkind = \"past_performance\"\n"
                         "[[criterion]]\ncode = \"b\"\nname = \"B\"\nmax_points = 10\nkind = \"past_performance\"\n") ==
              "kryteria.toml:6:1: only one criterion may be of kind past_performance");
        CHECK(problem_of("") == "kryteria.toml:1:1: no [[criterion]] table: a call needs at least one criterion");
        CHECK(problem_of("[[criterion]]\ncode = \"q\"\nname = \n").starts_with("kryteria.toml:3:"));
    }
    SUBCASE("a stored form that is not criteria is refused")
    {
        CHECK_THROWS_AS(parse_criteria_json("[1, 2]"), InvalidValue);
        CHECK_THROWS_AS(parse_criteria_json(R"([{"code":"q","name":"Q","max_points":10,"kind":"other"}])"),
                        InvalidValue);
        CHECK_THROWS_AS(parse_criteria_json("{"), InvalidValue);
    }
}
