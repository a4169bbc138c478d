#include "io/csv_reader.hpp"
#include "io/input.hpp"

#include "io_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sstream>

using namespace toro;
using namespace toro::io;
using toro::test::error_text;
using toro::test::ScratchDir;
using toro::test::utf16le;

namespace {

using Fields = std::vector<std::string>;

struct Parsed {
    Fields header;
    char separator = 0;
    std::vector<CsvRecord> records;
};

Parsed parse_once(const std::string& data, CsvOptions options)
{
    std::istringstream in(data);
    CsvReader reader(in, "in.csv", options);
    Parsed parsed{reader.header(), reader.separator(), {}};
    CsvRecord record;
    while (reader.next(record)) {
        parsed.records.push_back(record);
    }
    return parsed;
}

// Reads everything with the given options, and checks that reading the input in pieces of
// 1, 2, 3 and 7 bytes gives the same result: no boundary between pieces changes anything.
Parsed read_csv(const std::string& data, CsvOptions options = {})
{
    const Parsed whole = parse_once(data, options);
    for (const std::size_t chunk_size : {1u, 2u, 3u, 7u}) {
        options.chunk_size = chunk_size;
        const Parsed pieces = parse_once(data, options);
        CHECK(pieces.header == whole.header);
        CHECK(pieces.separator == whole.separator);
        REQUIRE(pieces.records.size() == whole.records.size());
        for (std::size_t i = 0; i < whole.records.size(); ++i) {
            CHECK(pieces.records[i].line == whole.records[i].line);
            CHECK(pieces.records[i].fields == whole.records[i].fields);
        }
    }
    return whole;
}

// The error of reading all of `data` (whatever the size of the pieces read), or "no error".
std::string csv_error(const std::string& data, CsvOptions options = {})
{
    const std::string whole = error_text([&] { parse_once(data, options); });
    options.chunk_size = 1;
    CHECK(error_text([&] { parse_once(data, options); }) == whole);
    return whole;
}

std::vector<std::size_t> lines_of(const Parsed& parsed)
{
    std::vector<std::size_t> lines;
    for (const auto& record : parsed.records) {
        lines.push_back(record.line);
    }
    return lines;
}

}  // namespace

