#include "core/error.hpp"
#include "store/audit_chain.hpp"
#include "store/import_audit.hpp"
#include "store/key_file.hpp"
#include "store/maintenance.hpp"
#include "store/migrations.hpp"
#include "store/pseudonym.hpp"
#include "store/store.hpp"

#include "test_support.hpp"
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace toro;
namespace fs = std::filesystem;

namespace {

// A scratch directory named after this file's tests.
class ScratchDir : public test::ScratchDir {
public:
    ScratchDir() : test::ScratchDir("toro-store-test") {}
};

store::OpenOptions options(const fs::path& path, bool create = true, int busy_timeout_ms = 10000)
{
    store::OpenOptions result;
    result.path = path;
    result.create = create;
    result.busy_timeout_ms = busy_timeout_ms;
    result.actor = {"tester", "toro test", "tester-login"};
    return result;
}

// The exit code and message of what opening `path` throws.
struct Failure {
    std::optional<Exit> code;
    std::string context;
    std::string message;
};

Failure open_failure(const store::OpenOptions& opts)
{
    try {
        store::Store store(opts);
    } catch (const Error& error) {
        return {error.code(), error.context(), error.message()};
    }
    return {};
}

unsigned permissions(const fs::path& path)
{
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return static_cast<unsigned>(info.st_mode) & 0777U;
}

std::int64_t count(SQLite::Database& db, const std::string& sql)
{
    return db.execAndGet(sql).getInt64();
}

constexpr int toro_application_id = 0x746f726f;  // "toro"

// Makes `path` look like a store written by a program that knew only migration 1.
void downgrade_to_version_1(const fs::path& path)
{
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys = OFF");
    // Every view and table the later migrations made: all but the tables of migration 1.
    std::vector<std::string> views;
    SQLite::Statement view_names(db, "SELECT name FROM sqlite_schema WHERE type = 'view'");
    while (view_names.executeStep()) {
        views.push_back(view_names.getColumn(0).getString());
    }
    for (const auto& view : views) {
        db.exec("DROP VIEW \"" + view + "\"");
    }
    std::vector<std::string> later;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                 "AND name NOT IN ('audit', 'store_setting') AND name NOT LIKE 'sqlite_%'");
    while (tables.executeStep()) {
        later.push_back(tables.getColumn(0).getString());
    }
    for (const auto& table : later) {
        db.exec("DROP TABLE \"" + table + "\"");
    }
    // The audit log as version 1 made it: no chain, no login, the plain update trigger.
    db.exec("DROP TRIGGER audit_append_only_update");
    db.exec("ALTER TABLE audit DROP COLUMN os_login");
    db.exec("ALTER TABLE audit DROP COLUMN hash");
    db.exec("CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN "
            "SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END");
    db.exec("PRAGMA user_version = 1");
}

