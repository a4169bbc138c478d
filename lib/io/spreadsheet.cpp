#include "io/spreadsheet.hpp"

#include "core/error.hpp"
#include "core/shared_library.hpp"
#include "core/text.hpp"
#include "io/form_layout.hpp"
#include "io/input.hpp"
#include "io/workbook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace toro::io {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The module

// Where the module is: beside the program as installed (TORO_MODULE_DIR, relative to the
// program's folder: the build tree has the same layout), else where it was to be installed.
fs::path module_path()
{
    std::error_code error;
    const auto program = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const auto beside = program.parent_path() / TORO_MODULE_DIR / TORO_WORKBOOK_MODULE;
        if (fs::exists(beside, error)) {
            return beside;
        }
    }
    return fs::path(TORO_MODULE_INSTALL_DIR) / TORO_WORKBOOK_MODULE;
}

workbook::OpenFunction* open_function()
{
    static workbook::OpenFunction* open = nullptr;
    if (open == nullptr) {
        const auto path = module_path();
        open = library_function<workbook::OpenFunction>(path.c_str(), workbook::open_symbol);
    }
    return open;
}

// A scratch folder: $TMPDIR, else /tmp.
std::string scratch_folder()
{
    const char* tmpdir = std::getenv("TMPDIR");
    return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

// Standard input or a pipe copied to a file of our own (the module reads files), removed when
// this goes out of scope.
class Spooled {
public:
    Spooled(std::unique_ptr<std::istream> in, const std::string& path)
    {
        std::error_code error;
        if (path != "-" && fs::is_regular_file(path, error)) {
            m_path = path;
            return;
        }
        std::string pattern = scratch_folder() + "/toro-input-XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) {
            const int reason = errno;
            throw Error(Exit::io, path,
                        Message("workbook.cannot_copy", {{"folder", scratch_folder()}, {"reason", os_error(reason)}}));
        }
        ::close(fd);
        m_path = m_copy = pattern;
        std::ofstream out(m_copy, std::ios::binary);
        char buffer[65536];
        while (const auto count = read_chunk(*in, buffer, sizeof buffer, path)) {
            out.write(buffer, static_cast<std::streamsize>(count));
        }
        if (!out.flush()) {
            throw Error(Exit::io, path, Message("workbook.cannot_copy_to", {{"file", m_copy}}));
        }
    }
    ~Spooled()
    {
        if (!m_copy.empty()) {
            ::unlink(m_copy.c_str());
        }
    }
    Spooled(const Spooled&) = delete;
    Spooled& operator=(const Spooled&) = delete;

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::string m_copy;
};

// An open workbook and the file it was read from.
struct Opened {
    std::unique_ptr<Spooled> file;
    std::unique_ptr<workbook::Workbook> book;
};

Opened open_book(std::unique_ptr<std::istream> in, const std::string& path, Format format)
{
    Opened opened;
    opened.file = std::make_unique<Spooled>(std::move(in), path);
    std::string error;
    auto* open = open_function();
    opened.book.reset(open(opened.file->path().c_str(),
                           format == Format::ods ? workbook::Format::ods : workbook::Format::xlsx, &error));
    if (!opened.book) {
        throw Error(Exit::data, path,
                    error.empty()
                        ? Message("workbook.unreadable_bare", {{"kind", format == Format::ods ? ".ods" : ".xlsx"}})
                        : Message("workbook.unreadable", {{"kind", format == Format::ods ? ".ods" : ".xlsx"},
                                                          {"reason", Message::verbatim(error)}}));
    }
    return opened;
}

std::string cell_text(const workbook::Cell& cell)
{
    return cell.kind == workbook::Kind::text ? std::string(trim(cell.text)) : cell.text;
}

// ---------------------------------------------------------------------------------------------
// A plain sheet: the first row names the columns; the rows below are read as they come, by the
// module in a thread of its own, through a queue of bounded length.

class RowQueue {
public:
    // Adds a batch; false when the reader is closing (the module should stop).
    bool push(std::vector<workbook::Row>&& batch)
    {
        std::unique_lock lock(m_mutex);
        m_room.wait(lock, [this] { return m_batches.size() < max_batches || m_closing; });
        if (m_closing) {
            return false;
        }
        m_batches.push_back(std::move(batch));
        m_ready.notify_one();
        return true;
    }

    void finish(std::string error)
    {
        const std::lock_guard lock(m_mutex);
        m_done = true;
        m_error = std::move(error);
        m_ready.notify_one();
    }

