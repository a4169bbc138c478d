#include "html_test_support.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sstream>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

using namespace toro;
using namespace toro::render;
using namespace toro::test;

namespace {

Table grants_table()
{
    Table table;
    table.name = "grants";
    table.title = "Dotacje";
    table.columns = {{"name", "Nazwa"}, {"grant", "Dotacja"}, {"share", "Wykonanie"}, {"note", "Uwagi"}};
    table.rows = {
        {std::string("Żółć gęś"), Money::from_grosze(123456), Fraction{0.875}, std::monostate{}},
        {std::string("<b>&\"'"), std::monostate{}, Fraction{0.5}, std::string("pierwsza\ndruga")},
    };
    return table;
}

Chart line_chart()
{
    Chart chart;
    chart.kind = Chart::Kind::line;
    chart.title = "Kompletność i terminowość";
    chart.fraction = true;
    Series completeness{"kompletność", {}};
    Series timeliness{"terminowość", {}};
    for (int month = 1; month <= 12; ++month) {
        chart.categories.push_back(Period::from_ym(2024, month).to_string());
        completeness.values.push_back(0.7 + 0.02 * month);
        timeliness.values.push_back(month == 5 ? std::nan("") : 0.5 + 0.03 * month);
    }
    chart.series = {completeness, timeliness};
    return chart;
}

// A monthly monitoring report as the reporting module would hand it over.
Document sample_report()
{
    Document document;
    document.title = "Monitoring przedsięwzięć ekonomii społecznej — 2024-12";
    document.shape = Shape::sections;

    Chart spending;
    spending.kind = Chart::Kind::bar;
    spending.title = "Dotacje i wydatki według dzielnic (tys. zł)";
    spending.categories = {"Stare Miasto", "Śródmieście", "Nowa Huta", "Podgórze", "Krowodrza", "Bronowice"};
    spending.series = {{"dotacje", {420, 310, 515, 260, 180, 95}},
                       {"wydatki", {388, 221, 470, 198, std::nan(""), 40}},
                       {"wkład własny", {42, 30, 61, 22, 15, 9}},
                       {"wkład rzeczowy", {60, 12, 85, 40, 33, 20}}};

    Chart execution;
    execution.kind = Chart::Kind::hbar;
    execution.title = "Wykonanie budżetu na tle upływu czasu";
    execution.fraction = true;
    execution.categories = {
        "Spółdzielnia socjalna „Zielony Ogród” — warsztaty ogrodnicze dla osób wychodzących z bezdomności",
        "Kawiarnia integracyjna Przystań",
        "Pralnia społeczna Czysta Sprawa — usługi dla seniorów z Nowej Huty",
        "Centrum Integracji Społecznej: szkolenia zawodowe",
        "Catering Dobre Smaki",
    };
    execution.series = {{"wykonanie budżetu", {0.92, 0.41, 1.12, std::nan(""), 0.67}},
                        {"realizacja wskaźników", {0.85, 0.30, 0.97, 0.55, 0.71}}};
    execution.markers = {0.83, 0.5, 1.0, 0.6, 0.75};
    execution.marker_label = "oczekiwane tempo";

    document.charts = {line_chart(), spending, execution};

    Table summary;
    summary.name = "summary";
    summary.title = "Podsumowanie";
    summary.record = true;
    summary.columns = {{"period", "Okres"},        {"expected", "Oczekiwane raporty"},
                       {"received", "Otrzymane"},  {"completeness", "Kompletność"},
                       {"grant_total", "Dotacje"}, {"spent_total", "Wydatki"}};
    summary.rows = {{Period::from_ym(2024, 12), std::int64_t{24}, std::int64_t{21}, Fraction{0.875},
                     Money::from_grosze(178000000), Money::from_grosze(131745012)}};

    Table ventures;
    ventures.name = "ventures";
    ventures.title = "Przedsięwzięcia";
    ventures.columns = {{"code", "Kod"},      {"title", "Tytuł"},   {"org", "Organizacja"},
                        {"grant", "Dotacja"}, {"spent", "Wydatki"}, {"budget_execution", "Wykonanie"},
                        {"pace", "Tempo"},    {"status", "Status"}};
    const char* statuses[] = {"zgodnie z planem", "zagrożone", "opóźnione", "osiągnięte"};
    for (int i = 0; i < 40; ++i) {
        ventures.rows.push_back({std::string("PES-2024-") + std::to_string(100 + i),
                                 std::string(i % 3 == 0 ? "Warsztaty rękodzieła i aktywizacja zawodowa młodzieży"
                                                        : "Kawiarnia integracyjna"),
                                 std::string("Stowarzyszenie Żółty Dąb nr ") + std::to_string(i + 1),
                                 Money::from_grosze(4500000 + i * 125050), Money::from_grosze(2100000 + i * 98765),
                                 Fraction{0.4 + 0.015 * i}, Fraction{0.5 + 0.01 * i}, std::string(statuses[i % 4])});
    }

    Table flags;
    flags.name = "flags";
    flags.title = "Sygnały";
    flags.columns = {{"kind", "Rodzaj"}, {"venture", "Przedsięwzięcie"}, {"message", "Opis"}};
    flags.rows = {{std::string("outlier"), std::string("PES-2024-103"),
                   std::string("wartość 412 uczestników odbiega od historii (z = 5,1)")},
                  {std::string("overspent"), std::string("PES-2024-117"),
                   std::string("kategoria <wynagrodzenia> przekroczona o 14,2 %")}};

    document.tables = {summary, ventures, flags};
    return document;
}

}  // namespace

