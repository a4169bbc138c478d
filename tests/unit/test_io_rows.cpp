#include "io/rows.hpp"

#include "io/input.hpp"
#include "io_test_support.hpp"

#include <doctest/doctest.h>

using namespace toro;
using namespace toro::io;
using toro::test::error_text;
using toro::test::ScratchDir;

namespace {

std::vector<InputRow> all_rows(RowReader& reader)
{
    std::vector<InputRow> rows;
    InputRow row;
    while (reader.next(row)) {
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

TEST_CASE("io::open_rows")
{
    ScratchDir dir;

    SUBCASE("CSV rows are objects of strings keyed by header names")
    {
        const std::string path = dir.write("orgs.csv", "Code;NIP;Name\nA1;0123456789;\" Alfa \"\nB2;;Beta\n");
        const auto reader = open_rows(path, {});
        CHECK(reader->columns() == std::vector<std::string>{"code", "nip", "name"});
        const auto rows = all_rows(*reader);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].line == 2);
        CHECK(rows[0].fields.dump() == R"({"code":"A1","nip":"0123456789","name":" Alfa "})");
        CHECK(rows[1].fields.dump() == R"({"code":"B2","nip":"","name":"Beta"})");
    }

    SUBCASE("a CSV row read into a row that held something else, or a shorter record")
    {
        const std::string path = dir.write("rows.csv", "a,b,c\n1,2,3\n4,5\n");
        const auto reader = open_rows(path, {});
        InputRow row;
        row.fields = nlohmann::ordered_json{{"b", 7}, {"a", "x"}, {"c", "y"}};
        REQUIRE(reader->next(row));
        CHECK(row.fields.dump() == R"({"a":"1","b":"2","c":"3"})");
        REQUIRE(reader->next(row));
        CHECK(row.line == 3);
        CHECK(row.fields.dump() == R"({"a":"4","b":"5","c":""})");
        CHECK_FALSE(reader->next(row));
    }

    SUBCASE("JSON rows are the objects as written")
    {
        const auto path =
            dir.write("ventures.jsonl", "{\"code\":\"V1\",\"targets\":[{\"value\":3}]}\n\n{\"code\":\"V2\"}\n");
        const auto reader = open_rows(path, {});
        CHECK(reader->columns().empty());
        const auto rows = all_rows(*reader);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].fields["targets"][0]["value"] == 3);
        CHECK(rows[1].line == 3);
    }

    SUBCASE("JSON keys are column names: ASCII case does not matter, as in a CSV header")
    {
        const std::string path = dir.write("rows.jsonl", "{\"Venture\":\"V1\",\"NIP\":\"1\",\"list\":[{\"Inner\":1}]}\n"
                                                         "{\"Code\":\"a\",\"code\":\"b\"}\n{\"code\":\"c\"}\n");
        const auto reader = open_rows(path, {});
        InputRow row;
        REQUIRE(reader->next(row));
        CHECK(row.fields.dump() == R"({"venture":"V1","nip":"1","list":[{"Inner":1}]})");
        CHECK(error_text([&] { reader->next(row); }) ==
              path + ":2: the key 'code' appears twice in this object (exit 65)");
        REQUIRE(reader->next(row));
        CHECK(row.fields.dump() == R"({"code":"c"})");
    }

    SUBCASE("the format: given, by extension, or by the first byte")
    {
        CHECK(format_from_path("a.CSV") == Format::csv);
        CHECK(format_from_path("dir.d/a.tsv") == Format::csv);
        CHECK(format_from_path("a.ndjson") == Format::json);
        CHECK_FALSE(format_from_path("-").has_value());
        CHECK_FALSE(format_from_path("data").has_value());

        const auto json = dir.write("data1", "\xEF\xBB\xBF\n\n  [{\"a\":1},\n{\"a\":2}]");
        const auto json_rows = all_rows(*open_rows(json, {}));
        REQUIRE(json_rows.size() == 2);
        CHECK(json_rows[1].line == 4);

        const auto csv = dir.write("data2", "\n a,b\n1,2\n");
        const auto csv_rows = all_rows(*open_rows(csv, {}));
        REQUIRE(csv_rows.size() == 1);
        CHECK(csv_rows[0].line == 3);

        const auto forced = dir.write("data3.json", "a,b\n1,2\n");
        CHECK(all_rows(*open_rows(forced, InputOptions{{}, "", Format::csv})).size() == 1);
        CHECK(error_text([&] { open_rows(dir.write("empty", ""), {}); }) ==
              dir.path("empty") + ": the file is empty: a header row is required (exit 65)");
    }

    SUBCASE("options reach the readers")
    {
        const std::string path = dir.write("cp.txt", "a|b\n\xb3\xf3\x9f|x\n");
        const auto rows = all_rows(*open_rows(path, InputOptions{'|', "cp1250", {}}));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].fields["a"] == "łóź");
    }

    SUBCASE("a missing file")
    {
        CHECK(error_text([&] { open_rows(dir.path("none.csv"), {}); }) ==
              dir.path("none.csv") + ": cannot open: No such file or directory (exit 66)");
    }
}
