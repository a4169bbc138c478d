#pragma once
// Opening inputs: a path or `-` for standard input, read in chunks so that memory stays flat
// however large the file; and the error type of every reader in lib/io.

#include "core/error.hpp"

#include <cstddef>
#include <istream>
#include <memory>
#include <string>

namespace toro::io {

// Bytes read from an input at a time.
inline constexpr std::size_t default_chunk_size = std::size_t{64} * 1024;

// Invalid input data at a place in a file (exit 65); the context is FILE, FILE:LINE or
// FILE:LINE:COLUMN (parts that are 0 are left out); `field` names the column or key when the
// problem lies in one field.
class InputError : public Error {
public:
    InputError(std::string source, std::size_t line, std::size_t column, Message message, std::string field = {});

    const std::string& source() const noexcept { return m_source; }
    std::size_t line() const noexcept { return m_line; }
    std::size_t column() const noexcept { return m_column; }
    const std::string& field() const noexcept { return m_field; }

private:
    std::string m_source;
    std::size_t m_line;
    std::size_t m_column;
    std::string m_field;
};

// Opens `path` for binary reading; `-` is standard input. A missing or unreadable file throws
// Error(Exit::no_input, path, "cannot open: <reason>").
std::unique_ptr<std::istream> open_input(const std::string& path);

// Reads up to `size` bytes into `buffer`; returns how many, 0 only at the end of the input.
// A read failure throws Error(Exit::io, source, "cannot read: <reason>").
std::size_t read_chunk(std::istream& in, char* buffer, std::size_t size, const std::string& source);

// A stream that yields `head` and then whatever is left in `rest`: lets a caller look at the
// first bytes of an input (to tell its format) without losing them.
std::unique_ptr<std::istream> replay(std::string head, std::unique_ptr<std::istream> rest);

}  // namespace toro::io
