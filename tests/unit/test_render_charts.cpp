// The scatter and interval charts of the html format, checked through the SVG they draw:
// coordinates are read back and compared with the values through the axis's own tick labels.

#include "html_test_support.hpp"
#include "render/render.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::render;
using namespace toro::test;

namespace {

const double none = std::nan("");

// The numeric tick labels of an axis and where their grid lines stand: x of the labels below
// the plot (anchored in the middle), y of those on its left (anchored at their end, with their
// baseline 4 below the line).
std::map<double, double> ticks(const std::string& svg, std::string_view anchor)
{
    static const std::regex label(
        R"re(<text x="([-0-9.]+)" y="([-0-9.]+)" font-size="11" text-anchor="(\w+)">([-0-9, ]+)</text>)re");
    std::map<double, double> found;
    for (std::sregex_iterator it(svg.begin(), svg.end(), label), end; it != end; ++it) {
        if ((*it)[3].str() != anchor) {
            continue;
        }
        std::string number;
        for (const char c : (*it)[4].str()) {
            if (c != ' ') {
                number += c == ',' ? '.' : c;
            }
        }
        found[std::stod(number)] = anchor == "middle" ? std::stod((*it)[1]) : std::stod((*it)[2]) - 4;
    }
    return found;
}

// Where `value` lies on an axis, from the positions of two of its tick labels.
double on_axis(const std::map<double, double>& ticks, double first, double second, double value)
{
    REQUIRE(ticks.contains(first));
    REQUIRE(ticks.contains(second));
    const double a = ticks.at(first);
    const double b = ticks.at(second);
    return a + (value - first) / (second - first) * (b - a);
}

// Checks each chart of the page parses as XML (when python3 is there to ask).
void check_xml(const std::string& html)
{
    ScratchDir scratch("toro-charts");
    for (const auto& svg : svg_elements(html)) {
        const std::string problem = xml_problem(svg, scratch.path());
        if (problem == "no python3") {
            MESSAGE("no python3: the SVG is not parsed as XML");
            return;
        }
        CHECK(problem == "");
    }
}

// Competencies: importance (x) against the gap (y), means as the reference.
Chart scatter_chart()
{
    Chart chart;
    chart.kind = Chart::Kind::scatter;
    chart.title = "Ważność a luka kompetencyjna";
    chart.categories = {"Komunikacja z <&> klientem",
                        "Księgowość",
                        "Pozyskiwanie grantów",
                        "Marketing",
                        "Zarządzanie zespołem i delegowanie zadań",
                        "Brak danych"};
    chart.series = {{"ważność", {4.5, 3.8, 4.25, 3.1, 5.0, none}}, {"luka", {1.2, 0.4, 1.6, -0.3, 0.9, 0.9}}};
    chart.x_title = "ważność";
    chart.y_title = "luka kompetencyjna";
    chart.markers = {3.9, 0.7};
    chart.marker_label = "średnia";
    return chart;
}

// Mean self-assessments with their confidence intervals, per respondent group.
Chart interval_chart()
{
    Chart chart;
    chart.kind = Chart::Kind::interval;
    chart.title = "Samoocena kompetencji (średnia, 95 % przedział ufności)";
    chart.categories = {"Komunikacja <&> zespół", "Księgowość", "Pozyskiwanie środków", "Brak danych"};
    Series organisations{"organizacje", {3.4, 2.8, 4.1, none}};
    organisations.low = {2.9, 2.5, none, 1.0};
    organisations.high = {3.9, 3.1, 4.6, 2.0};
    Series officials{"urzędnicy", {3.9, 3.3, 3.6, 4.2}};
    officials.low = {3.5, 3.0, 3.1};  // none for the last category
    officials.high = {4.3, 3.6, 4.05, 4.6};
    chart.series = {organisations, officials};
    return chart;
}

Document page_of(const Chart& chart)
{
    Document document;
    document.title = "Badanie potrzeb szkoleniowych";
    document.charts.push_back(chart);
    return document;
}

}  // namespace

