#include "io/input.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <unistd.h>

namespace toro::io {

InputError::InputError(std::string source, std::size_t line, std::size_t column, Message message, std::string field)
    : Error(Exit::data, location(source, line, column), std::move(message)), m_source(std::move(source)), m_line(line),
      m_column(column), m_field(std::move(field))
{
}

std::unique_ptr<std::istream> open_input(const std::string& path)
{
    if (path == "-") {
        return std::make_unique<std::istream>(std::cin.rdbuf());
    }
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw Error(Exit::no_input, path, Message("input.cannot_open", {{"reason", os_error(EISDIR)}}));
    }
    errno = 0;
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!file->is_open()) {
        const int reason = errno != 0 ? errno : ENOENT;
        throw Error(Exit::no_input, path, Message("input.cannot_open", {{"reason", os_error(reason)}}));
    }
    return file;
}

std::size_t read_chunk(std::istream& in, char* buffer, std::size_t size, const std::string& source)
{
    if (in.eof()) {
        return 0;
    }
    errno = 0;
    in.read(buffer, static_cast<std::streamsize>(size));
    if (in.bad()) {
        const int reason = errno != 0 ? errno : EIO;
        throw Error(Exit::io, source, Message("input.cannot_read", {{"reason", os_error(reason)}}));
    }
    return static_cast<std::size_t>(in.gcount());
}

namespace {

// Serves the saved head, then refills from the rest of the input chunk by chunk.
class ReplayBuffer : public std::streambuf {
public:
    ReplayBuffer(std::string head, std::unique_ptr<std::istream> rest)
        : m_buffer(std::move(head)), m_rest(std::move(rest))
    {
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + m_buffer.size());
    }

protected:
    int_type underflow() override
    {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        if (!m_rest || m_rest->eof()) {
            return traits_type::eof();
        }
        m_buffer.resize(default_chunk_size);
        m_rest->read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        if (m_rest->bad()) {
            // std::istream turns this into badbit, which read_chunk reports.
            throw std::ios_base::failure("cannot read");
        }
        const auto count = static_cast<std::size_t>(m_rest->gcount());
        if (count == 0) {
            return traits_type::eof();
        }
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + count);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::string m_buffer;
    std::unique_ptr<std::istream> m_rest;
};

class ReplayStream : public std::istream {
public:
    ReplayStream(std::string head, std::unique_ptr<std::istream> rest)
        : std::istream(nullptr), m_buffer(std::move(head), std::move(rest))
    {
        rdbuf(&m_buffer);
    }

private:
    ReplayBuffer m_buffer;
};

}  // namespace

std::unique_ptr<std::istream> replay(std::string head, std::unique_ptr<std::istream> rest)
{
    return std::make_unique<ReplayStream>(std::move(head), std::move(rest));
}

// Reads the source chunk by chunk and hands each chunk to the Rereadable's copy as well.
class Rereadable::Tee : public std::streambuf {
public:
    explicit Tee(Rereadable& owner) : m_owner(owner), m_buffer(default_chunk_size, '\0') {}

protected:
    int_type underflow() override
    {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        auto& source = *m_owner.m_source;
        if (source.eof()) {
            return traits_type::eof();
        }
        source.read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        if (source.bad()) {
            throw std::ios_base::failure("cannot read");
        }
        const auto count = static_cast<std::size_t>(source.gcount());
        if (count == 0) {
            return traits_type::eof();
        }
        m_owner.copy(m_buffer.data(), count);
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + count);
        return traits_type::to_int_type(*gptr());
    }

private:
    Rereadable& m_owner;
    std::string m_buffer;
};

namespace {

class TeeStream : public std::istream {
public:
    explicit TeeStream(std::unique_ptr<std::streambuf> buffer) : std::istream(buffer.get()), m_buffer(std::move(buffer))
    {
    }

private:
    std::unique_ptr<std::streambuf> m_buffer;
};

[[noreturn]] void copy_failed(const std::string& path)
{
    const int error = errno;
    throw Error(Exit::io, path, Message("input.cannot_copy", {{"reason", os_error(error)}}));
}

// A file with no name in TMPDIR (or /tmp), readable only by its owner; nullptr on failure.
std::FILE* unnamed_file()
{
    const char* folder = std::getenv("TMPDIR");
    const std::string dir = folder != nullptr && *folder != '\0' ? folder : "/tmp";
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {  // a file system without O_TMPFILE: a named one, removed at once
        std::string name = dir + "/toro-XXXXXX";
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) {
            ::unlink(name.c_str());
        }
    }
    if (fd < 0) {
        return nullptr;
    }
    std::FILE* file = ::fdopen(fd, "w+b");
    if (file == nullptr) {
        ::close(fd);
    }
    return file;
}

}  // namespace

Rereadable::Rereadable(std::string path) : m_path(std::move(path))
{
    std::error_code ignored;
    m_regular = m_path != "-" && std::filesystem::is_regular_file(m_path, ignored);
}

Rereadable::~Rereadable()
{
    if (m_copy != nullptr) {
        std::fclose(m_copy);
    }
}

void Rereadable::copy(const char* data, std::size_t size)
{
    if (std::fwrite(data, 1, size, m_copy) != size) {
        copy_failed(m_path);
    }
}

std::unique_ptr<std::istream> Rereadable::open()
{
    if (m_regular) {
        return open_input(m_path);
    }
    if (m_copy == nullptr) {  // the first reading
        m_source = open_input(m_path);
        m_copy = unnamed_file();
        if (m_copy == nullptr) {
            copy_failed(m_path);
        }
        return std::make_unique<TeeStream>(std::make_unique<Tee>(*this));
    }
    // What the first reading left unread goes into the copy too.
    std::string buffer(default_chunk_size, '\0');
    while (const auto count = read_chunk(*m_source, buffer.data(), buffer.size(), m_path)) {
        copy(buffer.data(), count);
    }
    if (std::fflush(m_copy) != 0) {
        copy_failed(m_path);
    }
    // A new description of the unnamed file, with its own position.
    auto file = std::make_unique<std::ifstream>("/proc/self/fd/" + std::to_string(::fileno(m_copy)), std::ios::binary);
    if (!file->is_open()) {
        const int error = errno;
        throw Error(Exit::io, m_path, Message("input.cannot_read_copy", {{"reason", os_error(error)}}));
    }
    return file;
}

}  // namespace toro::io