const store::CheckResult* find_check(const std::vector<store::CheckResult>& results, const std::string& name)
{
    for (const auto& result : results) {
        if (result.check == name) {
            return &result;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("store::migrations")
{
    const auto& steps = store::migrations();
    REQUIRE_FALSE(steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        CHECK(steps[i].version == static_cast<int>(i) + 1);
        CHECK_FALSE(steps[i].sql.empty());
    }
    CHECK(steps.front().name == "0001_base.sql");
    CHECK(store::latest_version() == steps.back().version);
    CHECK(store::latest_version() >= 3);
}

TEST_CASE("store::Store create")
{
    ScratchDir dir;
    const auto path = dir / "toro.db";
    store::Store store(options(path));
    auto& db = store.sqlite();

    SUBCASE("the file is private")
    {
        CHECK(permissions(path) == 0600U);
    }

    SUBCASE("WAL, foreign keys, schema version, application id")
    {
        CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
        CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == store::latest_version());
        CHECK(store.version() == store::latest_version());
        CHECK(db.execAndGet("PRAGMA application_id").getInt() == toro_application_id);
        CHECK(db.execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
    }

    SUBCASE("what opening did")
    {
        CHECK(store.migration().from == 0);
        CHECK(store.migration().to == store::latest_version());
        CHECK_FALSE(store.migration().backup.has_value());
        CHECK(store.path() == path);
        CHECK(store.actor().name == "tester");
    }

    SUBCASE("reference data")
    {
        CHECK(count(db, "SELECT count(*) FROM legal_form") == 16);
        CHECK(count(db, "SELECT count(*) FROM district") == 19);
        CHECK(count(db, "SELECT count(*) FROM district WHERE code = 'CITY'") == 1);
        CHECK(count(db, "SELECT count(*) FROM district WHERE code = 'WOLA' AND name = 'Wola'") == 1);
        CHECK(count(db, "SELECT count(*) FROM budget_category") == 8);
        CHECK(count(db, "SELECT count(*) FROM sphere WHERE code = '1a'") == 1);
        CHECK(count(db, "SELECT count(*) FROM sphere WHERE code = '22a'") == 1);
        CHECK(count(db, "SELECT count(*) FROM sphere") > 33);
        CHECK(count(db, "SELECT count(*) FROM legal_form WHERE code = 'FUND'") == 1);
    }

    SUBCASE("creating writes one audit row: the migration")
    {
        SQLite::Statement query(db, "SELECT entity, key, action, before, after, actor, command FROM audit");
        REQUIRE(query.executeStep());
        CHECK(query.getColumn(0).getString() == "store");
        CHECK(query.getColumn(1).getString() == "toro.db");
        CHECK(query.getColumn(2).getString() == "migrate");
        CHECK(nlohmann::json::parse(query.getColumn(3).getString()) == nlohmann::json{{"schema_version", 0}});
        CHECK(nlohmann::json::parse(query.getColumn(4).getString()) ==
              nlohmann::json{{"schema_version", store::latest_version()}});
        CHECK(query.getColumn(5).getString() == "tester");
        CHECK(query.getColumn(6).getString() == "toro test");
        CHECK_FALSE(query.executeStep());
    }
}

TEST_CASE("store::Store open")
{
    ScratchDir dir;
    const auto path = dir / "toro.db";

    SUBCASE("reopening an up-to-date store changes nothing")
    {
        {
            store::Store created(options(path));
        }
        store::Store store(options(path, false));
        CHECK(store.migration().from == store::latest_version());
        CHECK(store.migration().to == store::latest_version());
        CHECK_FALSE(store.migration().backup.has_value());
        CHECK(count(store.sqlite(), "SELECT count(*) FROM audit") == 1);
        CHECK(store.sqlite().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    }

    SUBCASE("a missing file without create")
    {
        const auto failure = open_failure(options(path, false));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::no_input);
        CHECK(failure.context == path.string());
        CHECK_FALSE(fs::exists(path));
    }

    SUBCASE("a file newer than the program")
    {
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA user_version = " + std::to_string(store::latest_version() + 1));
        }
        const auto failure = open_failure(options(path, false));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::config);
        CHECK(failure.context == path.string());
        CHECK(failure.message.find("newer") != std::string::npos);
    }

    SUBCASE("a toro store of a newer version")
    {
        {
            store::Store created(options(path));
        }
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE);
            db.exec("PRAGMA user_version = " + std::to_string(store::latest_version() + 1));
        }
        const auto failure = open_failure(options(path, false));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::config);
    }

    SUBCASE("another program's SQLite file")
    {
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("CREATE TABLE contacts (name TEXT)");
            db.exec("INSERT INTO contacts VALUES ('x')");
        }
        const auto failure = open_failure(options(path, true));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::config);
        CHECK(failure.message == "this SQLite file is not a toro database");
        // … and it is left as it was.
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == 0);
        CHECK(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit'") == 0);
    }

    SUBCASE("another program's SQLite file with its own user_version")
    {
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("CREATE TABLE contacts (name TEXT)");
            db.exec("PRAGMA user_version = 1");
        }
        const auto failure = open_failure(options(path, false));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::config);
        CHECK(failure.message == "this SQLite file is not a toro database");
    }

    SUBCASE("a file that is not SQLite at all")
    {
        {
            std::FILE* file = std::fopen(path.c_str(), "wb");
            REQUIRE(file != nullptr);
            const std::string text = "name,city\nFundacja,Warszawa\n";
            std::fwrite(text.data(), 1, text.size(), file);
            std::fclose(file);
        }
        const auto failure = open_failure(options(path, false));
        REQUIRE(failure.code.has_value());
        CHECK(*failure.code == Exit::config);
    }

    SUBCASE("an empty file is made a store when create is set")
    {
        {
            std::FILE* file = std::fopen(path.c_str(), "wb");
            REQUIRE(file != nullptr);
            std::fclose(file);
        }
        store::Store store(options(path, true));
        CHECK(store.version() == store::latest_version());
    }
}

