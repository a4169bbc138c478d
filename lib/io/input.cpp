#include "io/input.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>

namespace toro::io {

InputError::InputError(std::string source, std::size_t line, std::size_t column, const std::string& message,
                       std::string field)
    : Error(Exit::data, location(source, line, column), message), m_source(std::move(source)), m_line(line),
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
        throw Error(Exit::no_input, path, std::string("cannot open: ") + std::strerror(EISDIR));
    }
    errno = 0;
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!file->is_open()) {
        const int reason = errno != 0 ? errno : ENOENT;
        throw Error(Exit::no_input, path, std::string("cannot open: ") + std::strerror(reason));
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
        throw Error(Exit::io, source, std::string("cannot read: ") + std::strerror(reason));
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

Rereadable::Rereadable(std::string path) : m_path(std::move(path))
{
    std::error_code ignored;
    if (m_path != "-" && std::filesystem::is_regular_file(m_path, ignored)) {
        return;
    }
    auto in = open_input(m_path);
    m_copy = std::tmpfile();
    if (m_copy == nullptr) {
        throw Error(Exit::io, m_path,
                    std::string("cannot keep a copy of the input in a temporary file: ") + std::strerror(errno));
    }
    std::string buffer(default_chunk_size, '\0');
    while (const auto count = read_chunk(*in, buffer.data(), buffer.size(), m_path)) {
        if (std::fwrite(buffer.data(), 1, count, m_copy) != count) {
            throw Error(Exit::io, m_path,
                        std::string("cannot keep a copy of the input in a temporary file: ") + std::strerror(errno));
        }
    }
    if (std::fflush(m_copy) != 0) {
        throw Error(Exit::io, m_path,
                    std::string("cannot keep a copy of the input in a temporary file: ") + std::strerror(errno));
    }
}

Rereadable::~Rereadable()
{
    if (m_copy != nullptr) {
        std::fclose(m_copy);
    }
}

std::unique_ptr<std::istream> Rereadable::open() const
{
    if (m_copy == nullptr) {
        return open_input(m_path);
    }
    // A new description of the unnamed file, with its own position.
    auto file = std::make_unique<std::ifstream>("/proc/self/fd/" + std::to_string(::fileno(m_copy)), std::ios::binary);
    if (!file->is_open()) {
        throw Error(Exit::io, m_path, std::string("cannot read the copy of the input: ") + std::strerror(errno));
    }
    return file;
}

}  // namespace toro::io
