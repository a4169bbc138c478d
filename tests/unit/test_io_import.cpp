#include "io/import.hpp"

#include "io/input.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace toro;
using namespace toro::io;
using toro::test::ScratchDir;

namespace {

// Takes every row but those whose value is "bad" (a problem) or "stop" (an Error thrown), and
// notes what it was given: the lines, and whether each came prepared with its own code.
class NotingSink : public ImportSink {
public:
    std::vector<std::string> known_columns() const override { return {"code", "value"}; }
    std::vector<std::string> required_columns() const override { return {"code"}; }

    void prepare(InputRow& row) const override { row.prepared = "prepared " + text(row, "code"); }

    std::optional<Outcome> write(const InputRow& row, std::vector<Problem>& problems) override
    {
        const auto* prepared = std::any_cast<std::string>(&row.prepared);
        if (prepared == nullptr || *prepared != "prepared " + text(row, "code")) {
            ++unprepared;
        }
        lines.push_back(row.line);
        if (text(row, "value") == "stop") {
            throw Error(Exit::data, "sink", Message::verbatim("stopped"));
        }
        if (text(row, "value") == "bad") {
            problems.push_back({row.line, 0, "value", "bad", Message::verbatim("refused")});
            return std::nullopt;
        }
        return Outcome::inserted;
    }

    std::vector<std::size_t> lines;
    std::size_t unprepared = 0;

private:
    static std::string text(const InputRow& row, const char* column)
    {
        const auto found = row.fields.find(column);
        return found == row.fields.end() ? std::string() : found->get<std::string>();
    }
};

// `rows` data lines after the header, line N (2 onwards) holding code CN; `special` replaces
// whole lines by number.
std::string csv_text(std::size_t rows, const std::vector<std::pair<std::size_t, std::string>>& special)
{
    std::string text = "code,value\n";
    for (std::size_t line = 2; line < rows + 2; ++line) {
        std::string content = fmt::format("C{},ok", line);
        for (const auto& [number, replacement] : special) {
            if (number == line) {
                content = replacement;
            }
        }
        text += content + "\n";
    }
    return text;
}

std::vector<std::string> described(const ImportSummary& summary)
{
    std::vector<std::string> problems;
    for (const auto& problem : summary.errors) {
        problems.push_back(std::to_string(problem.line) + "|" + problem.field + "|" + problem.message.text(Lang::en));
    }
    return problems;
}

struct Run {
    ImportSummary summary;
    std::vector<std::size_t> lines;
    std::size_t unprepared = 0;
};

// The import of `text` from a file (read ahead on a thread of its own) and from a pipe-like
// stream (read where it is written).
std::pair<Run, Run> both_ways(const ScratchDir& dir, const std::string& text, const ImportOptions& options = {})
{
    const auto path = dir.write("rows.csv", text).string();
    Run file;
    NotingSink file_sink;
    file.summary = run_import(path, file_sink, options);
    file.lines = file_sink.lines;
    file.unprepared = file_sink.unprepared;

    Run stream;
    NotingSink stream_sink;
    auto rows = open_rows(std::make_unique<std::istringstream>(text), "-", options.input);
    stream.summary = run_import(*rows, path, stream_sink, options);
    stream.lines = stream_sink.lines;
    stream.unprepared = stream_sink.unprepared;
    return {file, stream};
}

}  // namespace

TEST_CASE("io::run_import reads a file ahead and gives the same rows and problems as a stream")
{
    ScratchDir dir;

    SUBCASE("rows refused by the reader and by the sink, in order, across many batches")
    {
        const auto text = csv_text(3000, {{500, "C500,ok,extra"}, {900, "C900,\xff"}, {1500, "C1500,bad"}});
        ImportOptions options;
        options.input.encoding = "utf-8";
        const auto [file, stream] = both_ways(dir, text, options);
        CHECK(file.summary.inserted == 2997);
        CHECK(file.summary.rejected == 3);
        CHECK(described(file.summary) ==
              std::vector<std::string>{
                  "500||3 fields, the header has 2",
                  "900|value|invalid UTF-8 (declare --encoding cp1250 or iso-8859-2 if the file is not UTF-8)",
                  "1500|value|refused"});
        CHECK(file.lines.size() == 2998);  // every row but the two the reader refused
        CHECK(file.lines.front() == 2);
        CHECK(file.lines.back() == 3001);
        CHECK(file.unprepared == 0);
        CHECK(stream.unprepared == 0);
        CHECK(described(stream.summary) == described(file.summary));
        CHECK(stream.lines == file.lines);
        CHECK(stream.summary.inserted == file.summary.inserted);
        CHECK(stream.summary.rejected == file.summary.rejected);
    }

    SUBCASE("a quote never closed ends the input, named once")
    {
        const auto text = csv_text(2000, {{1200, "C1200,\"open"}});
        const auto [file, stream] = both_ways(dir, text);
        CHECK(file.summary.inserted == 1198);
        CHECK(described(file.summary) == std::vector<std::string>{"1200||a quoted field opened here is never closed"});
        CHECK(described(stream.summary) == described(file.summary));
        CHECK(stream.lines == file.lines);
    }

    SUBCASE("skip mode writes the same rejects file")
    {
        ImportOptions options;
        options.on_error = OnError::skip;
        options.rejects_path = (dir / "rejects.csv").string();
        const auto text = csv_text(1000, {{300, "C300,bad"}, {700, "C700,bad"}});
        const auto path = dir.write("rows.csv", text).string();
        NotingSink sink;
        const auto summary = run_import(path, sink, options);
        CHECK(summary.inserted == 998);
        std::ifstream rejects(*options.rejects_path, std::ios::binary);
        const std::string written((std::istreambuf_iterator<char>(rejects)), std::istreambuf_iterator<char>());
        CHECK(written == "code,value,line,error\nC300,bad,300,value: refused\nC700,bad,700,value: refused\n");
    }

    SUBCASE("a sink that throws stops the import, and the reading with it")
    {
        const auto path = dir.write("rows.csv", csv_text(20000, {{300, "C300,stop"}})).string();
        NotingSink sink;
        CHECK_THROWS_AS(run_import(path, sink, ImportOptions{}), Error);
        CHECK(sink.lines.back() == 300);
    }
}
