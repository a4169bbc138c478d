#pragma once
// The error vocabulary of toro: every failure a user can act on is an Error carrying the exit
// code of docs/cli.md "Exit codes" and a context (FILE, FILE:LINE or FILE:LINE:COLUMN). The command line
// catches Error in one place and prints `toro: error: CONTEXT: MESSAGE`.

#include "core/catalogue.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace toro {

// Exit codes (docs/cli.md; sysexits-style numbers where they exist).
enum class Exit : int {
    ok = 0,
    internal = 1,
    usage = 2,
    attention = 3,
    data = 65,
    no_input = 66,
    cant_create = 73,
    io = 74,
    locked = 75,
    config = 78,
};

// A failure with an exit code, a context (may be empty) and a message from the catalogue,
// worded in the output language where it is printed; what() is the English text.
class Error : public std::runtime_error {
public:
    Error(Exit code, std::string context, Message message);
    Error(Exit code, Message message);

    Exit code() const noexcept { return m_code; }
    const std::string& context() const noexcept { return m_context; }
    // The message in English.
    std::string message() const { return what(); }
    // The message in `lang`.
    std::string message(Lang lang) const { return m_message.text(lang); }
    const Message& words() const noexcept { return m_message; }

private:
    Exit m_code;
    std::string m_context;
    Message m_message;
};

// A value that failed validation (a bad NIP, an impossible date); the message says what was
// expected. Callers that know the file, line and field turn it into a Problem or an Error.
// what() is the English text.
class InvalidValue : public std::invalid_argument {
public:
    explicit InvalidValue(Message message);
    const Message& words() const noexcept { return m_message; }

private:
    Message m_message;
};

// One problem found in a batch of input: where it is and what is wrong.
struct Problem {
    std::size_t line = 0;    // 0 when the problem is not tied to a line
    std::size_t column = 0;  // 0 when unknown
    std::string field;       // column or key name; may be empty
    std::string value;       // the offending value as written; may be empty
    Message message;         // worded where it is shown: English in JSON and rejects files
    std::string cell{};      // in a spreadsheet: the cell, SHEET!A1 (then it is the context, not the line)
};

// Invalid input data: every problem of a batch (exit 65). `source` names the file.
class BatchError : public Error {
public:
    BatchError(std::string source, std::vector<Problem> problems);
    const std::string& source() const noexcept { return m_source; }
    const std::vector<Problem>& problems() const noexcept { return m_problems; }

private:
    std::string m_source;
    std::vector<Problem> m_problems;
};

// A problem's message with its field and value as messages show them: `FIELD 'VALUE': MESSAGE`,
// `FIELD: MESSAGE` without a value, the message alone without a field; in `lang`.
std::string problem_text(const Problem& problem, Lang lang);

// The operating system's reason for `error` (an errno value) in words of the catalogue for the
// common ones (no such file, permission denied, disk full, ...), else strerror's text.
Message os_error(int error);

// "FILE:LINE" or "FILE:LINE:COLUMN" (parts that are 0 are left out).
std::string location(const std::string& file, std::size_t line, std::size_t column = 0);

// Where a problem of `file` lies: FILE:SHEET!CELL for a spreadsheet's cell, else location().
std::string problem_location(const std::string& file, const Problem& problem);

}  // namespace toro
