#include "io/json_reader.hpp"

#include "io_test_support.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace toro;
using namespace toro::io;
using toro::test::error_text;

namespace {

struct Parsed {
    JsonLayout layout = JsonLayout::array;
    std::vector<JsonRecord> records;
};

Parsed parse_once(const std::string& data, JsonOptions options)
{
    std::istringstream in(data);
    JsonReader reader(in, "in.json", options);
    Parsed parsed{reader.layout(), {}};
    JsonRecord record;
    while (reader.next(record)) {
        parsed.records.push_back(record);
    }
    return parsed;
}

// Everything in `data`, the same whether read whole or in pieces of 1 or 3 bytes.
Parsed read_json(const std::string& data, JsonOptions options = {})
{
    const Parsed whole = parse_once(data, options);
    for (const std::size_t chunk_size : {1u, 3u}) {
        options.chunk_size = chunk_size;
        const Parsed pieces = parse_once(data, options);
        REQUIRE(pieces.records.size() == whole.records.size());
        for (std::size_t i = 0; i < whole.records.size(); ++i) {
            CHECK(pieces.records[i].line == whole.records[i].line);
            CHECK(pieces.records[i].column == whole.records[i].column);
            CHECK(pieces.records[i].object == whole.records[i].object);
        }
    }
    return whole;
}

std::string json_error(const std::string& data, JsonOptions options = {})
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

TEST_CASE("io::JsonReader")
{
    SUBCASE("a huge element is refused at 16 MiB and a huge token is not quoted whole")
    {
        std::istringstream huge("[{\"a\": 1},\n {\"a\": \"" + std::string(max_json_element_size, 'x') + "\"}]");
        JsonReader reader(huge, "in.json");
        JsonRecord record;
        REQUIRE(reader.next(record));
        CHECK(
            error_text([&] { reader.next(record); }) ==
            "in.json:2:2: an element longer than 16 MiB starts here (is a bracket or a quote never closed?) (exit 65)");
        CHECK_THROWS_AS(reader.next(record), InputError);  // the input ends there

        std::istringstream bad("[{\"a\": \"" + std::string(100000, 'y') + "\\q\"}]");
        JsonReader bad_reader(bad, "in.json");
        const std::string message = error_text([&] { bad_reader.next(record); });
        CHECK(message.size() < 300);
        CHECK(message.find("last read: '…yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\q'") != std::string::npos);
    }

    SUBCASE("a byte of no character of the declared encoding comes after the elements before it")
    {
        for (const std::size_t chunk_size : {std::size_t{1}, std::size_t{4}, default_chunk_size}) {
            std::istringstream in("[{\"a\": \"\xb9\"},\n {\"a\": \"\x90\"}]");
            JsonOptions options;
            options.encoding = "cp1250";
            options.chunk_size = chunk_size;
            JsonReader reader(in, "in.json", options);
            CHECK(reader.layout() == JsonLayout::array);
            JsonRecord record;
            REQUIRE(reader.next(record));
            CHECK(record.object["a"] == "\u0105");
            CHECK(error_text([&] { reader.next(record); }) ==
                  "in.json:2: byte 0x90 is not a cp1250 character (exit 65)");
        }
    }

    SUBCASE("an array of objects")
    {
        const auto parsed =
            read_json("[\n  {\"code\": \"A1\", \"name\": \"Alfa\"},\n  {\"code\": \"B2\",\n   \"name\": "
                      "\"Żółw\"}\n]\n");
        CHECK(parsed.layout == JsonLayout::array);
        REQUIRE(parsed.records.size() == 2);
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 3});
        CHECK(parsed.records[0].column == 3);
        CHECK(parsed.records[1].object["name"] == "Żółw");
        CHECK(parsed.records[0].object.begin().key() == "code");  // key order as written
    }

    SUBCASE("compact and empty arrays")
    {
        CHECK(lines_of(read_json("[{\"a\":1},{\"a\":2}]")) == std::vector<std::size_t>{1, 1});
        CHECK(read_json("[{\"a\":1},{\"a\":2}]").records[1].column == 10);
        CHECK(read_json("[]").records.empty());
        CHECK(read_json(" [ \n ] \n").records.empty());
    }

    SUBCASE("JSON Lines")
    {
        const auto parsed = read_json("{\"a\": 1}\r\n\n{\"a\": [1, 2]}\n   \n{\"a\": \"x\"}");
        CHECK(parsed.layout == JsonLayout::lines);
        CHECK(lines_of(parsed) == std::vector<std::size_t>{1, 3, 5});
        CHECK(parsed.records[1].object["a"] == nlohmann::ordered_json::array({1, 2}));
    }

    SUBCASE("nested arrays and objects, brackets and quotes inside strings")
    {
        const auto parsed = read_json(R"([
{"code": "V1", "targets": [{"indicator": "jobs", "value": 3}, {"indicator": "]}\",", "value": [[1], []]}]},
{"code": "V2", "note": "a \\ backslash, a [bracket] and a {brace}"}
])");
        REQUIRE(parsed.records.size() == 2);
        CHECK(parsed.records[0].object["targets"].size() == 2);
        CHECK(parsed.records[0].object["targets"][1]["indicator"] == "]}\",");
        CHECK(parsed.records[1].object["note"] == "a \\ backslash, a [bracket] and a {brace}");
        CHECK(lines_of(parsed) == std::vector<std::size_t>{2, 3});
    }

    SUBCASE("a UTF-8 byte order mark and a declared encoding")
    {
        CHECK(read_json("\xEF\xBB\xBF[{\"a\":1}]").records.size() == 1);
        const auto parsed = read_json("{\"nazwa\": \"\xb3\xf3\x9f\"}\n", JsonOptions{"cp1250"});
        CHECK(parsed.records[0].object["nazwa"] == "łóź");
    }

    SUBCASE("a syntax error names line and column, and reading goes on")
    {
        CHECK(json_error("[\n{\"a\": 1},\n{\"a\": tru}\n]") ==
              "in.json:3:10: syntax error while parsing value - invalid literal; last read: '\"a\": tru}' (exit 65)");
        std::istringstream in("[{\"a\":1},\n {\"a\" 2},\n {\"a\":3}]");
        JsonReader reader(in, "in.json");
        JsonRecord record;
        REQUIRE(reader.next(record));
        const auto error = error_text([&] { reader.next(record); });
        CHECK(error.rfind("in.json:2:7: syntax error while parsing object separator", 0) == 0);
        REQUIRE(reader.next(record));
        CHECK(record.line == 3);
        CHECK(record.object["a"] == 3);
        CHECK_FALSE(reader.next(record));
    }

    SUBCASE("syntax errors in JSON Lines")
    {
        CHECK(json_error("{\"a\": 1}\n{\"a\": 1,}\n") ==
              "in.json:2:9: syntax error while parsing object key - unexpected '}'; expected string literal (exit 65)");
        // A line is one element: a line break inside a string ends it.
        CHECK(json_error("{\"a\": \"x\ny\"}\n") ==
              "in.json:1:9: syntax error while parsing value - invalid string: missing closing quote; last read: "
              "'\"x' (exit 65)");
    }

    SUBCASE("elements that are not objects")
    {
        CHECK(json_error("[{}, {}, 42]") == "in.json:1:10: element 3 is a number, expected an object (exit 65)");
        CHECK(json_error("[\"x\"]") == "in.json:1:2: element 1 is a string, expected an object (exit 65)");
        CHECK(json_error("[[]]") == "in.json:1:2: element 1 is an array, expected an object (exit 65)");
        CHECK(json_error("[null]") == "in.json:1:2: element 1 is null, expected an object (exit 65)");
        CHECK(json_error("{}\n\ntrue\n") == "in.json:3:1: element 2 is a boolean, expected an object (exit 65)");
    }

    SUBCASE("nesting deeper than 64 levels")
    {
        std::string deep = "[{\"a\":";
        for (int i = 0; i < 70; ++i) {
            deep += "[";
        }
        CHECK(json_error(deep) == "in.json:1:70: nesting deeper than 64 levels (exit 65)");
        std::string fits = "[{\"a\":";
        for (int i = 0; i < 63; ++i) {
            fits += "[";
        }
        for (int i = 0; i < 63; ++i) {
            fits += "]";
        }
        CHECK(read_json(fits + "}]").records.size() == 1);
        CHECK(json_error("{\"a\":" + std::string(64, '[')) == "in.json:1:69: nesting deeper than 64 levels (exit 65)");
    }

    SUBCASE("empty and malformed inputs")
    {
        const std::string empty =
            "in.json: the file is empty: expected a JSON array of objects or JSON Lines (exit 65)";
        CHECK(json_error("") == empty);
        CHECK(json_error(" \n\t\r\n") == empty);
        CHECK(json_error("\xEF\xBB\xBF\n") == empty);
        CHECK(json_error("\n  42") ==
              "in.json:2:3: expected a JSON array of objects ('[') or JSON Lines (one object per line) (exit 65)");
        CHECK(json_error("[{\"a\":1}]\n]") ==
              "in.json:2:1: unexpected text after the closing ']' of the array (exit 65)");
        CHECK(json_error("[{\"a\":1},\n]") ==
              "in.json:2:1: a comma before ']' (JSON allows no trailing comma) (exit 65)");
        CHECK(json_error("[{\"a\":1},,{}]") == "in.json:1:10: expected an object before ',' (exit 65)");
        CHECK(json_error("[{\"a\":1}") == "in.json:1:9: the input ends before the array is closed with ']' (exit 65)");
        CHECK(json_error("[{\"a\":1},\n{\"b\": \"open}]\n") ==
              "in.json:2:7: a string opened here is never closed (exit 65)");
    }

    SUBCASE("invalid UTF-8 names line and column")
    {
        CHECK(json_error("[\n{\"miasto\": \"Gda\xf1sk\"}]", JsonOptions{"utf-8"}) ==
              "in.json:2:16: invalid UTF-8 (declare --encoding cp1250 or iso-8859-2 if the file is not UTF-8) (exit "
              "65)");
    }

    SUBCASE("errors that end the input stay")
    {
        std::istringstream in("[{\"a\":1}]x");
        JsonReader reader(in, "in.json");
        JsonRecord record;
        REQUIRE(reader.next(record));
        CHECK_THROWS_AS(reader.next(record), InputError);
        CHECK_THROWS_AS(reader.next(record), InputError);
    }
}
