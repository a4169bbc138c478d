#include "core/error.hpp"
#include "io_test_support.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::render;

namespace {

std::string rendered(const Document& document)
{
    RenderOptions options;
    options.format = Format::xlsx;
    options.lang = Lang::pl;
    std::ostringstream out;
    render::render(document, options, out);
    return out.str();
}

bool have(const std::string& program)
{
    return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// One member of a zip file, read with unzip, else with Python's zipfile.
std::string zip_entry(const std::string& zip, const std::string& entry)
{
    if (have("unzip")) {
        return test::command_output("unzip -p '" + zip + "' '" + entry + "' 2>/dev/null");
    }
    return test::command_output("python3 -c 'import sys, zipfile; "
                                "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '" +
                                zip + "' '" + entry + "'");
}

bool can_unzip()
{
    return have("unzip") || have("python3");
}

// Every match of the regex's first group, in order.
std::vector<std::string> all_groups(const std::string& text, const std::string& pattern)
{
    std::vector<std::string> found;
    const std::regex regex(pattern);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), regex); it != std::sregex_iterator(); ++it) {
        found.push_back((*it)[1].str());
    }
    return found;
}

// The style index (s="N") of a cell such as "D2", or -1 when the cell has no style.
int style_of(const std::string& sheet, const std::string& cell)
{
    std::smatch match;
    if (std::regex_search(sheet, match, std::regex("<c r=\"" + cell + "\"[^>]* s=\"([0-9]+)\""))) {
        return std::stoi(match[1].str());
    }
    return -1;
}

// The number format code of a cell style in styles.xml ("General" for the built-in 0).
std::string format_code(const std::string& styles, int style)
{
    std::smatch xfs;
    REQUIRE(std::regex_search(styles, xfs, std::regex("<cellXfs[^>]*>([\\s\\S]*?)</cellXfs>")));
    const auto ids = all_groups(xfs[1].str(), "<xf numFmtId=\"([0-9]+)\"");
    REQUIRE(style >= 0);
    REQUIRE(static_cast<std::size_t>(style) < ids.size());
    const std::string id = ids[static_cast<std::size_t>(style)];
    if (id == "0") {
        return "General";
    }
    std::smatch code;
    if (std::regex_search(styles, code, std::regex("<numFmt numFmtId=\"" + id + "\" formatCode=\"([^\"]*)\""))) {
        return code[1].str();
    }
    return "built-in " + id;
}

// The text of an inline string cell such as "A1" (constant-memory mode writes no shared
// strings); "<none>" when the cell is not one.
std::string text_of(const std::string& sheet, const std::string& cell)
{
    std::smatch match;
    if (std::regex_search(sheet, match,
                          std::regex("<c r=\"" + cell + "\"[^>]* t=\"inlineStr\"><is><t[^>]*>([^<]*)</t></is></c>"))) {
        return match[1].str();
    }
    return "<none>";
}

Document sample()
{
    Document document;
    document.title = "Przegląd dotacji 2024";
    document.shape = Shape::sections;
    Table ventures;
    ventures.name = "ventures";
    ventures.title = "Przedsięwzięcia";
    ventures.columns = {{"code", "Kod"},      {"grant", "Dotacja"},   {"people", "Uczestnicy"}, {"starts", "Początek"},
                        {"active", "Czynne"}, {"share", "Wykonanie"}, {"period", "Okres"},      {"spheres", ""},
                        {"score", "Ocena"},   {"note", "Uwagi"}};
    ventures.rows = {
        {std::string("A1"), Money::from_grosze(123456), std::int64_t{42}, Date::from_ymd(2024, 1, 31), true,
         Fraction{0.875}, Period::from_ym(2024, 3), std::vector<std::string>{"kultura", "sport"}, 2.5,
         std::string("Łódź")},
        {std::string("B2"), Money::from_grosze(-5), std::int64_t{0}, std::monostate{}, false, Fraction{1.0},
         std::monostate{}, std::vector<std::string>{}, std::numeric_limits<double>::quiet_NaN(),
         std::string("dwie\nlinie")},
    };
    document.tables.push_back(ventures);
    Table summary;
    summary.name = "summary";
    summary.record = true;
    summary.columns = {{"count", "Liczba"}, {"total", "Razem"}, {"as_of", "Stan na"}};
    summary.rows = {{std::int64_t{2}, Money::from_grosze(123451), Date::from_ymd(2024, 12, 31)}};
    document.tables.push_back(summary);
    // Charts are for html only; a workbook leaves them out.
    document.charts.push_back(Chart{Chart::Kind::bar, "Dotacje", {"A1"}, {{"grant", {1234.56}}}, false, {}, {}});
    return document;
}

}  // namespace

