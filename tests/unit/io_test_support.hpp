#pragma once
// Helpers shared by the lib/io unit tests: scratch files and error text.

#include "core/error.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace toro::test {

// A directory of its own under the system temporary directory, removed afterwards.
class ScratchDir {
public:
    ScratchDir()
    {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("toro-io-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    // Writes `bytes` to a file of that name and returns its path.
    std::string write(const std::string& name, const std::string& bytes) const
    {
        const auto file = m_path / name;
        std::ofstream(file, std::ios::binary) << bytes;
        return file.string();
    }
    std::string path(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

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