TEST_CASE("store::Store migrating an older store")
{
    ScratchDir dir;
    const auto path = dir / "city.db";
    {
        store::Store created(options(path));
        created.sqlite().exec("INSERT INTO store_setting (name, value) VALUES ('kept', 'yes')");
    }
    downgrade_to_version_1(path);

    const auto latest = store::latest_version();
    auto backup = path;
    backup += ".pre-v" + std::to_string(latest) + ".bak";

    store::Store store(options(path, false));
    CHECK(store.version() == latest);
    CHECK(store.migration().from == 1);
    CHECK(store.migration().to == latest);
    REQUIRE(store.migration().backup.has_value());
    CHECK(*store.migration().backup == backup);

    SUBCASE("the backup is the file as it was, private")
    {
        REQUIRE(fs::exists(backup));
        CHECK(permissions(backup) == 0600U);
        SQLite::Database copy(backup, SQLite::OPEN_READONLY);
        CHECK(copy.execAndGet("PRAGMA user_version").getInt() == 1);
        CHECK(count(copy, "SELECT count(*) FROM sqlite_schema WHERE name = 'org'") == 0);
        CHECK(count(copy, "SELECT count(*) FROM store_setting WHERE name = 'kept'") == 1);
        // No temporary file is left beside it.
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
        }
    }

    SUBCASE("the schema and the reference data are there, the old rows kept")
    {
        CHECK(count(store.sqlite(), "SELECT count(*) FROM legal_form") == 16);
        CHECK(count(store.sqlite(), "SELECT count(*) FROM district") == 19);
        CHECK(count(store.sqlite(), "SELECT count(*) FROM sqlite_schema WHERE name = 'org'") == 1);
        CHECK(count(store.sqlite(), "SELECT count(*) FROM store_setting WHERE name = 'kept'") == 1);
    }

    SUBCASE("the migration is in the audit log")
    {
        SQLite::Statement query(store.sqlite(), "SELECT before, after FROM audit WHERE action = 'migrate' ORDER BY id");
        std::vector<std::pair<nlohmann::json, nlohmann::json>> rows;
        while (query.executeStep()) {
            rows.emplace_back(nlohmann::json::parse(query.getColumn(0).getString()),
                              nlohmann::json::parse(query.getColumn(1).getString()));
        }
        REQUIRE(rows.size() == 2);  // the creation, then this migration
        CHECK(rows[1].first == nlohmann::json{{"schema_version", 1}});
        CHECK(rows[1].second == nlohmann::json{{"schema_version", latest}});
    }

    SUBCASE("a second migration does not overwrite the first backup")
    {
        ScratchDir other;
        const auto copy_path = other / "city.db";
        fs::copy_file(backup, copy_path);  // a version-1 file
        auto first_backup = copy_path;
        first_backup += ".pre-v" + std::to_string(latest) + ".bak";
        fs::copy_file(backup, first_backup);  // an earlier backup in the way
        store::Store again(options(copy_path, false));
        auto expected = copy_path;
        expected += ".pre-v" + std::to_string(latest) + ".2.bak";
        REQUIRE(again.migration().backup.has_value());
        CHECK(*again.migration().backup == expected);
        CHECK(fs::exists(expected));
        CHECK(fs::exists(first_backup));
    }
}

