#include "io/input.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>

namespace toro::io {

InputError::InputError(std::string source, std::size_t line, std::size_t column, Message message,
                       std::string field)
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

}  // namespace toro::io
