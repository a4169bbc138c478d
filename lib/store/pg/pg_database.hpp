#pragma once
// The query interface on a PostgreSQL connection (store/database.hpp): `?` numbered as $1, $2,
// ..., each statement prepared once per session, values read from libpq's text results and
// converted as SQLite converts them.

#include "store/database.hpp"
#include "store/pg/connection.hpp"

namespace toro::store::pg {

class PgDatabase final : public Database {
public:
    explicit PgDatabase(Connection& connection) : m_connection(connection) {}
    Dialect dialect() const override { return Dialect::postgresql; }
    const std::string& location() const override { return m_connection.location(); }
    std::unique_ptr<StatementImpl> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    void send(std::string_view sql) override;
    void settle() override;
    void end_bulk() override;
    bool server_here() const override { return m_connection.server_here(); }
    void begin_write() override;
    void commit() override;
    void rollback() override;
    void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                     const std::vector<Row>& rows) override;
    Connection& connection() { return m_connection; }

private:
    Connection& m_connection;
    int m_statements = 0;
};

}  // namespace toro::store::pg
