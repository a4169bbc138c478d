#include "core/error.hpp"
#include "survey/instrument.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace toro;
using namespace toro::survey;

namespace {

constexpr const char* valid = R"(code = "K1"
title = "Test"
kind = "competency"
groups = ["ies", "jst"]
scale = { min = 1, max = 5, labels = ["a", "b", "c", "d", "e"] }

[[item]]
code = "q1"
area = "law"
text = "First"

[[area]]
code = "law"
name = "Law"

[[item]]
code = "notes"
type = "text"
text = "Anything else?"
)";

// The problems parse_instrument reports, as "LINE:COLUMN field: message".
std::vector<std::string> problems_of(const std::string& text)
{
    try {
        parse_instrument(text, "test.toml");
    } catch (const BatchError& error) {
        CHECK(error.code() == Exit::data);
        std::vector<std::string> result;
        for (const auto& problem : error.problems()) {
            result.push_back(std::to_string(problem.line) + ":" + std::to_string(problem.column) + " " + problem.field +
                             ": " + problem.message.text(Lang::en));
        }
        return result;
    }
    FAIL("the instrument was accepted");
    return {};
}

}  // namespace

TEST_CASE("survey::parse_instrument")
{
    SUBCASE("a valid competency instrument, items referring to an area defined after them")
    {
        const auto instrument = parse_instrument(valid, "test.toml");
        CHECK(instrument.code == "K1");
        CHECK(instrument.kind == Kind::competency);
        CHECK(instrument.scale.min == 1);
        CHECK(instrument.scale.max == 5);
        CHECK(instrument.scale.labels.size() == 5);
        CHECK(instrument.groups == std::vector<std::string>{"ies", "jst"});
        REQUIRE(instrument.items.size() == 2);
        CHECK(instrument.items[0].rated_twice(instrument.kind));
        CHECK_FALSE(instrument.items[1].rated_twice(instrument.kind));
        CHECK(instrument.items_of("law").size() == 1);
        CHECK(instrument.definition == valid);
    }

    SUBCASE("an evaluation study gets the default groups and checks criteria")
    {
        const auto study = parse_instrument(R"(code = "E1"
title = "Study"
kind = "evaluation"
scale = { min = 1, max = 5 }
[[item]]
code = "r1"
criterion = "relevance"
text = "Relevant?"
[[item]]
code = "nps"
type = "nps"
text = "Recommend?"
)",
                                            "study.toml");
        CHECK(study.groups == default_evaluation_groups());
        CHECK(study.items[0].criterion == "relevance");
        CHECK(problems_of(R"(code = "E1"
title = "Study"
kind = "evaluation"
scale = { min = 1, max = 5 }
[[item]]
code = "r1"
criterion = "usefulness"
text = "Useful?"
[[item]]
code = "n1"
type = "nps"
text = "?"
[[item]]
code = "n2"
type = "nps"
text = "?"
)") == std::vector<std::string>{
           "1:1 item.type: a study has at most one nps item",
           "7:13 item.criterion: 'usefulness' is not a criterion: relevance, coherence, effectiveness, "
           "efficiency, impact, sustainability, utility or satisfaction"});
    }

    SUBCASE("TOML syntax errors name the line and column")
    {
        const auto problems = problems_of("code = \"K1\"\ntitle = \n");
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].rfind("2:", 0) == 0);
    }

    SUBCASE("every problem of the file at once, in line order")
    {
        CHECK(problems_of(R"(code = "K 1"
title = 7
kind = "competency"
colour = "red"
scale = { min = 5, max = 1 }
[[area]]
code = "law"
name = "Law"
[[area]]
code = "law"
name = "Again"
[[item]]
code = "q1"
area = "funds"
text = "?"
[[item]]
code = "q1"
area = "law"
text = "?"
[[item]]
code = "group"
area = "law"
text = "?"
[[item]]
code = "q3"
text = "no area"
)") == std::vector<std::string>{
           "1:8 code: 'K 1' is not a code: use 1–64 letters, digits, '_' or '-'", "2:9 title: must be a string",
           "4:1 colour: unknown key in the instrument", "5:9 scale: min (5) must be below max (1)",
           "9:1 area.code: area 'law' is defined twice", "14:8 item.area: no [[area]] has the code 'funds'",
           "16:1 item.code: item 'q1' is defined twice",
           "21:8 item.code: 'group' is the name of a response column; choose another code",
           "24:1 area: a competency [[item]] needs 'area'"});
    }

    SUBCASE("scale labels must match the scale's points; choice items need options")
    {
        CHECK(problems_of(R"(code = "K1"
title = "T"
kind = "competency"
scale = { min = 1, max = 4, labels = ["a", "b"] }
[[area]]
code = "a"
name = "A"
[[item]]
code = "c1"
type = "choice"
text = "?"
)") == std::vector<std::string>{"4:38 scale.labels: has 2 labels; the scale has 4 points",
                                "8:1 item.options: a choice item needs options = [\"…\", …]"});
    }

    SUBCASE("missing keys")
    {
        CHECK(problems_of("code = \"K1\"\n") ==
              std::vector<std::string>{
                  "1:1 title: the instrument needs 'title'", "1:1 kind: the instrument needs 'kind'",
                  "1:1 scale: the instrument needs 'scale'", "1:1 item: the instrument has no [[item]]",
                  "1:1 area: a competency instrument needs at least one [[area]]"});
    }
}

TEST_CASE("survey::load_instrument")
{
    CHECK_THROWS_AS(load_instrument("/nonexistent/instrument.toml"), Error);
    try {
        load_instrument("/nonexistent/instrument.toml");
    } catch (const Error& error) {
        CHECK(error.code() == Exit::no_input);
    }
}

TEST_CASE("survey::fields of an instrument")
{
    Instrument instrument;
    instrument.code = "E1";
    instrument.title = "Study";
    instrument.kind = Kind::evaluation;
    instrument.scale = {1, 5, {}};
    instrument.areas = {{"law", "Law"}};
    Item rated;
    rated.code = "q1";
    rated.criterion = "relevance";
    rated.text = "Useful?";
    Item choice;
    choice.code = "c1";
    choice.area = "law";
    choice.type = ItemType::choice;
    choice.options = {"yes", "no"};
    instrument.items = {rated, choice};
    instrument.definition = "code = \"E1\"";

    const auto json = render::json_value(instrument);
    CHECK(json.dump() ==
          R"({"code":"E1","kind":"evaluation","title":"Study",)"
          R"("scale":{"min":1,"max":5,"labels":[]},"groups":[],)"
          R"("areas":[{"code":"law","name":"Law"}],)"
          R"("items":[{"code":"q1","area":null,"criterion":"relevance","type":"likert",)"
          R"("text":"Useful?","options":[]},)"
          R"({"code":"c1","area":"law","criterion":null,"type":"choice","text":"","options":["yes","no"]}]})");
}
