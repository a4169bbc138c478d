#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::render;

namespace {

std::string rendered(const Document& document, Format format)
{
    RenderOptions options;
    options.format = format;
    options.lang = Lang::pl;  // machine formats must not follow the language
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

Table organizations()
{
    Table table;
    table.name = "orgs";
    table.columns = {{"code", "Kod"}, {"grant", "Dotacja"}, {"opp", ""},   {"spheres", ""}, {"founded", ""},
                     {"share", ""},   {"employees", ""},    {"score", ""}, {"note", ""}};
    table.rows = {
        {std::string("FUN-1"), Money::from_grosze(123456), true, std::vector<std::string>{"kultura", "sport"},
         Date::from_ymd(2019, 5, 17), Fraction{0.875}, std::int64_t{12}, 4.25, std::monostate{}},
        {std::string("Łódź \"Razem\""), Money::from_grosze(1250), false, std::vector<std::string>{}, std::monostate{},
         Fraction{1.0}, std::int64_t{0}, 0.1, std::string("a\nb")},
    };
    return table;
}

}  // namespace

TEST_CASE("render::json")
{
    SUBCASE("a list is an array of objects keyed by column keys in column order")
    {
        Document document;
        document.tables.push_back(organizations());
        CHECK(rendered(document, Format::json) ==
              R"([
  {
    "code": "FUN-1",
    "grant": 1234.56,
    "opp": true,
    "spheres": [
      "kultura",
      "sport"
    ],
    "founded": "2019-05-17",
    "share": 0.875,
    "employees": 12,
    "score": 4.25,
    "note": null
  },
  {
    "code": "Łódź \"Razem\"",
    "grant": 12.5,
    "opp": false,
    "spheres": [],
    "founded": null,
    "share": 1.0,
    "employees": 0,
    "score": 0.1,
    "note": "a\nb"
  }
]
)");
    }

    SUBCASE("an empty list is an empty array")
    {
        Document document;
        Table table;
        table.columns = {{"code", ""}};
        document.tables.push_back(table);
        CHECK(rendered(document, Format::json) == "[]\n");
        CHECK(rendered(Document{}, Format::json) == "[]\n");
    }

    SUBCASE("a record is one object")
    {
        Document document;
        document.shape = Shape::record;
        Table table;
        table.columns = {{"code", ""}, {"period", ""}, {"amount", ""}};
        table.rows = {{std::string("V1"), Period::from_ym(2024, 3), Money::from_grosze(-99)}};
        document.tables.push_back(table);
        CHECK(rendered(document, Format::json) == "{\n"
                                                  "  \"code\": \"V1\",\n"
                                                  "  \"period\": \"2024-03\",\n"
                                                  "  \"amount\": -0.99\n"
                                                  "}\n");
    }

    SUBCASE("sections are an object keyed by table name")
    {
        Document document;
        document.shape = Shape::sections;
        Table summary;
        summary.name = "summary";
        summary.record = true;
        summary.columns = {{"ventures", ""}, {"spent", ""}};
        summary.rows = {{std::int64_t{2}, Money::from_grosze(700000)}};
        Table ventures;
        ventures.name = "ventures";
        ventures.columns = {{"code", ""}};
        ventures.rows = {{std::string("V1")}};
        Table flags;
        flags.name = "flags";
        flags.columns = {{"kind", ""}};
        document.tables = {summary, ventures, flags};
        CHECK(rendered(document, Format::json) ==
              R"({
  "summary": {
    "ventures": 2,
    "spent": 7000.0
  },
  "ventures": [
    {
      "code": "V1"
    }
  ],
  "flags": []
}
)");
    }

    SUBCASE("Document::json is printed instead of the tables")
    {
        Document document;
        document.tables.push_back(organizations());
        document.json = nlohmann::ordered_json{{"as_of", "2024-06-30"}, {"loans", nlohmann::ordered_json::array()}};
        CHECK(rendered(document, Format::json) == "{\n"
                                                  "  \"as_of\": \"2024-06-30\",\n"
                                                  "  \"loans\": []\n"
                                                  "}\n");
    }

    SUBCASE("invalid UTF-8 is replaced, never thrown")
    {
        Document document;
        Table table;
        table.columns = {{"name", ""}};
        table.rows = {{std::string("ab\xff"
                                   "c")}};
        document.tables.push_back(table);
        std::string text;
        CHECK_NOTHROW(text = rendered(document, Format::json));
        CHECK(text == "[\n  {\n    \"name\": \"ab\xEF\xBF\xBD"
                      "c\"\n  }\n]\n");
        CHECK_NOTHROW(text = rendered(document, Format::jsonl));
        CHECK(text == "{\"name\":\"ab\xEF\xBF\xBD"
                      "c\"}\n");
    }
}

