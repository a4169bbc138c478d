#pragma once
// Helpers shared by the unit tests.

#include <atomic>
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

}  // namespace toro::test