TEST_CASE("io::CsvReader")
{
    SUBCASE("records with LF")
    {
        const auto parsed = read_csv("code,name\nA1,Alfa\nB2,Beta\n");
        CHECK(parsed.header == Fields{"code", "name"});
        CHECK(parsed.separator == ',');
        REQUIRE(parsed.records.size() == 2);
        CHECK(parsed.records[0].fields == Fields{"A1", "Alfa"});
        CHECK(parsed.records[1].fields == Fields{"B2", "Beta"});
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 3});
    }

    SUBCASE("CRLF, and no final line break")
    {
        const auto parsed = read_csv("code,name\r\nA1,Alfa\r\nB2,Beta");
        REQUIRE(parsed.records.size() == 2);
        CHECK(parsed.records[0].fields == Fields{"A1", "Alfa"});
        CHECK(parsed.records[1].fields == Fields{"B2", "Beta"});
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 3});
    }

    SUBCASE("CR alone ends lines too")
    {
        const auto parsed = read_csv("a,b\r1,2\r\r3,4\r");
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 4});
    }

    SUBCASE("quoted fields hold separators, doubled quotes and line breaks")
    {
        const auto parsed =
            read_csv("name,note\n\"Kowalski, Jan\",\"He said \"\"yes\"\"\"\n\"two\nlines\",\"\"\nlast,\"a\r\nb\"\n");
        REQUIRE(parsed.records.size() == 3);
        CHECK(parsed.records[0].fields == Fields{"Kowalski, Jan", "He said \"yes\""});
        CHECK(parsed.records[1].fields == Fields{"two\nlines", ""});
        CHECK(parsed.records[2].fields == Fields{"last", "a\r\nb"});
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 3, 5});
    }

    SUBCASE("records after multi-line fields start further down")
    {
        const auto parsed = read_csv("a;b\r\n\"1\r\n2\r\n3\";x\r\n4;\"y\n\nz\"\r\n5;6\r\n");
        CHECK(parsed.separator == ';');
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 5, 8});
        CHECK(parsed.records[1].fields == Fields{"4", "y\n\nz"});
    }

    SUBCASE("separator detection")
    {
        CHECK(read_csv("a,b,c\n1,2,3\n").separator == ',');
        CHECK(read_csv("a;b;c\n1;2;3\n").separator == ';');
        CHECK(read_csv("a\tb\tc\n1\t2\t3\n").separator == '\t');
        CHECK(read_csv("a;b;\"c,d,e\"\n1;2;3\n").separator == ';');  // quoted commas do not count
        CHECK(read_csv("name;amount,gross\n").separator == ',');     // ties: , ; tab in that order
        CHECK(read_csv("name\nx\n").separator == ',');
        const auto tabs = read_csv("kod\tnazwa\n\t Ala ma kota \n");
        CHECK(tabs.records[0].fields == Fields{"", " Ala ma kota "});  // tabs are not trimmed as spaces
    }

    SUBCASE("a given separator wins")
    {
        const auto parsed = read_csv("a|b,c\n1|2,3\n", CsvOptions{'|', ""});
        CHECK(parsed.header == Fields{"a", "b,c"});
        CHECK(parsed.records[0].fields == Fields{"1", "2,3"});
    }

    SUBCASE("a UTF-8 byte order mark is skipped")
    {
        const auto parsed = read_csv("\xEF\xBB\xBFkod;nazwa\n1;Zażółć\n");
        CHECK(parsed.header == Fields{"kod", "nazwa"});
        CHECK(parsed.records[0].fields == Fields{"1", "Zażółć"});
    }

    SUBCASE("blank lines are skipped but counted")
    {
        const auto parsed = read_csv("\n\r\n  \na,b\n\n1,2\r\n\r\n   \n3,4\n\n");
        CHECK(parsed.header == Fields{"a", "b"});
        CHECK(lines_of(parsed) == std::vector<std::size_t>{6, 9});
    }

    SUBCASE("records of empty fields only are blank")
    {
        const auto parsed = read_csv("a;b;c\n;;\n1;2;3\n ; ;\n");
        CHECK(lines_of(parsed) == std::vector<std::size_t>{3});
    }

    SUBCASE("spaces inside fields are kept; header names are trimmed and lower-cased")
    {
        const auto parsed = read_csv(" Code , NIP\t,Nazwa Firmy\n A1 ,  ,\" q \"\n");
        CHECK(parsed.header == Fields{"code", "nip", "nazwa firmy"});
        CHECK(parsed.records[0].fields == Fields{" A1 ", "  ", " q "});
    }

    SUBCASE("missing fields are empty")
    {
        const auto parsed = read_csv("a,b,c\n1\n1,2\n");
        CHECK(parsed.records[0].fields == Fields{"1", "", ""});
        CHECK(parsed.records[1].fields == Fields{"1", "2", ""});
    }

    SUBCASE("a header without records")
    {
        CHECK(read_csv("a,b\n").records.empty());
        CHECK(read_csv("a,b").records.empty());
        CHECK(read_csv("a,b").header == Fields{"a", "b"});
    }

    SUBCASE("an empty input is an error")
    {
        const std::string expected = "in.csv: the file is empty: a header row is required (exit 65)";
        CHECK(csv_error("") == expected);
        CHECK(csv_error("\xEF\xBB\xBF") == expected);
        CHECK(csv_error(" \r\n\n\t\n") == expected);
        CHECK(csv_error(",,\n") == expected);
    }

    SUBCASE("header problems")
    {
        CHECK(csv_error("a,B, b \n") == "in.csv:1: the column 'b' appears twice in the header (exit 65)");
        CHECK(csv_error("\na,,c\n") == "in.csv:2: column 2 of the header has no name (exit 65)");
    }

    SUBCASE("more fields than the header: an error of that record only")
    {
        std::istringstream in("a,b\n1,2\n\"x\ny\",2,3\n4,5\n");
        CsvReader reader(in, "in.csv");
        CsvRecord record;
        REQUIRE(reader.next(record));
        CHECK(record.line == 2);
        CHECK(error_text([&] { reader.next(record); }) == "in.csv:3: 3 fields, the header has 2 (exit 65)");
        REQUIRE(reader.next(record));
        CHECK(record.line == 5);
        CHECK(record.fields == Fields{"4", "5"});
        CHECK_FALSE(reader.next(record));
    }

    SUBCASE("extra fields, even blank-looking or spread over lines, are counted and refused")
    {
        std::istringstream in("a,b\n,,\"x\ny\"\n1,2," + std::string(100000, ',') + "\n4,5\n");
        CsvReader reader(in, "in.csv");
        CsvRecord record;
        CHECK(error_text([&] { reader.next(record); }) == "in.csv:2: 3 fields, the header has 2 (exit 65)");
        CHECK(error_text([&] { reader.next(record); }) == "in.csv:4: 100003 fields, the header has 2 (exit 65)");
        REQUIRE(reader.next(record));
        CHECK(record.line == 5);
        CHECK(record.fields == Fields{"4", "5"});
    }

    SUBCASE("a first line that cannot be a header is refused without reading it all")
    {
        CHECK(csv_error("\n" + std::string(3 * 1024 * 1024, 'x')) ==
              "in.csv:2: the first line is longer than 1 MiB: not a CSV header (is this a CSV file?) (exit 65)");
        CHECK(csv_error(std::string(20000, ';') + "\n1\n") ==
              "in.csv:1: the header has more than 10000 columns: is this a CSV file? (exit 65)");
    }

    SUBCASE("a quote never closed names the line its record starts on")
    {
        CHECK(csv_error("a,b\n1,2\n3,\"open\n4,5\n6,7\n") ==
              "in.csv:3: a quoted field opened here is never closed (exit 65)");
        CHECK(csv_error("a,b\n\"1\n2\",\"x") == "in.csv:2: a quoted field opened here is never closed (exit 65)");
        std::istringstream in("a,b\n1,2\n\"3,4\n");
        CsvReader reader(in, "in.csv");
        CsvRecord record;
        REQUIRE(reader.next(record));  // records before the error come first
        CHECK(record.fields == Fields{"1", "2"});
        CHECK_THROWS_AS(reader.next(record), InputError);
        CHECK_THROWS_AS(reader.next(record), InputError);  // and it stays the end
    }

    SUBCASE("stray quotes")
    {
        CHECK(csv_error("a,b\n1,x\"y\n") ==
              "in.csv:2: a quote inside an unquoted field (quote the whole field and write the quote twice) (exit 65)");
        CHECK(csv_error("a,b\n1,\"x\n\"y\n") ==
              "in.csv:3: a quoted field must end at its closing quote (a quote inside it is written twice) (exit 65)");
        CHECK(csv_error("a,b\n1, \"x\"\n") ==
              "in.csv:2: a quote inside an unquoted field (quote the whole field and write the quote twice) (exit 65)");
    }

    SUBCASE("invalid UTF-8 names its line")
    {
        const std::string message =
            ": invalid UTF-8 (declare --encoding cp1250 or iso-8859-2 if the file is not UTF-8) (exit 65)";
        CsvOptions utf8;
        utf8.encoding = "utf-8";
        CHECK(csv_error("a,b\n1,2\n3,Gda\xf1sk\n", utf8) == "in.csv:3" + message);
        CHECK(csv_error("a,b\n1,\"x\ny\nGda\xf1sk\"\n", utf8) == "in.csv:4" + message);
        CHECK(csv_error("n\xb9zwa,b\n", utf8) == "in.csv:1" + message);
        // Detected: a file whose first chunk is UTF-8 is read as UTF-8, so a cp1250 byte
        // further on is invalid UTF-8 on its line.
        std::string big = "a,b\n";
        std::size_t lines = 1;
        while (big.size() <= default_chunk_size) {
            big += "\xc5\x81\xc3\xb3"
                   "d\xc5\xba,2\n";
            ++lines;
        }
        std::istringstream detected(big + "3,Gda\xf1sk\n");
        CHECK(error_text([&] {
                  CsvReader big_reader(detected, "in.csv");
                  CsvRecord big_record;
                  while (big_reader.next(big_record)) {
                  }
              }) == fmt::format("in.csv:{}{}", lines + 1, message));

        std::istringstream in("a\n\xff\nok\n");
        CsvReader reader(in, "in.csv", utf8);
        CsvRecord record;
        CHECK_THROWS_AS(reader.next(record), InputError);
        REQUIRE(reader.next(record));  // the next record is read on
        CHECK(record.line == 3);
    }

    SUBCASE("invalid UTF-8 in a record names its column")
    {
        std::istringstream in("code,name\nA-1,ok\nA-2,Gda\xf1sk\n");
        CsvReader reader(in, "in.csv", CsvOptions{std::nullopt, "utf-8"});
        CsvRecord record;
        REQUIRE(reader.next(record));
        try {
            reader.next(record);
            FAIL("invalid UTF-8 was accepted");
        } catch (const InputError& error) {
            CHECK(error.line() == 3);
            CHECK(error.field() == "name");
        }
    }

    SUBCASE("a broken quote or byte after the header comes after the records before it")
    {
        for (const std::string input : {"a,b\n1,2\n3,\"x\" y\n5,6\n", "a,b\n1,2\n3,\x98\n5,6\n"}) {
            for (const std::size_t chunk_size : {std::size_t{1}, std::size_t{3}, default_chunk_size}) {
                std::istringstream in(input);
                CsvOptions options;
                options.encoding = "cp1250";
                options.chunk_size = chunk_size;
                CsvReader reader(in, "in.csv", options);  // the header itself is sound
                CsvRecord record;
                REQUIRE(reader.next(record));
                CHECK(record.line == 2);
                CHECK(record.fields == Fields{"1", "2"});
                try {
                    reader.next(record);
                    FAIL("the broken record was accepted");
                } catch (const InputError& error) {
                    CHECK(error.line() == 3);
                }
                CHECK_THROWS_AS(reader.next(record), InputError);  // the input ends there
            }
        }
    }

    SUBCASE("declared encodings")
    {
        const auto cp1250 = read_csv("kod;nazwa\n1;\xb9\xe6\xea\xb3\xf1\xf3\x9c\x9f\xbf\n", CsvOptions{{}, "cp1250"});
        CHECK(cp1250.records[0].fields == Fields{"1", "ąćęłńóśźż"});
        const auto latin2 =
            read_csv("kod;nazwa\n1;\xb1\xe6\xea\xb3\xf1\xf3\xb6\xbc\xbf\n", CsvOptions{{}, "ISO-8859-2"});
        CHECK(latin2.records[0].fields == Fields{"1", "ąćęłńóśźż"});
        const auto upper = read_csv("N\xa3,X\n\xa3\xd3\xaf\n", CsvOptions{{}, "windows-1250"});
        CHECK(upper.header == Fields{"nŁ", "x"});  // ASCII lower case only: column names are English
        CHECK(upper.records[0].fields == Fields{"ŁÓŻ", ""});
        CHECK(csv_error("a\n\x98\n", CsvOptions{{}, "cp1250"}) ==
              "in.csv:2: byte 0x98 is not a cp1250 character (exit 65)");
        std::istringstream in("a\n1\n\x98\n");
        CsvReader reader(in, "in.csv", CsvOptions{{}, "cp1250", 2});
        CsvRecord record;
        REQUIRE(reader.next(record));
        CHECK_THROWS_AS(reader.next(record), InputError);
        CHECK_THROWS_AS(reader.next(record), InputError);  // the input ends there
        CHECK(csv_error("a\n", CsvOptions{{}, "ascii"}) ==
              "--encoding: unknown encoding 'ascii' (use auto, utf-8, cp1250 or iso-8859-2) (exit 2)");
    }

    SUBCASE("UTF-16 text with a byte order mark (Excel's Unicode text)")
    {
        const auto parsed = read_csv(utf16le(u"Kod\tNazwa\r\n1\t\"Żółw, \r\nmały\"\r\n2\tŁoś\r\n"));
        CHECK(parsed.separator == '\t');
        CHECK(parsed.header == Fields{"kod", "nazwa"});
        REQUIRE(parsed.records.size() == 2);
        CHECK(parsed.records[0].fields == Fields{"1", "Żółw, \r\nmały"});
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 4});
    }

    SUBCASE("a field over 16 MiB is taken for a quote never closed")
    {
        std::string data = "a,b\n1,2\n3,\"";
        data.append(17u * 1024 * 1024, 'x');
        std::istringstream in(data);
        CsvReader reader(in, "in.csv");
        CsvRecord record;
        REQUIRE(reader.next(record));
        CHECK(error_text([&] { reader.next(record); }) ==
              "in.csv:3: a field longer than 16 MiB starts in this record (is a quote never closed?) (exit 65)");
    }

    SUBCASE("a multibyte character split between chunks of a large file")
    {
        ScratchDir dir;
        std::string data = "id;nazwa\n";
        std::size_t rows = 0;
        while (data.size() < 3 * default_chunk_size) {
            // 'x' shifts every later character by one byte, so that boundaries fall everywhere.
            ++rows;
            data += std::to_string(rows) + (rows % 2 == 0 ? ";xąćęłńóśźż\n" : ";\"xąć\nęł\"\n");
        }
        const std::string path = dir.write("polish.csv", data);
        CsvReader reader(open_input(path), path);
        CsvRecord record;
        std::size_t count = 0;
        std::size_t line = 2;
        while (reader.next(record)) {
            ++count;
            CHECK(record.line == line);
            CHECK(record.fields[1] == (count % 2 == 0 ? "xąćęłńóśźż" : "xąć\nęł"));
            line += count % 2 == 0 ? 1u : 2u;
        }
        CHECK(count == rows);
    }

    SUBCASE("a large file streams through")
    {
        ScratchDir dir;
        const std::size_t rows = 200000;
        {
            std::ofstream out(dir.path("large.csv"), std::ios::binary);
            out << "code;name;amount\r\n";
            for (std::size_t i = 1; i <= rows; ++i) {
                out << "ORG" << i << ";\"Spółdzielnia nr " << i << "\";" << i << ",50\r\n";
            }
        }
        CsvReader reader(open_input(dir.path("large.csv")), "large.csv");
        CsvRecord record;
        std::size_t count = 0;
        std::size_t last_line = 0;
        while (reader.next(record)) {
            ++count;
            last_line = record.line;
        }
        CHECK(count == rows);
        CHECK(last_line == rows + 1);
        CHECK(record.fields == Fields{"ORG200000", "Spółdzielnia nr 200000", "200000,50"});
    }
}

TEST_CASE("io::parse_separator")
{
    CHECK(parse_separator(",") == ',');
    CHECK(parse_separator(";") == ';');
    CHECK(parse_separator("|") == '|');
    CHECK(parse_separator("tab") == '\t');
    CHECK(parse_separator("TAB") == '\t');
    CHECK(parse_separator("\\t") == '\t');
    CHECK(parse_separator("\t") == '\t');
    CHECK_FALSE(parse_separator("").has_value());
    CHECK_FALSE(parse_separator("auto").has_value());
    CHECK(error_text([] { parse_separator("ab"); }) ==
          "--sep: 'ab' cannot separate fields (use ',', ';', 'tab' or another punctuation character) (exit 2)");
    CHECK_THROWS_AS(parse_separator("x"), Error);
    CHECK_THROWS_AS(parse_separator("\""), Error);
}
