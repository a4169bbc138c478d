#include "core/atomic_file.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <streambuf>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace toro {
namespace {

// The temporary files alive now, removed by the handler of SIGINT, SIGTERM and SIGHUP. Only
// what is safe in a signal handler is used there: fixed buffers, flags and unlink().
constexpr std::size_t registry_slots = 8;
constexpr std::size_t registry_path_size = 4096;
std::array<std::array<char, registry_path_size>, registry_slots> registry_paths{};
std::array<std::atomic<int>, registry_slots> registry_used{};
std::mutex registry_mutex;  // between threads registering; the handler only reads
constexpr std::array<int, 3> cleanup_signals{SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temporary_files(int signal_number)
{
    for (std::size_t i = 0; i < registry_slots; ++i) {
        if (registry_used[i].load() != 0) {
            ::unlink(registry_paths[i].data());
        }
    }
    // Dies of the signal as it would have without the handler (the exit status tells so).
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
    ::raise(signal_number);
}

// Installs the handler once, for the signals whose disposition is the default (a signal that
// is ignored, under nohup say, stays ignored; a handler someone else set stays theirs).
void install_handler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (const int signal_number : cleanup_signals) {
            struct sigaction current {};
            if (::sigaction(signal_number, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) {
                continue;
            }
            struct sigaction action {};
            action.sa_handler = remove_temporary_files;
            ::sigemptyset(&action.sa_mask);
            for (const int blocked : cleanup_signals) {
                ::sigaddset(&action.sa_mask, blocked);
            }
            ::sigaction(signal_number, &action, nullptr);
        }
    });
}

int register_temporary(const std::filesystem::path& path)
{
    install_handler();
    const std::string& text = path.native();
    if (text.size() >= registry_path_size) {
        return -1;
    }
    const std::lock_guard lock(registry_mutex);
    for (std::size_t i = 0; i < registry_slots; ++i) {
        if (registry_used[i].load() == 0) {
            std::memcpy(registry_paths[i].data(), text.c_str(), text.size() + 1);
            registry_used[i].store(1);
            return static_cast<int>(i);
        }
    }
    return -1;
}

void unregister_temporary(int slot)
{
    if (slot >= 0) {
        const std::lock_guard lock(registry_mutex);
        registry_used[static_cast<std::size_t>(slot)].store(0);
    }
}

// Twelve letters and digits from the system's random source.
std::string random_suffix()
{
    constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::array<unsigned char, 12> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        const auto count = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error(Exit::cant_create, Message("file.random_name", {{"reason", os_error(errno)}}));
        }
        got += static_cast<std::size_t>(count);
    }
    std::string suffix;
    for (const unsigned char byte : bytes) {
        suffix += alphabet[byte % alphabet.size()];
    }
    return suffix;
}

std::filesystem::path folder_of(const std::filesystem::path& target)
{
    const auto parent = target.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

bool same_path(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code error_a;
    std::error_code error_b;
    const auto canonical_a = std::filesystem::weakly_canonical(std::filesystem::absolute(a, error_a), error_a);
    const auto canonical_b = std::filesystem::weakly_canonical(std::filesystem::absolute(b, error_b), error_b);
    return !error_a && !error_b && canonical_a == canonical_b;
}

}  // namespace

// A buffer writing to the file descriptor; a failed write makes the stream bad and keeps errno.
class AtomicFile::Buffer : public std::streambuf {
public:
    explicit Buffer(int fd) : m_fd(fd) { setp(m_data.data(), m_data.data() + m_data.size()); }

    int error() const { return m_error; }

protected:
    int_type overflow(int_type c) override
    {
        if (!drain()) {
            return traits_type::eof();
        }
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }

    int sync() override { return drain() ? 0 : -1; }

    std::streamsize xsputn(const char* data, std::streamsize size) override
    {
        if (size > epptr() - pptr()) {
            if (!drain()) {
                return 0;
            }
            if (size >= static_cast<std::streamsize>(m_data.size())) {
                return write_all(data, static_cast<std::size_t>(size)) ? size : 0;
            }
        }
        std::memcpy(pptr(), data, static_cast<std::size_t>(size));
        pbump(static_cast<int>(size));
        return size;
    }

private:
    bool drain()
    {
        const auto size = static_cast<std::size_t>(pptr() - pbase());
        setp(m_data.data(), m_data.data() + m_data.size());
        return write_all(m_data.data(), size);
    }

    bool write_all(const char* data, std::size_t size)
    {
        if (m_error != 0) {
            return false;
        }
        while (size > 0) {
            const auto written = ::write(m_fd, data, size);
            if (written < 0) {
                if (errno == EINTR) {
                    continue;
                }
                m_error = errno;
                return false;
            }
            data += written;
            size -= static_cast<std::size_t>(written);
        }
        return true;
    }

    int m_fd;
    int m_error = 0;
    std::array<char, std::size_t{64} * 1024> m_data{};
};