TEST_CASE("store::Store::audit")
{
    ScratchDir dir;
    store::Store store(options(dir / "toro.db"));
    auto& db = store.sqlite();
    store.audit("org", "ORG-1", "insert", nullptr, nlohmann::json{{"code", "ORG-1"}, {"name", "Fundacja Łąka"}});
    store.audit("org", "ORG-1", "update", nlohmann::json{{"name", "Fundacja Łąka"}}, nlohmann::json{{"name", "Łąka"}});
    store.audit("org", "ORG-1", "delete", nlohmann::json{{"name", "Łąka"}}, nullptr);

    SUBCASE("rows are written with actor, command, time and JSON")
    {
        SQLite::Statement query(db, "SELECT at, actor, command, entity, key, action, before, after FROM audit "
                                    "WHERE entity = 'org' ORDER BY id");
        REQUIRE(query.executeStep());
        const std::string at = query.getColumn(0).getString();
        CHECK(at.size() == 20);
        CHECK(at[10] == 'T');
        CHECK(at.back() == 'Z');
        CHECK(query.getColumn(1).getString() == "tester");
        CHECK(query.getColumn(2).getString() == "toro test");
        CHECK(query.getColumn(3).getString() == "org");
        CHECK(query.getColumn(4).getString() == "ORG-1");
        CHECK(query.getColumn(5).getString() == "insert");
        CHECK(query.getColumn(6).isNull());
        CHECK(nlohmann::json::parse(query.getColumn(7).getString()) ==
              nlohmann::json{{"code", "ORG-1"}, {"name", "Fundacja Łąka"}});
        REQUIRE(query.executeStep());
        CHECK(query.getColumn(5).getString() == "update");
        CHECK(nlohmann::json::parse(query.getColumn(6).getString()) == nlohmann::json{{"name", "Fundacja Łąka"}});
        REQUIRE(query.executeStep());
        CHECK(query.getColumn(5).getString() == "delete");
        CHECK(query.getColumn(7).isNull());
        CHECK_FALSE(query.executeStep());
    }

    SUBCASE("the audit log is append-only")
    {
        CHECK_THROWS_AS(db.exec("UPDATE audit SET actor = 'someone else'"), SQLite::Exception);
        CHECK_THROWS_AS(db.exec("DELETE FROM audit"), SQLite::Exception);
        CHECK_THROWS_AS(db.exec("DELETE FROM audit WHERE entity = 'org'"), SQLite::Exception);
        try {
            db.exec("DELETE FROM audit");
        } catch (const SQLite::Exception& error) {
            CHECK(std::string(error.what()).find("append-only") != std::string::npos);
        }
        CHECK(count(db, "SELECT count(*) FROM audit") == 4);
        CHECK(count(db, "SELECT count(*) FROM audit WHERE actor = 'someone else'") == 0);
    }
}