TEST_CASE("render::html_scatter")
{
    const Chart chart = scatter_chart();
    const std::string html = rendered(page_of(chart), Lang::pl);
    check_self_contained(html);
    check_xml(html);
    CHECK_FALSE(has_non_finite_number(html));

    SUBCASE("a point per category with both values, none where either is NaN")
    {
        CHECK(occurrences(html, "class=\"point\"") == 5);
        CHECK(occurrences(html, "class=\"point-label\"") == 5);
        CHECK(html.find(">Brak danych<") == std::string::npos);
    }

    SUBCASE("points stand at their values on both axes")
    {
        const auto x_ticks = ticks(html, "middle");
        const auto y_ticks = ticks(html, "end");
        const std::regex point(R"re(<circle class="point" cx="([0-9.]+)" cy="([0-9.]+)")re");
        std::vector<std::pair<double, double>> points;
        for (std::sregex_iterator it(html.begin(), html.end(), point), end; it != end; ++it) {
            points.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
        }
        REQUIRE(points.size() == 5);
        for (std::size_t p = 0; p < points.size(); ++p) {
            CAPTURE(p);
            CHECK(points[p].first == doctest::Approx(on_axis(x_ticks, 3, 5, chart.series[0].values[p])).epsilon(0.001));
            CHECK(points[p].second ==
                  doctest::Approx(on_axis(y_ticks, 0, 1, chart.series[1].values[p])).epsilon(0.001));
        }
        // Neither axis is forced to start at zero.
        CHECK(x_ticks.begin()->first == 3.0);
        CHECK(y_ticks.begin()->first == -0.5);
    }

    SUBCASE("labels: escaped, Polish, shortened, kept on the chart")
    {
        CHECK(html.find("<&>") == std::string::npos);
        CHECK(html.find("<title>Komunikacja z &lt;&amp;&gt; klientem \xE2\x80\x94 ważność: 4,5; luka kompetencyjna: "
                        "1,2</title>") != std::string::npos);
        CHECK(html.find(">Komunikacja z &lt;&amp;&gt; kli\xE2\x80\xA6</text>") != std::string::npos);
        CHECK(html.find(">Księgowość</text>") != std::string::npos);
        CHECK(html.find("ważność: 4,25;") != std::string::npos);
        // The point at the right edge has its label on its left.
        const std::regex right_label(R"re(text-anchor="end" class="point-label"[^>]*>Zarządzanie)re");
        CHECK(std::regex_search(html, right_label));
        CHECK(html.find(">ważność</text>") != std::string::npos);  // axis titles
        CHECK(html.find(">luka kompetencyjna</text>") != std::string::npos);
    }

    SUBCASE("decimal commas in Polish, points in English")
    {
        CHECK(html.find(">3,5</text>") != std::string::npos);
        CHECK(html.find(">-0,5</text>") != std::string::npos);
        const std::string english = rendered(page_of(chart), Lang::en);
        CHECK(english.find(">3.5</text>") != std::string::npos);
        CHECK(english.find("ważność: 4.25;") != std::string::npos);
        CHECK(english.find(">3,5</text>") == std::string::npos);
    }

    SUBCASE("quadrant lines only with both reference values")
    {
        CHECK(occurrences(html, "class=\"quadrant\"") == 2);
        CHECK(occurrences(html, "class=\"legend-reference\"") == 1);
        CHECK(html.find(">średnia</text>") != std::string::npos);
        CHECK(html.find("<title>średnia: ważność 3,9</title>") != std::string::npos);
        for (const std::vector<double>& markers :
             std::vector<std::vector<double>>{{}, {3.9}, {3.9, none}, {3.9, 0.7, 1.0}}) {
            Chart without = chart;
            without.markers = markers;
            const std::string other = rendered(page_of(without), Lang::pl);
            CHECK(occurrences(other, "class=\"quadrant\"") == 0);
            CHECK(occurrences(other, "class=\"legend-reference\"") == 0);
            CHECK(occurrences(other, "class=\"point\"") == 5);
        }
    }

    SUBCASE("a label keeps off the quadrant lines where it can")
    {
        Chart small;
        small.kind = Chart::Kind::scatter;
        small.categories = {"Alfa", "Beta", "Gamma"};
        small.series = {{"x", {1, 2, 3}}, {"y", {1, 2, 3}}};
        const std::regex beside(R"re(text-anchor="start" class="point-label"[^>]*>Beta<)re");
        CHECK(std::regex_search(rendered(page_of(small), Lang::pl), beside));
        small.markers = {2.5, 2};  // a line through Beta, on its left and right
        const std::regex above(R"re(text-anchor="middle" class="point-label"[^>]*>Beta<)re");
        CHECK(std::regex_search(rendered(page_of(small), Lang::pl), above));
    }

    SUBCASE("the series names stand in for missing axis titles")
    {
        Chart untitled = chart;
        untitled.x_title.clear();
        untitled.y_title.clear();
        const std::string other = rendered(page_of(untitled), Lang::pl);
        CHECK(other.find(">luka</text>") != std::string::npos);
        CHECK(other.find("ważność: 4,5; luka: 1,2</title>") != std::string::npos);
    }
}

