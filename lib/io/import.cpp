#include "io/import.hpp"

#include "io/input.hpp"

#include "core/atomic_file.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <iconv.h>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

namespace toro::io {
namespace {

constexpr std::size_t progress_every = 1000;

// UTF-8 text turned into a single-byte encoding for a rejects file; a character the encoding
// lacks becomes its nearest ASCII spelling or `?` (iconv's transliteration).
class Transcoder {
public:
    explicit Transcoder(const std::string& encoding)
    {
        if (encoding == "utf-8") {
            return;
        }
        const std::string target =
            (encoding == "cp1250" ? std::string("CP1250") : std::string("ISO-8859-2")) + "//TRANSLIT";
        m_handle = iconv_open(target.c_str(), "UTF-8");
        if (m_handle ==
            reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {  // NOLINT(performance-no-int-to-ptr)
            throw Error(Exit::internal, Message("encoding.cannot_write", {{"encoding", encoding}}));
        }
    }
    ~Transcoder()
    {
        if (m_handle !=
            reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {  // NOLINT(performance-no-int-to-ptr)
            iconv_close(m_handle);
        }
    }
    Transcoder(const Transcoder&) = delete;
    Transcoder& operator=(const Transcoder&) = delete;

    // `text` in the encoding (as it is for UTF-8).
    std::string operator()(const std::string& text)
    {
        if (m_handle ==
            reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {  // NOLINT(performance-no-int-to-ptr)
            return text;
        }
        std::string out(text.size() * 4 + 16, '\0');
        std::string in = text;
        char* in_pointer = in.data();
        std::size_t in_left = in.size();
        char* out_pointer = out.data();
        std::size_t out_left = out.size();
        iconv(m_handle, nullptr, nullptr, nullptr, nullptr);
        while (in_left > 0) {
            if (iconv(m_handle, &in_pointer, &in_left, &out_pointer, &out_left) == static_cast<std::size_t>(-1)) {
                if (errno == E2BIG || out_left == 0) {
                    break;
                }
                // Invalid UTF-8 (a field that was refused for it): one `?` for the byte.
                *out_pointer++ = '?';
                --out_left;
                ++in_pointer;
                --in_left;
            }
        }
        out.resize(out.size() - out_left);
        return out;
    }

private:
    iconv_t m_handle = reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1));  // NOLINT(performance-no-int-to-ptr)
};

// Rejected rows, written whole through an atomic file at the end. For CSV input: the original
// columns plus `line` and `error`, in the input's own dialect (encoding, separator, byte order
// mark, line ends), text cells that a spreadsheet would run as formulas behind an apostrophe;
// for JSON input: JSON Lines.
class RejectsFile {
public:
    RejectsFile(const std::string& path, std::vector<std::string> columns, const Dialect& dialect, unsigned mode)
        : m_file(path, static_cast<mode_t>(mode), true), m_columns(std::move(columns)), m_dialect(dialect),
          m_encode(dialect.encoding), m_out(m_file.stream())
    {
        if (m_columns.empty()) {
            return;
        }
        if (m_dialect.bom) {
            m_out << "\xEF\xBB\xBF";
        }
        for (const auto& column : m_columns) {
            write_field(column);
            m_out << m_dialect.separator;
        }
        m_out << "line" << m_dialect.separator << "error" << m_dialect.line_end;
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
            m_out << m_dialect.separator;
        }
        m_out << row.line << m_dialect.separator;
        write_field(error);
        m_out << m_dialect.line_end;
    }