TEST_CASE("store::WriteTransaction")
{
    ScratchDir dir;
    const auto path = dir / "toro.db";
    store::Store store(options(path, true, 100));
    auto& db = store.sqlite();

    SUBCASE("rolls back when not committed")
    {
        {
            store::WriteTransaction transaction(store);
            db.exec("INSERT INTO store_setting (name, value) VALUES ('a', '1')");
            CHECK(count(db, "SELECT count(*) FROM store_setting WHERE name = 'a'") == 1);
        }
        CHECK(count(db, "SELECT count(*) FROM store_setting WHERE name = 'a'") == 0);
        CHECK(db.getHandle() != nullptr);
        CHECK(db.execAndGet("SELECT 1").getInt() == 1);
    }

    SUBCASE("keeps what was committed")
    {
        {
            store::WriteTransaction transaction(store);
            db.exec("INSERT INTO store_setting (name, value) VALUES ('b', '2')");
            transaction.commit();
        }
        CHECK(count(db, "SELECT count(*) FROM store_setting WHERE name = 'b'") == 1);
        SQLite::Database other(path, SQLite::OPEN_READONLY);
        CHECK(count(other, "SELECT count(*) FROM store_setting WHERE name = 'b'") == 1);
    }

    SUBCASE("rolls back when an exception leaves the scope")
    {
        try {
            store::WriteTransaction transaction(store);
            db.exec("INSERT INTO store_setting (name, value) VALUES ('c', '3')");
            throw Error(Exit::data, Message::verbatim("stop"));
        } catch (const Error&) {
        }
        CHECK(count(db, "SELECT count(*) FROM store_setting WHERE name = 'c'") == 0);
    }

    SUBCASE("another writer holds the lock past the busy timeout")
    {
        SQLite::Database other(path, SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        other.exec("INSERT INTO store_setting (name, value) VALUES ('other', 'x')");
        const auto started = std::chrono::steady_clock::now();
        std::optional<Exit> code;
        std::string context;
        try {
            store::WriteTransaction transaction(store);
        } catch (const Error& error) {
            code = error.code();
            context = error.context();
        }
        const auto waited = std::chrono::steady_clock::now() - started;
        REQUIRE(code.has_value());
        CHECK(*code == Exit::locked);
        CHECK(context == path.string());
        CHECK(waited >= std::chrono::milliseconds(80));
        CHECK(waited < std::chrono::seconds(5));
        other.exec("ROLLBACK");
        // Once the lock is gone, writing works again.
        store::WriteTransaction transaction(store);
        db.exec("INSERT INTO store_setting (name, value) VALUES ('mine', 'y')");
        transaction.commit();
        CHECK(count(db, "SELECT count(*) FROM store_setting WHERE name IN ('mine', 'other')") == 1);
    }
}

TEST_CASE("store::Store::backup_to")
{
    ScratchDir dir;
    const auto path = dir / "toro.db";
    store::Store store(options(path));
    store.sqlite().exec("INSERT INTO store_setting (name, value) VALUES ('committed', 'yes')");

    SUBCASE("a private, complete copy")
    {
        const auto target = dir / "copy.db";
        store.backup_to(target);
        REQUIRE(fs::exists(target));
        CHECK(permissions(target) == 0600U);
        SQLite::Database copy(target, SQLite::OPEN_READONLY);
        CHECK(copy.execAndGet("PRAGMA user_version").getInt() == store::latest_version());
        CHECK(copy.execAndGet("PRAGMA application_id").getInt() == toro_application_id);
        CHECK(count(copy, "SELECT count(*) FROM store_setting WHERE name = 'committed'") == 1);
        CHECK(count(copy, "SELECT count(*) FROM legal_form") == 16);
        CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
        }
    }

    SUBCASE("another connection's uncommitted write is not in the copy")
    {
        SQLite::Database other(path, SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        other.exec("INSERT INTO store_setting (name, value) VALUES ('uncommitted', 'no')");
        const auto target = dir / "copy.db";
        store.backup_to(target);
        other.exec("ROLLBACK");
        SQLite::Database copy(target, SQLite::OPEN_READONLY);
        CHECK(count(copy, "SELECT count(*) FROM store_setting WHERE name = 'committed'") == 1);
        CHECK(count(copy, "SELECT count(*) FROM store_setting WHERE name = 'uncommitted'") == 0);
    }

    SUBCASE("the copy opens as a store")
    {
        const auto target = dir / "copy.db";
        store.backup_to(target);
        store::Store copy(options(target, false));
        CHECK(copy.migration().from == store::latest_version());
        CHECK(count(copy.sqlite(), "SELECT count(*) FROM store_setting WHERE name = 'committed'") == 1);
    }

    SUBCASE("replaces an existing file")
    {
        const auto target = dir / "copy.db";
        store.backup_to(target);
        store.sqlite().exec("INSERT INTO store_setting (name, value) VALUES ('later', 'yes')");
        store.backup_to(target);
        SQLite::Database copy(target, SQLite::OPEN_READONLY);
        CHECK(count(copy, "SELECT count(*) FROM store_setting WHERE name = 'later'") == 1);
    }

    SUBCASE("an impossible target")
    {
        try {
            store.backup_to(dir / "no-such-folder" / "copy.db");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::cant_create);
        }
    }
}

TEST_CASE("store::check")
{
    ScratchDir dir;
    store::Store store(options(dir / "toro.db"));

    SUBCASE("a fresh store is ok")
    {
        const auto results = store::check(store);
        CHECK(results.size() == 7);
        for (const char* name : {"integrity", "foreign_keys", "schema_version", "reference_data", "audit_log",
                                 "audit_chain", "pseudonym_key"}) {
            CAPTURE(name);
            const auto* result = find_check(results, name);
            REQUIRE(result != nullptr);
            CHECK(result->ok);
            CHECK_FALSE(result->detail.empty());
        }
    }

    SUBCASE("empty reference data is not ok")
    {
        store.sqlite().exec("DELETE FROM sphere");
        const auto results = store::check(store);
        const auto* reference = find_check(results, "reference_data");
        REQUIRE(reference != nullptr);
        CHECK_FALSE(reference->ok);
        CHECK(reference->detail.text(Lang::en) == "empty reference tables: sphere");
        CHECK(find_check(results, "integrity")->ok);
    }

    SUBCASE("a missing audit trigger is not ok")
    {
        store.sqlite().exec("DROP TRIGGER audit_append_only_delete");
        const auto results = store::check(store);
        const auto* audit = find_check(results, "audit_log");
        REQUIRE(audit != nullptr);
        CHECK_FALSE(audit->ok);
    }

    SUBCASE("a broken reference is not ok")
    {
        store.sqlite().exec("PRAGMA foreign_keys = OFF");
        store.sqlite().exec("INSERT INTO org (code, name, legal_form) VALUES ('ORG-1', 'Fundacja', 'NO_SUCH_FORM')");
        const auto results = store::check(store);
        const auto* keys = find_check(results, "foreign_keys");
        REQUIRE(keys != nullptr);
        CHECK_FALSE(keys->ok);
        CHECK(keys->detail.text(Lang::en) == "1 broken reference, e.g. org row 1 refers to a missing legal_form");
    }
}

