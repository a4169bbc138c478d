#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::render;

namespace {

std::string rendered(const Document& document, Lang lang = Lang::en, bool color = false)
{
    RenderOptions options;
    options.format = Format::table;
    options.lang = lang;
    options.color = color;
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

Document grants()
{
    Document document;
    Table table;
    table.name = "grants";
    table.columns = {{"code", "Kod"}, {"name", "Nazwa"}, {"grant", "Dotacja"}};
    table.rows = {
        {std::string("A1"), std::string("Łódź"), Money::from_grosze(123456)},
        {std::string("B22"), std::string("Żółć gęś"), Money::from_grosze(5000)},
        {std::string("C333"), std::string("Zażółć"), Money::from_grosze(-1234567)},
    };
    document.tables.push_back(table);
    return document;
}

}  // namespace

TEST_CASE("render::table")
{
    SUBCASE("columns align by display width with Polish letters; money is right-aligned")
    {
        const std::string text = rendered(grants(), Lang::pl);
        CHECK(text == "Kod   Nazwa           Dotacja\n"
                      "----  --------  -------------\n"
                      "A1    Łódź        1 234,56 zł\n"
                      "B22   Żółć gęś       50,00 zł\n"
                      "C333  Zażółć    -12 345,67 zł\n");
        // The last column is right-aligned, so every line is equally wide on the terminal.
        for (const auto& line : lines_of(text)) {
            CHECK(display_width(line) == 29);
        }
    }

    SUBCASE("English money")
    {
        CHECK(rendered(grants(), Lang::en) == "Kod   Nazwa            Dotacja\n"
                                              "----  --------  --------------\n"
                                              "A1    Łódź        PLN 1,234.56\n"
                                              "B22   Żółć gęś       PLN 50.00\n"
                                              "C333  Zażółć    -PLN 12,345.67\n");
    }

    SUBCASE("a left-aligned last column starts in the same place on every line")
    {
        Document document;
        Table table;
        table.columns = {{"name", ""}, {"city", ""}};
        table.rows = {
            {std::string("Zażółć"), std::string("Łódź")},
            {std::string("Żółć gęś"), std::string("Kraków")},
            {std::string("Ala"), std::string("Gdańsk")},
        };
        document.tables.push_back(table);
        const std::string text = rendered(document);
        CHECK(text == "name      city\n"
                      "--------  ------\n"
                      "Zażółć    Łódź\n"
                      "Żółć gęś  Kraków\n"
                      "Ala       Gdańsk\n");
        const std::vector<std::string> last = {"city", "------", "Łódź", "Kraków", "Gdańsk"};
        const auto lines = lines_of(text);
        REQUIRE(lines.size() == last.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto start = lines[i].rfind(last[i]);
            REQUIRE(start != std::string::npos);
            CHECK(display_width(std::string_view(lines[i]).substr(0, start)) == 10);
        }
    }

    SUBCASE("no trailing spaces; empty cells are blank; newlines become spaces")
    {
        Document document;
        Table table;
        table.columns = {{"name", "Name"}, {"note", "Note"}};
        table.rows = {
            {std::string("a"), std::monostate{}},
            {std::string("b"), std::string("two\nlines\r\nhere")},
        };
        document.tables.push_back(table);
        CHECK(rendered(document) == "Name  Note\n"
                                    "----  --------------\n"
                                    "a\n"
                                    "b     two lines here\n");
    }

    SUBCASE("the numbers of a column share their decimals; p-values have three; a term without a code is no value")
    {
        Document document;
        Table table;
        table.columns = {{"count", ""}, {"mean", ""}, {"p", ""}, {"alpha", ""}};
        table.columns[2].p_value = true;
        table.rows = {
            {12.0, 4.0, 0.0004, 0.7},
            {7.5, 4.49, 0.1234, Term{"", Message::verbatim("- (one item)")}},
            {3.0, 0.001, 0.05, std::monostate{}},
        };
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::pl) == "count    mean        p         alpha\n"
                                              "-----  ------  -------  ------------\n"
                                              " 12,0    4,00  < 0,001           0,7\n"
                                              "  7,5    4,49    0,123  - (one item)\n"
                                              "  3,0  < 0,01    0,050\n");
    }

    SUBCASE("human text of every cell type, English and Polish")
    {
        Document document;
        Table table;
        table.columns = {{"n", ""}, {"x", ""}, {"share", ""}, {"ok", ""}, {"tags", ""}, {"on", ""}, {"period", ""}};
        table.rows = {
            {std::int64_t{42}, 3.14159, Fraction{0.875}, true, std::vector<std::string>{"a", "b"},
             Date::from_ymd(2024, 3, 1), Period::from_ym(2024, 3)},
            {std::int64_t{-7}, 2.5, Fraction{0.05}, false, std::vector<std::string>{}, std::monostate{},
             std::monostate{}},
        };
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::en) == " n     x   share  ok   tags  on          period\n"
                                              "--  ----  ------  ---  ----  ----------  -------\n"
                                              "42  3.14  87.5 %  yes  a, b  2024-03-01  2024-03\n"
                                              "-7  2.50   5.0 %  no\n");
        CHECK(rendered(document, Lang::pl) == " n     x   share  ok   tags  on          period\n"
                                              "--  ----  ------  ---  ----  ----------  -------\n"
                                              "42  3,14  87,5 %  tak  a, b  2024-03-01  2024-03\n"
                                              "-7  2,50   5,0 %  nie\n");
    }

    SUBCASE("colour bolds the header only when asked")
    {
        Document document;
        Table table;
        table.columns = {{"code", ""}};
        table.rows = {{std::string("A")}};
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::en, true) == "\x1b[1mcode\x1b[0m\n----\nA\n");
        CHECK(rendered(document, Lang::en, false) == "code\n----\nA\n");
        document.shape = Shape::record;
        table.columns = {{"code", ""}, {"grant", ""}};
        table.rows = {{std::string("A"), Money::from_grosze(100)}};
        document.tables = {table};
        CHECK(rendered(document, Lang::pl, true) == "\x1b[1mcode:\x1b[0m  A\n\x1b[1mgrant:\x1b[0m 1,00 zł\n");
    }

    SUBCASE("an empty list prints the header and its underline only")
    {
        Document document;
        Table table;
        table.columns = {{"code", ""}, {"grant", "Grant"}};
        document.tables.push_back(table);
        CHECK(rendered(document) == "code  Grant\n----  -----\n");
    }

    SUBCASE("a record prints label: value lines with padded labels")
    {
        Document document;
        document.shape = Shape::record;
        Table table;
        table.columns = {{"code", "Kod"}, {"name", "Nazwa"}, {"grant", "Kwota dotacji"}, {"note", "Uwagi"}};
        table.rows = {{std::string("A1"), std::string("Zażółć"), Money::from_grosze(100000), std::monostate{}}};
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::pl) == "Kod:           A1\n"
                                              "Nazwa:         Zażółć\n"
                                              "Kwota dotacji: 1 000,00 zł\n"
                                              "Uwagi:\n");
    }

    SUBCASE("sections print their titles and are separated by a blank line")
    {
        Document document;
        document.title = "Raport";
        document.shape = Shape::sections;
        Table summary;
        summary.name = "summary";
        summary.title = "Podsumowanie";
        summary.record = true;
        summary.columns = {{"ventures", "Przedsięwzięcia"}, {"spent", "Wydatki"}};
        summary.rows = {{std::int64_t{2}, Money::from_grosze(1050)}};
        Table list;
        list.name = "ventures";
        list.title = "Przedsięwzięcia";
        list.columns = {{"code", "Kod"}, {"share", "Udział"}};
        list.rows = {{std::string("V1"), Fraction{0.5}}, {std::string("V2"), Fraction{1.0}}};
        Table untitled;
        untitled.name = "untitled";
        untitled.columns = {{"x", ""}};
        untitled.rows = {{std::int64_t{1}}};
        document.tables = {summary, list, untitled};
        CHECK(rendered(document, Lang::pl) == "Raport\n"
                                              "\n"
                                              "Podsumowanie\n"
                                              "Przedsięwzięcia: 2\n"
                                              "Wydatki:         10,50 zł\n"
                                              "\n"
                                              "Przedsięwzięcia\n"
                                              "Kod   Udział\n"
                                              "---  -------\n"
                                              "V1    50,0 %\n"
                                              "V2   100,0 %\n"
                                              "\n"
                                              "x\n"
                                              "-\n"
                                              "1\n");
    }
}

