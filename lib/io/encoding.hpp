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

// Encodings an input may be declared in (`--encoding`). `detect`: UTF-8 when the text is
// valid UTF-8, else cp1250 (see Utf8Reader).
enum class Encoding { detect, utf8, cp1250, iso_8859_2 };

// The encoding named by an `--encoding` value, case-insensitively: `auto` (also the empty
// string), `utf-8`/`utf8`, `cp1250`/`windows-1250`, `iso-8859-2`/`latin2`. Any other name
// throws Error(Exit::usage, "--encoding", ...).
Encoding parse_encoding(std::string_view name);

// The canonical name: "auto", "utf-8", "cp1250" or "iso-8859-2".
std::string_view encoding_name(Encoding encoding);

// How bytes read as UTF-8: `valid` when no sequence is malformed (one cut off at the end
// counts as valid, and `incomplete` says so); `multibyte` when a whole non-ASCII character
// is among them.
struct Utf8Check {
    bool valid = true;
    bool multibyte = false;
    bool incomplete = false;
};
Utf8Check check_utf8(std::string_view bytes);

// The UTF-8 text of an input, read chunk by chunk. A UTF-8 byte order mark at the start is
// skipped; UTF-16 is recognized by its byte order mark when UTF-8 was expected or detected;
// cp1250 and ISO-8859-2 are transcoded with iconv. Characters split between chunks are
// carried over.
//
// Detection (Encoding::detect) keeps memory flat: ASCII text reads the same in every one of
// these encodings, so it is handed out as it comes; at the first byte that is not ASCII the
// rest of the chunk read so far (64 KiB) decides: valid UTF-8 makes the input UTF-8, anything
// else cp1250. A file that is ASCII throughout is UTF-8.
//
// A file declared cp1250 or ISO-8859-2 whose first non-ASCII text (the rest of that chunk) is
// valid UTF-8 with multi-byte characters is refused as a whole: Error(Exit::data) naming the
// line.
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

    // The encoding the text is read in: the declared one, or the detected one once the first
    // non-ASCII byte was met (UTF-8 until then).
    Encoding encoding() const noexcept;

    const std::string& source_name() const noexcept { return m_source; }

private:
    struct Converter;

    void start();
    void convert(std::string& text, bool at_end);
    bool decide(std::string& text, bool at_end);
    bool refuse_utf8(std::string& text, bool at_end);
    bool hold_from(std::size_t first, std::string& text);

    std::istream& m_in;
    std::string m_source;
    Encoding m_encoding;
    std::size_t m_chunk_size;
    std::unique_ptr<Converter> m_converter;
    std::string m_raw;               // bytes read and not yet converted
    std::size_t m_lines_before = 0;  // line breaks in the text handed out so far (converted input)
    bool m_started = false;
    bool m_decided = true;         // detection: whether the encoding is known yet
    bool m_looked = false;         // declared cp1250/ISO-8859-2: whether UTF-8 was looked for
    std::exception_ptr m_failure;  // an invalid byte met after text that was handed out first
    bool m_done = false;
};

}  // namespace toro::io
