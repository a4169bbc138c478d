#pragma once
// Helpers shared by the lib/io unit tests: bytes and error text (scratch files: test_support.hpp).

#include "core/error.hpp"
#include "test_support.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace toro::test {

// UTF-16LE bytes with a byte order mark (Excel's "Unicode text").
inline std::string utf16le(const std::u16string& text)
{
    std::string bytes = "\xFF\xFE";
    for (const char16_t unit : text) {
        bytes += static_cast<char>(unit & 0xFF);
        bytes += static_cast<char>(unit >> 8);
    }
    return bytes;
}

// "CONTEXT: MESSAGE (exit N)" of the Error `action` throws, or "no error".
template <typename Action> std::string error_text(Action&& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error.context() + ": " + error.what() + " (exit " + std::to_string(static_cast<int>(error.code())) + ")";
    }
    return "no error";
}

}  // namespace toro::test
