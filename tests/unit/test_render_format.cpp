#include "core/error.hpp"
#include "render/format.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace toro;
using namespace toro::render;

TEST_CASE("render::parse_format")
{
    CHECK(parse_format("table") == Format::table);
    CHECK(parse_format("csv") == Format::csv);
    CHECK(parse_format("TSV") == Format::tsv);
    CHECK(parse_format("json") == Format::json);
    CHECK(parse_format("jsonl") == Format::jsonl);
    CHECK(parse_format("ndjson") == Format::jsonl);
    CHECK(parse_format("md") == Format::md);
    CHECK(parse_format("markdown") == Format::md);
    CHECK(parse_format("html") == Format::html);
    CHECK(parse_format("xlsx") == Format::xlsx);
    CHECK_FALSE(parse_format("").has_value());
    CHECK_FALSE(parse_format("xls").has_value());
    CHECK_FALSE(parse_format(" csv").has_value());

    SUBCASE("format_name is what parse_format reads back")
    {
        for (const Format format : {Format::table, Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md,
                                    Format::html, Format::xlsx}) {
            CHECK(parse_format(format_name(format)) == format);
        }
        CHECK(format_name(Format::jsonl) == "jsonl");
        CHECK(format_name(Format::md) == "md");
    }
}

TEST_CASE("render::format_for_path")
{
    CHECK(format_for_path("out.csv") == Format::csv);
    CHECK(format_for_path("out.tsv") == Format::tsv);
    CHECK(format_for_path("reports/2024-03.json") == Format::json);
    CHECK(format_for_path("rows.jsonl") == Format::jsonl);
    CHECK(format_for_path("rows.ndjson") == Format::jsonl);
    CHECK(format_for_path("raport.md") == Format::md);
    CHECK(format_for_path("raport.html") == Format::html);
    CHECK(format_for_path("raport.htm") == Format::html);
    CHECK(format_for_path("zestawienie.xlsx") == Format::xlsx);
    CHECK(format_for_path("lista.txt") == Format::table);
    CHECK(format_for_path("C:\\Dane\\EKSPORT.CSV") == Format::csv);
    CHECK(format_for_path("archive.v2/data.Json") == Format::json);
    CHECK_FALSE(format_for_path("-").has_value());
    CHECK_FALSE(format_for_path("README").has_value());
    CHECK_FALSE(format_for_path("archive.v2/data").has_value());
    CHECK_FALSE(format_for_path(".csv").has_value());
    CHECK_FALSE(format_for_path("data.csv.gz").has_value());
    CHECK_FALSE(format_for_path("data.").has_value());
    CHECK_FALSE(format_for_path("raport.pdf").has_value());
    CHECK_FALSE(format_for_path("raport.ods").has_value());
}

TEST_CASE("render::path_extension")
{
    CHECK(path_extension("raport.pdf") == "pdf");
    CHECK(path_extension("out/RAPORT.ODS") == "ods");
    CHECK(path_extension("C:\\Dane\\zestawienie.Docx") == "docx");
    CHECK(path_extension("data.csv.gz") == "gz");
    CHECK(path_extension("archive.v2/data") == "");
    CHECK(path_extension("README") == "");
    CHECK(path_extension(".csv") == "");
    CHECK(path_extension("data.") == "");
    CHECK(path_extension("-") == "");
}

TEST_CASE("render::every_format")
{
    Document document;
    Table table;
    table.columns = {{"code", ""}};
    table.rows = {{std::string("A")}};
    document.tables.push_back(table);
    const std::pair<Format, std::string> starts[] = {
        {Format::table, "code"},
        {Format::csv, "code"},
        {Format::tsv, "code"},
        {Format::json, "["},
        {Format::jsonl, "{"},
        {Format::md, "| code"},
        {Format::html, "<!DOCTYPE html>"},
        {Format::xlsx, "PK"},
    };
    for (const auto& [format, start] : starts) {
        RenderOptions options;
        options.format = format;
        std::ostringstream out;
        render::render(document, options, out);
        INFO(format_name(format));
        CHECK(out.str().substr(0, start.size()) == start);
    }
}
