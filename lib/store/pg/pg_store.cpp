#include "store/pg/pg_store.hpp"

#include "core/date.hpp"
#include "store/audit_chain.hpp"
#include "store/migrations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace toro::store::pg {
namespace {

// The advisory lock that keeps two processes from migrating at once: "toro" in ASCII.
constexpr std::int64_t migration_lock = 0x746f726f;

// The table that holds the schema version; not one of the store's tables in `db info`.
constexpr std::string_view schema_table = "toro_schema";

std::vector<std::string> relations(Connection& connection, std::string_view kinds)
{
    auto result = connection.exec("SELECT c.relname FROM pg_catalog.pg_class c "
                                  "WHERE c.relnamespace = current_schema()::regnamespace "
                                  "AND c.relkind = ANY (string_to_array($1, ','))",
                                  {std::string(kinds)}, "store.doing.open");
    std::vector<std::string> names;
    for (int row = 0; row < result.rows(); ++row) {
        names.push_back(result.text(row, 0));
    }
    // Byte order, as SQLite lists them (the server's collation may differ).
    std::sort(names.begin(), names.end());
    return names;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

}  // namespace

int latest_version()
{
    return pg_migrations().empty() ? 0 : pg_migrations().back().version;
}

Contents contents(Connection& connection)
{
    Contents found;
    found.tables = relations(connection, "r,p,v,m,f,S");
    if (std::find(found.tables.begin(), found.tables.end(), schema_table) == found.tables.end()) {
        return found;
    }
    auto version = connection.exec("SELECT application, version FROM toro_schema", "store.doing.open");
    if (version.rows() != 1 || version.text(0, 0) != "toro") {
        throw Error(Exit::config, connection.location(), Message("pg.not_toro"));
    }
    found.version = static_cast<int>(version.integer(0, 1));
    return found;
}

PgStore::PgStore(const OpenOptions& options)
    : m_connection(options.uri, options.busy_timeout_ms), m_actor(options.actor)
{
    migrate(options.create);
}

int PgStore::version()
{
    return contents(m_connection).version;
}

void PgStore::migrate(bool create)
{
    Transaction transaction(m_connection);
    m_connection.exec("SELECT pg_advisory_xact_lock($1)", {std::to_string(migration_lock)}, "store.doing.open");
    const auto found = contents(m_connection);
    const int current = found.version;
    m_migration.from = current;
    m_migration.to = current;
    if (current == 0) {
        if (!found.tables.empty()) {
            throw Error(Exit::config, location(), Message("pg.not_empty", {{"tables", joined(found.tables)}}));
        }
        if (!create) {
            throw Error(Exit::no_input, location(), Message("pg.no_store"));
        }
        // Lists come out in byte order, as on SQLite, only in a database that sorts that way.
        const auto collation =
            m_connection.exec("SELECT datcollate FROM pg_database WHERE datname = current_database()").text(0, 0);
        if (collation != "C" && collation != "POSIX") {
            throw Error(Exit::config, location(),
                        Message("pg.collation", {{"collation", collation}, {"database", m_connection.database()}}));
        }
    }
    if (current > latest_version()) {
        throw Error(Exit::config, location(),
                    Message("store.too_new", {{"version", current}, {"latest", latest_version()}}));
    }
    if (current == latest_version()) {
        transaction.commit();
        return;
    }
    for (const auto& step : pg_migrations()) {
        if (step.version <= current) {
            continue;
        }
        m_connection.exec(step.sql, "store.doing.open");
        for (const auto& load : load_directives(step)) {
            const auto data = read_reference(load.path);
            std::vector<std::vector<Param>> rows;
            rows.reserve(data.rows.size());
            for (const auto& row : data.rows) {
                rows.emplace_back(row.begin(), row.end());
            }
            m_connection.copy_from(load.table, data.columns, rows, "store.doing.open");
        }
    }
    m_connection.exec("UPDATE toro_schema SET version = $1", {std::to_string(latest_version())}, "store.doing.open");
    audit("store", m_connection.database(), "migrate", nlohmann::json{{"schema_version", current}},
          nlohmann::json{{"schema_version", latest_version()}});
    transaction.commit();
    m_migration.to = latest_version();
}

void PgStore::audit(std::string_view entity, std::string_view key, std::string_view action,
                    const nlohmann::json& before, const nlohmann::json& after)
{
    const auto dump = [](const nlohmann::json& value) -> std::optional<std::string> {
        if (value.is_null()) {
            return std::nullopt;
        }
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    // One writer of the audit log at a time, to the end of its transaction: each row is
    // chained to the one before it.
    m_connection.exec("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE", "store.doing.begin");
    AuditRow row{1,
                 utc_timestamp(),
                 m_actor.name,
                 m_actor.login,
                 m_actor.command,
                 std::string(entity),
                 std::string(key),
                 std::string(action),
                 dump(before),
                 dump(after)};
    std::string previous(audit_chain_start);
    auto last = m_connection.exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (last.rows() == 1) {
        row.id = last.integer(0, 0) + 1;
        previous = last.is_null(0, 1) ? std::string() : last.text(0, 1);
    }
    m_connection.exec("INSERT INTO audit (id, at, actor, os_login, command, entity, key, action, before, after, hash) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                      {std::to_string(row.id), row.at, row.actor, row.os_login, row.command, row.entity, row.key,
                       row.action, row.before, row.after, audit_hash(previous, row)});
}

StoreInfo PgStore::info()
{
    StoreInfo result;
    result.path = location();
    result.size_bytes =
        m_connection.exec("SELECT pg_database_size(current_database())", "store.doing.work").integer(0, 0);
    result.schema_version = version();
    result.program_schema_version = latest_version();
    // PostgreSQL writes ahead to its log as SQLite's WAL mode does.
    result.journal_mode = "wal";
    for (const auto& table : relations(m_connection, "r,p")) {
        if (table == schema_table) {
            continue;
        }
        const auto rows =
            m_connection.exec(fmt::format("SELECT count(*) FROM {}", quote_identifier(table)), "store.doing.work");
        result.counts.push_back({table, rows.integer(0, 0)});
    }
    return result;
}

}  // namespace toro::store::pg