    void finish() { m_file.commit(); }

private:
    void write_field(const std::string& utf8)
    {
        std::string text = m_encode(utf8);
        if (starts_formula(text)) {
            text.insert(0, 1, '\'');
        }
        if (text.find(m_dialect.separator) == std::string::npos && text.find_first_of("\"\r\n") == std::string::npos) {
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

    AtomicFile m_file;
    std::vector<std::string> m_columns;
    Dialect m_dialect;
    Transcoder m_encode;
    std::ostream& m_out;
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
        const std::string message = problem.message.text(Lang::en);  // a rejects file is for machines
        text += problem.field.empty() ? message : fmt::format("{}: {}", problem.field, message);
    }
    return text;
}

// Up to this many known columns are listed in full after an unknown one; an entity with more
// (an instrument has three spellings per rating) gets the close ones only.
constexpr std::size_t listed_columns = 24;

Message unknown_column_message(const std::string& column, const std::vector<std::string>& known)
{
    // The known columns nearest to it, when near enough: a quarter of its length, at least 1.
    const auto lower = ascii_lower(column);
    std::vector<std::string> lowered;
    for (const auto& name : known) {
        lowered.push_back(ascii_lower(name));
    }
    std::vector<std::string> close;
    for (const auto index : nearest(lower, lowered, std::max<std::size_t>(1, lower.size() / 4), 3)) {
        close.push_back(known[index]);
    }
    Message suggestion = Message::verbatim("");
    if (close.size() == 1) {
        suggestion = Message("import.did_you_mean.1", {{"a", close[0]}});
    } else if (close.size() == 2) {
        suggestion = Message("import.did_you_mean.2", {{"a", close[0]}, {"b", close[1]}});
    } else if (close.size() >= 3) {
        suggestion = Message("import.did_you_mean.3", {{"a", close[0]}, {"b", close[1]}, {"c", close[2]}});
    }
    if (known.size() <= listed_columns) {
        return Message(
            "import.unknown_column",
            {{"column", column}, {"suggestion", suggestion}, {"known", fmt::format("{}", fmt::join(known, ", "))}});
    }
    return Message("import.unknown_column_many",
                   {{"column", column}, {"suggestion", suggestion}, {"count", known.size()}});
}

// The columns a rejects file adds (`line` and `error`): ignored on import, so that a corrected
// rejects file imports as it is.
bool rejects_column(const std::string& column)
{
    return column == "line" || column == "error";
}

// Checks a CSV header against the entity: every unknown and every missing column at once.
void check_header(const std::vector<std::string>& header, const ImportSink& sink, const ImportOptions& options,
                  const std::string& source)
{
    const auto known = sink.known_columns();
    std::vector<Problem> problems;
    if (!options.ignore_unknown) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (std::find(known.begin(), known.end(), header[i]) == known.end() && !rejects_column(header[i]) &&
                !sink.accepts_column(header[i])) {
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
        problems.push_back(
            {1, 0, "", "",
             Message("import.missing_columns",
                     {{"count", missing.size()}, {"columns", fmt::format("{}", fmt::join(missing, ", "))}})});
    }
    if (!problems.empty()) {
        throw BatchError(source, std::move(problems));
    }
}

// JSON rows carry their own keys: unknown and missing ones are problems of that row.
// `known` and `required` are the sink's columns, asked for once per input.
void check_keys(const InputRow& row, const ImportSink& sink, const std::vector<std::string>& known,
                const std::vector<std::string>& required_columns, const ImportOptions& options,
                std::vector<Problem>& problems)
{
    if (!options.ignore_unknown) {
        for (const auto& [key, value] : row.fields.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end() && !rejects_column(key) &&
                !sink.accepts_column(key)) {
                problems.push_back({row.line, 0, key, "", Message("import.unknown_field", {{"field", key}})});
            }
        }
    }
    for (const auto& required : required_columns) {
        if (!row.fields.contains(required)) {
            problems.push_back({row.line, 0, required, "", Message("import.required_missing")});
        }
    }
}

// Puts each problem of a spreadsheet in its cell (see RowReader::cell).
void place(std::vector<Problem>& problems, const RowReader& reader)
{
    for (auto& problem : problems) {
        if (problem.cell.empty() && problem.line > 0) {
            problem.cell = reader.cell(problem.line, problem.field);
        }
    }
}

// The sink's preparation of a row (ImportSink::prepare); a row it cannot prepare is left for
// write() to do the work itself.
void prepare(const ImportSink& sink, InputRow& row) noexcept
{
    try {
        sink.prepare(row);
    } catch (...) {
        row.prepared.reset();
    }
}

// The rows of an input read, and each prepared by the sink (ImportSink::prepare), on a thread of
// its own while the rows before are written: batches of rows through a queue of bounded length,
// whose batches come back to be filled again (a row's buffers are reused). What the reader
// throws comes in the place of the row it stands for, as next() would have thrown it.
class ReadAhead {
public:
    ReadAhead(RowReader& reader, const ImportSink& sink) : m_reader(reader), m_sink(sink)
    {
        m_thread = std::thread([this] { read(); });
    }

