#pragma once
// Streaming JSON input: a top-level array of objects, or JSON Lines (one object per line),
// handed out one object at a time with the line it starts on. Only one element is held in
// memory at a time; nlohmann::json parses each element.

#include "io/input.hpp"

#include <cstddef>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace toro::io {

// Arrays and objects nested deeper than this are refused (an element itself is level 1).
inline constexpr std::size_t max_json_depth = 64;
// An element longer than this (in bytes) is refused; memory stays bounded.
inline constexpr std::size_t max_json_element_size = std::size_t{16} * 1024 * 1024;

// How to read a JSON input.
struct JsonOptions {
    std::string encoding;                         // an --encoding value; empty means auto
    std::size_t chunk_size = default_chunk_size;  // bytes read at a time (small values for tests)
};

// The two layouts, told apart by the first character that is not whitespace: `[` or `{`.
enum class JsonLayout { array, lines };

// One element of the input: an object, and the line and column where it starts.
struct JsonRecord {
    std::size_t line = 0;
    std::size_t column = 0;
    nlohmann::ordered_json object;
};

// Reads a JSON array of objects or JSON Lines. The constructor tells the layout and throws
// InputError for an empty input or one that starts with anything else. Errors are InputError
// (exit 65) naming FILE:LINE:COLUMN (columns count characters):
//   - a syntax error inside an element, an element that is not an object ("element 3 is a
//     number, expected an object") and invalid UTF-8 concern one element: calling next() again
//     continues with the following one;
//   - nesting deeper than 64 levels, an element over 16 MiB, an array never closed, a missing element between commas
//     and text after the closing `]` end the input: every later call to next() throws again.
class JsonReader {
public:
    JsonReader(std::istream& in, std::string source_name, const JsonOptions& options = {});
    JsonReader(std::unique_ptr<std::istream> in, std::string source_name, const JsonOptions& options = {});
    ~JsonReader();
    JsonReader(const JsonReader&) = delete;
    JsonReader& operator=(const JsonReader&) = delete;

    JsonLayout layout() const;
    // The name used in error messages (the path, or `-`).
    const std::string& source_name() const;
    // The encoding the text is read in ("utf-8", "cp1250", "iso-8859-2"): see Utf8Reader.
    std::string_view encoding() const;

    // Moves the next object into `record`; false at the end of the input.
    bool next(JsonRecord& record);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace toro::io