TEST_CASE("render::html_interval")
{
    const Chart chart = interval_chart();
    const std::string html = rendered(page_of(chart), Lang::pl);
    check_self_contained(html);
    check_xml(html);
    CHECK_FALSE(has_non_finite_number(html));

    SUBCASE("a dot per value, a whisker per value with both ends")
    {
        CHECK(occurrences(html, "class=\"dot\"") == 7);
        CHECK(occurrences(html, "class=\"whisker\"") == 5 + 2);  // and two in the legend
        // Series keep their marks: circles for the first, squares for the second.
        CHECK(occurrences(html, "<circle class=\"dot\"") == 3);
        CHECK(occurrences(html, "<rect class=\"dot\"") == 4);
        CHECK(occurrences(html, "class=\"legend-mark\"") == 2);
        CHECK(html.find(">organizacje</text>") != std::string::npos);
        CHECK(html.find(">urzędnicy</text>") != std::string::npos);
    }

    SUBCASE("whiskers span low to high on the value axis; series are offset within a row")
    {
        const auto x_ticks = ticks(html, "middle");
        CHECK(x_ticks.begin()->first == 2.0);  // not forced to zero
        const std::regex whisker(R"re(<path class="whisker" d="M([0-9.]+),([0-9.]+)H([0-9.]+)M)re");
        std::vector<std::vector<double>> drawn;
        for (std::sregex_iterator it(html.begin(), html.end(), whisker), end; it != end; ++it) {
            drawn.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3])});
        }
        REQUIRE(drawn.size() == 7);
        drawn.erase(drawn.begin(), drawn.begin() + 2);  // the legend's
        const std::vector<std::pair<double, double>> expected = {
            {2.9, 3.9}, {3.5, 4.3}, {2.5, 3.1}, {3.0, 3.6}, {3.1, 4.05}};
        for (std::size_t w = 0; w < expected.size(); ++w) {
            CAPTURE(w);
            CHECK(drawn[w][0] == doctest::Approx(on_axis(x_ticks, 2, 4, expected[w].first)).epsilon(0.001));
            CHECK(drawn[w][2] == doctest::Approx(on_axis(x_ticks, 2, 4, expected[w].second)).epsilon(0.001));
        }
        CHECK(drawn[1][1] - drawn[0][1] >= 10);  // two groups in one row
        CHECK(drawn[2][1] > drawn[1][1]);        // the next row below
    }

    SUBCASE("labels escaped, decimal commas in Polish")
    {
        CHECK(html.find("<&>") == std::string::npos);
        CHECK(html.find(">Komunikacja &lt;&amp;&gt; zespół</text>") != std::string::npos);
        CHECK(html.find("<title>organizacje \xE2\x80\x94 Komunikacja &lt;&amp;&gt; zespół: 3,4 (2,9 \xE2\x80\x93 "
                        "3,9)</title>") != std::string::npos);
        CHECK(html.find("<title>organizacje \xE2\x80\x94 Pozyskiwanie środków: 4,1</title>") != std::string::npos);
        CHECK(html.find(">2,5</text>") != std::string::npos);
        const std::string english = rendered(page_of(chart), Lang::en);
        CHECK(english.find(">2.5</text>") != std::string::npos);
        CHECK(english.find(": 3.4 (2.9 \xE2\x80\x93 3.9)</title>") != std::string::npos);
    }

    SUBCASE("fractions: percentages, not past 100 % when no end is")
    {
        Chart shares;
        shares.kind = Chart::Kind::interval;
        shares.fraction = true;
        shares.categories = {"A", "B"};
        shares.series = {{"grupa", {0.62, 0.97}}};
        shares.series[0].low = {0.55, 0.93};
        shares.series[0].high = {0.69, 1.0};
        const std::string page = rendered(page_of(shares), Lang::pl);
        CHECK(page.find(">100 %</text>") != std::string::npos);
        CHECK(page.find(">110 %</text>") == std::string::npos);
        CHECK(page.find("62,0 % (55,0 % \xE2\x80\x93 69,0 %)") != std::string::npos);
    }
}