TEST_CASE("store::info")
{
    ScratchDir dir;
    const auto path = dir / "toro.db";
    store::Store store(options(path));
    store.audit("org", "ORG-1", "insert", nullptr, nlohmann::json{{"code", "ORG-1"}});
    const auto result = store::info(store);
    CHECK(result.path == path.string());
    CHECK(result.size_bytes > 0);
    CHECK(result.schema_version == store::latest_version());
    CHECK(result.program_schema_version == store::latest_version());
    CHECK(result.journal_mode == "wal");
    REQUIRE_FALSE(result.counts.empty());
    CHECK(std::is_sorted(result.counts.begin(), result.counts.end(),
                         [](const auto& a, const auto& b) { return a.table < b.table; }));
    auto rows = [&](const std::string& table) -> std::int64_t {
        for (const auto& entry : result.counts) {
            if (entry.table == table) {
                return entry.rows;
            }
        }
        return -1;
    };
    CHECK(rows("legal_form") == 16);
    CHECK(rows("district") == 19);
    CHECK(rows("budget_category") == 8);
    CHECK(rows("audit") == 2);  // the migration and ours
    CHECK(rows("org") == 0);
    CHECK(rows("store_setting") == 0);
    for (const auto& entry : result.counts) {
        CHECK_FALSE(entry.table.starts_with("sqlite_"));
    }
}

TEST_CASE("store::audit_entries")
{
    ScratchDir dir;
    store::Store store(options(dir / "toro.db"));
    store.audit("org", "ORG-1", "insert", nullptr, nlohmann::json{{"n", 1}});
    store.audit("org", "ORG-2", "insert", nullptr, nlohmann::json{{"n", 2}});
    store.audit("venture", "V-1", "insert", nullptr, nlohmann::json{{"n", 3}});
    store.audit("org", "ORG-1", "update", nlohmann::json{{"n", 1}}, nlohmann::json{{"n", 4}});
    store.audit("org", "ORG-1", "delete", nlohmann::json{{"n", 4}}, nullptr);

    auto keys = [](const std::vector<store::AuditEntry>& entries) {
        std::vector<std::string> result;
        for (const auto& entry : entries) {
            result.push_back(entry.entity + ":" + entry.key + ":" + entry.action);
        }
        return result;
    };

    SUBCASE("no filter: every row, oldest first")
    {
        const auto all = store::audit_entries(store, {});
        REQUIRE(all.size() == 6);
        CHECK(all[0].action == "migrate");
        CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; }));
        CHECK(all[1].actor == "tester");
        CHECK(all[1].command == "toro test");
        CHECK_FALSE(all[1].before.has_value());
        REQUIRE(all[1].after.has_value());
        CHECK(nlohmann::json::parse(*all[1].after) == nlohmann::json{{"n", 1}});
        CHECK_FALSE(all[5].after.has_value());
    }

    SUBCASE("by entity")
    {
        store::AuditFilter filter;
        filter.entity = "venture";
        CHECK(keys(store::audit_entries(store, filter)) == std::vector<std::string>{"venture:V-1:insert"});
    }

    SUBCASE("by entity and key")
    {
        store::AuditFilter filter;
        filter.entity = "org";
        filter.key = "ORG-1";
        CHECK(keys(store::audit_entries(store, filter)) ==
              std::vector<std::string>{"org:ORG-1:insert", "org:ORG-1:update", "org:ORG-1:delete"});
    }

    SUBCASE("limit keeps the newest, still oldest first")
    {
        store::AuditFilter filter;
        filter.entity = "org";
        filter.limit = 2;
        CHECK(keys(store::audit_entries(store, filter)) ==
              std::vector<std::string>{"org:ORG-1:update", "org:ORG-1:delete"});
        filter.limit = 100;
        CHECK(store::audit_entries(store, filter).size() == 4);
    }

    SUBCASE("since a date")
    {
        const auto all = store::audit_entries(store, {});
        const std::string today = all.back().at.substr(0, 10);
        store::AuditFilter filter;
        filter.since = "2000-01-01";
        CHECK(store::audit_entries(store, filter).size() == 6);
        filter.since = today;  // the start of today includes what was written today
        CHECK(store::audit_entries(store, filter).size() == 6);
        filter.since = "2999-01-01";
        CHECK(store::audit_entries(store, filter).empty());
    }

    SUBCASE("nothing matches")
    {
        store::AuditFilter filter;
        filter.key = "NO-SUCH";
        CHECK(store::audit_entries(store, filter).empty());
    }
}