    // The next batch; false at the end (then error() says whether the reading failed).
    bool pop(std::vector<workbook::Row>& batch)
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_batches.empty() || m_done; });
        if (m_batches.empty()) {
            return false;
        }
        batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_room.notify_one();
        return true;
    }

    void close()
    {
        const std::lock_guard lock(m_mutex);
        m_closing = true;
        m_room.notify_all();
    }

    std::string error()
    {
        const std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    static constexpr std::size_t max_batches = 64;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_room;
    std::deque<std::vector<workbook::Row>> m_batches;
    bool m_done = false;
    bool m_closing = false;
    std::string m_error;
};

class QueueReceiver : public workbook::Receiver {
public:
    explicit QueueReceiver(RowQueue& queue) : m_queue(queue) {}

    bool row(workbook::Row& row) override
    {
        m_batch.push_back(std::move(row));
        if (m_batch.size() < batch_rows) {
            return true;
        }
        return flush();
    }

    bool flush()
    {
        if (m_batch.empty()) {
            return true;
        }
        const bool more = m_queue.push(std::move(m_batch));
        m_batch.clear();
        return more;
    }

private:
    static constexpr std::size_t batch_rows = 256;
    RowQueue& m_queue;
    std::vector<workbook::Row> m_batch;
};

class SheetRows : public RowReader {
public:
    SheetRows(std::string path, Opened opened, std::uint32_t sheet)
        : m_path(std::move(path)), m_opened(std::move(opened)), m_sheet(sheet),
          m_sheet_name(m_opened.book->info().sheets.at(sheet)), m_extent(m_opened.book->info().rows.at(sheet))
    {
        m_thread = std::thread([this] {
            QueueReceiver receiver(m_queue);
            std::string error = m_opened.book->rows(m_sheet, receiver);
            receiver.flush();
            m_queue.finish(std::move(error));
        });
        try {
            workbook::Row header;
            if (!take(header)) {
                throw InputError(m_path, 0, 0, Message("workbook.empty_sheet", {{"sheet", m_sheet_name}}));
            }
            read_header(header);
        } catch (...) {
            stop();  // the reading thread ends before this object is given up
            throw;
        }
    }

    ~SheetRows() override { stop(); }
    SheetRows(const SheetRows&) = delete;
    SheetRows& operator=(const SheetRows&) = delete;

    bool next(InputRow& row) override
    {
        workbook::Row read;
        if (!take(read)) {
            return false;
        }
        row.line = read.row + 1;
        if (!row.fields.is_object() || row.fields.size() != m_columns.size()) {
            row.fields = nlohmann::ordered_json::object();
            for (const auto& column : m_columns) {
                row.fields.emplace(column, std::string());
            }
        }
        for (auto& item : row.fields.items()) {
            item.value().get_ref<std::string&>().clear();
        }
        for (auto& cell : read.cells) {
            const auto column = cell.column < m_by_column.size() ? m_by_column[cell.column] : none;
            if (column == none) {
                throw InputError(m_path, row.line, 0, Message("workbook.no_heading"))
                    .in_cell(cell_name(m_sheet_name, cell.column, read.row), cell.text);
            }
            row.fields[m_columns[column]].get_ref<std::string&>() = cell_text(cell);
        }
        return true;
    }

    std::vector<std::string> columns() const override { return m_columns; }
    std::string_view encoding() const override { return "utf-8"; }
    std::optional<double> fraction_read() const override
    {
        return m_extent == 0 ? std::nullopt
                             : std::optional(std::min(1.0, static_cast<double>(m_last_row + 1) / m_extent));
    }

    std::string cell(std::size_t line, const std::string& field) const override
    {
        if (line == 0) {
            return {};
        }
        const auto row = static_cast<std::uint32_t>(line - 1);
        auto found = m_column_of.find(field);
        if (found == m_column_of.end() && field.starts_with("spent:")) {
            found = m_column_of.find("amount");  // the long layout's amount of a category
        }
        if (found == m_column_of.end() && !field.empty() && m_column_of.count("value") != 0) {
            found = m_column_of.find("value");  // the long layout's value of an indicator
        }
        if (found == m_column_of.end()) {
            return fmt::format("{}!{}:{}", sheet_reference(m_sheet_name), line, line);  // the whole row
        }
        return cell_name(m_sheet_name, found->second, row);
    }

private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    bool take(workbook::Row& row)
    {
        while (m_at == m_batch.size()) {
            m_batch.clear();
            m_at = 0;
            if (!m_queue.pop(m_batch)) {
                if (auto error = m_queue.error(); !error.empty()) {
                    throw Error(Exit::data, m_path,
                                Message("workbook.sheet_unreadable",
                                        {{"sheet", m_sheet_name}, {"reason", Message::verbatim(error)}}));
                }
                return false;
            }
        }
        row = std::move(m_batch[m_at++]);
        m_last_row = row.row;
        return true;
    }

