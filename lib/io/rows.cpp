#include "io/rows.hpp"

#include "core/text.hpp"
#include "io/csv_reader.hpp"
#include "io/encoding.hpp"
#include "io/input.hpp"
#include "io/json_reader.hpp"
#include "io/spreadsheet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace toro::io {

namespace {

class CsvRows : public RowReader {
public:
    CsvRows(std::unique_ptr<std::istream> in, const std::string& path, const InputOptions& options, std::uintmax_t size,
            const Dialect& bytes)
        : m_stream(in.get()), m_reader(std::move(in), path, CsvOptions{options.separator, options.encoding}),
          m_dialect(bytes)
    {
        track(m_stream, size);
    }

    bool next(InputRow& row) override
    {
        if (!m_reader.next(m_record)) {
            return false;
        }
        const auto& header = m_reader.header();
        row.line = m_record.line;
        if (!reuse(row.fields, header)) {
            row.fields = nlohmann::ordered_json::object();
            for (std::size_t i = 0; i < header.size(); ++i) {
                row.fields.emplace(header[i], std::string());
            }
        }
        // The row's object keeps its keys from one record to the next; only the strings are
        // exchanged, so a record costs no allocation once the buffers have grown. A field that
        // fits in the row's string is copied into it: swapping two short strings, each held in
        // place, moves their bytes three times.
        std::size_t i = 0;
        for (auto& item : row.fields.items()) {
            auto& field = item.value().get_ref<std::string&>();
            auto& read = m_record.fields[i++];
            if (read.size() <= field.capacity()) {
                field.assign(read);
            } else {
                field.swap(read);
            }
            // The apostrophe a spreadsheet-safe export put before a formula character, or before
            // digits a spreadsheet would make a number of (`--excel`).
            if (field.size() > 1 && field.front() == '\'' &&
                (starts_formula(std::string_view(field).substr(1)) ||
                 spreadsheet_number(std::string_view(field).substr(1)))) {
                field.erase(0, 1);
            }
        }
        return true;
    }

    std::vector<std::string> columns() const override { return m_reader.header(); }
    std::string_view encoding() const override { return m_reader.encoding(); }

    Dialect dialect() const override
    {
        auto dialect = m_dialect;
        dialect.separator = m_reader.separator();
        dialect.encoding = m_reader.encoding();
        dialect.bom = dialect.bom && m_reader.encoding() == encoding_name(Encoding::utf8);
        return dialect;
    }

private:
    // Whether `fields` is an object of the header's columns, in order, each a string.
    static bool reuse(const nlohmann::ordered_json& fields, const std::vector<std::string>& header)
    {
        if (!fields.is_object() || fields.size() != header.size()) {
            return false;
        }
        std::size_t i = 0;
        for (const auto& item : fields.items()) {
            if (item.key() != header[i++] || !item.value().is_string()) {
                return false;
            }
        }
        return true;
    }

    std::istream* m_stream;
    CsvReader m_reader;
    CsvRecord m_record;
    Dialect m_dialect;
};

class JsonRows : public RowReader {
public:
    JsonRows(std::unique_ptr<std::istream> in, const std::string& path, const InputOptions& options,
             std::uintmax_t size)
        : m_stream(in.get()), m_path(path), m_reader(std::move(in), path, JsonOptions{options.encoding})
    {
        track(m_stream, size);
    }

    bool next(InputRow& row) override
    {
        if (!m_reader.next(m_record)) {
            return false;
        }
        row.line = m_record.line;
        row.fields = std::move(m_record.object);
        lower_keys(row);
        return true;
    }

    std::vector<std::string> columns() const override { return {}; }
    std::string_view encoding() const override { return m_reader.encoding(); }

private:
    // An object's keys are names of columns, matched without regard to ASCII case as a CSV
    // header's are: "Venture" is "venture". Keys inside its values are left as written.
    void lower_keys(InputRow& row) const
    {
        const auto upper = [](const std::string& key) {
            return std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        };
        bool any = false;
        for (const auto& item : row.fields.items()) {
            any = any || upper(item.key());
        }
        if (!any) {
            return;
        }
        nlohmann::ordered_json lowered = nlohmann::ordered_json::object();
        for (auto& item : row.fields.items()) {
            auto key = ascii_lower(item.key());
            if (lowered.contains(key)) {
                throw InputError(m_path, row.line, 0, Message("json.key_twice", {{"key", key}}), key);
            }
            lowered.emplace(std::move(key), std::move(item.value()));
        }
        row.fields = std::move(lowered);
    }

