#pragma once
// Opening inputs: a path or `-` for standard input, read in chunks so that memory stays flat
// however large the file; and the error type of every reader in lib/io.

#include "core/error.hpp"

#include <cstddef>
#include <cstdio>
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
    // In a spreadsheet: the value as shown and its cell (SHEET!A1), when the reader knows them.
    const std::string& value() const noexcept { return m_value; }
    const std::string& cell() const noexcept { return m_cell; }
    InputError& in_cell(std::string cell, std::string value)
    {
        m_cell = std::move(cell);
        m_value = std::move(value);
        return *this;
    }

private:
    std::string m_source;
    std::size_t m_line;
    std::size_t m_column;
    std::string m_field;
    std::string m_value;
    std::string m_cell;
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

// An input that can be read more than once. A regular file is opened again each time.
// Standard input, a pipe or a device is read as it comes the first time and copied, as it is
// read, into an unnamed temporary file (mode 0600, in TMPDIR, gone when the Rereadable ends),
// from which every later reading comes — so that a first reading streams as without a copy.
class Rereadable {
public:
    explicit Rereadable(std::string path);
    ~Rereadable();
    Rereadable(const Rereadable&) = delete;
    Rereadable& operator=(const Rereadable&) = delete;

    // The input from its start. A stream returned earlier must not be read after this call.
    std::unique_ptr<std::istream> open();
    const std::string& path() const noexcept { return m_path; }

private:
    void copy(const char* data, std::size_t size);

    std::string m_path;
    bool m_regular = false;
    std::unique_ptr<std::istream> m_source;  // what a first reading of a non-regular input reads
    std::FILE* m_copy = nullptr;
    class Tee;
};

}  // namespace toro::io
