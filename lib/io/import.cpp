#include "io/import.hpp"

#include "io/input.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <set>
#include <unistd.h>

namespace toro::io {
namespace {

constexpr std::size_t progress_every = 1000;

// Rejected rows, written to a temporary file renamed into place at the end: CSV with the
// original columns plus `line` and `error` for CSV input, JSON Lines for JSON input.
class RejectsFile {
public:
    RejectsFile(const std::string& path, std::vector<std::string> columns)
        : m_path(path), m_temporary(fmt::format("{}.tmp-{}", path, ::getpid())), m_columns(std::move(columns)),
          m_out(m_temporary, std::ios::binary | std::ios::trunc)
    {
        if (!m_out) {
            throw Error(Exit::cant_create, path, "cannot create the rejects file");
        }
        if (!m_columns.empty()) {
            for (const auto& column : m_columns) {
                write_field(column);
                m_out << ',';
            }
            m_out << "line,error\r\n";
        }
    }

    ~RejectsFile()
    {
        if (!m_finished) {
            m_out.close();
            std::error_code ignored;
            std::filesystem::remove(m_temporary, ignored);
        }
    }

    RejectsFile(const RejectsFile&) = delete;
    RejectsFile& operator=(const RejectsFile&) = delete;

    void add(const InputRow& row, const std::string& error)
    {
        if (m_columns.empty()) {
            auto object = row.fields.is_object() ? row.fields : nlohmann::ordered_json::object();
            object["line"] = row.line;
            object["error"] = error;
            m_out << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
            return;
        }
        for (const auto& column : m_columns) {
            const auto found = row.fields.find(column);
            write_field(found == row.fields.end() ? std::string() : field_text(*found));
            m_out << ',';
        }
        m_out << row.line << ',';
        write_field(error);
        m_out << "\r\n";
    }

    void finish()
    {
        m_out.flush();
        if (!m_out) {
            throw Error(Exit::io, m_path, "cannot write the rejects file");
        }
        m_out.close();
        std::filesystem::rename(m_temporary, m_path);
        m_finished = true;
    }

private:
    void write_field(const std::string& text)
    {
        if (text.find_first_of(",\"\r\n") == std::string::npos) {
            m_out << text;
            return;
        }
        m_out << '"';
        for (char c : text) {
            m_out << c;
            if (c == '"') {
                m_out << '"';
            }
        }
        m_out << '"';
    }

    std::string m_path;
    std::string m_temporary;
    std::vector<std::string> m_columns;
    std::ofstream m_out;
    bool m_finished = false;
};

void keep(ImportSummary& summary, Problem problem)
{
    ++summary.problem_count;
    if (summary.errors.size() < max_kept_problems) {
        summary.errors.push_back(std::move(problem));
    }
}

std::string join_messages(const std::vector<Problem>& problems)
{
    std::string text;
    for (const auto& problem : problems) {
        text += text.empty() ? "" : "; ";
        text += problem.field.empty() ? problem.message : fmt::format("{}: {}", problem.field, problem.message);
    }
    return text;
}

// Up to this many known columns are listed in full after an unknown one; an entity with more
// (an instrument has three spellings per rating) gets the close ones only.
constexpr std::size_t listed_columns = 24;

std::string unknown_column_message(const std::string& column, const std::vector<std::string>& known)
{
    // The known columns nearest to it, when near enough: a quarter of its length, at least 1.
    const auto lower = ascii_lower(column);
    std::vector<std::string> lowered;
    for (const auto& name : known) {
        lowered.push_back(ascii_lower(name));
    }
    std::vector<std::string> close;
    for (const auto index : nearest(lower, lowered, std::max<std::size_t>(1, lower.size() / 4), 3)) {
        close.push_back(fmt::format("'{}'", known[index]));
    }
    const auto suggestion = close.empty() ? std::string() : fmt::format("did you mean {}? ", fmt::join(close, " or "));
    if (known.size() <= listed_columns) {
        return fmt::format("unknown column '{}' ({}known: {}; --ignore-unknown skips it)", column, suggestion,
                           fmt::join(known, ", "));
    }
    return fmt::format("unknown column '{}' ({}{} columns are known; --ignore-unknown skips it)", column, suggestion,
                       known.size());
}

// Checks a CSV header against the entity: every unknown and every missing column at once.
void check_header(const std::vector<std::string>& header, const ImportSink& sink, const ImportOptions& options,
                  const std::string& source)
{
    const auto known = sink.known_columns();
    std::vector<Problem> problems;
    if (!options.ignore_unknown) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (std::find(known.begin(), known.end(), header[i]) == known.end()) {
                problems.push_back({1, i + 1, header[i], "", unknown_column_message(header[i], known)});
            }
        }
    }
    std::vector<std::string> missing;
    for (const auto& required : sink.required_columns()) {
        if (std::find(header.begin(), header.end(), required) == header.end()) {
            missing.push_back(required);
        }
    }
    if (!missing.empty()) {
        problems.push_back({1, 0, "", "",
                            fmt::format("missing required column{}: {}", missing.size() == 1 ? "" : "s",
                                        fmt::join(missing, ", "))});
    }
    if (!problems.empty()) {
        throw BatchError(source, std::move(problems));
    }
}

