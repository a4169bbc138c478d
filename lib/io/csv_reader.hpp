#pragma once
// Streaming RFC 4180 reader: one record at a time, each with the line it starts on, in memory
// that stays flat however large the file. libcsv does the tokenising.

#include "io/encoding.hpp"
#include "io/input.hpp"

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::io {

// How to read a CSV input.
struct CsvOptions {
    std::optional<char> separator;                // nullopt: the most frequent of `,` `;` tab in the header line
    std::string encoding;                         // an --encoding value; empty means auto
    std::size_t chunk_size = default_chunk_size;  // bytes read at a time (small values for tests)
};

// One data record: the line it starts on (the header is line 1 when it comes first) and exactly
// one field per header column. Fields are as written: spaces are kept, quotes removed.
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// The separator a `--sep` value names: a single character such as `,` `;` `|`, or `tab`/`\t`.
// Empty or `auto` gives nullopt (detect it). A letter, digit, quote, space or line break throws
// Error(Exit::usage, "--sep", ...).
std::optional<char> parse_separator(std::string_view text);

// Reads a CSV input with a header row. The constructor reads the header, whose names are
// trimmed and lower-cased; it throws InputError for an empty input (nothing but a byte order
// mark or whitespace), a header column without a name, or a name that appears twice.
//
// Rules for records: blank lines, and records whose fields are all blank, are skipped (their
// lines still count); a record with fewer fields than the header gets empty ones for the
// missing columns; one with more is an error. Errors are InputError (exit 65) naming FILE:LINE:
//   - more fields than the header ("N fields, the header has M") and invalid UTF-8 concern one
//     record: calling next() again continues with the following record;
//   - a quote never closed, a stray quote, an invalid byte of the declared encoding or a field
//     over 16 MiB end the input: every later call to next() throws the same error.
class CsvReader {
public:
    CsvReader(std::istream& in, std::string source_name, const CsvOptions& options = {});
    CsvReader(std::unique_ptr<std::istream> in, std::string source_name, const CsvOptions& options = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The column names: trimmed, lower-cased, unique and not empty.
    const std::vector<std::string>& header() const;
    // The separator given or detected.
    char separator() const;
    // The name used in error messages (the path, or `-`).
    const std::string& source_name() const;
    // The encoding the text is read in ("utf-8", "cp1250", "iso-8859-2"): see Utf8Reader. Rejects
    // files are written back in it.
    std::string_view encoding() const;

    // Moves the next record into `record`; false at the end of the input.
    bool next(CsvRecord& record);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace toro::io