    void read_header(const workbook::Row& header)
    {
        std::vector<Problem> problems;
        for (const auto& cell : header.cells) {
            std::string name = ascii_lower(trim(cell.text));
            if (name.empty()) {
                continue;
            }
            if (m_column_of.count(name) != 0) {
                problems.push_back({header.row + 1, cell.column + 1, name, cell.text, Message("workbook.heading_twice"),
                                    cell_name(m_sheet_name, cell.column, header.row)});
                continue;
            }
            if (m_by_column.size() <= cell.column) {
                m_by_column.resize(cell.column + 1, none);
            }
            m_by_column[cell.column] = m_columns.size();
            m_column_of.emplace(name, cell.column);
            m_columns.push_back(std::move(name));
        }
        if (!problems.empty()) {
            throw BatchError(m_path, std::move(problems));
        }
    }

    void stop()
    {
        m_queue.close();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    std::string m_path;
    Opened m_opened;
    std::uint32_t m_sheet;
    std::string m_sheet_name;
    std::uint32_t m_extent;
    RowQueue m_queue;
    std::thread m_thread;
    std::vector<workbook::Row> m_batch;
    std::size_t m_at = 0;
    std::uint32_t m_last_row = 0;
    std::vector<std::string> m_columns;                // the headings, lower-cased, in order
    std::vector<std::size_t> m_by_column;              // column -> index into m_columns (none)
    std::map<std::string, std::uint32_t> m_column_of;  // heading -> column
};

// ---------------------------------------------------------------------------------------------
// A report form: its description says where everything stands.

struct Address {
    std::uint32_t column = 0;
    std::uint32_t row = 0;
    bool valid = false;
};

// "F14" as a column and a row (0-based); invalid for anything else.
Address parse_address(std::string_view text)
{
    Address address;
    std::size_t i = 0;
    std::uint64_t column = 0;
    while (i < text.size() && text[i] >= 'A' && text[i] <= 'Z' && column < 100000) {
        column = column * 26 + static_cast<std::uint64_t>(text[i++] - 'A' + 1);
    }
    std::uint64_t row = 0;
    const std::size_t digits = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && row < 10000000) {
        row = row * 10 + static_cast<std::uint64_t>(text[i++] - '0');
    }
    if (column == 0 || row == 0 || i == digits || i != text.size()) {
        return address;
    }
    return {static_cast<std::uint32_t>(column - 1), static_cast<std::uint32_t>(row - 1), true};
}

// The cells of a small sheet, by position.
class SheetCells : public workbook::Receiver {
public:
    bool row(workbook::Row& row) override
    {
        for (auto& cell : row.cells) {
            if (++m_count > workbook::meta_cells_max) {
                return false;
            }
            m_cells[{row.row, cell.column}] = std::move(cell);
        }
        return true;
    }
    bool overflowed() const { return m_count > workbook::meta_cells_max; }
    const workbook::Cell* at(const Address& address) const
    {
        const auto found = m_cells.find({address.row, address.column});
        return found == m_cells.end() ? nullptr : &found->second;
    }

private:
    std::map<std::pair<std::uint32_t, std::uint32_t>, workbook::Cell> m_cells;
    std::size_t m_count = 0;
};

// One figure line of a form.
struct FormLine {
    bool category = false;
    std::string code;
    Address code_cell;
    Address value_cell;
};

class FormRows : public RowReader {
public:
    FormRows(const std::string& path, Opened opened) : m_path(path), m_opened(std::move(opened))
    {
        read_description();
        SheetCells cells;
        const auto error = m_opened.book->rows(m_sheet, cells);
        if (!error.empty()) {
            throw Error(
                Exit::data, m_path,
                Message("workbook.sheet_unreadable", {{"sheet", m_sheet_name}, {"reason", Message::verbatim(error)}}));
        }
        if (cells.overflowed()) {
            throw Error(Exit::data, m_path, Message("workbook.form_too_large", {{"sheet", m_sheet_name}}));
        }
        check_structure(cells);
        make_rows(cells);
    }

    bool next(InputRow& row) override
    {
        if (m_next == m_rows.size()) {
            return false;
        }
        row = std::move(m_rows[m_next++]);
        return true;
    }