TEST_CASE("render::xlsx")
{
    test::ScratchDir scratch;

    SUBCASE("a zip with one typed sheet per table")
    {
        const std::string bytes = rendered(sample());
        REQUIRE(bytes.size() > 4);
        CHECK(bytes.substr(0, 4) == std::string("PK\x03\x04", 4));
        if (!can_unzip()) {
            MESSAGE("neither unzip nor python3: the workbook's XML is not checked");
            return;
        }
        const std::string zip = scratch.write("sample.xlsx", bytes);

        const std::string workbook = zip_entry(zip, "xl/workbook.xml");
        CHECK(all_groups(workbook, "<sheet name=\"([^\"]*)\"") ==
              std::vector<std::string>{"Podsumowanie", "Przedsięwzięcia", "Dane zbiorcze"});
        CHECK(zip_entry(zip, "docProps/core.xml").find("<dc:title>Przegląd dotacji 2024</dc:title>") !=
              std::string::npos);
        CHECK(zip_entry(zip, "xl/drawings/drawing1.xml").empty());  // no chart
        CHECK(zip_entry(zip, "xl/sharedStrings.xml").empty());      // constant memory: strings inline

        const std::string styles = zip_entry(zip, "xl/styles.xml");
        const std::string sheet = zip_entry(zip, "xl/worksheets/sheet2.xml");

        // The header: human labels (the key where there is none), bold, frozen, filtered.
        CHECK(std::regex_search(sheet, std::regex("<pane [^>]*state=\"frozen\"")));
        CHECK(std::regex_search(sheet, std::regex("<pane [^>]*ySplit=\"1\"")));
        CHECK(sheet.find("<autoFilter ref=\"A1:J3\"/>") != std::string::npos);
        CHECK(text_of(sheet, "B1") == "Dotacja");
        CHECK(text_of(sheet, "H1") == "spheres");
        CHECK(sheet.find("<t>grant</t>") == std::string::npos);
        CHECK(std::regex_search(sheet, std::regex("<c r=\"A1\" s=\"[0-9]+\" t=\"inlineStr\">")));
        CHECK(styles.find("<b/>") != std::string::npos);
        CHECK(std::regex_search(sheet, std::regex("<col [^>]*width=")));

        // Numbers are numbers, not strings.
        CHECK(std::regex_search(sheet, std::regex("<c r=\"B2\" s=\"[0-9]+\"><v>1234.56</v></c>")));
        CHECK(std::regex_search(sheet, std::regex("<c r=\"B3\" s=\"[0-9]+\"><v>-0.05</v></c>")));
        CHECK(format_code(styles, style_of(sheet, "B2")) == "#,##0.00");
        CHECK(sheet.find("<c r=\"C2\"><v>42</v></c>") != std::string::npos);
        CHECK(sheet.find("<c r=\"C3\"><v>0</v></c>") != std::string::npos);
        CHECK(std::regex_search(sheet, std::regex("<c r=\"F2\" s=\"[0-9]+\"><v>0.875</v></c>")));
        CHECK(format_code(styles, style_of(sheet, "F2")) == "0.0%");
        // A statistic keeps its exact value and shows two decimals.
        CHECK(std::regex_search(sheet, std::regex("<c r=\"I2\" s=\"[0-9]+\"><v>2.5</v></c>")));
        CHECK(format_code(styles, style_of(sheet, "I2")) == "0.00");
        CHECK(sheet.find("r=\"I3\"") == std::string::npos);  // NaN: no cell at all

        // Dates are Excel serial numbers with a date format; periods are text.
        CHECK(std::regex_search(sheet, std::regex("<c r=\"D2\" s=\"[0-9]+\"><v>45322</v></c>")));
        CHECK(format_code(styles, style_of(sheet, "D2")) == "yyyy-mm-dd");
        CHECK(sheet.find("r=\"D3\"") == std::string::npos);  // empty cell: blank
        CHECK(text_of(sheet, "G2") == "2024-03");
        CHECK(styles.find("yyyy-mm\"") == std::string::npos);

        // Booleans are words in the workbook's language; text and lists.
        CHECK(text_of(sheet, "E2") == "tak");
        CHECK(text_of(sheet, "E3") == "nie");
        CHECK(sheet.find("t=\"b\"") == std::string::npos);
        CHECK(text_of(sheet, "A2") == "A1");
        CHECK(text_of(sheet, "J2") == "Łódź");
        CHECK(text_of(sheet, "H2") == "kultura, sport");
        CHECK(sheet.find("dwie\nlinie") != std::string::npos);
        CHECK(style_of(sheet, "J3") >= 0);                   // wrapped, so that the line break shows
        CHECK(sheet.find("r=\"H3\"") == std::string::npos);  // an empty list is a blank cell

        // The record: labels in column A, values in column B, nothing frozen.
        const std::string record = zip_entry(zip, "xl/worksheets/sheet3.xml");
        CHECK(record.find("<pane") == std::string::npos);
        CHECK(record.find("<autoFilter") == std::string::npos);
        CHECK(std::regex_search(record, std::regex("<c r=\"A1\" s=\"[0-9]+\" t=\"inlineStr\">")));
        CHECK(text_of(record, "A3") == "Stan na");
        CHECK(record.find("<c r=\"B1\"><v>2</v></c>") != std::string::npos);
        CHECK(std::regex_search(record, std::regex("<c r=\"B2\" s=\"[0-9]+\"><v>1234.51</v></c>")));
        CHECK(std::regex_search(record, std::regex("<c r=\"B3\" s=\"[0-9]+\"><v>45657</v></c>")));
        CHECK(format_code(styles, style_of(record, "B3")) == "yyyy-mm-dd");

        // The summary first: the title, the facts, the sheets that follow.
        const std::string first = zip_entry(zip, "xl/worksheets/sheet1.xml");
        CHECK(text_of(first, "A1") == "Przegląd dotacji 2024");
        CHECK(text_of(first, "A2") == "Wygenerowano");
        CHECK(first.find("<t>Arkusz</t>") != std::string::npos);
        CHECK(first.find("<t>Przedsięwzięcia</t>") != std::string::npos);
        CHECK(first.find("<t>Dane zbiorcze</t>") != std::string::npos);

        // Every sheet prints on A4, one page wide; wide ones landscape; title and page numbers.
        for (const char* name : {"sheet1", "sheet2", "sheet3"}) {
            CAPTURE(name);
            const std::string xml = zip_entry(zip, std::string("xl/worksheets/") + name + ".xml");
            CHECK(std::regex_search(xml, std::regex("<sheetPr[^>]*>[\\s\\S]*<pageSetUpPr fitToPage=\"1\"/>")));
            CHECK(std::regex_search(xml, std::regex("<pageSetup paperSize=\"9\"[^>]* fitToHeight=\"0\"")));
            CHECK(xml.find("<oddHeader>&amp;CPrzegląd dotacji 2024</oddHeader>") != std::string::npos);
            CHECK(xml.find("<oddFooter>&amp;CStrona &amp;P z &amp;N</oddFooter>") != std::string::npos);
            const bool wide = std::string(name) == "sheet2";  // ten columns
            CHECK((xml.find("orientation=\"landscape\"") != std::string::npos) == wide);
        }
        CHECK(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Podsumowanie!$1:$1") !=
              std::string::npos);
        CHECK(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'Przedsięwzięcia'!$1:$1") !=
              std::string::npos);
        CHECK(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">'Dane zbiorcze'!$A:$A") !=
              std::string::npos);
    }

    SUBCASE("the summary names the period and the date a report hands over, in English too")
    {
        Document document = sample();
        document.title = "R&D";
        document.json = nlohmann::ordered_json{{"period", "2026-10"}, {"as_of", "2026-11-11"}};
        RenderOptions options;
        options.format = Format::xlsx;
        options.lang = Lang::en;
        std::ostringstream out;
        render::render(document, options, out);
        if (!can_unzip()) {
            return;
        }
        const std::string zip = scratch.write("english.xlsx", out.str());
        CHECK(all_groups(zip_entry(zip, "xl/workbook.xml"), "<sheet name=\"([^\"]*)\"") ==
              std::vector<std::string>{"Summary", "ventures", "figures"});
        const std::string first = zip_entry(zip, "xl/worksheets/sheet1.xml");
        CHECK(text_of(first, "A2") == "Period");
        CHECK(text_of(first, "B2") == "2026-10");
        CHECK(text_of(first, "A3") == "As of");
        CHECK(std::regex_search(first, std::regex("<c r=\"B3\" s=\"[0-9]+\"><v>46337</v></c>")));
        CHECK(text_of(first, "A4") == "Generated on");
        const std::string sheet = zip_entry(zip, "xl/worksheets/sheet2.xml");
        CHECK(text_of(sheet, "E2") == "yes");
        CHECK(text_of(sheet, "E3") == "no");
        CHECK(sheet.find("<oddHeader>&amp;CR&amp;&amp;D</oddHeader>") != std::string::npos);
        CHECK(sheet.find("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>") != std::string::npos);
    }

    SUBCASE("sheet names follow Excel's rules")
    {
        Document document;
        const std::vector<std::string> names = {"a/b:c",
                                                "",
                                                "Ventures",
                                                "ventures",
                                                "przedsięwzięcia według dzielnic i programów",
                                                "przedsięwzięcia według dzielnic i programów",
                                                "'quoted'",
                                                "History"};
        for (const auto& name : names) {
            Table table;
            table.name = name;
            table.columns = {{"n", ""}};
            table.rows = {{std::int64_t{1}}};
            document.tables.push_back(table);
        }
        Table no_columns;  // nothing to show: no sheet
        no_columns.name = "empty";
        document.tables.push_back(no_columns);
        const std::string bytes = rendered(document);
        if (!can_unzip()) {
            return;
        }
        const std::string zip = scratch.write("names.xlsx", bytes);
        CHECK(all_groups(zip_entry(zip, "xl/workbook.xml"), "<sheet name=\"([^\"]*)\"") ==
              std::vector<std::string>{"Podsumowanie", "a_b_c", "Sheet2", "Ventures", "Przedsięwzięcia",
                                       "przedsięwzięcia według dzielnic", "przedsięwzięcia według dzie (2)", "_quoted_",
                                       "History_"});
    }

    SUBCASE("a table named like the summary sheet takes its title, else a name that says it is a table")
    {
        // Tables whose names are not in the catalogue, as the workbook's own summary sheet is
        // named in each language.
        const auto workbook = [](Lang lang, const std::vector<std::pair<std::string, std::string>>& tables) {
            Document document;
            for (const auto& [name, title] : tables) {
                Table table;
                table.name = name;
                table.title = title;
                table.columns = {{"n", ""}};
                table.rows = {{std::int64_t{1}}};
                document.tables.push_back(table);
            }
            RenderOptions options;
            options.format = Format::xlsx;
            options.lang = lang;
            std::ostringstream out;
            render::render(document, options, out);
            return out.str();
        };
        if (!can_unzip()) {
            return;
        }
        const auto sheets = [&scratch](const std::string& file, const std::string& bytes) {
            const std::string zip = scratch.write(file, bytes);
            return all_groups(zip_entry(zip, "xl/workbook.xml"), "<sheet name=\"([^\"]*)\"");
        };

        // No title: the name says it is a table, whatever its case; a second one is numbered.
        CHECK(sheets("en.xlsx", workbook(Lang::en, {{"Summary", ""}, {"SUMMARY", ""}, {"ventures", ""}})) ==
              std::vector<std::string>{"Summary", "Summary (table)", "SUMMARY (table) (2)", "ventures"});
        CHECK(sheets("pl.xlsx", workbook(Lang::pl, {{"Podsumowanie", ""}})) ==
              std::vector<std::string>{"Podsumowanie", "Podsumowanie (tabela)"});
        // With a title: the title, when no sheet has it.
        CHECK(sheets("titled.xlsx", workbook(Lang::pl, {{"Podsumowanie", "Podsumowanie miesiąca"},
                                                        {"Podsumowanie", "Podsumowanie"}})) ==
              std::vector<std::string>{"Podsumowanie", "Podsumowanie miesiąca", "Podsumowanie (tabela)"});
        // Two tables of one name: the second takes its title, else a number.
        CHECK(sheets("twice.xlsx", workbook(Lang::en, {{"districts", "By district"},
                                                       {"districts", "By district, 2025"},
                                                       {"districts", "By district, 2025"}})) ==
              std::vector<std::string>{"Summary", "districts", "By district, 2025", "districts (2)"});
        CHECK(sheets("long.xlsx", workbook(Lang::pl, {{"Podsumowanie", ""}, {"Podsumowanie", ""}})) ==
              std::vector<std::string>{"Podsumowanie", "Podsumowanie (tabela)", "Podsumowanie (tabela) (2)"});
    }

    SUBCASE("an empty document is still a workbook Excel opens")
    {
        const std::string bytes = rendered(Document{});
        CHECK(bytes.substr(0, 2) == "PK");
        if (can_unzip()) {
            const std::string zip = scratch.write("empty.xlsx", bytes);
            CHECK(all_groups(zip_entry(zip, "xl/workbook.xml"), "<sheet name=\"([^\"]*)\"") ==
                  std::vector<std::string>{"Podsumowanie"});
        }
    }

    SUBCASE("a libxlsxwriter failure is an I/O error and leaves no temporary file")
    {
        const std::filesystem::path tmpdir = scratch.path("tmp");
        std::filesystem::create_directories(tmpdir);
        const char* saved = std::getenv("TMPDIR");
        const std::string previous = saved != nullptr ? saved : "";
        ::setenv("TMPDIR", tmpdir.c_str(), 1);

        Document document;
        Table table;
        table.name = "long";
        table.columns = {{"text", ""}};
        table.rows = {{std::string(40000, 'x')}};  // Excel holds at most 32767 characters in a cell
        document.tables.push_back(table);
        CHECK(test::error_text([&] { rendered(document); }) ==
              "xlsx: String exceeds Excel's limit of 32,767 characters. (exit 74)");
        CHECK(std::filesystem::is_empty(tmpdir));
        CHECK(rendered(sample()).substr(0, 2) == "PK");
        CHECK(std::filesystem::is_empty(tmpdir));

        if (saved != nullptr) {
            ::setenv("TMPDIR", previous.c_str(), 1);
        } else {
            ::unsetenv("TMPDIR");
        }
    }
}
