#include "core/text.hpp"

#include <utf8proc.h>

#include <algorithm>

namespace toro {

std::optional<std::size_t> invalid_utf8_offset(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t offset = 0;
    while (offset < text.size()) {
        if (bytes[offset] < 0x80) {  // ASCII, nearly all of any text: valid by itself
            ++offset;
            continue;
        }
        utf8proc_int32_t code_point = 0;
        const auto length =
            utf8proc_iterate(bytes + offset, static_cast<utf8proc_ssize_t>(text.size() - offset), &code_point);
        if (length <= 0) {
            return offset;
        }
        offset += static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

std::size_t display_width(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t offset = 0;
    std::size_t width = 0;
    while (offset < text.size()) {
        utf8proc_int32_t code_point = 0;
        const auto length =
            utf8proc_iterate(bytes + offset, static_cast<utf8proc_ssize_t>(text.size() - offset), &code_point);
        if (length <= 0) {  // an invalid byte shows as one replacement character
            ++width;
            ++offset;
            continue;
        }
        const int char_width = utf8proc_charwidth(code_point);
        width += char_width > 0 ? static_cast<std::size_t>(char_width) : 0;
        offset += static_cast<std::size_t>(length);
    }
    return width;
}

std::string capitalized(std::string_view text)
{
    utf8proc_int32_t code_point = 0;
    const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                         static_cast<utf8proc_ssize_t>(text.size()), &code_point);
    if (length <= 0) {
        return std::string(text);
    }
    utf8proc_uint8_t upper[4];
    const auto written = utf8proc_encode_char(utf8proc_toupper(code_point), upper);
    std::string out(reinterpret_cast<const char*>(upper), static_cast<std::size_t>(written));
    out += text.substr(static_cast<std::size_t>(length));
    return out;
}

std::string truncated(std::string_view text, std::size_t limit)
{
    const auto starts_code_point = [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; };
    std::size_t kept = 0;
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
        if (starts_code_point(text[end])) {
            if (kept == limit) {
                break;
            }
            ++kept;
        }
    }
    if (end == text.size()) {
        return std::string(text);
    }
    // Too long: one code point fewer, to make room for the ellipsis.
    while (end > 0 && !starts_code_point(text[--end])) {
    }
    std::string out(text.substr(0, end));
    while (out.ends_with(' ')) {
        out.pop_back();
    }
    out += "\xE2\x80\xA6";
    return out;
}

std::string_view trim(std::string_view text)
{
    // A comparison a byte at the ends, not a search of the set for each byte: every field of
    // every imported row is trimmed.
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    std::size_t first = 0;
    while (first < text.size() && space(text[first])) {
        ++first;
    }
    std::size_t end = text.size();
    while (end > first && space(text[end - 1])) {
        --end;
    }
    return text.substr(first, end - first);
}

std::string ascii_lower(std::string_view text)
{
    std::string result(text);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return result;
}

bool all_digits(std::string_view text)
{
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

std::string ascii_upper(std::string_view text)
{
    std::string result(text);
    for (char& c : result) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return result;
}

std::vector<std::string> split(std::string_view text, char separator)
{
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        if (end == std::string_view::npos) {
            pieces.emplace_back(text.substr(start));
            return pieces;
        }
        pieces.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string hex(const unsigned char* bytes, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        text += digits[bytes[i] >> 4];
        text += digits[bytes[i] & 0x0f];
    }
    return text;
}

void append_json_string(std::string& out, std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0;  // where the run of characters copied as they are begins
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

std::string fold_key(std::string_view text)
{
    std::string key;
    key.reserve(text.size());
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t code_point = 0;
        const auto length = utf8proc_iterate(bytes, left, &code_point);
        if (length <= 0) {  // invalid UTF-8: the byte as it is
            key += static_cast<char>(*bytes);
            ++bytes;
            --left;
            continue;
        }
        bytes += length;
        left -= length;
        if (code_point == ' ' || code_point == '-' || code_point == '_' || code_point == 0xA0) {
            continue;
        }
        if (code_point == 0x141 || code_point == 0x142) {  // Ł ł: a letter of its own, no mark to strip
            key += 'l';
            continue;
        }
        // The case-folded canonical decomposition without its combining marks.
        utf8proc_int32_t decomposed[8];
        int boundclass = 0;
        const auto count = utf8proc_decompose_char(
            code_point, decomposed, 8, static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD),
            &boundclass);
        for (utf8proc_ssize_t k = 0; k < count && k < 8; ++k) {
            if (utf8proc_category(decomposed[k]) == UTF8PROC_CATEGORY_MN) {
                continue;
            }
            utf8proc_uint8_t encoded[4];
            const auto size = utf8proc_encode_char(decomposed[k], encoded);
            key.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(size));
        }
    }
    return key;
}

std::vector<std::size_t> nearest(std::string_view value, const std::vector<std::string>& candidates, std::size_t within,
                                 std::size_t count)
{
    std::size_t least = within;
    std::vector<std::size_t> close;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto distance = edit_distance(candidates[i], value);
        if (distance < least) {
            least = distance;
            close.clear();
        }
        if (distance == least && close.size() < count) {
            close.push_back(i);
        }
    }
    return close;
}

std::string visible_controls(std::string_view text, std::string_view keep)
{
    const auto is_control = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
    bool any = false;
    for (std::size_t i = 0; i < text.size() && !any; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        any = (is_control(c) && keep.find(text[i]) == std::string_view::npos) ||
              (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f);
    }
    if (!any) {
        return std::string(text);
    }
    constexpr std::string_view hex = "0123456789abcdef";
    std::string shown;
    shown.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_control(c) && keep.find(text[i]) == std::string_view::npos) {
            shown += "\\x";
            shown += hex[c >> 4];
            shown += hex[c & 0xf];
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            const auto next = static_cast<unsigned char>(text[++i]);
            shown += "\\u00";
            shown += hex[next >> 4];
            shown += hex[next & 0xf];
        } else {
            shown += text[i];
        }
    }
    return shown;
}

std::string file_name_part(std::string text)
{
    for (char& c : text) {
        if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' ||
            static_cast<unsigned char>(c) < 0x20) {
            c = '_';
        }
    }
    return text;
}

}  // namespace toro
