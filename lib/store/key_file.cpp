#include "store/key_file.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace toro::store {
namespace {

constexpr std::size_t key_bytes = 32;

std::string random_key()
{
    std::array<unsigned char, key_bytes> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const auto got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error(Exit::internal, Message("key.random", {{"reason", os_error(errno)}}));
        }
        filled += static_cast<std::size_t>(got);
    }
    return hex(bytes.data(), bytes.size());
}

// Writes a new file exclusively (O_EXCL, mode 0600) and syncs it; false when it exists.
bool write_new(const std::filesystem::path& path, std::string_view key)
{
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return false;
        }
        throw Error(Exit::cant_create, path.string(), Message("key.cannot_create", {{"reason", os_error(errno)}}));
    }
    const std::string text = std::string(key) + '\n';
    const bool written = ::fchmod(fd, 0600) == 0 &&
                         ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) {
        ::unlink(path.c_str());
        throw Error(Exit::cant_create, path.string(), Message("key.cannot_write", {{"reason", os_error(saved)}}));
    }
    return true;
}

}  // namespace

bool is_hex_key(std::string_view text)
{
    if (text.size() != key_bytes * 2) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string read_key(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(Exit::config, path.string(), Message("key.cannot_read", {{"reason", os_error(errno)}}));
    }
    std::array<char, 128> buffer{};
    const auto got = ::read(fd, buffer.data(), buffer.size());
    ::close(fd);
    std::string_view text(buffer.data(), got > 0 ? static_cast<std::size_t>(got) : 0);
    if (text.ends_with('\n')) {
        text.remove_suffix(1);
    }
    if (!is_hex_key(text)) {
        throw Error(Exit::config, path.string(), Message("key.malformed"));
    }
    return std::string(text);
}

bool create_key(const std::filesystem::path& path)
{
    return write_new(path, random_key());
}

void install_key(const std::filesystem::path& path, std::string_view key)
{
    if (write_new(path, key)) {
        return;
    }
    if (read_key(path) != key) {
        throw Error(Exit::config, path.string(), Message("key.differs"));
    }
}

}  // namespace toro::store
