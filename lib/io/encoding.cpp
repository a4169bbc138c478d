#include "io/encoding.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>
#include <iconv.h>

namespace toro::io {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool starts_with(const std::string& bytes, std::string_view prefix)
{
    return std::string_view(bytes).substr(0, prefix.size()) == prefix;
}

}  // namespace

Encoding parse_encoding(std::string_view name)
{
    const std::string key = ascii_lower(trim(name));
    if (key.empty() || key == "utf-8" || key == "utf8") {
        return Encoding::utf8;
    }
    if (key == "cp1250" || key == "windows-1250") {
        return Encoding::cp1250;
    }
    if (key == "iso-8859-2" || key == "latin2") {
        return Encoding::iso_8859_2;
    }
    throw Error(Exit::usage, "--encoding",
                fmt::format("unknown encoding '{}' (use utf-8, cp1250 or iso-8859-2)", name));
}

std::string_view encoding_name(Encoding encoding)
{
    switch (encoding) {
    case Encoding::utf8:
        return "utf-8";
    case Encoding::cp1250:
        return "cp1250";
    case Encoding::iso_8859_2:
        return "iso-8859-2";
    }
    return "utf-8";
}

// An iconv descriptor converting `label` (as users call it) to UTF-8.
struct Utf8Reader::Converter {
    Converter(const char* iconv_name, std::string label_) : label(std::move(label_))
    {
        handle = iconv_open("UTF-8", iconv_name);
        // iconv_open reports failure as (iconv_t)-1.
        if (handle == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {  // NOLINT(performance-no-int-to-ptr)
            throw Error(Exit::internal, fmt::format("cannot convert from {}: {}", label, std::strerror(errno)));
        }
    }
    ~Converter() { iconv_close(handle); }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    iconv_t handle;
    std::string label;
};

Utf8Reader::Utf8Reader(std::istream& in, std::string source_name, Encoding encoding, std::size_t chunk_size)
    : m_in(in), m_source(std::move(source_name)), m_encoding(encoding),
      m_chunk_size(std::max<std::size_t>(chunk_size, 1))
{
}

Utf8Reader::~Utf8Reader() = default;

bool Utf8Reader::read(std::string& text)
{
    text.clear();
    if (m_failure) {
        std::rethrow_exception(m_failure);
    }
    while (text.empty()) {
        if (m_done) {
            return false;
        }
        const std::size_t kept = m_raw.size();
        m_raw.resize(kept + m_chunk_size);
        const std::size_t count = read_chunk(m_in, m_raw.data() + kept, m_chunk_size, m_source);
        m_raw.resize(kept + count);
        const bool at_end = count == 0;
        if (!m_started) {
            if (m_raw.size() < utf8_bom.size() && !at_end) {
                continue;  // a byte order mark is recognized only when whole
            }
            start();
            m_started = true;
        }
        convert(text, at_end);
        m_done = at_end;
    }
    return true;
}

void Utf8Reader::start()
{
    const bool has_utf8_bom = starts_with(m_raw, utf8_bom);
    if (m_encoding == Encoding::utf8) {
        if (has_utf8_bom) {
            m_raw.erase(0, utf8_bom.size());
        } else if (starts_with(m_raw, "\xFF\xFE") || starts_with(m_raw, "\xFE\xFF")) {
            // A UTF-8 file never starts with these bytes; the decoder reads the mark itself.
            m_converter = std::make_unique<Converter>("UTF-16", "UTF-16");
        }
        return;
    }
    if (has_utf8_bom) {
        throw Error(Exit::data, m_source,
                    fmt::format("the file starts with a UTF-8 byte order mark, so it is not {} as declared: "
                                "leave out --encoding",
                                encoding_name(m_encoding)));
    }
    const char* iconv_name = m_encoding == Encoding::cp1250 ? "CP1250" : "ISO-8859-2";
    m_converter = std::make_unique<Converter>(iconv_name, std::string(encoding_name(m_encoding)));
}

void Utf8Reader::convert(std::string& text, bool at_end)
{
    if (!m_converter) {
        text.swap(m_raw);
        return;
    }
    char* in = m_raw.data();
    std::size_t in_left = m_raw.size();
    std::size_t produced = 0;
    while (in_left > 0) {
        // Three UTF-8 bytes at most for each input byte of these encodings (and for UTF-16).
        text.resize(produced + in_left * 3 + 4);
        char* out = text.data() + produced;
        std::size_t out_left = text.size() - produced;
        const std::size_t result = iconv(m_converter->handle, &in, &in_left, &out, &out_left);
        produced = text.size() - out_left;
        if (result != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno == E2BIG) {
            continue;
        }
        const auto line = 1 + m_lines_before +
                          static_cast<std::size_t>(
                              std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(produced), '\n'));
        if (errno == EINVAL) {  // a character continues in the next chunk
            if (at_end) {
                throw InputError(m_source, line, 0, "the file ends in the middle of a character");
            }
            break;
        }
        InputError error = m_converter->label == "UTF-16"
                               ? InputError(m_source, line, 0, "invalid UTF-16 text")
                               : InputError(m_source, line, 0,
                                            fmt::format("byte 0x{:02X} is not a {} character",
                                                        static_cast<unsigned char>(*in), m_converter->label));
        if (produced == 0) {
            throw error;
        }
        // The text before the bad byte is handed out first, so that what a reader makes of
        // the input does not depend on where a chunk happens to end.
        m_failure = std::make_exception_ptr(error);
        break;
    }
    text.resize(produced);
    m_raw.erase(0, m_raw.size() - in_left);
    m_lines_before += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace toro::io
