#pragma once
// The row source of imports: CSV and JSON inputs seen the same way, one object per row.

#include <any>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::io {

enum class Format { csv, json, xlsx, ods };

// How to open an input; `format` unset means: by extension (.csv .tsv .txt, .json .jsonl
// .ndjson, .xlsx .xlsm, .ods), else by the first bytes: a zip archive is a workbook (.ods when
// its first member says so), `[` or `{` after any whitespace is JSON, anything else CSV.
struct InputOptions {
    std::optional<char> separator;  // CSV only; nullopt: detected from the header
    std::string encoding;           // an --encoding value; empty means auto
    std::optional<Format> format;
};

// One row: the line it starts on and an object of its fields. CSV fields are strings keyed by
// the lower-cased header names, in header order; JSON objects are as written.
struct InputRow {
    std::size_t line = 0;
    nlohmann::ordered_json fields;
    // What the import's sink made of the row ahead of writing it (ImportSink::prepare), for its
    // write() to take (hence mutable: write() is given the row as const); empty when it has not.
    mutable std::any prepared{};
};

// How a CSV input is written, so that a file made for its sender (the rejects file) can be
// written the same way and open in the same spreadsheet.
struct Dialect {
    char separator = ',';
    std::string encoding = "utf-8";  // an encoding_name()
    bool bom = false;                // a UTF-8 byte order mark at the start
    std::string line_end = "\r\n";   // that of the first line ("\r\n" when there is none)
};

// Rows of one input, in order. next() throws what the underlying reader throws (see
// CsvReader and JsonReader: errors of one row leave the reader usable).
class RowReader {
public:
    virtual ~RowReader() = default;
    // Replaces `row` with the next row; false at the end of the input.
    virtual bool next(InputRow& row) = 0;
    // The CSV header; empty for JSON, whose objects may each have other keys.
    virtual std::vector<std::string> columns() const = 0;
    // The encoding the input is read in: "utf-8", "cp1250" or "iso-8859-2" (see Utf8Reader).
    virtual std::string_view encoding() const = 0;
    // How a CSV input is written (JSON and workbooks: the defaults).
    virtual Dialect dialect() const { return {}; }
    // The cell a problem at `line` in `field` lies in, "SHEET!A1" ("SHEET!5:5" for the whole
    // row); empty for inputs that are text, whose problems are placed by line.
    virtual std::string cell(std::size_t line, const std::string& field) const
    {
        (void)line;
        (void)field;
        return {};
    }
    // How much of the input has been read (0–1), when its size is known (a regular file).
    virtual std::optional<double> fraction_read() const;
    // Whether the rows come from a file of known size, read by this object alone (not a pipe,
    // which may wait for its writer, nor a workbook, read by a thread of its own).
    bool from_file() const { return m_stream != nullptr && m_size > 0; }

protected:
    // The stream the reader consumes and the input's size in bytes (0: unknown).
    void track(std::istream* stream, std::uintmax_t size);

private:
    std::istream* m_stream = nullptr;
    std::uintmax_t m_size = 0;
};

// The format an extension names (case-insensitively), or nullopt.
std::optional<Format> format_from_path(std::string_view path);

// Opens `path` (`-` is standard input) as rows. Throws Error(Exit::no_input) when it cannot be
// opened and InputError when its first lines are not a CSV header or the start of JSON.
std::unique_ptr<RowReader> open_rows(const std::string& path, const InputOptions& options);
// The same over a stream already open; `path` names it in messages and tells its format.
std::unique_ptr<RowReader> open_rows(std::unique_ptr<std::istream> in, const std::string& path,
                                     const InputOptions& options);

}  // namespace toro::io
