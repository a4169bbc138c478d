#include "core/error.hpp"

#include <fmt/format.h>

namespace toro {

Error::Error(Exit code, std::string context, Message message)
    : std::runtime_error(message.text(Lang::en)), m_code(code), m_context(std::move(context)),
      m_message(std::move(message))
{
}

Error::Error(Exit code, Message message) : Error(code, std::string(), std::move(message)) {}

Error::Error(Exit code, std::string context, const std::string& message)
    : Error(code, std::move(context), Message::verbatim(message))
{
}

Error::Error(Exit code, const std::string& message) : Error(code, std::string(), message) {}

BatchError::BatchError(std::string source, std::vector<Problem> problems)
    : Error(Exit::data, source, Message("error.batch", {{"count", problems.size()}})),
      m_source(std::move(source)), m_problems(std::move(problems))
{
}

std::string problem_text(const Problem& problem)
{
    if (problem.field.empty()) {
        return problem.message;
    }
    return problem.value.empty() ? fmt::format("{}: {}", problem.field, problem.message)
                                 : fmt::format("{} '{}': {}", problem.field, problem.value, problem.message);
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

} // namespace toro
