#include "io/json_reader.hpp"

#include "core/text.hpp"
#include "io/encoding.hpp"

#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <string_view>
#include <utility>

namespace toro::io {

namespace {

bool is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_continuation_byte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool is_ascii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// nlohmann's message without its "[json.exception…] parse error at line L, column C: " prefix,
// whose position is relative to the element rather than the file.
// nlohmann-json quotes the whole token it was reading ("last read: '…'"), which may be megabytes
// of a hostile string: only its last characters, where the error is, are kept.
std::string clip_last_read(std::string_view message)
{
    constexpr std::string_view marker = "last read: '";
    constexpr std::size_t kept = 40;
    const auto start = message.find(marker);
    if (start == std::string_view::npos) {
        return std::string(message);
    }
    const auto token_start = start + marker.size();
    auto token_end = message.rfind("'; expected");
    if (token_end == std::string_view::npos || token_end < token_start) {
        token_end = message.size() > token_start && message.back() == '\'' ? message.size() - 1 : message.size();
    }
    if (token_end - token_start <= kept) {
        return std::string(message);
    }
    auto cut = token_end - kept;
    while (cut < token_end && is_continuation_byte(message[cut])) {
        ++cut;
    }
    return std::string(message.substr(0, token_start)) + "…" + std::string(message.substr(cut));
}

std::string plain_message(std::string_view what)
{
    const auto column = what.find(", column ");
    if (column != std::string_view::npos) {
        const auto colon = what.find(": ", column);
        if (colon != std::string_view::npos) {
            return clip_last_read(what.substr(colon + 2));
        }
    }
    const auto bracket = what.find("] ");
    return clip_last_read(bracket == std::string_view::npos ? what : what.substr(bracket + 2));
}

// "a number", "an array", "null" …
Message describe(const nlohmann::ordered_json& value)
{
    if (value.is_null()) {
        return Message("json.type.null");
    }
    if (value.is_array()) {
        return Message("json.type.array");
    }
    if (value.is_string()) {
        return Message("json.type.string");
    }
    if (value.is_boolean()) {
        return Message("json.type.boolean");
    }
    if (value.is_number()) {
        return Message("json.type.number");
    }
    return Message::verbatim(fmt::format("a {}", value.type_name()));
}

}  // namespace

struct JsonReader::State {
    State(std::istream& input, std::string source_name, const JsonOptions& options)
        : source(std::move(source_name)),
          text_reader(input, source, parse_encoding(options.encoding), options.chunk_size)
    {
    }

    // True when there is a current character; reads the next piece of text when needed.
    bool more()
    {
        while (pos == text.size()) {
            if (text_ended || !text_reader.read(text)) {
                text_ended = true;
                text.clear();
                pos = 0;
                return false;
            }
            pos = 0;
        }
        return true;
    }

    char current() const { return text[pos]; }

    void advance()
    {
        const char c = text[pos++];
        if (c == '\n') {
            ++line;
            column = 1;
        } else if (!is_continuation_byte(c)) {
            ++column;
        }
    }

    // Skips whitespace; false at the end of the input.
    bool skip_whitespace()
    {
        while (more()) {
            if (!is_json_space(current())) {
                return true;
            }
            advance();
        }
        return false;
    }

    void start_element()
    {
        element.clear();
        element_line = line;
        element_column = column;
        depth = 0;
        in_string = false;
        escaped = false;
    }

