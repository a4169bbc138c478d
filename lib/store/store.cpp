#include "store/store.hpp"

#include "core/atomic_file.hpp"
#include "core/date.hpp"
#include "core/embedded.hpp"
#include "core/error.hpp"
#include "store/audit_chain.hpp"
#include "store/key_file.hpp"
#include "store/migrations.hpp"
#include "store/pg/pg_database.hpp"
#include "store/pg/pg_store.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace toro::store {
namespace {

// PRAGMA application_id of every toro store ("toro" in ASCII), so that toro never migrates a
// file that belongs to another program.
constexpr int application_id = 0x746f726f;

// The first schema version whose audit rows are hash-chained and whose pseudonym key lives in
// its own file.
constexpr int chained_version = 7;

// toro uses a connection from one thread only, so SQLite need not lock it on every call
// (a lock and an unlock per column read, a tenth of a large analysis's time).
int open_flags(const OpenOptions& options)
{
    const int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;
    return options.create ? flags | SQLite::OPEN_CREATE : flags;
}

// Creates an empty file readable by its owner only, before SQLite opens it; SQLite gives the
// -wal and -shm files the same mode.
void create_private_file(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return;
        }
        throw Error(Exit::cant_create, path.string(), Message("store.cannot_create", {{"reason", os_error(errno)}}));
    }
    ::close(fd);
}

// An existing empty file becomes a store when opened: it keeps no looser mode than 0600,
// whatever mode it was created with (SQLite gives the -wal and -shm files the same mode).
void keep_empty_file_private(const std::filesystem::path& path)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) && status.st_size == 0 &&
        (status.st_mode & 0177) != 0) {
        if (::chmod(path.c_str(), status.st_mode & 0600) != 0) {
            throw Error(Exit::cant_create, path.string(),
                        Message("store.cannot_make_private", {{"reason", os_error(errno)}}));
        }
    }
}

// SQLite counts the memory it allocates for sqlite3_memory_used() and a soft heap limit, neither
// of which toro uses, under a lock taken on every allocation: turned off before the first
// connection is opened (later, sqlite3_config refuses and nothing changes).
void configure_sqlite()
{
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
}

SQLite::Database open_database(const OpenOptions& options)
{
    configure_sqlite();
    std::error_code ignored;
    if (!std::filesystem::exists(options.path, ignored)) {
        if (!options.create) {
            throw Error(Exit::no_input, options.path.string(), Message("store.missing"));
        }
        create_private_file(options.path);
    } else {
        keep_empty_file_private(options.path);
    }
    try {
        return SQLite::Database(options.path, open_flags(options), options.busy_timeout_ms);
    } catch (const std::exception& error) {
        rethrow_sqlite(error, options.path, "store.doing.open");
    }
}

// NAME.pre-vN.bak, or NAME.pre-vN.2.bak, … when an earlier backup is in the way.
std::filesystem::path backup_path(const std::filesystem::path& path, int version)
{
    auto candidate = path;
    candidate += fmt::format(".pre-v{}.bak", version);
    for (int n = 2; std::filesystem::exists(candidate); ++n) {
        candidate = path;
        candidate += fmt::format(".pre-v{}.{}.bak", version, n);
    }
    return candidate;
}

}  // namespace

int latest_version()
{
    return migrations().empty() ? 0 : migrations().back().version;
}

Store::Store(const OpenOptions& options)
    : m_path(pg::is_uri(options.path.string()) ? std::filesystem::path(pg::masked(options.path.string()))
                                               : options.path),
      m_key_path(options.key_path.empty() ? options.path.parent_path() / "toro.key" : options.key_path),
      m_actor(options.actor)
{
    if (pg::is_uri(options.path.string())) {
        pg::OpenOptions open{options.path.string(), options.busy_timeout_ms, options.create, options.actor};
        m_pg = std::make_unique<pg::PgStore>(open);
        m_database = std::make_unique<pg::PgDatabase>(m_pg->connection());
        m_migration = m_pg->migration();
        // A store made now gets its pseudonym key file, as a new SQLite store does (unless a key
        // file is already there).
        if (m_migration.from == 0 && m_migration.to > 0) {
            create_key(m_key_path);
        }
        return;
    }
    m_db = std::make_unique<SQLite::Database>(open_database(options));
    m_database = std::make_unique<SqliteDatabase>(*m_db, options.path.string());
    try {
        configure(options);
        migrate();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {
        rethrow_sqlite(error, m_path, "store.doing.open");
    }
}

Store::~Store() = default;

SQLite::Database& Store::sqlite()
{
    if (!m_db) {
        throw Error(Exit::internal, m_path.string(), Message("pg.not_yet", {{"command", "Store::sqlite"}}));
    }
    return *m_db;
}

void Store::configure(const OpenOptions& options)
{
    m_db->exec("PRAGMA foreign_keys = ON");
    // journal_mode needs no write lock when the file is already in WAL mode.
    const std::string mode = m_db->execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal") {
        throw Error(Exit::io, m_path.string(), Message("store.no_wal"));
    }
    m_db->exec(fmt::format("PRAGMA synchronous = {}", options.synchronous));
    // SQLite's own 2 MiB page cache: a report reads each page once (a bulk import asks for
    // more, reserve_for_bulk_write); statement journals stay in memory.
    m_db->exec("PRAGMA cache_size = -2048");
    m_db->exec("PRAGMA temp_store = MEMORY");
}

