#include "core/toml_limits.hpp"

#include <fmt/format.h>

namespace toro {

std::optional<Problem> toml_limit_problem(std::string_view text)
{
    if (text.size() > max_toml_bytes) {
        return Problem{0, 0, "", "", Message("toml.too_long", {{"size", text.size()}, {"max", max_toml_bytes}})};
    }
    std::size_t line = 1;
    std::size_t line_start = 0;
    std::size_t brackets = 0;  // arrays and inline tables open around this place
    std::size_t dots = 0;      // dots of the key being written on this line
    const auto too_deep = [&](std::size_t at) {
        return Problem{line, at - line_start + 1, "", "", Message("toml.too_deep", {{"levels", max_toml_depth}})};
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            line_start = i + 1;
            dots = 0;
            ++i;
            continue;
        }
        if (c == '#') {  // a comment runs to the end of the line
            while (i < text.size() && text[i] != '\n') {
                ++i;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            const bool multiline = text.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''");
            const std::size_t quote = multiline ? 3 : 1;
            i += quote;
            while (i < text.size()) {
                if (text[i] == '\\' && c == '"') {
                    i += 2;
                    continue;
                }
                if (text[i] == '\n') {
                    if (!multiline) {
                        break;  // an unclosed string: the parser says so
                    }
                    ++line;
                    line_start = i + 1;
                }
                if (text[i] == c &&
                    (!multiline || text.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''"))) {
                    i += quote;
                    break;
                }
                ++i;
            }
            continue;
        }
        if (c == '[' || c == '{') {
            if (++brackets + dots > max_toml_depth) {
                return too_deep(i);
            }
        } else if (c == ']' || c == '}') {
            brackets -= brackets > 0 ? 1 : 0;
        } else if (c == '.') {
            if (brackets + ++dots > max_toml_depth) {
                return too_deep(i);
            }
        } else if (c == ',') {
            dots = 0;  // the next key of an inline table
        }
        ++i;
    }
    return std::nullopt;
}

}  // namespace toro