TEST_CASE("render::human_text")
{
    CHECK(human_text(Money::from_grosze(123456), Lang::pl) == "1 234,56 zł");
    CHECK(human_text(Money::from_grosze(123456), Lang::en) == "PLN 1,234.56");
    CHECK(human_text(Fraction{0.875}, Lang::en) == "87.5 %");
    CHECK(human_text(Fraction{0.875}, Lang::pl) == "87,5 %");
    CHECK(human_text(Fraction{-0.0001}, Lang::en) == "0.0 %");
    CHECK(human_text(2.0, Lang::en) == "2");
    CHECK(human_text(2.345, Lang::pl) == "2,35");
    CHECK(human_text(-0.001, Lang::en) == "0");
    CHECK(human_text(0.00004, Lang::en) == "< 0.01");  // a tiny p-value is not zero to a reader
    CHECK(human_text(0.004, Lang::pl) == "< 0,01");
    CHECK(human_text(0.005, Lang::en) == "0.01");
    CHECK(human_text(0.0, Lang::en) == "0");
    CHECK(human_text(true, Lang::pl) == "tak");
    CHECK(human_text(false, Lang::en) == "no");
    CHECK(human_text(std::vector<std::string>{"Bałuty", "Widzew"}, Lang::pl) == "Bałuty, Widzew");
    CHECK(human_text(Cell{}, Lang::pl).empty());
    CHECK(human_text(Date::from_ymd(2024, 2, 29), Lang::pl) == "2024-02-29");
}

TEST_CASE("render::table shows control characters as escapes")
{
    Document document;
    document.title = "T\x1b]0;owned\x07";
    Table table;
    table.columns = {{"name", "Name"}};
    table.rows = {{std::string("a\x1b[2Jb\tc\x7f")}};
    document.tables.push_back(table);
    const auto text = rendered(document);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("T\\x1b]0;owned\\x07") != std::string::npos);
    CHECK(text.find("a\\x1b[2Jb c\\x7f") != std::string::npos);
}
