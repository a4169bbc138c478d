#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace toro;
using namespace toro::render;

namespace {

std::string rendered(const Document& document, Lang lang)
{
    RenderOptions options;
    options.format = Format::md;
    options.lang = lang;
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

}  // namespace

TEST_CASE("render::markdown")
{
    SUBCASE("title, pipe table, numeric columns right-aligned")
    {
        Document document;
        document.title = "Dotacje 2024";
        Table table;
        table.name = "grants";
        table.columns = {{"name", "Nazwa"}, {"grant", "Dotacja"}, {"share", "Wykonanie"}, {"note", "Uwagi"}};
        table.rows = {
            {std::string("Żółć gęś"), Money::from_grosze(123456), Fraction{0.875}, std::monostate{}},
            {std::string("A | B"), std::monostate{}, Fraction{0.5}, std::string("pierwsza\ndruga\r\ntrzecia")},
        };
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::pl) == "# Dotacje 2024\n"
                                              "\n"
                                              "| Nazwa | Dotacja | Wykonanie | Uwagi |\n"
                                              "| --- | ---: | ---: | --- |\n"
                                              "| Żółć gęś | 1 234,56 zł | 87,5 % |  |\n"
                                              "| A \\| B |  | 50,0 % | pierwsza<br>druga<br>trzecia |\n");
        CHECK(rendered(document, Lang::en) == "# Dotacje 2024\n"
                                              "\n"
                                              "| Nazwa | Dotacja | Wykonanie | Uwagi |\n"
                                              "| --- | ---: | ---: | --- |\n"
                                              "| Żółć gęś | PLN 1,234.56 | 87.5 % |  |\n"
                                              "| A \\| B |  | 50.0 % | pierwsza<br>druga<br>trzecia |\n");
    }

    SUBCASE("an empty list is the header and separator")
    {
        Document document;
        Table table;
        table.columns = {{"code", ""}, {"n", "Liczba"}};
        document.tables.push_back(table);
        CHECK(rendered(document, Lang::en) == "| code | Liczba |\n| --- | --- |\n");
    }

    SUBCASE("sections with ## titles; a record is a field/value table")
    {
        Document document;
        document.title = "Raport miesięczny";
        document.shape = Shape::sections;
        Table summary;
        summary.name = "summary";
        summary.title = "Podsumowanie";
        summary.record = true;
        summary.columns = {{"ventures_active", "Aktywne"}, {"grant_total", "Dotacje | razem"}, {"ok", "Zgodne"}};
        summary.rows = {{std::int64_t{3}, Money::from_grosze(1500000), true}};
        Table flags;
        flags.name = "flags";
        flags.title = "Sygnały";
        flags.columns = {{"kind", "Rodzaj"}, {"days", "Dni"}};
        flags.rows = {{std::string("late"), std::int64_t{4}}};
        document.tables = {summary, flags};
        CHECK(rendered(document, Lang::pl) == "# Raport miesięczny\n"
                                              "\n"
                                              "## Podsumowanie\n"
                                              "\n"
                                              "| pole | wartość |\n"
                                              "| --- | --- |\n"
                                              "| Aktywne | 3 |\n"
                                              "| Dotacje \\| razem | 15 000,00 zł |\n"
                                              "| Zgodne | tak |\n"
                                              "\n"
                                              "## Sygnały\n"
                                              "\n"
                                              "| Rodzaj | Dni |\n"
                                              "| --- | ---: |\n"
                                              "| late | 4 |\n");
        document.shape = Shape::record;
        document.title.clear();
        document.tables = {summary};
        CHECK(rendered(document, Lang::en) == "## Podsumowanie\n"
                                              "\n"
                                              "| field | value |\n"
                                              "| --- | --- |\n"
                                              "| Aktywne | 3 |\n"
                                              "| Dotacje \\| razem | PLN 15,000.00 |\n"
                                              "| Zgodne | yes |\n");
    }
}

TEST_CASE("render::markdown escapes markup and control characters")
{
    Document document;
    document.title = "<h1>T & co</h1>";
    Table table;
    table.columns = {{"name", "Nazwa"}};
    table.rows = {{std::string("<script>alert(1)</script> & \x1b[31mred\x07")}};
    document.tables.push_back(table);
    CHECK(rendered(document, Lang::pl) == "# &lt;h1&gt;T &amp; co&lt;/h1&gt;\n"
                                          "\n"
                                          "| Nazwa |\n"
                                          "| --- |\n"
                                          "| &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\x1b[31mred\\x07 |\n");
}