void check_target(const std::filesystem::path& target, const std::vector<ProtectedFile>& protect)
{
    struct stat target_status {};
    const bool exists = ::stat(target.c_str(), &target_status) == 0;
    for (const auto& file : protect) {
        if (file.path.empty()) {
            continue;
        }
        struct stat status {};
        const bool same = exists ? ::stat(file.path.c_str(), &status) == 0 && status.st_dev == target_status.st_dev &&
                                       status.st_ino == target_status.st_ino
                                 : same_path(target, file.path);
        if (same) {
            throw Error(Exit::cant_create, target.string(),
                        Message("file.protected", {{"what", file.what}, {"path", file.path}}));
        }
    }
    if (exists && !S_ISREG(target_status.st_mode)) {
        const Key kind = S_ISDIR(target_status.st_mode)                                     ? Key("file.kind.folder")
                         : S_ISCHR(target_status.st_mode) || S_ISBLK(target_status.st_mode) ? Key("file.kind.device")
                         : S_ISFIFO(target_status.st_mode)                                  ? Key("file.kind.pipe")
                         : S_ISSOCK(target_status.st_mode)                                  ? Key("file.kind.socket")
                                                                                            : Key("file.kind.other");
        throw Error(Exit::cant_create, target.string(), Message("file.not_regular", {{"kind", Message(kind)}}));
    }
}

AtomicFile::AtomicFile(std::filesystem::path target, mode_t mode, bool keep_existing_mode)
    : m_target(std::move(target)), m_mode(mode)
{
    if (keep_existing_mode) {
        struct stat status {};
        if (::stat(m_target.c_str(), &status) == 0 && S_ISREG(status.st_mode)) {
            m_mode = status.st_mode & 07777;
        }
    }
    const auto folder = folder_of(m_target);
    for (int attempt = 0; m_fd < 0; ++attempt) {
        m_temporary = folder / fmt::format("{}.tmp-{}", m_target.filename().string(), random_suffix());
        m_fd = ::open(m_temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, private_file_mode);
        if (m_fd < 0 && (errno != EEXIST || attempt == 9)) {
            throw Error(Exit::cant_create, m_target.string(),
                        Message("file.cannot_create", {{"reason", os_error(errno)}}));
        }
    }
    m_slot = register_temporary(m_temporary);
    m_buffer = std::make_unique<Buffer>(m_fd);
    m_stream = std::make_unique<std::ostream>(m_buffer.get());
}

AtomicFile::~AtomicFile()
{
    if (!m_committed) {
        discard();
    }
}

std::ostream& AtomicFile::stream()
{
    return *m_stream;
}

void AtomicFile::discard() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    ::unlink(m_temporary.c_str());
    unregister_temporary(m_slot);
    m_slot = -1;
}

void AtomicFile::commit()
{
    m_stream->flush();
    const int write_error = m_buffer->error();
    if (write_error != 0 || !*m_stream) {
        discard();
        throw Error(Exit::io, m_target.string(),
                    Message("file.cannot_write", {{"reason", os_error(write_error != 0 ? write_error : EIO)}}));
    }
    // A writer that wrote by name has closed its own descriptor; ours still reaches the file.
    if (::fsync(m_fd) != 0 || ::fchmod(m_fd, m_mode) != 0) {
        const int error = errno;
        discard();
        throw Error(Exit::io, m_target.string(), Message("file.cannot_write", {{"reason", os_error(error)}}));
    }
    if (::close(m_fd) != 0) {
        const int error = errno;
        m_fd = -1;
        discard();
        throw Error(Exit::io, m_target.string(), Message("file.cannot_write", {{"reason", os_error(error)}}));
    }
    m_fd = -1;
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
        const int error = errno;
        discard();
        throw Error(Exit::cant_create, m_target.string(), Message("file.cannot_create", {{"reason", os_error(error)}}));
    }
    m_committed = true;
    unregister_temporary(m_slot);
    m_slot = -1;
    // The rename lasts only once the folder is on disk too.
    const int folder = ::open(folder_of(m_target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
}

mode_t parse_file_mode(const std::string& text)
{
    const auto invalid = [&text](Key why) {
        return InvalidValue(Message("file_mode.invalid", {{"text", text}, {"why", Message(why)}}));
    };
    if (text.empty() || text.size() > 4) {
        throw invalid("file_mode.length");
    }
    mode_t mode = 0;
    for (const char c : text) {
        if (c < '0' || c > '7') {
            throw invalid("file_mode.digits");
        }
        mode = static_cast<mode_t>(mode * 8 + static_cast<mode_t>(c - '0'));
    }
    if ((mode & ~static_cast<mode_t>(0666)) != 0) {
        throw invalid("file_mode.too_wide");
    }
    if ((mode & 0600) != 0600) {
        throw invalid("file_mode.owner");
    }
    return mode;
}

}  // namespace toro