    ~ReadAhead()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_room.notify_all();
        m_thread.join();
    }

    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // The next row, nullptr at the end; rethrows what the reader threw in its place. The row
    // stays valid until the next call.
    InputRow* next()
    {
        if (m_at == m_batch.count) {
            std::unique_lock lock(m_mutex);
            if (m_batch.count > 0) {
                m_spare.push_back(std::move(m_batch));
                if (m_spare.size() >= refill_batches) {
                    m_room.notify_one();
                }
            }
            m_ready.wait(lock, [this] { return !m_full.empty() || m_done; });
            if (m_full.empty()) {
                m_batch = {};
                m_at = 0;
                return nullptr;
            }
            m_batch = std::move(m_full.front());
            m_full.pop_front();
            m_at = 0;
        }
        auto& item = m_batch.items[m_at++];
        if (item.error) {
            std::rethrow_exception(item.error);
        }
        return &item.row;
    }

    // The reader's fraction_read() after the rows handed over so far were read.
    std::optional<double> fraction_read() const
    {
        const double fraction = m_fraction.load();
        return fraction < 0 ? std::nullopt : std::optional(fraction);
    }

private:
    struct Item {
        InputRow row;
        std::exception_ptr error;
    };
    struct Batch {
        std::vector<Item> items;
        std::size_t count = 0;  // the items filled
    };
    // A few hundred rows in all, so that a row is still in a cache shared by the two threads
    // when it is written; a reading thread that has filled them all sleeps until half of them
    // came back (one wake-up for several batches, not one for each).
    static constexpr std::size_t batch_rows = 64;
    static constexpr std::size_t max_batches = 8;
    static constexpr std::size_t refill_batches = max_batches / 2;

    // The thread: fills batches until the input ends, fails for good or the import stops.
    void read()
    {
        std::size_t batches = 0;
        std::optional<std::pair<std::size_t, std::string>> last_error;
        bool end = false;
        while (!end) {
            Batch batch;
            {
                std::unique_lock lock(m_mutex);
                if (batches == max_batches && m_spare.empty()) {
                    m_room.wait(lock, [&] { return m_closing || m_spare.size() >= refill_batches; });
                }
                if (m_closing) {
                    return;
                }
                if (!m_spare.empty()) {
                    batch = std::move(m_spare.back());
                    m_spare.pop_back();
                } else {
                    ++batches;
                }
            }
            batch.items.resize(batch_rows);
            batch.count = 0;
            while (batch.count < batch_rows && !end) {
                auto& item = batch.items[batch.count];
                item.error = nullptr;
                try {
                    if (!m_reader.next(item.row)) {
                        end = true;
                        break;
                    }
                    prepare(m_sink, item.row);
                    last_error.reset();
                } catch (const InputError& error) {
                    // The same error twice: the reader cannot go on (run_import stops there too).
                    const auto key = std::make_pair(error.line(), error.message());
                    end = last_error == key;
                    last_error = key;
                    item.error = std::current_exception();
                } catch (...) {
                    end = true;
                    item.error = std::current_exception();
                }
                ++batch.count;
            }
            const auto fraction = m_reader.fraction_read();
            m_fraction.store(fraction ? *fraction : -1.0);
            {
                const std::lock_guard lock(m_mutex);
                if (batch.count > 0) {
                    m_full.push_back(std::move(batch));
                }
                m_done = end;
            }
            m_ready.notify_one();
        }
    }

