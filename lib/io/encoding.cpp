#include "io/encoding.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>
#include <iconv.h>
#include <optional>

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
    if (key.empty() || key == "auto") {
        return Encoding::detect;
    }
    if (key == "utf-8" || key == "utf8") {
        return Encoding::utf8;
    }
    if (key == "cp1250" || key == "windows-1250") {
        return Encoding::cp1250;
    }
    if (key == "iso-8859-2" || key == "latin2") {
        return Encoding::iso_8859_2;
    }
    throw Error(Exit::usage, "--encoding", Message("encoding.unknown", {{"name", name}}));
}

std::string_view encoding_name(Encoding encoding)
{
    switch (encoding) {
    case Encoding::detect:
        return "auto";
    case Encoding::utf8:
        return "utf-8";
    case Encoding::cp1250:
        return "cp1250";
    case Encoding::iso_8859_2:
        return "iso-8859-2";
    }
    return "utf-8";
}

Utf8Check check_utf8(std::string_view bytes)
{
    Utf8Check check;
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;   // the bounds of the second byte (no overlong forms, no
        unsigned char high = 0xBF;  // surrogates, nothing above U+10FFFF)
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            check.valid = false;
            return check;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k == bytes.size()) {
                check.incomplete = true;
                return check;
            }
            const auto byte = static_cast<unsigned char>(bytes[i + k]);
            if (byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF)) {
                check.valid = false;
                return check;
            }
        }
        check.multibyte = true;
        i += length;
    }
    return check;
}

// An iconv descriptor converting `label` (as users call it) to UTF-8.
struct Utf8Reader::Converter {
    Converter(const char* iconv_name, std::string label_) : label(std::move(label_))
    {
        handle = iconv_open("UTF-8", iconv_name);
        // iconv_open reports failure as (iconv_t)-1.
        if (handle == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {  // NOLINT(performance-no-int-to-ptr)
            throw Error(Exit::internal,
                        Message("encoding.cannot_convert", {{"encoding", label}, {"reason", os_error(errno)}}));
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

Encoding Utf8Reader::encoding() const noexcept
{
    if (m_encoding != Encoding::detect) {
        return m_encoding;
    }
    return m_converter && m_converter->label == "cp1250" ? Encoding::cp1250 : Encoding::utf8;
}

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
    if (m_encoding == Encoding::detect) {
        if (has_utf8_bom) {
            m_raw.erase(0, utf8_bom.size());
        } else if (starts_with(m_raw, "\xFF\xFE") || starts_with(m_raw, "\xFE\xFF")) {
            m_converter = std::make_unique<Converter>("UTF-16", "UTF-16");
        } else {
            m_decided = false;
        }
        return;
    }
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
                    Message("encoding.bom_not_declared", {{"encoding", encoding_name(m_encoding)}}));
    }
    const char* iconv_name = m_encoding == Encoding::cp1250 ? "CP1250" : "ISO-8859-2";
    m_converter = std::make_unique<Converter>(iconv_name, std::string(encoding_name(m_encoding)));
}

namespace {

// How much text from the first non-ASCII byte on decides an encoding: the same bytes whatever
// sizes the input arrives in, so that a file is read the same from a pipe and from a disk.
constexpr std::size_t detect_window = 64 * 1024;

// The UTF-8 check of the window that starts at `first` (the first non-ASCII byte of `raw`);
// nothing while the window is not all there yet. A window cut inside a character is not
// incomplete: only the end of the input makes a character incomplete.
std::optional<Utf8Check> window_check(std::string_view raw, std::size_t first, bool at_end)
{
    auto check = check_utf8(raw.substr(first, detect_window));
    if (!check.valid) {  // an invalid byte inside the window decides at once, whatever follows
        return check;
    }
    const auto available = raw.size() - first;
    if (!at_end && available <= detect_window) {  // until a byte past the window, or the end
        return std::nullopt;
    }
    if (!at_end || available > detect_window) {
        check.incomplete = false;
    }
    return check;
}

}  // namespace

// Hands out the ASCII text before the first other byte of m_raw and keeps the rest; false,
// for "wait for more input".
bool Utf8Reader::hold_from(std::size_t first, std::string& text)
{
    text.assign(m_raw, 0, first);
    m_raw.erase(0, first);
    m_lines_before += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    return false;
}

// Detection: hands out the ASCII text before the first other byte and decides on the window
// of text that begins there. Returns false when the text is handed out and the rest must wait
// for more input.
bool Utf8Reader::decide(std::string& text, bool at_end)
{
    const auto first =
        std::find_if(m_raw.begin(), m_raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const auto ascii = static_cast<std::size_t>(first - m_raw.begin());
    if (ascii == m_raw.size()) {
        return hold_from(ascii, text);
    }
    const auto check = window_check(m_raw, ascii, at_end);
    if (!check) {
        return hold_from(ascii, text);
    }
    m_decided = true;
    if (!check->valid || check->incomplete) {
        m_converter = std::make_unique<Converter>("CP1250", "cp1250");
    }
    return true;
}

// A declared cp1250 or ISO-8859-2 input whose first non-ASCII text is UTF-8 is refused.
// Returns false when the text is handed out and the rest must wait for more input.
bool Utf8Reader::refuse_utf8(std::string& text, bool at_end)
{
    const auto first =
        std::find_if(m_raw.begin(), m_raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (first == m_raw.end()) {
        return true;
    }
    const auto ascii = static_cast<std::size_t>(first - m_raw.begin());
    const auto check = window_check(m_raw, ascii, at_end);
    if (!check) {
        return hold_from(ascii, text);
    }
    m_looked = true;
    if (check->valid && check->multibyte && !check->incomplete) {
        const auto line = 1 + m_lines_before + static_cast<std::size_t>(std::count(m_raw.begin(), first, '\n'));
        // Not a problem of one row: the whole file is in another encoding than declared.
        throw Error(Exit::data, location(m_source, line),
                    Message("encoding.utf8_not_declared", {{"encoding", encoding_name(m_encoding)}}));
    }
    return true;
}

void Utf8Reader::convert(std::string& text, bool at_end)
{
    if (!m_decided && !decide(text, at_end)) {
        return;
    }
    if (m_converter && !m_looked && m_converter->label != "UTF-16" && m_encoding != Encoding::detect) {
        if (!refuse_utf8(text, at_end)) {
            return;
        }
    }
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
                throw InputError(m_source, line, 0, Message("encoding.cut_character"));
            }
            break;
        }
        InputError error = m_converter->label == "UTF-16"
                               ? InputError(m_source, line, 0, Message("encoding.invalid_utf16"))
                               : InputError(m_source, line, 0,
                                            Message("encoding.bad_byte",
                                                    {{"byte", fmt::format("0x{:02X}", static_cast<unsigned char>(*in))},
                                                     {"encoding", m_converter->label}}));
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