    std::istream* m_stream;
    std::string m_path;
    JsonReader m_reader;
    JsonRecord m_record;
};

// Reads up to the first byte that is not whitespace or part of a byte order mark (the bytes of
// UTF-16 text included) and tells the format from it; `in` is replaced by a stream that gives
// the bytes read again.
Format sniff_format(std::unique_ptr<std::istream>& in, const std::string& path)
{
    std::string head;
    std::optional<Format> found;
    char buffer[4096];
    while (!found) {
        const std::size_t count = read_chunk(*in, buffer, sizeof buffer, path);
        if (count == 0) {
            break;
        }
        head.append(buffer, count);
        if (workbook_format(head)) {  // a zip archive: a workbook, once its first member is seen
            if (head.size() < 128) {
                continue;
            }
            found = workbook_format(head);
            break;
        }
        for (std::size_t i = head.size() - count; i < head.size() && !found; ++i) {
            const auto c = static_cast<unsigned char>(head[i]);
            const bool skipped = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x00 || c == 0xEF ||
                                 c == 0xBB || c == 0xBF || c == 0xFE || c == 0xFF;
            if (!skipped) {
                found = c == '[' || c == '{' ? Format::json : Format::csv;
            }
        }
    }
    if (!found) {
        found = workbook_format(head);  // a short zip archive
    }
    in = replay(std::move(head), std::move(in));
    return found.value_or(Format::csv);  // an empty input: the CSV reader reports it
}

// The byte order mark and the line end of the first line in the first bytes of an input.
Dialect dialect_of(std::string_view head)
{
    Dialect dialect;
    dialect.bom = head.starts_with("\xEF\xBB\xBF");
    if (const auto end = head.find_first_of("\r\n"); end != std::string_view::npos) {
        dialect.line_end = head[end] == '\n' ? "\n" : head.substr(end, 2) == "\r\n" ? "\r\n" : "\r";
    }
    return dialect;
}

// The first bytes of a CSV input, up to the end of its first line or 64 KiB: from a second
// look at a regular file, else read from `in`, which is replaced by a stream that gives them
// again.
std::string csv_head(std::unique_ptr<std::istream>& in, const std::string& path)
{
    constexpr std::size_t most = std::size_t{64} * 1024;
    std::string head;
    char buffer[4096];
    if (std::error_code error; path != "-" && std::filesystem::is_regular_file(path, error)) {
        std::ifstream again(path, std::ios::binary);
        while (head.size() < most && head.find('\n') == std::string::npos && again) {
            again.read(buffer, sizeof buffer);
            head.append(buffer, static_cast<std::size_t>(again.gcount()));
        }
        return head;
    }
    while (head.size() < most && head.find('\n') == std::string::npos) {
        const std::size_t count = read_chunk(*in, buffer, sizeof buffer, path);
        if (count == 0) {
            break;
        }
        head.append(buffer, count);
    }
    in = replay(head, std::move(in));
    return head;
}

}  // namespace

void RowReader::track(std::istream* stream, std::uintmax_t size)
{
    m_stream = stream;
    m_size = size;
}

std::optional<double> RowReader::fraction_read() const
{
    if (m_stream == nullptr || m_size == 0) {
        return std::nullopt;
    }
    const auto position = m_stream->tellg();
    if (position < 0) {  // at the end, the stream's state hides its position
        return 1.0;
    }
    return std::min(1.0, static_cast<double>(position) / static_cast<double>(m_size));
}

std::optional<Format> format_from_path(std::string_view path)
{
    const std::string extension = ascii_lower(std::filesystem::path(path).extension().string());
    if (extension == ".csv" || extension == ".tsv" || extension == ".txt") {
        return Format::csv;
    }
    if (extension == ".json" || extension == ".jsonl" || extension == ".ndjson") {
        return Format::json;
    }
    if (extension == ".xlsx" || extension == ".xlsm") {
        return Format::xlsx;
    }
    if (extension == ".ods") {
        return Format::ods;
    }
    return std::nullopt;
}

std::unique_ptr<RowReader> open_rows(const std::string& path, const InputOptions& options)
{
    return open_rows(open_input(path), path, options);
}

std::unique_ptr<RowReader> open_rows(std::unique_ptr<std::istream> in, const std::string& path,
                                     const InputOptions& options)
{
    std::optional<Format> format = options.format ? options.format : format_from_path(path);
    std::uintmax_t size = 0;
    if (!format) {
        format = sniff_format(in, path);  // the replayed stream has no useful position
    } else if (std::error_code error; path != "-" && std::filesystem::is_regular_file(path, error)) {
        size = std::filesystem::file_size(path, error);
        size = error ? 0 : size;
    }
    if (*format == Format::json) {
        return std::make_unique<JsonRows>(std::move(in), path, options, size);
    }
    if (*format == Format::xlsx || *format == Format::ods) {
        return open_workbook(std::move(in), path, *format);
    }
    const auto head = csv_head(in, path);
    return std::make_unique<CsvRows>(std::move(in), path, options, size, dialect_of(head));
}

}  // namespace toro::io
