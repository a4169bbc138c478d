// The JSON / JSON Lines reader on any bytes. Properties: every element handed out is an object,
// lines never go back, and reading in chunks of a few bytes gives exactly what reading in the
// default chunks gives (elements, places and errors).
#include "core/error.hpp"
#include "io/input.hpp"
#include "io/json_reader.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

void check(bool property)
{
    if (!property) {
        std::abort();
    }
}

// Everything the reader says about `text`, one entry per call, until the end or an error that
// repeats (an error that ends the input).
std::vector<std::string> read_all(const std::string& text, const toro::io::JsonOptions& options)
{
    std::vector<std::string> said;
    std::istringstream in(text);
    try {
        toro::io::JsonReader reader(in, "fuzz.json", options);
        said.push_back(reader.layout() == toro::io::JsonLayout::array ? "array" : "lines");
        toro::io::JsonRecord record;
        std::size_t last_line = 0;
        for (int calls = 0; calls < 100000; ++calls) {
            try {
                if (!reader.next(record)) {
                    break;
                }
                check(record.object.is_object());
                check(record.line >= last_line && record.line > 0 && record.column > 0);
                last_line = record.line;
                said.push_back(std::to_string(record.line) + ":" + std::to_string(record.column) + " " +
                               record.object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            } catch (const toro::io::InputError& error) {
                const std::string entry = std::string("error ") + error.what();
                if (!said.empty() && said.back() == entry) {
                    break;
                }
                said.push_back(entry);
            }
        }
    } catch (const toro::Error& error) {  // an InputError, or a byte order mark against --encoding
        check(error.code() == toro::Exit::data);
        said.push_back(std::string("start error ") + error.what());
    }
    return said;
}

// Aborts, saying where, when reading in small chunks told something else.
void same_as(const std::vector<std::string>& chunked, const std::vector<std::string>& whole, std::size_t chunk_size)
{
    if (chunked == whole) {
        return;
    }
    for (std::size_t i = 0; i < std::max(chunked.size(), whole.size()); ++i) {
        const std::string a = i < whole.size() ? whole[i] : "(nothing)";
        const std::string b = i < chunked.size() ? chunked[i] : "(nothing)";
        if (a != b) {
            std::fprintf(stderr, "call %zu differs with chunks of %zu bytes:\n  whole:   %s\n  chunked: %s\n", i,
                         chunk_size, a.substr(0, 300).c_str(), b.substr(0, 300).c_str());
            break;
        }
    }
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    // The first byte picks the options; the rest is the input.
    const unsigned choice = data[0];
    toro::io::JsonOptions options;
    if ((choice & 1U) != 0) {
        options.encoding = "cp1250";
    }
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto whole = read_all(text, options);
    options.chunk_size = 1 + (choice >> 1U) % 7;
    same_as(read_all(text, options), whole, options.chunk_size);
    return 0;
}
