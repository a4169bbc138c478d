#pragma once
// Helpers shared by the unit tests.

#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace toro::test {

// A directory of its own under the system temporary directory, removed afterwards.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix = "toro-test")
    {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
    const std::filesystem::path& path() const { return m_path; }
    // The path of a file of that name in the directory, as text.
    std::string path(const std::string& name) const { return (m_path / name).string(); }

    // Writes `text` to a file under the directory (making its folders) and returns its path.
    std::filesystem::path write(const std::filesystem::path& relative, const std::string& text) const
    {
        const auto file = m_path / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }

private:
    std::filesystem::path m_path;
};

// The standard output of a shell command.
inline std::string command_output(const std::string& command)
{
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t read = 0; (read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        output.append(buffer, read);
    }
    ::pclose(pipe);
    return output;
}

}  // namespace toro::test