TEST_CASE("render::html")
{
    SUBCASE("one self-contained document in the output language")
    {
        Document document;
        document.title = "Raport <miesięczny>";
        document.tables.push_back(grants_table());
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"pl\">"));
        CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
        CHECK(html.find("<title>Raport &lt;miesięczny&gt;</title>") != std::string::npos);
        CHECK(html.find("<h1>Raport &lt;miesięczny&gt;</h1>") != std::string::npos);
        CHECK(html.find("<h2>Dotacje</h2>") != std::string::npos);
        CHECK(html.find("@page { size: A4; margin: 18mm 15mm 16mm; }") != std::string::npos);
        // The print margins carry the title and the page numbers.
        CHECK(html.find("@top-center { content: \"Raport \\3c miesięczny>\";") != std::string::npos);
        CHECK(html.find("content: \"strona \" counter(page) \" z \" counter(pages);") != std::string::npos);
        // What the document covers comes first: here only the day it was generated.
        CHECK(html.find("<table class=\"facts\">\n<tbody>\n<tr><th scope=\"row\">Wygenerowano</th>") <
              html.find("<h2>Dotacje</h2>"));
        CHECK(html.find("thead { display: table-header-group; }") != std::string::npos);
        CHECK(html.find("tabular-nums") != std::string::npos);
        CHECK(rendered(document, Lang::en).starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    }

    SUBCASE("a long listing shows the rows that need attention, and says where the whole list is")
    {
        Document document;
        Table table;
        table.name = "ventures";
        table.columns = {{"code", "kod"}};
        table.listing = true;
        for (int i = 0; i < 1000; ++i) {
            table.rows.push_back({fmt::format("V-{:04}", i)});
            table.attention.push_back(i % 2 == 1);  // 500 need attention
        }
        document.tables.push_back(table);
        std::string html = rendered(document, Lang::pl);
        const auto count = [&html](std::string_view text) {
            std::size_t found = 0;
            for (auto at = html.find(text); at != std::string::npos; at = html.find(text, at + 1)) {
                ++found;
            }
            return found;
        };
        CHECK(count(">V-") == html_listing_rows);
        CHECK(html.find(">V-0000</td>") == std::string::npos);
        CHECK(html.find(">V-0001</td>") != std::string::npos);
        CHECK(html.find(">V-0599</td>") != std::string::npos);
        CHECK(html.find(">V-0601</td>") == std::string::npos);
        CHECK(html.find("Z 1000 wierszy tabela pokazuje 300 pierwszych spośród 500 wymagających uwagi; pełna "
                        "lista jest w wersji xlsx i csv") != std::string::npos);

        // Without marks: the first rows; a short listing, and other formats, show every row.
        document.tables[0].attention.clear();
        html = rendered(document, Lang::en);
        CHECK(count(">V-") == html_listing_rows);
        CHECK(html.find(">V-0000</td>") != std::string::npos);
        CHECK(html.find("Of its 1000 rows this table shows the first 300;") != std::string::npos);
        document.tables[0].rows.resize(html_listing_rows);
        html = rendered(document, Lang::en);
        CHECK(count(">V-") == html_listing_rows);
        CHECK(html.find("class=\"note\"") == std::string::npos);
    }

    SUBCASE("cells: escaped, Polish money, numeric columns right-aligned")
    {
        Document document;
        document.tables.push_back(grants_table());
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(html.find("<td>&lt;b&gt;&amp;&quot;&#39;</td>") != std::string::npos);
        CHECK(html.find("<b>") == std::string::npos);
        CHECK(html.find("<td class=\"num\">1 234,56 zł</td>") != std::string::npos);
        CHECK(html.find("<td class=\"num\">87,5 %</td>") != std::string::npos);
        CHECK(html.find("<tr><th>Nazwa</th><th class=\"num\">Dotacja</th><th class=\"num\">Wykonanie</th>"
                        "<th>Uwagi</th></tr>") != std::string::npos);
        CHECK(html.find("<td>Żółć gęś</td>") != std::string::npos);
        CHECK(html.find("<td>pierwsza\ndruga</td>") != std::string::npos);
        CHECK(occurrences(html, "<td class=\"num\">") == 4);
        CHECK(occurrences(html, "<thead>") == 1);
        CHECK(occurrences(html, "<tbody>") == 2);  // the facts, then the table
        CHECK(rendered(document, Lang::en).find("<td class=\"num\">PLN 1,234.56</td>") != std::string::npos);
        // No title, no <h1>; the <title> element is still there.
        CHECK(html.find("<h1>") == std::string::npos);
        CHECK(html.find("<title>toro</title>") != std::string::npos);
    }

    SUBCASE("a record is a label/value table")
    {
        Document document;
        Table summary;
        summary.name = "summary";
        summary.title = "Podsumowanie";
        summary.record = true;
        summary.columns = {{"ventures_active", "Aktywne"}, {"grant_total", "Dotacje"}, {"ok", "Zgodne"}};
        summary.rows = {{std::int64_t{3}, Money::from_grosze(1500000), true}};
        document.tables.push_back(summary);
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(html.find("<table class=\"record\">\n<tbody>\n"
                        "<tr><th scope=\"row\">Aktywne</th><td>3</td></tr>\n"
                        "<tr><th scope=\"row\">Dotacje</th><td>15 000,00 zł</td></tr>\n"
                        "<tr><th scope=\"row\">Zgodne</th><td>tak</td></tr>\n"
                        "</tbody>\n</table>\n") != std::string::npos);
        CHECK(html.find("<thead>") == std::string::npos);
    }

    SUBCASE("a line chart: one polyline per series, a point per value, NaN skipped")
    {
        Document document;
        document.title = "Kompletność";
        document.charts.push_back(line_chart());
        document.tables.push_back(grants_table());
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(occurrences(html, "<svg") == 1);
        CHECK(occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\"") == 1);
        CHECK(html.find("viewBox=\"0 0 720 ") != std::string::npos);
        CHECK(occurrences(html, "<polyline") == 2);
        CHECK(occurrences(html, "class=\"point\"") == 23);
        CHECK(html.find("<title id=\"chart1-title\">Kompletność i terminowość</title>") != std::string::npos);
        CHECK(html.find(">100 %</text>") != std::string::npos);
        CHECK(html.find(">0 %</text>") != std::string::npos);
        CHECK(html.find(">kompletność</text>") != std::string::npos);
        CHECK(html.find(">2024-01</text>") != std::string::npos);
        // After the title, before the tables.
        CHECK(html.find("<h1>") < html.find("<svg"));
        CHECK(html.find("</svg>") < html.find("<table>\n<thead>"));
    }

    SUBCASE("a bar chart: one rect per value, NaN skipped, one svg per chart")
    {
        Chart chart;
        chart.kind = Chart::Kind::bar;
        chart.title = "Dotacje";
        chart.categories = {"Stare Miasto", "Nowa Huta", "Podgórze"};
        chart.series = {{"dotacje", {12000, 8000.5, 3000}}, {"wydatki", {10000, std::nan(""), 2500}}};
        Document document;
        document.charts = {chart, chart};
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(occurrences(html, "<svg") == 2);
        CHECK(occurrences(html, "class=\"bar\"") == 10);
        CHECK(occurrences(html, "<polyline") == 0);
        CHECK(occurrences(html, "class=\"swatch\"") == 4);
        CHECK(html.find(">10 000</text>") != std::string::npos);  // a tick label
        CHECK(html.find("chart2-title") != std::string::npos);
        CHECK(rendered(document, Lang::en).find(">10,000</text>") != std::string::npos);
    }

    SUBCASE("an hbar chart: a bar per value, a marker per category, long labels shortened")
    {
        Chart chart;
        chart.kind = Chart::Kind::hbar;
        chart.title = "Wykonanie budżetu";
        chart.fraction = true;
        const std::string long_title =
            "Spółdzielnia socjalna „Zielony Ogród” — warsztaty ogrodnicze dla osób <wychodzących> z bezdomności";
        chart.categories = {long_title, "Kawiarnia Przystań", "Pralnia"};
        chart.series = {{"wykonanie", {0.92, 0.41, 1.12}}};
        chart.markers = {0.83, 0.5, std::nan("")};
        chart.marker_label = "oczekiwane tempo";
        Document document;
        document.charts.push_back(chart);
        std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(occurrences(html, "class=\"bar\"") == 3);
        CHECK(occurrences(html, "class=\"marker\"") == 2);
        CHECK(occurrences(html, "class=\"legend-marker\"") == 1);
        CHECK(html.find(">oczekiwane tempo</text>") != std::string::npos);
        CHECK(html.find(">112,0 %</text>") != std::string::npos);
        CHECK(html.find(">Spółdzielnia socjalna „Zielony Ogród” —…</text>") != std::string::npos);
        CHECK(html.find("<title>Spółdzielnia socjalna „Zielony Ogród” — warsztaty ogrodnicze dla osób "
                        "&lt;wychodzących&gt; z bezdomności</title>") != std::string::npos);
        CHECK(html.find(">Kawiarnia Przystań</text>") != std::string::npos);

        chart.markers = {0.83, 0.5, 0.9};
        document.charts = {chart};
        html = rendered(document, Lang::pl);
        CHECK(occurrences(html, "class=\"marker\"") == chart.categories.size());

        chart.markers.clear();
        document.charts = {chart};
        html = rendered(document, Lang::pl);
        CHECK(occurrences(html, "class=\"marker\"") == 0);
        CHECK(occurrences(html, "class=\"legend-marker\"") == 0);
    }

    SUBCASE("charts without categories or series still make a well-formed figure")
    {
        Document document;
        for (const auto kind : {Chart::Kind::line, Chart::Kind::bar, Chart::Kind::hbar}) {
            Chart chart;
            chart.kind = kind;
            document.charts.push_back(chart);
        }
        const std::string html = rendered(document, Lang::en);
        check_self_contained(html);
        CHECK(occurrences(html, "<svg") == 3);
        CHECK_FALSE(has_non_finite_number(html));
    }

    SUBCASE("the first page: facts, summary, charts; wide tables on landscape pages")
    {
        Document document;
        document.title = "Raport 2026-10 (stan na 2026-11-11)";
        document.json = nlohmann::ordered_json{{"period", "2026-10"}, {"as_of", "2026-11-11"}};
        Table summary;
        summary.record = true;
        summary.title = "Podsumowanie";
        summary.columns = {{"expected", "oczekiwane"}};
        summary.rows = {{std::int64_t{20}}};
        Table narrow;
        narrow.columns = {{"code", "kod"}};
        narrow.rows = {{std::string("V-1")}};
        Table wide;
        wide.title = "Przedsięwzięcia";
        for (int c = 0; c < 14; ++c) {
            wide.columns.push_back({fmt::format("c{}", c), fmt::format("kolumna numer {}", c)});
        }
        wide.rows.emplace_back(14, Cell{std::string("Stowarzyszenie")});
        document.tables = {summary, narrow, wide};
        Chart chart;
        chart.kind = Chart::Kind::bar;
        chart.title = "Wykres";
        chart.categories = {"a"};
        chart.series = {{"s", {1.0}}};
        document.charts.push_back(chart);
        render::RenderOptions options;
        options.format = render::Format::html;
        options.lang = Lang::pl;
        options.city = "Warszawa";
        std::ostringstream out;
        render::render(document, options, out);
        const std::string html = out.str();
        CHECK(
            html.find("<h1>Raport <span class=\"keep\">2026-10</span> (stan na <span class=\"keep\">2026-11-11</span>)"
                      "</h1>") != std::string::npos);
        const auto facts = html.find("<table class=\"facts\">");
        CHECK(html.find("<tr><th scope=\"row\">Miasto</th><td>Warszawa</td></tr>\n"
                        "<tr><th scope=\"row\">Okres</th><td>2026-10</td></tr>\n"
                        "<tr><th scope=\"row\">Stan na</th><td>2026-11-11</td></tr>\n"
                        "<tr><th scope=\"row\">Wygenerowano</th>") == html.find("<tr>", facts));
        // The summary before the chart, the other tables after it.
        CHECK(facts < html.find("<h2>Podsumowanie</h2>"));
        CHECK(html.find("<h2>Podsumowanie</h2>") < html.find("<svg"));
        CHECK(html.find("</svg>") < html.find("<td class=\"keep\">V-1</td>"));
        // Only the wide table, with its heading, goes onto a landscape page.
        CHECK(occurrences(html, "<section class=\"wide\">") == 1);
        CHECK(html.find("<section class=\"wide\">\n<h2>Przedsięwzięcia</h2>\n<table>") != std::string::npos);
        CHECK(html.find("@page wide { size: A4 landscape; }") != std::string::npos);
    }

    SUBCASE("chart titles begin with a capital and name their unit; value labels grouped as the axis")
    {
        Document document;
        Chart chart;
        chart.kind = Chart::Kind::hbar;
        chart.title = "dotacje według dzielnicy";
        chart.unit = "zł";
        chart.categories = {"Wola", "Ochota"};
        chart.series = {{"dotacje", {368850.5, 7.25}}};
        document.charts.push_back(chart);
        const std::string html = rendered(document, Lang::pl);
        CHECK(html.find(">Dotacje według dzielnicy (zł)</text>") != std::string::npos);
        CHECK(html.find(">368 850</text>") != std::string::npos);
        CHECK(html.find(">7,25</text>") != std::string::npos);
        CHECK(html.find(">200 000</text>") != std::string::npos);
        CHECK(html.find("368850") == std::string::npos);
    }

    SUBCASE("a realistic report")
    {
        const Document document = sample_report();
        const std::string html = rendered(document, Lang::pl);
        check_self_contained(html);
        CHECK(occurrences(html, "<svg") == 3);
        CHECK(occurrences(html, "<polyline") == 2);
        CHECK(occurrences(html, "class=\"bar\"") == 23 + 9);
        CHECK(html.find("fill=\"url(#chart2-hatch3)\"") != std::string::npos);  // the fourth series is hatched
        CHECK(occurrences(html, "class=\"marker\"") == 5);
        CHECK(occurrences(html, "<h2>") == 3);
        CHECK(html.find("<td class=\"keep\">PES-2024-100</td>") != std::string::npos);  // codes stay on one line
        CHECK_FALSE(has_non_finite_number(html));
        // TORO_HTML_SAMPLE=FILE keeps the page for a look in a browser or a print preview.
        if (const char* path = std::getenv("TORO_HTML_SAMPLE")) {
            std::ofstream(path) << html;
        }
    }
}