TEST_CASE("store::ImportAudit")
{
    ScratchDir dir;
    store::Store store(options(dir / "toro.db"));
    auto& db = store.sqlite();
    const auto rows = [&](const std::string& entity) {
        std::vector<nlohmann::json> result;
        SQLite::Statement query(db,
                                "SELECT key, action, before IS NULL, after FROM audit WHERE entity = ? ORDER BY id");
        query.bind(1, entity);
        while (query.executeStep()) {
            CHECK(query.getColumn(0).getString() == "orgs.csv");
            CHECK(query.getColumn(1).getString() == "import");
            CHECK(query.getColumn(2).getInt() == 1);
            result.push_back(nlohmann::json::parse(query.getColumn(3).getString()));
        }
        return result;
    };

    SUBCASE("a row per 10 000 keys, each with the counts, its part and its keys")
    {
        const std::size_t total = 2 * store::import_audit_keys + 1;
        store::ImportAudit audit(store, "org", "orgs.csv", {total, 3, 7}, total, false);
        for (std::size_t i = 0; i < total; ++i) {
            audit.add("ORG-" + std::to_string(i));
        }
        audit.finish();
        const auto written = rows("org");
        REQUIRE(written.size() == 3);
        for (std::size_t part = 0; part < 3; ++part) {
            CHECK(written[part]["inserted"] == total);
            CHECK(written[part]["updated"] == 3);
            CHECK(written[part]["unchanged"] == 7);
            CHECK(written[part]["part"] == part + 1);
            CHECK(written[part]["parts"] == 3);
            CHECK_FALSE(written[part].contains("replaced"));
        }
        CHECK(written[0]["keys"].size() == store::import_audit_keys);
        CHECK(written[0]["keys"][0] == "ORG-0");
        CHECK(written[1]["keys"][0] == "ORG-10000");
        CHECK(written[2]["keys"] == nlohmann::json{"ORG-20000"});
        CHECK_FALSE(store::verify_audit_chain(store.db()).broken.has_value());
    }

    SUBCASE("in a write transaction that remembers the log's last row, the rows chain in order")
    {
        // More rows than ImportAudit holds before writing them (16), between two rows of others.
        const std::size_t total = 17 * store::import_audit_keys + 1;
        store::WriteTransaction transaction(store);
        store.remember_audit_head();
        store.audit("venture", "V-A", "update", nlohmann::json{{"n", 1}}, nlohmann::json{{"n", 2}});
        store::ImportAudit audit(store, "org", "orgs.csv", {total, 0, 0}, total, false);
        for (std::size_t i = 0; i < total; ++i) {
            audit.add("ORG-" + std::to_string(i));
        }
        audit.finish();
        store.audit("venture", "V-B", "update", nlohmann::json{{"n", 2}}, nlohmann::json{{"n", 3}});
        transaction.commit();
        const auto written = rows("org");
        REQUIRE(written.size() == 18);
        for (std::size_t part = 0; part < written.size(); ++part) {
            CHECK(written[part]["part"] == part + 1);
            CHECK(written[part]["keys"][0] == "ORG-" + std::to_string(part * store::import_audit_keys));
        }
        SQLite::Statement keys(db, "SELECT group_concat(key, ' ') FROM (SELECT key FROM audit "
                                   "WHERE entity IN ('org', 'venture') ORDER BY id)");
        REQUIRE(keys.executeStep());
        CHECK(keys.getColumn(0).getString().starts_with("V-A orgs.csv"));
        CHECK(keys.getColumn(0).getString().ends_with("orgs.csv V-B"));
        CHECK_FALSE(store::verify_audit_chain(store.db()).broken.has_value());
    }

    SUBCASE("replaced keys, listed when asked, and keys as JSON strings")
    {
        store::ImportAudit audit(store, "report", "orgs.csv", {1, 1, 0}, 2, true);
        audit.add("V-1/2026-01", true);
        audit.add("V-\"2\"/2026-01");
        audit.finish();
        const auto written = rows("report");
        REQUIRE(written.size() == 1);
        CHECK(written[0]["keys"] == nlohmann::json{"V-1/2026-01", "V-\"2\"/2026-01"});
        CHECK(written[0]["replaced"] == nlohmann::json{"V-1/2026-01"});
    }

    SUBCASE("nothing written, no row")
    {
        store::ImportAudit audit(store, "org", "orgs.csv", {0, 0, 5}, 0, false);
        audit.finish();
        CHECK(rows("org").empty());
    }

    SUBCASE("db audit --key finds a key in an import's rows, of any entity")
    {
        store.audit("org", "ORG-2", "update", nlohmann::json{{"n", 1}}, nlohmann::json{{"n", 2}});
        store::ImportAudit audit(store, "org", "orgs.csv", {2, 0, 0}, 2, false);
        audit.add("ORG-1");
        audit.add("ORG-2");
        audit.finish();
        store.audit("response", "SURVEY-1", "import", nullptr, nlohmann::json{{"inserted", 1}});
        store::AuditFilter filter;
        filter.key = "ORG-2";
        auto found = store::audit_entries(store, filter);
        REQUIRE(found.size() == 2);
        CHECK(found[0].action == "update");
        CHECK(found[1].key == "orgs.csv");
        filter.entity = "org";
        CHECK(store::audit_entries(store, filter).size() == 2);
        filter.entity = "report";
        CHECK(store::audit_entries(store, filter).empty());
        filter = {};
        filter.key = "ORG-3";
        CHECK(store::audit_entries(store, filter).empty());
    }
}

