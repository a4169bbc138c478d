#include "store/database.hpp"

#include <fmt/format.h>

namespace toro::store {

Statement::Statement(Database& database, std::string_view sql) : m_impl(database.prepare(sql)) {}

std::int64_t Database::query_integer(std::string_view sql)
{
    Statement query(*this, sql);
    return query.step() ? query.column(0).get_int64() : 0;
}

std::string Database::query_text(std::string_view sql)
{
    Statement query(*this, sql);
    return query.step() ? query.column(0).get_string() : std::string();
}

std::string json_elements(Dialect dialect, std::string_view json, std::string_view alias)
{
    return dialect == Dialect::postgresql ? fmt::format("json_array_elements_text({}) AS {} (value)", json, alias)
                                          : fmt::format("json_each({}) AS {}", json, alias);
}

std::string json_members(Dialect dialect, std::string_view json, std::string_view alias)
{
    return dialect == Dialect::postgresql ? fmt::format("json_each_text({}) AS {} (key, value)", json, alias)
                                          : fmt::format("json_each({}) AS {}", json, alias);
}

std::string_view insertion_order(Dialect dialect)
{
    return dialect == Dialect::postgresql ? "seq" : "rowid";
}

std::string json_number(Dialect dialect, std::string_view value)
{
    return dialect == Dialect::postgresql ? fmt::format("({})::numeric", value) : std::string(value);
}

std::string json_field(Dialect dialect, std::string_view json, std::string_view name)
{
    return dialect == Dialect::postgresql ? fmt::format("({})::json ->> '{}'", json, name)
                                          : fmt::format("json_extract({}, '$.{}')", json, name);
}

}  // namespace toro::store
