#pragma once
// The query interface on a SQLite file, through SQLiteCpp (store/database.hpp).

#include "store/database.hpp"

#include <SQLiteCpp/Database.h>

namespace toro::store {

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(SQLite::Database& db, std::string location) : m_db(db), m_location(std::move(location)) {}
    Dialect dialect() const override { return Dialect::sqlite; }
    const std::string& location() const override { return m_location; }
    std::unique_ptr<StatementImpl> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    void begin_write() override;
    void commit() override;
    void rollback() override;
    void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                     const std::vector<Row>& rows) override;
    SQLite::Database& sqlite() { return m_db; }

private:
    SQLite::Database& m_db;
    std::string m_location;
};

}  // namespace toro::store
