#include "store/pg/pg_database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace toro::store::pg {
namespace {

// PostgreSQL's type OIDs (pg_type.dat) of the columns toro reads as numbers.
constexpr unsigned bool_oid = 16;
constexpr unsigned int8_oid = 20;
constexpr unsigned int2_oid = 21;
constexpr unsigned int4_oid = 23;
constexpr unsigned float4_oid = 700;
constexpr unsigned float8_oid = 701;
constexpr unsigned numeric_oid = 1700;

double parse_real(std::string_view text)
{
    if (text == "t") {
        return 1;
    }
    double number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    (void)end;
    return error == std::errc() ? number : 0;
}

// An integer as SQLite reads one from any value: a real truncated, true as 1, text that is
// no number as 0.
std::int64_t parse_integer(std::string_view text)
{
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size()) {
        return number;
    }
    return static_cast<std::int64_t>(std::trunc(parse_real(text)));
}

// The highest $n of a statement: a parameter left unbound is NULL, as on SQLite.
std::size_t parameter_count(std::string_view sql)
{
    std::size_t count = 0;
    for (std::size_t at = sql.find('$'); at != std::string_view::npos; at = sql.find('$', at + 1)) {
        std::size_t number = 0;
        const auto [end, error] = std::from_chars(sql.data() + at + 1, sql.data() + sql.size(), number);
        (void)end;
        if (error == std::errc()) {
            count = std::max(count, number);
        }
    }
    return count;
}

class PgStatement final : public StatementImpl {
public:
    PgStatement(Connection& connection, std::string name, std::string_view sql)
        : m_connection(connection), m_name(std::move(name)), m_sql(numbered_placeholders(sql)),
          m_params(parameter_count(m_sql))
    {
    }

    void bind_text(int index, std::string_view value) override { slot(index) = std::string(value); }
    void bind_integer(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_real(int index, double value) override { slot(index) = fmt::format("{}", value); }
    void bind_null(int index) override { slot(index) = std::nullopt; }

    bool step() override
    {
        if (!m_ran) {
            m_result = run();
            m_ran = true;
            m_row = -1;
        }
        return ++m_row < m_result.rows();
    }

    std::int64_t exec() override
    {
        m_result = run();
        m_ran = true;
        m_row = m_result.rows();
        return m_result.changed_rows();
    }

    void send() override
    {
        prepare_once();
        m_connection.send_prepared(m_name, m_params);
        m_result = Result();
        m_ran = true;
        m_row = 0;
    }

    void reset() override
    {
        m_ran = false;
        m_row = -1;
        m_result = Result();
    }

    void clear_bindings() override
    {
        for (auto& param : m_params) {
            param = std::nullopt;
        }
    }

    int column_count() const override { return m_result.columns(); }
    bool is_null(int column) const override { return m_result.is_null(m_row, column); }

    ValueType type(int column) const override
    {
        if (is_null(column)) {
            return ValueType::null;
        }
        switch (m_result.type(column)) {
        case bool_oid:
        case int2_oid:
        case int4_oid:
        case int8_oid:
            return ValueType::integer;
        case float4_oid:
        case float8_oid:
        case numeric_oid:
            return ValueType::real;
        default:
            return ValueType::text;
        }
    }

    std::string_view text(int column) const override { return m_result.view(m_row, column); }

    std::int64_t integer(int column) const override
    {
        const auto value = text(column);
        return value == "t" ? 1 : parse_integer(value);
    }

    double real(int column) const override { return parse_real(text(column)); }

private:
    Param& slot(int index)
    {
        const auto position = static_cast<std::size_t>(index - 1);
        if (m_params.size() <= position) {
            m_params.resize(position + 1);
        }
        return m_params[position];
    }

    void prepare_once()
    {
        if (!m_prepared) {
            m_connection.prepare(m_name, m_sql, 0);
            m_prepared = true;
        }
    }

    Result run()
    {
        prepare_once();
        return m_connection.exec_prepared(m_name, m_params);
    }

    Connection& m_connection;
    std::string m_name;
    std::string m_sql;
    std::vector<Param> m_params;
    Result m_result;
    bool m_prepared = false;
    bool m_ran = false;
    int m_row = -1;
};

}  // namespace

std::unique_ptr<StatementImpl> PgDatabase::prepare(std::string_view sql)
{
    return std::make_unique<PgStatement>(m_connection, fmt::format("toro_{}", ++m_statements), sql);
}

void PgDatabase::exec(std::string_view sql)
{
    m_connection.exec(sql);
}

void PgDatabase::send(std::string_view sql)
{
    m_connection.send(sql);
}

void PgDatabase::settle()
{
    m_connection.settle();
}

void PgDatabase::end_bulk()
{
    m_connection.end_copy();
}

void PgDatabase::bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                             const std::vector<Row>& rows)
{
    m_connection.copy_from(table, columns, rows, "store.doing.work", true);
}

void PgDatabase::begin_write()
{
    m_connection.exec("BEGIN", "store.doing.begin");
    try {
        // Writers take turns, as on SQLite: the audit log's write lock is held to the end of
        // the transaction, and a writer that does not get it within lock_timeout exits 75.
        m_connection.exec("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE", "store.doing.begin");
    } catch (...) {
        m_connection.exec("ROLLBACK");
        throw;
    }
}

void PgDatabase::commit()
{
    m_connection.exec("COMMIT", "store.doing.commit");
}

void PgDatabase::rollback()
{
    m_connection.exec("ROLLBACK");
}

}  // namespace toro::store::pg