    RowReader& m_reader;
    const ImportSink& m_sink;
    std::mutex m_mutex;
    std::condition_variable m_ready;  // a batch is full, or the input ended
    std::condition_variable m_room;   // a batch came back, or the import stops
    std::deque<Batch> m_full;
    std::vector<Batch> m_spare;
    bool m_done = false;
    bool m_closing = false;
    std::atomic<double> m_fraction{-1.0};
    Batch m_batch;  // the one being handed out
    std::size_t m_at = 0;
    std::thread m_thread;  // last: it starts when the rest is ready
};

}  // namespace

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

// Long, as every row goes through the same steps in one loop (header, encoding, row, sink,
// rejects file, progress), and the engine's state stays in one place.
ImportSummary run_import(RowReader& input, const std::string& path, ImportSink& sink, const ImportOptions& options)
{
    ImportSummary summary;
    summary.source = path;
    auto* reader = &input;
    const auto header = reader->columns();
    const bool csv = !header.empty();
    if (csv) {
        try {
            check_header(header, sink, options, path);
        } catch (const BatchError& error) {
            auto problems = error.problems();
            place(problems, *reader);
            throw BatchError(error.source(), std::move(problems));
        }
    }
    std::optional<RejectsFile> rejects;
    if (options.on_error == OnError::skip && options.rejects_path) {
        // The `line` and `error` of a rejects file read again are replaced by the new ones.
        const auto known_columns = sink.known_columns();
        std::vector<std::string> columns;
        for (const auto& column : header) {
            if (!rejects_column(column) ||
                std::find(known_columns.begin(), known_columns.end(), column) != known_columns.end()) {
                columns.push_back(column);
            }
        }
        rejects.emplace(*options.rejects_path, std::move(columns), reader->dialect(), options.rejects_mode);
    }

    const auto known = sink.known_columns();
    const auto required = sink.required_columns();
    // A file is read ahead on a thread of its own, unless the caller has no core for it
    // (options.read_ahead); a pipe, which may wait for its writer, here.
    std::optional<ReadAhead> ahead;
    if (reader->from_file() && options.read_ahead) {
        try {
            ahead.emplace(*reader, sink);
        } catch (const std::system_error&) {
            // no thread to be had: the rows are read here
        }
    }
    InputRow own_row;
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
        InputRow* next_row = &own_row;
        try {
            if (ahead) {
                next_row = ahead->next();
            } else if (reader->next(own_row)) {
                prepare(sink, own_row);
            } else {
                next_row = nullptr;
            }
            if (next_row == nullptr) {
                break;
            }
        } catch (const InputError& error) {
            // The same error twice means the reader cannot go on (an unclosed quote, say).
            const auto key = std::make_pair(error.line(), error.message());
            keep(summary, {error.line(), error.column(), error.field(), error.value(), error.words(), error.cell()});
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
        const InputRow& row = *next_row;
        ++rows;
        if (options.progress && rows % progress_every == 0) {
            options.progress(rows, ahead ? ahead->fraction_read() : reader->fraction_read());
        }
        std::vector<Problem> problems;
        if (!csv) {
            check_keys(row, sink, known, required, options, problems);
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
                problems.push_back({row.line, 0, "", "", Message("import.row_refused")});
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
        case Outcome::inserted:
            ++summary.inserted;
            break;
        case Outcome::updated:
            ++summary.updated;
            break;
        case Outcome::unchanged:
            ++summary.unchanged;
            break;
        case Outcome::pending:
            break;
        }
    }
    ahead.reset();  // the reading thread has ended: the reader is this thread's again
    sink.finish(summary);
    settle();
    place(summary.errors, *reader);
    place(summary.warnings, *reader);
    summary.encoding = reader->encoding();
    if (options.progress) {
        options.progress(rows, reader->fraction_read());
    }
    if (rejects) {
        rejects->finish();
    }
    return summary;
}

void warnings_as_errors(ImportSummary& summary)
{
    summary.problem_count += summary.warning_count;
    for (auto& warning : summary.warnings) {
        summary.errors.push_back(std::move(warning));
    }
    summary.warnings.clear();
    summary.warning_count = 0;
}

}  // namespace toro::io
