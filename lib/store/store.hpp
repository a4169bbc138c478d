#pragma once
// The store (PRODUCT.md §3): a SQLite file — WAL, foreign keys on, numbered migrations embedded
// in the binary and tracked by `user_version` — or a PostgreSQL database (store/pg/), behind one
// query interface (store/database.hpp), with the append-only audit log on both.

#include "core/error.hpp"
#include "store/sqlite_database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toro::store {

namespace pg {
class PgStore;
}

struct AuditRow;

// Who acts, for the audit log.
struct Actor {
    std::string name;     // --actor, TORO_ACTOR or the login name: declared, not authenticated
    std::string command;  // the command line as typed, values of personal options masked
    std::string login;    // the operating system's login of the process (or its uid)
};

struct OpenOptions {
    std::filesystem::path path;  // a file, or a postgresql:// URI
    int busy_timeout_ms = 10000;
    std::string synchronous = "FULL";
    bool create = false;  // create the file (mode 0600) when it does not exist
    // The pseudonym key file (empty: toro.key beside the store). Created with the store.
    std::filesystem::path key_path;
    Actor actor;
};

// What opening did to the schema.
struct Migration {
    int from = 0;
    int to = 0;
    std::optional<std::filesystem::path> backup;  // the copy taken before migrating an older file
};

// The schema version this program writes.
int latest_version();

class Store {
public:
    // Opens the store and brings its schema up to date. Errors: the file is missing (66, unless
    // `create`), is not a toro database (78), is newer than the program (78), stays locked past
    // the busy timeout (75), cannot be created (73) or read (74).
    // A PostgreSQL URI opens the database instead (pg::PgStore: exit 74 when it cannot be
    // reached, 66 when it holds no store and `create` is not set).
    explicit Store(const OpenOptions& options);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // The query interface (store/database.hpp).
    Database& db() { return *m_database; }
    // The SQLite connection itself, for what only SQLite has (backups, PRAGMAs, integrity);
    // not to be called on PostgreSQL.
    SQLite::Database& sqlite();
    // The PostgreSQL store, or null for a SQLite file.
    pg::PgStore* postgres() { return m_pg.get(); }
    const std::filesystem::path& path() const { return m_path; }
    // A page cache large enough for a bulk import (the default suits reading reports).
    void reserve_for_bulk_write();
    int version();
    const Migration& migration() const { return m_migration; }
    const Actor& actor() const { return m_actor; }
    const std::filesystem::path& key_path() const { return m_key_path; }

    // Writes a consistent copy of the store to `target` with SQLite's online backup (mode 0600),
    // checks the copy's integrity and renames it into place only when it is sound (a damaged
    // store leaves an earlier `target` untouched: exit 74).
    void backup_to(const std::filesystem::path& target);

    // Moves every page of the write-ahead log into the main file and truncates the log, so
    // that erased content is gone from both. Errors: a reader kept it from completing past
    // the busy timeout (75).
    void checkpoint_truncate();

    // Gives back the memory of the page cache (the pages stay in the file): for a command that
    // has read what it needs and goes on to build its output.
    void release_memory();

    // Appends one row to the audit log: `action` is insert, update, delete or a verb of the
    // entity; `before`/`after` are the values as JSON (null when absent).
    void audit(std::string_view entity, std::string_view key, std::string_view action, const nlohmann::json& before,
               const nlohmann::json& after);
    // The same with the values already written as JSON text (nullopt: NULL).
    void audit_text(std::string_view entity, std::string_view key, std::string_view action,
                    const std::optional<std::string>& before, const std::optional<std::string>& after);
    // Several rows of one entity, key and action, each with its `after` (no before): in a write
    // transaction whose audit log's last row is known (remember_audit_head), every row's hash is
    // worked out before the first is sent, so that a bulk load the database still finishes
    // (Database::end_bulk) and this work go on at once.
    void audit_texts(std::string_view entity, std::string_view key, std::string_view action,
                     std::vector<std::string>& afters);  // taken: emptied
    // Reads the audit log's last row now, in a write transaction, so that the audit rows written
    // later need not ask for it (no other writer can append meanwhile).
    void remember_audit_head();
    // A savepoint inside a write transaction. Rolling back to it takes back every row written
    // since, audit rows included, and releases it; released, its rows stay, and every statement
    // sent since it (Statement::send) has reached the server and succeeded, or thrown its error.
    void savepoint(std::string_view name);
    void roll_back_to_savepoint(std::string_view name);
    void release_savepoint(std::string_view name);

private:
    friend class WriteTransaction;
    // The audit log's last row, known without asking while a write transaction appends to it:
    // no other writer can append meanwhile (the write lock), so an import auditing row by row
    // asks the store once instead of once per row.
    struct AuditHead {
        std::int64_t id = 0;
        std::string hash;
    };

    void configure(const OpenOptions& options);
    void migrate();
    void prepare_audit();
    // The next audit row and its hash, chained to the last (remembered or read); remembered in
    // turn while a write transaction lasts.
    std::pair<AuditRow, std::string> next_audit_row(std::string_view entity, std::string_view key,
                                                    std::string_view action, std::optional<std::string> before,
                                                    std::optional<std::string> after);
    void send_audit_row(const std::pair<AuditRow, std::string>& row_and_hash);
    bool move_key_out(const std::optional<std::filesystem::path>& backup, bool create);

    std::filesystem::path m_path;
    std::filesystem::path m_key_path;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<pg::PgStore> m_pg;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<Statement> m_audit_last;
    std::unique_ptr<Statement> m_audit_insert;
    std::optional<AuditHead> m_audit_head;
    bool m_writing = false;
    Actor m_actor;
    Migration m_migration;
};

// A write transaction begun with BEGIN IMMEDIATE, so that a writer either gets the lock within
// the busy timeout (or fails with exit 75 before writing anything) and never deadlocks later.
// Rolls back unless commit() was called.
class WriteTransaction {
public:
    explicit WriteTransaction(Store& store);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    Store& m_store;
    bool m_done = false;
};

// A store whose file is damaged (SQLite's SQLITE_CORRUPT): exit 74.
class DamagedStore : public Error {
public:
    using Error::Error;
};

// Turns a SQLite failure into a toro Error with a plain sentence (and SQLite's own words in
// parentheses); `doing` is the catalogue's words for what was being attempted
// ("store.doing.read_audit": "reading the audit log").
[[noreturn]] void rethrow_sqlite(const std::exception& error, const std::filesystem::path& path, Key doing);

}  // namespace toro::store
