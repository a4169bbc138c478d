#include "render/cells.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::render;

namespace {

std::string rendered(const Document& document, Format format, char separator = ',', bool bom = false)
{
    RenderOptions options;
    options.format = format;
    options.csv_separator = separator;
    options.bom = bom;
    options.lang = Lang::pl;  // machine formats must not follow the language
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

Document one_column(const std::string& key, std::vector<Cell> values)
{
    Document document;
    Table table;
    table.columns = {{key, "Label"}};
    for (auto& value : values) {
        table.rows.push_back({std::move(value)});
    }
    document.tables.push_back(table);
    return document;
}

}  // namespace

TEST_CASE("render::csv")
{
    SUBCASE("header of keys, machine values, CRLF line ends")
    {
        Document document;
        Table table;
        table.columns = {{"code", "Kod"}, {"grant", "Dotacja"}, {"share", ""},  {"score", ""}, {"opp", ""},
                         {"spheres", ""}, {"starts", ""},       {"period", ""}, {"n", ""},     {"note", ""}};
        table.rows = {
            {std::string("A1"), Money::from_grosze(123456), Fraction{0.875}, 0.1, true,
             std::vector<std::string>{"kultura", "sport"}, Date::from_ymd(2024, 1, 31), Period::from_ym(2024, 2),
             std::int64_t{-3}, std::monostate{}},
            {std::string("B2"), Money::from_grosze(-5), Fraction{1.0}, 2.0, false, std::vector<std::string>{},
             std::monostate{}, std::monostate{}, std::int64_t{0}, std::string("Łódź")},
        };
        document.tables.push_back(table);
        CHECK(rendered(document, Format::csv) == "code,grant,share,score,opp,spheres,starts,period,n,note\r\n"
                                                 "A1,1234.56,0.875,0.1,true,kultura|sport,2024-01-31,2024-02,-3,\r\n"
                                                 "B2,-0.05,1,2,false,,,,0,Łódź\r\n");
    }

    SUBCASE("quoting of separators, quotes, newlines and edge spaces")
    {
        const Document document = one_column(
            "text", {std::string("a;b"), std::string("a,b"), std::string("say \"hi\""), std::string("two\nlines"),
                     std::string("cr\rhere"), std::string(" lead"), std::string("trail "), std::string("plain")});
        CHECK(rendered(document, Format::csv) == "text\r\n"
                                                 "a;b\r\n"
                                                 "\"a,b\"\r\n"
                                                 "\"say \"\"hi\"\"\"\r\n"
                                                 "\"two\nlines\"\r\n"
                                                 "\"cr\rhere\"\r\n"
                                                 "\" lead\"\r\n"
                                                 "\"trail \"\r\n"
                                                 "plain\r\n");
        CHECK(rendered(document, Format::csv, ';') == "text\r\n"
                                                      "\"a;b\"\r\n"
                                                      "a,b\r\n"
                                                      "\"say \"\"hi\"\"\"\r\n"
                                                      "\"two\nlines\"\r\n"
                                                      "\"cr\rhere\"\r\n"
                                                      "\" lead\"\r\n"
                                                      "\"trail \"\r\n"
                                                      "plain\r\n");
    }

    SUBCASE("--sep ';' for Polish Excel")
    {
        Document document;
        Table table;
        table.columns = {{"name", ""}, {"grant", ""}};
        table.rows = {{std::string("Zażółć; gęślą"), Money::from_grosze(100)}};
        document.tables.push_back(table);
        CHECK(rendered(document, Format::csv, ';') == "name;grant\r\n\"Zażółć; gęślą\";1.00\r\n");
    }

    SUBCASE("--bom writes the UTF-8 byte order mark first")
    {
        const Document document = one_column("name", {std::string("Łódź")});
        CHECK(rendered(document, Format::csv, ',', true) == "\xEF\xBB\xBFname\r\n\xC5\x81\xC3\xB3\x64\xC5\xBA\r\n");
        CHECK(rendered(document, Format::csv, ',', false) == "name\r\nŁódź\r\n");
    }

    SUBCASE("a row whose only field is empty is not a blank line")
    {
        CHECK(rendered(one_column("x", {std::monostate{}, std::int64_t{1}}), Format::csv) == "x\r\n\"\"\r\n1\r\n");
    }

    SUBCASE("an empty list is the header alone")
    {
        CHECK(rendered(one_column("code", {}), Format::csv) == "code\r\n");
    }

    SUBCASE("sections are blocks separated by one empty line")
    {
        Document document;
        document.shape = Shape::sections;
        Table first;
        first.name = "summary";
        first.record = true;
        first.columns = {{"total", ""}};
        first.rows = {{Money::from_grosze(1000)}};
        Table second;
        second.name = "items";
        second.columns = {{"code", ""}, {"share", ""}};
        second.rows = {{std::string("A"), Fraction{0.25}}, {std::string("B"), Fraction{0.75}}};
        document.tables = {first, second};
        CHECK(rendered(document, Format::csv) == "total\r\n"
                                                 "10.00\r\n"
                                                 "\r\n"
                                                 "code,share\r\n"
                                                 "A,0.25\r\n"
                                                 "B,0.75\r\n");
    }
}

TEST_CASE("render::tsv")
{
    Document document;
    Table table;
    table.columns = {{"code", ""}, {"note", ""}, {"grant", ""}};
    table.rows = {
        {std::string("A1"), std::string("a,b;c"), Money::from_grosze(123456)},
        {std::string("B2"), std::string("tab\there"), Money::from_grosze(0)},
        {std::string("C3"), std::string("two\nlines \"q\""), std::monostate{}},
    };
    document.tables.push_back(table);
    // The csv separator does not apply to tsv.
    CHECK(rendered(document, Format::tsv, ';') == "code\tnote\tgrant\r\n"
                                                  "A1\ta,b;c\t1234.56\r\n"
                                                  "B2\t\"tab\there\"\t0.00\r\n"
                                                  "C3\t\"two\nlines \"\"q\"\"\"\t\r\n");
}

TEST_CASE("render::machine_text")
{
    CHECK(machine_text(Money::from_grosze(123456)) == "1234.56");
    CHECK(machine_text(Fraction{0.875}) == "0.875");
    CHECK(machine_text(Fraction{2.0 / 3.0}) == "0.6666666666666666");
    CHECK(machine_text(0.1 + 0.2) == "0.30000000000000004");
    CHECK(machine_text(-0.0) == "0");
    CHECK(machine_text(1234.0) == "1234");
    CHECK(machine_text(0.000001) == "0.000001");
    CHECK(machine_text(1e-7) == "1e-07");
    CHECK(machine_text(1e20) == "1e+20");
    CHECK(machine_text(true) == "true");
    CHECK(machine_text(std::vector<std::string>{"1", "2", "15"}) == "1|2|15");
    CHECK(machine_text(Cell{}).empty());
    CHECK(machine_text(Period::from_ym(2024, 12)) == "2024-12");
}

TEST_CASE("render::csv defuses formulas in text cells only")
{
    const auto document =
        one_column("v", {std::string("=1+1"), std::string("+48 22 111"), std::string("-x"), std::string("@SUM(A1)"),
                         std::string("\tx"), std::string("a=b"), Money::from_grosze(-1250), std::int64_t{-3}, -0.5,
                         std::vector<std::string>{"=a", "b"}});
    CHECK(rendered(document, Format::csv) ==
          "v\r\n'=1+1\r\n'+48 22 111\r\n'-x\r\n'@SUM(A1)\r\n'\tx\r\na=b\r\n-12.50\r\n-3\r\n-0.5\r\n'=a|b\r\n");
    CHECK(rendered(document, Format::tsv) ==
          "v\r\n'=1+1\r\n'+48 22 111\r\n'-x\r\n'@SUM(A1)\r\n\"'\tx\"\r\na=b\r\n-12.50\r\n-3\r\n-0.5\r\n'=a|b\r\n");
}