void Store::reserve_for_bulk_write()
{
    if (m_pg) {
        return;
    }
    // 16 MiB keeps a large import's pages in memory instead of spilling them to the WAL and
    // reading them back.
    m_db->exec("PRAGMA cache_size = -16384");
}

int Store::version()
{
    if (m_pg) {
        return m_pg->version();
    }
    return m_db->execAndGet("PRAGMA user_version").getInt();
}

void Store::migrate()
{
    const int current = version();
    m_migration.from = current;
    m_migration.to = current;
    if (current > latest_version()) {
        throw Error(Exit::config, m_path.string(),
                    Message("store.too_new", {{"version", current}, {"latest", latest_version()}}));
    }
    if (current > 0 && m_db->execAndGet("PRAGMA application_id").getInt() != application_id) {
        throw Error(Exit::config, m_path.string(), Message("store.not_toro"));
    }
    if (current == latest_version()) {
        return;
    }
    if (current == 0 && m_db->execAndGet("SELECT count(*) FROM sqlite_schema").getInt() > 0) {
        throw Error(Exit::config, m_path.string(), Message("store.not_toro"));
    }
    if (current > 0) {
        const auto backup = backup_path(m_path, latest_version());
        backup_to(backup);
        m_migration.backup = backup;
    }

    WriteTransaction transaction(*this);
    if (version() != current) {  // another process migrated it while we waited for the lock
        m_migration.to = version();
        return;
    }
    for (const auto& step : migrations()) {
        if (step.version > current) {
            apply(*m_database, step);
        }
    }
    // Rows written before version 7 (or into a fixture by the sqlite3 shell) join the chain.
    chain_unhashed_rows(*m_database);
    const bool key_moved = move_key_out(m_migration.backup, current < chained_version);
    m_db->exec(fmt::format("PRAGMA application_id = {}", application_id));
    m_db->exec(fmt::format("PRAGMA user_version = {}", latest_version()));
    audit("store", m_path.filename().string(), "migrate", nlohmann::json{{"schema_version", current}},
          nlohmann::json{{"schema_version", latest_version()}});
    transaction.commit();
    m_migration.to = latest_version();
    if (key_moved) {
        // The page that held the key was zeroed (secure_delete); its old image must not stay in
        // the write-ahead log either. A reader in the way only delays this to a later checkpoint.
        m_db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}

// Version 7 keeps the pseudonym key in its own file: the key a store holds is written there
// and erased from the store, free pages included, and from the backup taken before migrating
// (true). A store older than version 7 that holds no key has no pseudonyms yet: it gets a new
// key file unless one is there (`create`); a newer one never does, as its pseudonyms were made
// under a key that must be found, not replaced.
bool Store::move_key_out(const std::optional<std::filesystem::path>& backup, bool create)
{
    std::optional<std::string> key;
    {
        SQLite::Statement select(*m_db, "SELECT value FROM store_setting WHERE name = 'pseudonym_key'");
        if (select.executeStep()) {
            key = select.getColumn(0).getString();
        }
    }
    if (!key) {
        if (create) {
            create_key(m_key_path);
        }
        return false;
    }
    if (!is_hex_key(*key)) {
        throw Error(Exit::config, m_path.string(), Message("store.bad_kept_key"));
    }
    install_key(m_key_path, *key);
    // secure_delete overwrites the deleted row, and any page it frees, with zeros.
    const auto erase = [](SQLite::Database& db) {
        db.exec("PRAGMA secure_delete = ON");
        db.exec("DELETE FROM store_setting WHERE name = 'pseudonym_key'");
        db.exec("PRAGMA secure_delete = OFF");
    };
    erase(*m_db);
    if (backup) {
        SQLite::Database copy(*backup, SQLite::OPEN_READWRITE);
        erase(copy);
        copy.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return true;
}

void Store::checkpoint_truncate()
{
    if (m_pg) {
        return;  // erased rows are left to VACUUM on PostgreSQL (docs/operations.md)
    }
    try {
        SQLite::Statement checkpoint(*m_db, "PRAGMA wal_checkpoint(TRUNCATE)");
        if (checkpoint.executeStep() && checkpoint.getColumn(0).getInt() != 0) {
            throw Error(Exit::locked, m_path.string(), Message("store.checkpoint_blocked"));
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {
        rethrow_sqlite(error, m_path, "store.doing.checkpoint");
    }
}

void Store::release_memory()
{
    if (m_pg) {
        return;
    }
    sqlite3_db_release_memory(m_db->getHandle());
}

void Store::backup_to(const std::filesystem::path& target)
{
    if (m_pg) {
        throw Error(Exit::config, m_path.string(), Message("pg.backup_refused", {{"uri", m_path.string()}}));
    }
    try {
        // A new private file under an unpredictable name; SQLite writes it by name, without a
        // journal (a failed copy is thrown away whole), and it is renamed into place once on disk.
        AtomicFile file(target, private_file_mode);
        {
            SQLite::Database copy(file.temporary_path(), SQLite::OPEN_READWRITE);
            copy.exec("PRAGMA journal_mode = OFF");
            SQLite::Backup backup(copy, *m_db);
            backup.executeStep(-1);  // all pages in one step: one consistent snapshot
            // A copy of a damaged store must not replace a good backup.
            SQLite::Statement integrity(copy, "PRAGMA integrity_check");
            std::string problems;
            while (integrity.executeStep()) {
                const std::string line = integrity.getColumn(0).getString();
                if (line != "ok") {
                    problems += (problems.empty() ? "" : "; ") + line;
                }
            }
            if (!problems.empty()) {
                throw DamagedStore(Exit::io, m_path.string(),
                                   Message("store.backup_of_damaged", {{"target", target}, {"problems", problems}}));
            }
        }
        file.commit();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {
        if (dynamic_cast<const SQLite::Exception*>(&error) == nullptr) {
            throw Error(Exit::cant_create, target.string(),
                        Message("store.cannot_write_backup", {{"detail", std::string(error.what())}}));
        }
        rethrow_sqlite(error, target, "store.doing.backup");
    }
}

void Store::audit(std::string_view entity, std::string_view key, std::string_view action, const nlohmann::json& before,
                  const nlohmann::json& after)
{
    const auto dump = [](const nlohmann::json& value) -> std::optional<std::string> {
        if (value.is_null()) {
            return std::nullopt;
        }
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    audit_text(entity, key, action, dump(before), dump(after));
}

void Store::audit_text(std::string_view entity, std::string_view key, std::string_view action,
                       const std::optional<std::string>& before, const std::optional<std::string>& after)
{
    send_audit_row(next_audit_row(entity, key, action, before, after));
}

void Store::audit_texts(std::string_view entity, std::string_view key, std::string_view action,
                        std::vector<std::string>& afters)
{
    if (!m_writing || !m_audit_head) {
        for (auto& after : afters) {
            send_audit_row(next_audit_row(entity, key, action, std::nullopt, std::move(after)));
        }
    } else {
        std::vector<std::pair<AuditRow, std::string>> rows;
        rows.reserve(afters.size());
        for (auto& after : afters) {
            rows.push_back(next_audit_row(entity, key, action, std::nullopt, std::move(after)));
        }
        for (const auto& row : rows) {
            send_audit_row(row);
        }
    }
    afters.clear();
}

void Store::remember_audit_head()
{
    if (!m_writing || m_audit_head) {
        return;
    }
    prepare_audit();
    auto& last = *m_audit_last;
    last.reset();
    m_audit_head = last.step() ? AuditHead{last.column(0).get_int64(), last.column(1).get_string()}
                               : AuditHead{0, std::string(audit_chain_start)};
    last.reset();
}

void Store::prepare_audit()
{
    if (!m_audit_insert) {
        m_audit_last = std::make_unique<Statement>(*m_database, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        m_audit_insert = std::make_unique<Statement>(
            *m_database,
            "INSERT INTO audit (id, at, actor, os_login, command, entity, key, action, before, after, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
}

std::pair<AuditRow, std::string> Store::next_audit_row(std::string_view entity, std::string_view key,
                                                       std::string_view action, std::optional<std::string> before,
                                                       std::optional<std::string> after)
{
    prepare_audit();
    AuditRow row{1,
                 utc_timestamp(),
                 m_actor.name,
                 m_actor.login,
                 m_actor.command,
                 std::string(entity),
                 std::string(key),
                 std::string(action),
                 std::move(before),
                 std::move(after)};
    std::string previous(audit_chain_start);
    if (m_writing && m_audit_head) {
        row.id = m_audit_head->id + 1;
        previous = std::move(m_audit_head->hash);
        m_audit_head.reset();
    } else {
        auto& last = *m_audit_last;
        last.reset();
        if (last.step()) {
            row.id = last.column(0).get_int64() + 1;
            previous = last.column(1).get_string();
        }
        last.reset();
    }
    auto hash = audit_hash(previous, row);
    if (m_writing) {
        m_audit_head = AuditHead{row.id, hash};
    }
    return {std::move(row), std::move(hash)};
}

void Store::send_audit_row(const std::pair<AuditRow, std::string>& row_and_hash)
{
    const auto& [row, hash] = row_and_hash;
    auto& insert = *m_audit_insert;
    insert.reset();
    insert.bind(1, row.id);
    insert.bind(2, row.at);
    insert.bind(3, row.actor);
    insert.bind(4, row.os_login);
    insert.bind(5, row.command);
    insert.bind(6, row.entity);
    insert.bind(7, row.key);
    insert.bind(8, row.action);
    insert.bind(9, row.before);
    insert.bind(10, row.after);
    insert.bind(11, hash);
    insert.send();
}

void Store::savepoint(std::string_view name)
{
    m_database->send(fmt::format("SAVEPOINT {}", name));
}

void Store::roll_back_to_savepoint(std::string_view name)
{
    m_database->exec(fmt::format("ROLLBACK TO {}", name));
    m_database->exec(fmt::format("RELEASE {}", name));
    m_audit_head.reset();  // the rows it remembered may be gone
}

void Store::release_savepoint(std::string_view name)
{
    m_database->send(fmt::format("RELEASE {}", name));
    m_database->settle();
}

WriteTransaction::WriteTransaction(Store& store) : m_store(store)
{
    try {
        m_store.db().begin_write();
    } catch (const std::exception& error) {
        rethrow_sqlite(error, m_store.path(), "store.doing.begin");
    }
    m_store.m_audit_head.reset();
    m_store.m_writing = true;
}

WriteTransaction::~WriteTransaction()
{
    m_store.m_writing = false;
    m_store.m_audit_head.reset();
    if (!m_done) {
        try {
            m_store.db().rollback();
        } catch (...) {  // nothing more can be done; SQLite rolls back on close anyway
        }
    }
}

void WriteTransaction::commit()
{
    m_store.m_writing = false;
    m_store.m_audit_head.reset();
    try {
        m_store.db().commit();
        m_done = true;
    } catch (const std::exception& error) {
        rethrow_sqlite(error, m_store.path(), "store.doing.commit");
    }
}

void rethrow_sqlite(const std::exception& error, const std::filesystem::path& path, Key doing_key)
{
    const Message doing(doing_key);
    if (const auto* damaged = dynamic_cast<const DamagedStore*>(&error)) {
        throw *damaged;
    }
    if (const auto* toro_error = dynamic_cast<const Error*>(&error)) {
        throw *toro_error;
    }
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&error);
    if (sqlite == nullptr) {
        throw Error(Exit::internal, path.string(),
                    Message("store.failed", {{"doing", doing}, {"detail", std::string(error.what())}}));
    }
    // SQLite's own words, in English in every language.
    const std::string detail = fmt::format("(SQLite: {})", sqlite->what());
    const std::string where = path.string();
    switch (sqlite->getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error(Exit::locked, where, Message("store.busy", {{"doing", doing}, {"detail", detail}}));
    case SQLITE_CANTOPEN:
        throw Error(Exit::no_input, where, Message("store.cannot_open", {{"detail", detail}}));
    case SQLITE_NOTADB:
        throw Error(Exit::config, where, Message("store.not_sqlite", {{"detail", detail}}));
    case SQLITE_CORRUPT:
        throw DamagedStore(Exit::io, where, Message("store.damaged", {{"detail", detail}}));
    case SQLITE_FULL:
        throw Error(Exit::io, where, Message("store.disk_full", {{"doing", doing}, {"detail", detail}}));
    case SQLITE_READONLY:
    case SQLITE_PERM:
        throw Error(Exit::io, where, Message("store.read_only", {{"doing", doing}, {"detail", detail}}));
    case SQLITE_IOERR:
        throw Error(Exit::io, where, Message("store.io_error", {{"doing", doing}, {"detail", detail}}));
    default:
        throw Error(Exit::internal, where,
                    Message("store.failed_unexpectedly", {{"doing", doing}, {"detail", detail}}));
    }
}

}  // namespace toro::store
