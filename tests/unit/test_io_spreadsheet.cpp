#include "io/rows.hpp"
#include "io/spreadsheet.hpp"

#include <doctest/doctest.h>

#include <string>

// Workbooks: how their cells are named in messages, and how a workbook is known.

using namespace toro;

TEST_CASE("io::spreadsheet: cell names and formats")
{
    CHECK(io::column_name(0) == "A");
    CHECK(io::column_name(25) == "Z");
    CHECK(io::column_name(26) == "AA");
    CHECK(io::column_name(16383) == "XFD");
    CHECK(io::cell_name("Dane", 3, 11) == "Dane!D12");
    CHECK(io::cell_name("Raport miesięczny", 0, 0) == "'Raport miesięczny'!A1");
    CHECK(io::cell_name("Rok 'a", 0, 0) == "'Rok ''a'!A1");
    CHECK(io::cell_name("Łąka", 0, 0) == "Łąka!A1");
    CHECK(io::workbook_format(std::string_view("PK\x03\x04rest", 8)) == io::Format::xlsx);
    std::string ods("PK\x03\x04", 4);
    ods.resize(30, '\0');
    ods += "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    CHECK(io::workbook_format(ods) == io::Format::ods);
    CHECK_FALSE(io::workbook_format("venture,period").has_value());
    CHECK(io::format_from_path("raport.XLSX") == io::Format::xlsx);
    CHECK(io::format_from_path("raport.ods") == io::Format::ods);
}