TEST_CASE("store::pseudonymise")
{
    ScratchDir dir;
    store::Store first(options(dir / "first.db"));
    store::Store second(options(dir / "second.db"));

    std::string a;
    {
        store::WriteTransaction transaction(first);
        a = store::pseudonymise(first, "85010112345");
        transaction.commit();
    }

    SUBCASE("64 lower-case hex digits, not the id")
    {
        CHECK(a.size() == 64);
        CHECK(std::all_of(a.begin(), a.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
        CHECK(a.find("85010112345") == std::string::npos);
    }

    SUBCASE("stable for the same id in the same store")
    {
        CHECK(store::pseudonymise(first, "85010112345") == a);
        CHECK(store::pseudonymise(first, "85010112346") != a);
        CHECK(store::pseudonymise(first, "") != a);
    }

    SUBCASE("stable after reopening the store")
    {
        store::Store reopened(options(dir / "first.db", false));
        CHECK(store::pseudonymise(reopened, "85010112345") == a);
    }

    SUBCASE("different in a store with another key file")
    {
        fs::create_directory(dir / "other");
        store::Store third(options(dir / "other" / "third.db"));
        CHECK(fs::exists(dir / "other" / "toro.key"));
        CHECK(store::pseudonymise(third, "85010112345") != a);
        // Two stores in one folder share the key file beside them.
        CHECK(store::pseudonymise(second, "85010112345") == a);
    }

    SUBCASE("the key is in the key file beside the store, never in the store")
    {
        CHECK(count(first.sqlite(), "SELECT count(*) FROM store_setting WHERE name = 'pseudonym_key'") == 0);
        CHECK(first.key_path() == dir / "toro.key");
        const auto key = store::read_key(first.key_path());
        CHECK(store::is_hex_key(key));
        CHECK(permissions(first.key_path()) == 0600U);
    }

    SUBCASE("without the key file, a pseudonym cannot be made (exit 78 naming the file)")
    {
        fs::remove(dir / "toro.key");
        try {
            store::pseudonymise(first, "85010112345");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::config);
            CHECK(error.context() == (dir / "toro.key").string());
        }
    }

    SUBCASE("the raw id is nowhere in the file")
    {
        CHECK(count(first.sqlite(), "SELECT count(*) FROM store_setting WHERE value LIKE '%85010112345%'") == 0);
        CHECK(count(first.sqlite(),
                    "SELECT count(*) FROM audit WHERE coalesce(before, '') || coalesce(after, '') || key "
                    "LIKE '%85010112345%'") == 0);
    }
}
