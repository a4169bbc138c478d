#include "core/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace toro {

Error::Error(Exit code, std::string context, Message message)
    : std::runtime_error(message.text(Lang::en)), m_code(code), m_context(std::move(context)),
      m_message(std::move(message))
{
}

Error::Error(Exit code, Message message) : Error(code, std::string(), std::move(message)) {}

BatchError::BatchError(std::string source, std::vector<Problem> problems)
    : Error(Exit::data, source, Message("error.batch", {{"count", problems.size()}})), m_source(std::move(source)),
      m_problems(std::move(problems))
{
}

InvalidValue::InvalidValue(Message message)
    : std::invalid_argument(message.text(Lang::en)), m_message(std::move(message))
{
}

std::string problem_text(const Problem& problem, Lang lang)
{
    const std::string message = problem.message.text(lang);
    if (problem.field.empty()) {
        return message;
    }
    return problem.value.empty() ? fmt::format("{}: {}", problem.field, message)
                                 : fmt::format("{} '{}': {}", problem.field, problem.value, message);
}

Message os_error(int error)
{
    switch (error) {
    case ENOENT:
        return Message("os.enoent");
    case EACCES:
        return Message("os.eacces");
    case EPERM:
        return Message("os.eperm");
    case EEXIST:
        return Message("os.eexist");
    case EISDIR:
        return Message("os.eisdir");
    case ENOTDIR:
        return Message("os.enotdir");
    case ENOSPC:
        return Message("os.enospc");
    case EDQUOT:
        return Message("os.edquot");
    case EROFS:
        return Message("os.erofs");
    case EIO:
        return Message("os.eio");
    case ELOOP:
        return Message("os.eloop");
    case ENAMETOOLONG:
        return Message("os.enametoolong");
    case EBUSY:
        return Message("os.ebusy");
    case EMFILE:
        return Message("os.emfile");
    case EXDEV:
        return Message("os.exdev");
    default:
        return Message::verbatim(std::strerror(error));
    }
}

std::string location(const std::string& file, std::size_t line, std::size_t column)
{
    if (line == 0) {
        return file;
    }
    if (column == 0) {
        return fmt::format("{}:{}", file, line);
    }
    return fmt::format("{}:{}:{}", file, line, column);
}

std::string problem_location(const std::string& file, const Problem& problem)
{
    return problem.cell.empty() ? location(file, problem.line, problem.column)
                                : fmt::format("{}:{}", file, problem.cell);
}

}  // namespace toro
