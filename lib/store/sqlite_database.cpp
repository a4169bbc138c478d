#include "store/sqlite_database.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace toro::store {
namespace {

class SqliteStatement final : public StatementImpl {
public:
    SqliteStatement(SQLite::Database& db, std::string_view sql)
        : m_statement(db, std::string(sql)), m_texts(static_cast<std::size_t>(m_statement.getBindParameterCount()) + 1)
    {
    }

    // SQLiteCpp binds text with a size only from a std::string, so the value is copied into the
    // parameter's own string, whose buffer is reused row after row, and bound from there without
    // SQLite's copy. The string stays untouched until the parameter is bound again.
    void bind_text(int index, std::string_view value) override
    {
        auto& text = m_texts.at(static_cast<std::size_t>(index));
        text.assign(value);
        m_statement.bindNoCopy(index, text);
    }
    void bind_integer(int index, std::int64_t value) override { m_statement.bind(index, value); }
    void bind_real(int index, double value) override { m_statement.bind(index, value); }
    void bind_null(int index) override { m_statement.bind(index); }
    bool step() override { return m_statement.executeStep(); }
    std::int64_t exec() override { return m_statement.exec(); }
    void reset() override { m_statement.reset(); }
    void clear_bindings() override { m_statement.clearBindings(); }
    int column_count() const override { return m_statement.getColumnCount(); }
    bool is_null(int column) const override { return m_statement.isColumnNull(column); }
    ValueType type(int column) const override
    {
        const auto value = m_statement.getColumn(column);
        return value.isNull()      ? ValueType::null
               : value.isInteger() ? ValueType::integer
               : value.isFloat()   ? ValueType::real
                                   : ValueType::text;
    }
    std::string_view text(int column) const override
    {
        const auto value = m_statement.getColumn(column);
        const char* text = value.getText();
        return {text, static_cast<std::size_t>(value.getBytes())};
    }
    std::int64_t integer(int column) const override { return m_statement.getColumn(column).getInt64(); }
    double real(int column) const override { return m_statement.getColumn(column).getDouble(); }

private:
    mutable SQLite::Statement m_statement;
    std::vector<std::string> m_texts;  // by parameter index; sized once, so no buffer moves
};

}  // namespace

std::unique_ptr<StatementImpl> SqliteDatabase::prepare(std::string_view sql)
{
    return std::make_unique<SqliteStatement>(m_db, sql);
}

void SqliteDatabase::exec(std::string_view sql)
{
    m_db.exec(std::string(sql));
}

void SqliteDatabase::bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                                 const std::vector<Row>& rows)
{
    std::string names;
    std::string marks;
    for (const auto& column : columns) {
        names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", column);
        marks += marks.empty() ? "?" : ", ?";
    }
    SQLite::Statement insert(m_db, fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", table, names, marks));
    for (const auto& row : rows) {
        insert.reset();
        for (std::size_t i = 0; i < row.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            row[i] ? insert.bind(index, *row[i]) : insert.bind(index);
        }
        insert.exec();
    }
}

void SqliteDatabase::begin_write()
{
    m_db.exec("BEGIN IMMEDIATE");
}

void SqliteDatabase::commit()
{
    m_db.exec("COMMIT");
}

void SqliteDatabase::rollback()
{
    m_db.exec("ROLLBACK");
}

}  // namespace toro::store