    std::vector<std::string> columns() const override
    {
        return {"venture", "period", "indicator", "value", "category", "amount", "submitted_on", "note"};
    }
    std::string_view encoding() const override { return "utf-8"; }
    std::optional<double> fraction_read() const override
    {
        return m_rows.empty() ? 1.0 : static_cast<double>(m_next) / static_cast<double>(m_rows.size());
    }

    std::string cell(std::size_t line, const std::string& field) const override
    {
        const auto at = [this](const Address& address) { return cell_name(m_sheet_name, address.column, address.row); };
        if (field == "venture") {
            return at(m_venture_cell);
        }
        if (field == "period") {
            return at(m_period_cell);
        }
        if (field == "submitted_on") {
            return at(m_submitted_cell);
        }
        if (field == "note") {
            return at(m_note_cell);
        }
        for (const auto& figure : m_lines) {
            if (figure.value_cell.row + 1 == line) {
                return field == "indicator" || field == "category" ? at(figure.code_cell) : at(figure.value_cell);
            }
        }
        return line == 0 ? std::string() : at({0, static_cast<std::uint32_t>(line - 1), true});
    }

private:
    [[noreturn]] void broken(const Message& message) const
    {
        throw Error(Exit::data, m_path,
                    Message("workbook.description_damaged",
                            {{"sheet", std::string(workbook::meta_sheet)}, {"reason", message}}));
    }

    void read_description()
    {
        const auto& info = m_opened.book->info();
        bool marked = false;
        for (const auto& row : info.meta) {
            std::vector<std::string> values(4);
            for (const auto& cell : row.cells) {
                if (cell.column < values.size()) {
                    values[cell.column] = cell.text;
                }
            }
            const std::string_view key = values[0];
            if (key == form::marker) {
                marked = true;
                if (values[1] != std::to_string(form::version)) {
                    broken(Message("workbook.form_version", {{"version", values[1]}, {"known", form::version}}));
                }
            } else if (key == form::sheet_key) {
                m_sheet_name = values[1];
            } else if (key == form::venture_key || key == form::period_key || key == form::submitted_on_key ||
                       key == form::note_key) {
                const auto address = parse_address(values[2]);
                if (!address.valid) {
                    broken(Message("workbook.not_a_cell", {{"cell", values[2]}}));
                }
                if (key == form::venture_key) {
                    m_venture = values[1];
                    m_venture_cell = address;
                } else if (key == form::period_key) {
                    m_period = values[1];
                    m_period_cell = address;
                } else if (key == form::submitted_on_key) {
                    m_submitted_cell = address;
                } else {
                    m_note_cell = address;
                }
            } else if (key == form::indicator_key || key == form::category_key) {
                FormLine line{key == form::category_key, values[1], parse_address(values[2]), parse_address(values[3])};
                if (!line.code_cell.valid || !line.value_cell.valid || line.code.empty()) {
                    broken(Message("workbook.line_without_cells", {{"code", values[1]}}));
                }
                m_lines.push_back(std::move(line));
            }
        }
        if (!marked || m_sheet_name.empty() || m_venture.empty() || m_period.empty() || !m_submitted_cell.valid ||
            !m_note_cell.valid) {
            broken(Message("workbook.description_incomplete"));
        }
        const auto found = std::find(info.sheets.begin(), info.sheets.end(), m_sheet_name);
        if (found == info.sheets.end()) {
            throw Error(Exit::data, m_path,
                        Message("workbook.form_sheet_missing",
                                {{"venture", m_venture}, {"period", m_period}, {"sheet", m_sheet_name}}));
        }
        m_sheet = static_cast<std::uint32_t>(found - info.sheets.begin());
    }

    std::string text_at(const SheetCells& cells, const Address& address) const
    {
        const auto* cell = cells.at(address);
        return cell == nullptr ? std::string() : cell_text(*cell);
    }

    Problem problem(const Address& address, std::string field, std::string value, Message message) const
    {
        return {address.row + 1,    0,
                std::move(field),   std::move(value),
                std::move(message), cell_name(m_sheet_name, address.column, address.row)};
    }