// JSON rows carry their own keys: unknown and missing ones are problems of that row.
// `known` and `required` are the sink's columns, asked for once per input.
void check_keys(const InputRow& row, const std::vector<std::string>& known, const std::vector<std::string>& required_columns,
                const ImportOptions& options, std::vector<Problem>& problems)
{
    if (!options.ignore_unknown) {
        for (const auto& [key, value] : row.fields.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                problems.push_back({row.line, 0, key, "", fmt::format("unknown field '{}'", key)});
            }
        }
    }
    for (const auto& required : required_columns) {
        if (!row.fields.contains(required)) {
            problems.push_back({row.line, 0, required, "", "required field is missing"});
        }
    }
}

} // namespace

std::string field_text(const nlohmann::ordered_json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_null()) {
        return {};
    }
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

ImportSummary run_import(const std::string& path, ImportSink& sink, const ImportOptions& options)
{
    auto reader = open_rows(path, options.input);
    return run_import(*reader, path, sink, options);
}

ImportSummary run_import(RowReader& input, const std::string& path, ImportSink& sink, const ImportOptions& options)
{
    ImportSummary summary;
    summary.source = path;
    auto* reader = &input;
    const auto header = reader->columns();
    const bool csv = !header.empty();
    if (csv) {
        check_header(header, sink, options, path);
    }
    std::optional<RejectsFile> rejects;
    if (options.on_error == OnError::skip && options.rejects_path) {
        rejects.emplace(*options.rejects_path, header);
    }

    const auto known = sink.known_columns();
    const auto required = sink.required_columns();
    InputRow row;
    // Copies of the rows the sink holds, kept for the rejects file only: a sink may refuse
    // them together later (see ImportSink::take_refusal).
    std::deque<InputRow> held;
    const auto settle = [&] {
        while (auto refusal = sink.take_refusal()) {
            const auto message = join_messages(refusal->problems);
            for (const auto line : refusal->lines) {
                ++summary.rejected;
                if (!rejects) {
                    continue;
                }
                const auto found =
                    std::find_if(held.begin(), held.end(), [line](const InputRow& kept) { return kept.line == line; });
                if (found != held.end()) {
                    rejects->add(*found, message);
                }
            }
            for (auto& problem : refusal->problems) {
                keep(summary, std::move(problem));
            }
        }
        const auto since = sink.holding_since();
        while (!held.empty() && (since == 0 || held.front().line < since)) {
            held.pop_front();
        }
    };
    std::size_t rows = 0;
    std::optional<std::pair<std::size_t, std::string>> last_input_error;
    while (true) {
        try {
            if (!reader->next(row)) {
                break;
            }
        } catch (const InputError& error) {
            // The same error twice means the reader cannot go on (an unclosed quote, say).
            const auto key = std::make_pair(error.line(), error.message());
            keep(summary, {error.line(), error.column(), error.field(), "", error.message()});
            ++summary.rejected;
            if (last_input_error == key) {
                --summary.rejected;
                --summary.problem_count;
                summary.errors.pop_back();
                break;
            }
            last_input_error = key;
            continue;
        }
        ++rows;
        if (options.progress && rows % progress_every == 0) {
            options.progress(rows, reader->fraction_read());
        }
        std::vector<Problem> problems;
        if (!csv) {
            check_keys(row, known, required, options, problems);
        }
        std::optional<Outcome> outcome;
        if (problems.empty()) {
            outcome = sink.write(row, problems);
        }
        if (rejects && outcome == Outcome::pending) {
            held.push_back(row);
        }
        settle();
        if (!outcome) {
            if (problems.empty()) {
                problems.push_back({row.line, 0, "", "", "the row was refused"});
            }
            ++summary.rejected;
            if (rejects) {
                rejects->add(row, join_messages(problems));
            }
            for (auto& problem : problems) {
                if (problem.line == 0) {
                    problem.line = row.line;
                }
                keep(summary, std::move(problem));
            }
            continue;
        }
        switch (*outcome) {
        case Outcome::inserted: ++summary.inserted; break;
        case Outcome::updated: ++summary.updated; break;
        case Outcome::unchanged: ++summary.unchanged; break;
        case Outcome::pending: break;
        }
    }
    sink.finish(summary);
    settle();
    summary.encoding = reader->encoding();
    if (options.progress) {
        options.progress(rows, reader->fraction_read());
    }
    if (rejects) {
        rejects->finish();
    }
    return summary;
}

} // namespace toro::io
