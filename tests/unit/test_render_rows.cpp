#include "render/format.hpp"
#include "render/render.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

// A table whose rows are made as the writer asks for them (Table::make_row) is written byte for
// byte as the same table holding its rows, in every format: the writers read both through
// row_count, for_each_row and RowReader.

using namespace toro;
using namespace toro::render;

namespace {

// Rows of every kind of cell, and texts the writers treat apart: a newline, a formula, a code
// with leading zeros, a long text cut for people, a term without a code.
std::vector<Row> varied_rows(std::size_t count)
{
    const TermRef status = term("indicator.status.", "on_track");
    const TermRef behind = term("indicator.status.", "behind");
    const TermRef none = Term{"", Message::verbatim("—")};
    std::vector<Row> rows;
    for (std::size_t i = 0; i < count; ++i) {
        const auto n = static_cast<std::int64_t>(i);
        Row row{std::string("V-") + std::to_string(1000 + i),
                i % 7 == 0 ? Cell(std::string("=SUM(A1)")) : Cell(std::string("Łódź\nline ") + std::to_string(i)),
                n * 3 - 50,
                i % 5 == 0 ? Cell(std::numeric_limits<double>::quiet_NaN()) : Cell(0.25 * static_cast<double>(i)),
                Fraction{static_cast<double>(i % 9) / 8.0},
                Money::from_grosze(n * 12'345 - 99),
                i % 4 == 0 ? Cell()
                           : Cell(Date::from_ymd(2026, 1 + static_cast<int>(i % 12), 1 + static_cast<int>(i % 28))),
                Period::from_ym(2026, 1 + static_cast<int>(i % 12)),
                i % 2 == 0,
                std::vector<std::string>{"a", "b|c"},
                i % 3 == 0   ? Cell(behind)
                : i % 3 == 1 ? Cell(status)
                             : Cell(none),
                std::string("0012") + std::to_string(i),
                std::string(40 + i % 30, 'x'),
                0.0001 * static_cast<double>(i)};
        if (i % 11 == 3) {
            row.resize(5);  // a short row: the rest empty
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Column> varied_columns()
{
    std::vector<Column> columns{{"code", "Kod"},       {"note", "Uwagi"},   {"count", "Liczba"},
                                {"ratio", ""},         {"share", "Udział"}, {"grant", "Dotacja"},
                                {"due", "Termin"},     {"period", "Okres"}, {"active", "Czynne"},
                                {"tags", "Znaczniki"}, {"status", "Stan"},  {"krs", "KRS"},
                                {"long", "Długi"},     {"p", "p"}};
    columns[12].human_width = 24;
    columns[13].p_value = true;
    columns[1].decimal = false;
    return columns;
}

// Every table of the document with its rows made from a copy of them instead of held.
Document made(const Document& document)
{
    Document copy = document;
    for (auto& table : copy.tables) {
        auto rows = std::make_shared<const std::vector<Row>>(std::move(table.rows));
        table.rows.clear();
        table.made_rows = rows->size();
        table.make_row = [rows](std::size_t i, Row& row) { row = (*rows)[i]; };
    }
    return copy;
}

Document sample()
{
    Document document;
    document.title = "Przegląd";
    document.shape = Shape::sections;
    Table summary;
    summary.name = "summary";
    summary.title = "Podsumowanie";
    summary.record = true;
    summary.columns = {{"count", "Liczba"}, {"total", "Razem"}, {"as_of", "Stan na"}};
    summary.rows = {{std::int64_t{2}, Money::from_grosze(123451), Date::from_ymd(2024, 12, 31)},
                    {std::int64_t{3}, Money::from_grosze(-5), std::string("x\ny")}};
    document.tables.push_back(summary);
    Table ventures;  // a listing longer than the html shows, with the rows needing attention marked
    ventures.name = "ventures";
    ventures.title = "Przedsięwzięcia";
    ventures.listing = true;
    ventures.columns = varied_columns();
    ventures.rows = varied_rows(html_listing_rows + 160);
    for (std::size_t i = 0; i < ventures.rows.size(); ++i) {
        ventures.attention.push_back(i % 3 != 1);
    }
    document.tables.push_back(ventures);
    Table unmarked = ventures;  // a long listing with nothing marked: the html shows its top
    unmarked.name = "unmarked";
    unmarked.attention.clear();
    document.tables.push_back(unmarked);
    Table plain;  // a short table with a wide column
    plain.name = "plain";
    plain.columns = varied_columns();
    plain.rows = varied_rows(12);
    document.tables.push_back(plain);
    Table empty;
    empty.name = "empty";
    empty.columns = {{"a", "A"}, {"b", "B"}};
    document.tables.push_back(empty);
    document.json.reset();
    return document;
}

std::string rendered(const Document& document, Format format, Lang lang, bool excel = false)
{
    RenderOptions options;
    options.format = format;
    options.lang = lang;
    options.excel = excel;
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

// Every member of the workbook but its creation time (docProps/core.xml), each named before its
// text.
std::string workbook_parts(const test::ScratchDir& scratch, const std::string& name, const std::string& bytes)
{
    const std::string zip = scratch.write(name, bytes).string();
    return test::command_output("python3 -c 'import sys, zipfile\n"
                                "z = zipfile.ZipFile(sys.argv[1])\n"
                                "for n in sorted(z.namelist()):\n"
                                "    if n != \"docProps/core.xml\":\n"
                                "        sys.stdout.buffer.write(n.encode() + b\"\\n\" + z.read(n) + b\"\\n\")' '" +
                                zip + "'");
}

}  // namespace

TEST_CASE("render: made rows are written as held rows in every format")
{
    const Document held = sample();
    const Document lazy = made(held);
    REQUIRE(lazy.tables[1].rows.empty());
    REQUIRE(row_count(lazy.tables[1]) == row_count(held.tables[1]));

    for (const Format format :
         {Format::table, Format::csv, Format::tsv, Format::md, Format::html, Format::json, Format::jsonl}) {
        for (const Lang lang : {Lang::pl, Lang::en}) {
            CAPTURE(format_name(format));
            CAPTURE(lang == Lang::pl);
            const std::string expected = rendered(held, format, lang);
            CHECK(!expected.empty());
            CHECK(rendered(lazy, format, lang) == expected);
        }
    }
    CHECK(rendered(lazy, Format::csv, Lang::pl, true) == rendered(held, Format::csv, Lang::pl, true));

    SUBCASE("a list and a record document")
    {
        for (const Shape shape : {Shape::list, Shape::record}) {
            Document one;
            one.shape = shape;
            one.tables.push_back(held.tables[shape == Shape::list ? 1 : 0]);
            const Document lazy_one = made(one);
            for (const Format format :
                 {Format::table, Format::csv, Format::md, Format::html, Format::json, Format::jsonl}) {
                CAPTURE(format_name(format));
                CHECK(rendered(lazy_one, format, Lang::pl) == rendered(one, format, Lang::pl));
            }
        }
    }

    SUBCASE("xlsx: the same sheets")
    {
        if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
            MESSAGE("no python3: the workbook's XML is not compared");
            return;
        }
        test::ScratchDir scratch;
        for (const Lang lang : {Lang::pl, Lang::en}) {
            const std::string expected = workbook_parts(scratch, "held.xlsx", rendered(held, Format::xlsx, lang));
            CHECK(expected.find("xl/worksheets/sheet3.xml") != std::string::npos);
            CHECK(expected.find("V-1459") != std::string::npos);  // the last row
            CHECK(workbook_parts(scratch, "made.xlsx", rendered(lazy, Format::xlsx, lang)) == expected);
        }
    }
}

TEST_CASE("render: a made row is made into a vector emptied first, in order for a single pass")
{
    Table table;
    table.name = "t";
    table.columns = {{"i", "i"}};
    std::vector<std::size_t> asked;
    table.made_rows = 4;
    table.make_row = [&asked](std::size_t i, Row& row) {
        CHECK(row.empty());
        asked.push_back(i);
        row.emplace_back(static_cast<std::int64_t>(i));
    };
    Document document;
    document.tables.push_back(table);
    CHECK(rendered(document, Format::csv, Lang::en) == "i\r\n0\r\n1\r\n2\r\n3\r\n");
    CHECK(asked == std::vector<std::size_t>{0, 1, 2, 3});
    RowReader read(document.tables.front());
    CHECK(std::get<std::int64_t>(read(2).front()) == 2);
}
