#include "core/error.hpp"

#include <fmt/format.h>

namespace toro {

Error::Error(Exit code, std::string context, const std::string& message)
    : std::runtime_error(message), m_code(code), m_context(std::move(context))
{
}

Error::Error(Exit code, const std::string& message) : Error(code, std::string(), message) {}

BatchError::BatchError(std::string source, std::vector<Problem> problems)
    : Error(Exit::data, source, fmt::format("{} problem{} in the input; nothing was written", problems.size(),
                                            problems.size() == 1 ? "" : "s")),
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

std::string problem_location(const std::string& file, const Problem& problem)
{
    return problem.cell.empty() ? location(file, problem.line, problem.column) : fmt::format("{}:{}", file, problem.cell);
}

} // namespace toro