    // Every code, the venture and the month must stand where the description says.
    void check_structure(const SheetCells& cells)
    {
        std::vector<Problem> problems;
        const auto venture = text_at(cells, m_venture_cell);
        if (venture != m_venture) {
            problems.push_back(
                problem(m_venture_cell, "venture", venture,
                        venture.empty()
                            ? Message("workbook.other_venture_blank", {{"venture", m_venture}, {"period", m_period}})
                            : Message("workbook.other_venture",
                                      {{"venture", m_venture}, {"period", m_period}, {"other", venture}})));
        }
        const auto period = text_at(cells, m_period_cell);
        if (period.substr(0, 7) != m_period) {
            problems.push_back(
                problem(m_period_cell, "period", period,
                        Message(period.empty() ? Key("workbook.month_blank") : Key("workbook.month_changed"),
                                {{"venture", m_venture}, {"period", m_period}})));
        }
        for (const auto& line : m_lines) {
            const auto code = text_at(cells, line.code_cell);
            if (code != line.code) {
                problems.push_back(
                    problem(line.code_cell, line.category ? "category" : "indicator", code,
                            Message(line.category ? Key("workbook.category_moved") : Key("workbook.indicator_moved"),
                                    {{"code", line.code}, {"venture", m_venture}, {"period", m_period}})));
            }
        }
        if (!problems.empty()) {
            throw BatchError(m_path, std::move(problems));
        }
    }

    void make_rows(const SheetCells& cells)
    {
        const auto submitted_on = text_at(cells, m_submitted_cell);
        const auto note = text_at(cells, m_note_cell);
        for (const auto& line : m_lines) {
            const auto value = text_at(cells, line.value_cell);
            if (value.empty()) {
                continue;
            }
            InputRow row;
            row.line = line.value_cell.row + 1;
            row.fields = nlohmann::ordered_json::object();
            row.fields["venture"] = m_venture;
            row.fields["period"] = m_period;
            row.fields["indicator"] = line.category ? "" : line.code;
            row.fields["value"] = line.category ? "" : value;
            row.fields["category"] = line.category ? line.code : "";
            row.fields["amount"] = line.category ? value : "";
            row.fields["submitted_on"] = submitted_on;
            row.fields["note"] = note;
            m_rows.push_back(std::move(row));
        }
        if (m_rows.empty()) {
            const auto first = m_lines.empty() ? m_submitted_cell : m_lines.front().value_cell;
            throw BatchError(m_path,
                             {problem(first, "", "",
                                      Message("workbook.form_empty", {{"venture", m_venture}, {"period", m_period}}))});
        }
    }

    std::string m_path;
    Opened m_opened;
    std::string m_sheet_name;
    std::uint32_t m_sheet = 0;
    std::string m_venture;
    std::string m_period;
    Address m_venture_cell;
    Address m_period_cell;
    Address m_submitted_cell;
    Address m_note_cell;
    std::vector<FormLine> m_lines;
    std::vector<InputRow> m_rows;
    std::size_t m_next = 0;
};

}  // namespace

std::string column_name(std::uint32_t column)
{
    std::string name;
    for (std::uint64_t n = std::uint64_t{column} + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

std::string sheet_reference(std::string_view sheet)
{
    const bool plain = !sheet.empty() && std::all_of(sheet.begin(), sheet.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               (static_cast<unsigned char>(c) & 0x80U) != 0;
    });
    std::string quoted;
    if (!plain) {
        quoted = "'";
        for (const char c : sheet) {
            quoted += c;
            if (c == '\'') {
                quoted += '\'';
            }
        }
        quoted += "'";
    }
    return plain ? std::string(sheet) : quoted;
}

std::string cell_name(std::string_view sheet, std::uint32_t column, std::uint32_t row)
{
    return fmt::format("{}!{}{}", sheet_reference(sheet), column_name(column), std::uint64_t{row} + 1);
}

std::optional<Format> workbook_format(std::string_view head)
{
    if (!head.starts_with(std::string_view("PK\x03\x04", 4))) {
        return std::nullopt;
    }
    // An OpenDocument package starts with an uncompressed `mimetype` member (ODF 1.2 part 3,
    // 3.3): its name at byte 30, its content right after it.
    constexpr std::string_view mimetype = "mimetype";
    constexpr std::string_view spreadsheet = "application/vnd.oasis.opendocument.spreadsheet";
    if (head.size() >= 38 + spreadsheet.size() && head.substr(30, mimetype.size()) == mimetype &&
        head.substr(38, spreadsheet.size()) == spreadsheet) {
        return Format::ods;
    }
    return Format::xlsx;
}

std::unique_ptr<RowReader> open_workbook(std::unique_ptr<std::istream> in, const std::string& path, Format format)
{
    auto opened = open_book(std::move(in), path, format);
    const auto& info = opened.book->info();
    if (info.sheets.empty()) {
        throw Error(Exit::data, path, Message("workbook.no_sheets"));
    }
    if (info.has_meta) {
        return std::make_unique<FormRows>(path, std::move(opened));
    }
    return std::make_unique<SheetRows>(path, std::move(opened), 0);
}

}  // namespace toro::io
