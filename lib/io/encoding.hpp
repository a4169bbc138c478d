#pragma once
// Text encodings of input files: everything is turned into UTF-8 on the way in, chunk by chunk.

#include "io/input.hpp"

#include <cstddef>
#include <exception>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace toro::io {

// Encodings an input may be declared in (`--encoding`).
enum class Encoding { utf8, cp1250, iso_8859_2 };

// The encoding named by an `--encoding` value, case-insensitively: `utf-8`/`utf8` (also the
// empty string), `cp1250`/`windows-1250`, `iso-8859-2`/`latin2`. Any other name throws
// Error(Exit::usage, "--encoding", ...).
Encoding parse_encoding(std::string_view name);

// The canonical name: "utf-8", "cp1250" or "iso-8859-2".
std::string_view encoding_name(Encoding encoding);

// The UTF-8 text of an input, read chunk by chunk. A UTF-8 byte order mark at the start is
// skipped; UTF-16 is recognized by its byte order mark when UTF-8 was expected; cp1250 and
// ISO-8859-2 are transcoded with iconv. Characters split between chunks are carried over.
// UTF-8 input is passed through unchecked: pieces may end inside a character and may hold
// invalid UTF-8, which the caller reports with its own line numbers. Bytes that are not
// characters of a declared encoding throw InputError naming the line, once the text before
// them has been handed out.
class Utf8Reader {
public:
    Utf8Reader(std::istream& in, std::string source_name, Encoding encoding,
               std::size_t chunk_size = default_chunk_size);
    ~Utf8Reader();
    Utf8Reader(const Utf8Reader&) = delete;
    Utf8Reader& operator=(const Utf8Reader&) = delete;

    // Replaces `text` with the next piece of text (never empty); false at the end of the input.
    bool read(std::string& text);

    // True when the text is the input's own bytes, so that it may hold invalid UTF-8 (known
    // once read() has been called).
    bool unchecked() const noexcept { return !m_converter; }

    const std::string& source_name() const noexcept { return m_source; }

    // The encoding the input is read in (rejects files are written back in it).
    Encoding encoding() const noexcept { return m_encoding; }

private:
    struct Converter;

    void start();
    void convert(std::string& text, bool at_end);

    std::istream& m_in;
    std::string m_source;
    Encoding m_encoding;
    std::size_t m_chunk_size;
    std::unique_ptr<Converter> m_converter;
    std::string m_raw;               // bytes read and not yet converted
    std::size_t m_lines_before = 0;  // line breaks in the text handed out so far (converted input)
    bool m_started = false;
    std::exception_ptr m_failure;    // an invalid byte met after text that was handed out first
    bool m_done = false;
};

}  // namespace toro::io