TEST_CASE("render::jsonl")
{
    SUBCASE("one compact object per row")
    {
        Document document;
        document.tables.push_back(organizations());
        CHECK(rendered(document, Format::jsonl) ==
              "{\"code\":\"FUN-1\",\"grant\":1234.56,\"opp\":true,\"spheres\":[\"kultura\",\"sport\"],"
              "\"founded\":\"2019-05-17\",\"share\":0.875,\"employees\":12,\"score\":4.25,\"note\":null}\n"
              "{\"code\":\"Łódź \\\"Razem\\\"\",\"grant\":12.5,\"opp\":false,\"spheres\":[],\"founded\":null,"
              "\"share\":1.0,\"employees\":0,\"score\":0.1,\"note\":\"a\\nb\"}\n");
    }

    SUBCASE("a record is one line")
    {
        Document document;
        document.shape = Shape::record;
        Table table;
        table.columns = {{"code", ""}};
        table.rows = {{std::string("V1")}};
        document.tables.push_back(table);
        CHECK(rendered(document, Format::jsonl) == "{\"code\":\"V1\"}\n");
    }

    SUBCASE("sections name their section on every line")
    {
        Document document;
        document.shape = Shape::sections;
        Table ventures;
        ventures.name = "ventures";
        ventures.columns = {{"code", ""}, {"grant", ""}};
        ventures.rows = {{std::string("V1"), Money::from_grosze(100)}, {std::string("V2"), std::monostate{}}};
        Table flags;
        flags.name = "flags";
        flags.columns = {{"kind", ""}, {"venture", ""}};
        flags.rows = {{std::string("missing"), std::string("V2")}};
        document.tables = {ventures, flags};
        CHECK(rendered(document, Format::jsonl) == "{\"section\":\"ventures\",\"code\":\"V1\",\"grant\":1.0}\n"
                                                   "{\"section\":\"ventures\",\"code\":\"V2\",\"grant\":null}\n"
                                                   "{\"section\":\"flags\",\"kind\":\"missing\",\"venture\":\"V2\"}\n");
    }

    SUBCASE("Document::json: an array is one element per line, anything else one line")
    {
        Document document;
        document.json =
            nlohmann::ordered_json::array({{{"no", 1}, {"payment", 10.5}}, {{"no", 2}, {"payment", 10.25}}});
        CHECK(rendered(document, Format::jsonl) == "{\"no\":1,\"payment\":10.5}\n{\"no\":2,\"payment\":10.25}\n");
        document.json = nlohmann::ordered_json{{"survey", "S1"}, {"items", {1, 2}}};
        CHECK(rendered(document, Format::jsonl) == "{\"survey\":\"S1\",\"items\":[1,2]}\n");
    }

    SUBCASE("an empty list writes nothing")
    {
        Document document;
        Table table;
        table.columns = {{"code", ""}};
        document.tables.push_back(table);
        CHECK(rendered(document, Format::jsonl).empty());
    }
}

TEST_CASE("render::write_json with lists written one element at a time")
{
    using Json = nlohmann::ordered_json;
    const std::vector<int> numbers{1, 2, 3};
    const std::vector<std::string> none;
    const auto make = [](int n) {
        return Json{{"n", n},
                    {"half", n / 2.0},
                    {"name", "Łódź \"" + std::to_string(n) + "\"\n"},
                    {"list", Json::array({n, nullptr})},
                    {"empty", Json::object()}};
    };
    // The same object held whole, as it is written without lists.
    Json whole = {{"period", "2026-06"},
                  {"summary", {{"expected", 3}, {"share", 0.5}}},
                  {"items", Json::array()},
                  {"nothing", Json::array()},
                  {"loans", {{"par30", 0.0}}}};
    for (const int n : numbers) {
        whole["items"].push_back(make(n));
    }
    Document full;
    full.shape = Shape::sections;
    full.json = whole;

    Document listed;
    listed.shape = Shape::sections;
    listed.json = {{"period", "2026-06"},
                   {"summary", {{"expected", 3}, {"share", 0.5}}},
                   {"items", nullptr},
                   {"nothing", nullptr},
                   {"loans", {{"par30", 0.0}}}};
    std::size_t made = 0;
    listed.json_lists = {json_list("items", numbers,
                                   [&](int n) {
                                       ++made;
                                       return make(n);
                                   }),
                         json_list("nothing", none, [](const std::string& text) { return Json(text); })};
    CHECK(rendered(listed, Format::json) == rendered(full, Format::json));
    CHECK(made == 3);
    CHECK(rendered(listed, Format::jsonl) == rendered(full, Format::jsonl));
    CHECK(rendered(listed, Format::jsonl) == whole.dump() + "\n");
    CHECK(rendered(listed, Format::json).substr(0, 40) == "{\n  \"period\": \"2026-06\",\n  \"summary\": {\n");
}
