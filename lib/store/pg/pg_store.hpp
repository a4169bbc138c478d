#pragma once
// A toro store in a PostgreSQL database (docs/architecture.md, "Store back ends"): the schema
// of schemas/migrations/pg/, its version in the table toro_schema, the audit rows it writes and
// what `db info` shows. Only `init`, `db info` and `db migrate` run on it so far.

#include "store/maintenance.hpp"
#include "store/pg/connection.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace toro::store::pg {

struct OpenOptions {
    std::string uri;
    int busy_timeout_ms = 10000;  // becomes lock_timeout
    bool create = false;          // create toro's schema in a database that holds no table
    Actor actor;
};

// What a database holds before toro opens it as a store.
struct Contents {
    int version = 0;                  // toro's schema version, 0 when it has none
    std::vector<std::string> tables;  // every table, view and sequence of its current schema, by name
};
Contents contents(Connection& connection);

// The schema version of the newest PostgreSQL migration.
int latest_version();

class PgStore {
public:
    // Connects (exit 74 when the server cannot be reached or refuses the login) and brings the
    // schema up to date in one transaction, under an advisory lock that a second process
    // waits for (past the busy timeout: 75). A database without toro's schema gets it when
    // `create` and it holds nothing else (otherwise 78 naming what it holds), else exit 66. A
    // schema newer than the program, or a toro_schema that is not toro's: 78.
    explicit PgStore(const OpenOptions& options);

    Connection& connection() { return m_connection; }
    // The URI, password masked.
    const std::string& location() const { return m_connection.location(); }
    int version();
    const Migration& migration() const { return m_migration; }

    // Appends one row to the audit log, chained to the last (inside the caller's transaction,
    // which holds the audit table's write lock from here to its end, so rows stay in order).
    void audit(std::string_view entity, std::string_view key, std::string_view action, const nlohmann::json& before,
               const nlohmann::json& after);

    // `db info`: the same fields as on SQLite; size_bytes is the database's size on the server.
    StoreInfo info();

private:
    void migrate(bool create);

    Connection m_connection;
    Actor m_actor;
    Migration m_migration;
};

}  // namespace toro::store::pg