TEST_CASE("render::html_charts_empty")
{
    Document document;
    for (const auto kind : {Chart::Kind::scatter, Chart::Kind::interval}) {
        Chart chart;
        chart.kind = kind;
        document.charts.push_back(chart);
        chart.categories = {"A", "B"};
        chart.series = {{"x", {none, 1.0}}};
        chart.markers = {none, none};
        document.charts.push_back(chart);
    }
    const std::string html = rendered(document, Lang::pl);
    check_self_contained(html);
    check_xml(html);
    CHECK(occurrences(html, "<svg") == 4);
    CHECK(occurrences(html, "class=\"point\"") == 0);  // a scatter chart needs two series
    CHECK(occurrences(html, "class=\"dot\"") == 1);
    CHECK_FALSE(has_non_finite_number(html));
    CHECK(occurrences(html, "id=\"chart4-title\"") == 1);

    // TORO_CHART_SAMPLE=FILE keeps a page with both kinds for a look in a browser.
    if (const char* path = std::getenv("TORO_CHART_SAMPLE")) {
        Document sample = page_of(scatter_chart());
        sample.charts.push_back(interval_chart());
        std::ofstream(path) << rendered(sample, Lang::pl);
    }
}

TEST_CASE("render::charts_in_other_formats")
{
    // Only html draws charts: the other formats give the same output with or without them.
    Document plain;
    plain.title = "Badanie";
    Table table;
    table.name = "groups";
    table.columns = {{"group", "Grupa"}, {"mean", "Średnia"}};
    table.rows = {{std::string("organizacje"), 3.4}};
    plain.tables.push_back(table);
    Document charted = plain;
    charted.charts = {scatter_chart(), interval_chart()};
    for (const auto format : {Format::table, Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md}) {
        CAPTURE(static_cast<int>(format));
        RenderOptions options;
        options.format = format;
        options.lang = Lang::pl;
        std::ostringstream with;
        std::ostringstream without;
        render::render(charted, options, with);
        render::render(plain, options, without);
        CHECK(with.str() == without.str());
        CHECK_FALSE(with.str().empty());
    }
    RenderOptions options;
    options.format = Format::xlsx;
    std::ostringstream workbook;
    render::render(charted, options, workbook);
    CHECK(workbook.str().starts_with(std::string("PK\x03\x04", 4)));
}