    // Keeps track of strings and nesting for the current character, and appends it.
    void take(char c)
    {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
            string_line = line;
            string_column = column;
        } else if (c == '{' || c == '[') {
            if (++depth > max_json_depth) {
                throw InputError(source, line, column, Message("json.too_deep", {{"levels", max_json_depth}}));
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
        if (element.size() == max_json_element_size) {
            throw InputError(source, element_line, element_column, Message("json.element_too_long"));
        }
        element += c;
        advance();
    }

    // Collects the next element of the array; false when the array has ended.
    bool scan_array_element()
    {
        if (array_closed) {
            if (skip_whitespace()) {
                throw InputError(source, line, column, Message("json.text_after_array"));
            }
            return false;
        }
        if (!skip_whitespace()) {
            throw InputError(source, line, column, Message("json.array_not_closed"));
        }
        if (count == 0 && current() == ']') {
            advance();
            array_closed = true;
            return scan_array_element();
        }
        start_element();
        while (true) {
            if (!more()) {
                if (in_string) {
                    throw InputError(source, string_line, string_column, Message("json.string_not_closed"));
                }
                throw InputError(source, line, column, Message("json.array_not_closed"));
            }
            const char c = current();
            if (!in_string && depth == 0 && (c == ',' || c == ']')) {
                break;
            }
            take(c);
        }
        const char terminator = current();
        if (trim(element).empty()) {
            throw InputError(source, line, column,
                             Message(terminator == ']' ? Key("json.trailing_comma") : Key("json.object_expected")));
        }
        advance();
        array_closed = terminator == ']';
        return true;
    }

    // Collects the next line that is not blank; false at the end of the input.
    bool scan_line_element()
    {
        if (!skip_whitespace()) {
            return false;
        }
        start_element();
        while (more() && current() != '\n') {
            take(current());
        }
        return true;
    }

    // The line and column of a byte offset in the element.
    std::pair<std::size_t, std::size_t> position_of(std::size_t offset) const
    {
        std::size_t at_line = element_line;
        std::size_t at_column = element_column;
        for (std::size_t i = 0; i < std::min(offset, element.size()); ++i) {
            if (element[i] == '\n') {
                ++at_line;
                at_column = 1;
            } else if (!is_continuation_byte(element[i])) {
                ++at_column;
            }
        }
        return {at_line, at_column};
    }

    void parse_element(JsonRecord& record)
    {
        ++count;
        if (text_reader.unchecked() && !is_ascii(element)) {
            if (const auto offset = invalid_utf8_offset(element)) {
                const auto [error_line, error_column] = position_of(*offset);
                throw InputError(source, error_line, error_column, Message("input.invalid_utf8"));
            }
        }
        nlohmann::ordered_json value;
        try {
            value = nlohmann::ordered_json::parse(element);
        } catch (const nlohmann::ordered_json::parse_error& error) {
            const auto [error_line, error_column] = position_of(error.byte > 0 ? error.byte - 1 : 0);
            throw InputError(source, error_line, error_column,
                             Message("json.syntax", {{"detail", plain_message(error.what())}}));
        }
        if (!value.is_object()) {
            throw InputError(source, element_line, element_column,
                             Message("json.not_an_object", {{"element", count}, {"type", describe(value)}}));
        }
        record.line = element_line;
        record.column = element_column;
        record.object = std::move(value);
    }

    std::unique_ptr<std::istream> owned;
    std::string source;
    Utf8Reader text_reader;
    JsonLayout layout = JsonLayout::array;

    std::string text;  // the piece of input being scanned
    std::size_t pos = 0;
    bool text_ended = false;
    std::size_t line = 1;  // position of text[pos]
    std::size_t column = 1;

    std::string element;  // the element being collected, and where it starts
    std::size_t element_line = 0;
    std::size_t element_column = 0;
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    std::size_t string_line = 0;
    std::size_t string_column = 0;

    std::size_t count = 0;  // elements handed out or refused
    bool array_closed = false;
    std::exception_ptr failure;  // an error that ends the input
};

JsonReader::JsonReader(std::istream& in, std::string source_name, const JsonOptions& options)
    : m_state(std::make_unique<State>(in, std::move(source_name), options))
{
    State& state = *m_state;
    if (!state.skip_whitespace()) {
        throw InputError(state.source, 0, 0, Message("json.empty"));
    }
    if (state.current() == '[') {
        state.layout = JsonLayout::array;
        state.advance();
    } else if (state.current() == '{') {
        state.layout = JsonLayout::lines;
    } else {
        throw InputError(state.source, state.line, state.column, Message("json.not_json"));
    }
}

JsonReader::JsonReader(std::unique_ptr<std::istream> in, std::string source_name, const JsonOptions& options)
    : JsonReader(*in, std::move(source_name), options)
{
    m_state->owned = std::move(in);
}

JsonReader::~JsonReader() = default;

JsonLayout JsonReader::layout() const
{
    return m_state->layout;
}

const std::string& JsonReader::source_name() const
{
    return m_state->source;
}

std::string_view JsonReader::encoding() const
{
    return encoding_name(m_state->text_reader.encoding());
}

bool JsonReader::next(JsonRecord& record)
{
    State& state = *m_state;
    if (state.failure) {
        std::rethrow_exception(state.failure);
    }
    try {
        const bool found = state.layout == JsonLayout::array ? state.scan_array_element() : state.scan_line_element();
        if (!found) {
            return false;
        }
    } catch (...) {
        state.failure = std::current_exception();
        throw;
    }
    state.parse_element(record);
    return true;
}

}  // namespace toro::io
