#include "core/error.hpp"
#include "store/audit_chain.hpp"
#include "store/key_file.hpp"
#include "store/maintenance.hpp"
#include "store/store.hpp"

#include "test_support.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace toro;
namespace fs = std::filesystem;

namespace {

class ScratchDir : public test::ScratchDir {
public:
    ScratchDir() : test::ScratchDir("toro-audit-chain-test") {}
};

store::OpenOptions options(const fs::path& path)
{
    store::OpenOptions result;
    result.path = path;
    result.create = true;
    result.actor = {"tester", "toro test", "tester-login"};
    return result;
}

store::AuditRow sample_row()
{
    return {7,
            "2026-11-27T05:55:01Z",
            "anna",
            "root",
            "toro register org add --code ORG-1",
            "org",
            "ORG-1",
            "insert",
            std::nullopt,
            std::string(R"({"code":"ORG-1"})")};
}

// Runs SQL with the audit log's update and delete triggers dropped, as an attacker would.
void behind_the_triggers(SQLite::Database& db, const std::string& sql)
{
    std::string triggers;
    {
        SQLite::Statement select(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'");
        while (select.executeStep()) {
            triggers += select.getColumn(0).getString() + ";\n";
        }
    }
    db.exec("DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete;");
    db.exec(sql);
    db.exec(triggers);
}

unsigned permissions(const fs::path& path)
{
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777U;
}

}  // namespace

TEST_CASE("store::sha256_hex")
{
    CHECK(store::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(store::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("store::audit_hash")
{
    const auto row = sample_row();
    const auto hash = store::audit_hash(store::audit_chain_start, row);
    CHECK(hash.size() == 64);
    CHECK(store::audit_hash(store::audit_chain_start, row) == hash);

    SUBCASE("every field and the previous hash count")
    {
        CHECK(store::audit_hash(hash, row) != hash);
        for (auto change :
             {+[](store::AuditRow& r) { r.id = 8; }, +[](store::AuditRow& r) { r.at += "x"; },
              +[](store::AuditRow& r) { r.actor = "mallory"; }, +[](store::AuditRow& r) { r.os_login = "mallory"; },
              +[](store::AuditRow& r) { r.command += " "; }, +[](store::AuditRow& r) { r.entity = "venture"; },
              +[](store::AuditRow& r) { r.key = "ORG-2"; }, +[](store::AuditRow& r) { r.action = "delete"; },
              +[](store::AuditRow& r) { r.before = "{}"; }, +[](store::AuditRow& r) { r.after = std::nullopt; }}) {
            auto changed = row;
            change(changed);
            CHECK(store::audit_hash(store::audit_chain_start, changed) != hash);
        }
    }

    SUBCASE("fields do not run into each other")
    {
        auto a = row;
        a.actor = "ab";
        a.os_login = "c";
        auto b = row;
        b.actor = "a";
        b.os_login = "bc";
        CHECK(store::audit_hash(store::audit_chain_start, a) != store::audit_hash(store::audit_chain_start, b));
    }

    SUBCASE("a redacted field enters by the digest of what it was")
    {
        auto redacted = row;
        redacted.key = "[forgotten]";
        CHECK(store::audit_hash(store::audit_chain_start, redacted) != hash);
        CHECK(store::audit_hash(store::audit_chain_start, redacted, {{"key", store::field_digest(row.key)}}) == hash);
    }
}

TEST_CASE("store::verify_audit_chain")
{
    ScratchDir dir;
    store::Store store(options(dir / "toro.db"));
    for (int i = 0; i < 4; ++i) {
        store.audit("org", "ORG-" + std::to_string(i), "insert", nullptr, {{"code", i}});
    }
    auto& db = store.sqlite();

    SUBCASE("rows written by the store verify")
    {
        const auto state = store::verify_audit_chain(store.db());
        CHECK_FALSE(state.broken.has_value());
        CHECK(state.rows == 5);  // the creation of the store and four rows
        CHECK(state.last_id == 5);
        CHECK(state.last_hash == store::audit_head(store).hash);
    }

    SUBCASE("a changed row is the first that does not match")
    {
        behind_the_triggers(db, "UPDATE audit SET after = '{\"code\":9}' WHERE id = 3");
        const auto state = store::verify_audit_chain(store.db());
        REQUIRE(state.broken.has_value());
        CHECK(state.broken->id == 3);
    }

    SUBCASE("a removed row shows at the row after it")
    {
        behind_the_triggers(db, "DELETE FROM audit WHERE id = 2");
        const auto state = store::verify_audit_chain(store.db());
        REQUIRE(state.broken.has_value());
        CHECK(state.broken->id == 3);
    }

    SUBCASE("a row without a hash does not match")
    {
        behind_the_triggers(db, "UPDATE audit SET hash = NULL WHERE id = 4");
        REQUIRE(store::verify_audit_chain(store.db()).broken.has_value());
        CHECK(store::verify_audit_chain(store.db()).broken->id == 4);
    }

    SUBCASE("the triggers refuse an update, a deletion and a hash change")
    {
        CHECK_THROWS(db.exec("UPDATE audit SET actor = 'x' WHERE id = 2"));
        CHECK_THROWS(db.exec("UPDATE audit SET hash = 'x' WHERE id = 2"));
        CHECK_THROWS(db.exec("DELETE FROM audit WHERE id = 2"));
    }

    SUBCASE("a redaction keeps the chain, and is audited")
    {
        const std::string pseudonym(64, 'a');
        store.audit("attendance", "T-1/" + pseudonym, "insert", nullptr, {{"participant", pseudonym}});
        const auto forget_id = db.execAndGet("SELECT max(id) + 1 FROM audit").getInt64();
        const auto redacted = store::redact_audit(store.db(), pseudonym, "", forget_id);
        CHECK(redacted == std::vector<std::int64_t>{6});
        // Until the forget's own row lists it, the redaction is not authorised.
        REQUIRE(store::verify_audit_chain(store.db()).broken.has_value());
        store.audit("respondent", "", "forget", nullptr, {{"redacted", redacted}});
        CHECK_FALSE(store::verify_audit_chain(store.db()).broken.has_value());
        CHECK(db.execAndGet("SELECT key FROM audit WHERE id = 6").getString() == "T-1/[forgotten]");
        CHECK(
            db.execAndGet("SELECT count(*) FROM audit WHERE instr(ifnull(after, ''), '" + pseudonym + "')").getInt() ==
            0);
        // The redacted field cannot be changed once more unnoticed.
        db.exec("UPDATE audit SET key = 'T-1/x' WHERE id = 6");
        REQUIRE(store::verify_audit_chain(store.db()).broken.has_value());
        CHECK(store::verify_audit_chain(store.db()).broken->id == 6);
    }

    SUBCASE("two people redacted from one row by two forgets")
    {
        const std::string anna(64, 'a');
        const std::string jan(64, 'b');
        store.audit("attendance", "T-1", "import", nullptr, {{"participants", {anna, jan}}});
        for (const auto* person : {&anna, &jan}) {
            const auto forget_id = db.execAndGet("SELECT max(id) + 1 FROM audit").getInt64();
            const auto redacted = store::redact_audit(store.db(), *person, "", forget_id);
            CHECK(redacted == std::vector<std::int64_t>{6});
            store.audit("respondent", "", "forget", nullptr, {{"redacted", redacted}});
            CHECK_FALSE(store::verify_audit_chain(store.db()).broken.has_value());
        }
        CHECK(db.execAndGet("SELECT after FROM audit WHERE id = 6").getString() ==
              R"({"participants":["[forgotten]","[forgotten]"]})");
    }

    SUBCASE("rows written before the chain are chained by the migration")
    {
        behind_the_triggers(db, "UPDATE audit SET hash = NULL");
        store::chain_unhashed_rows(store.db());
        CHECK_FALSE(store::verify_audit_chain(store.db()).broken.has_value());
    }
}

TEST_CASE("store key file")
{
    ScratchDir dir;
    const auto path = dir / "toro.key";

    SUBCASE("created once, private, never replaced")
    {
        CHECK(store::create_key(path));
        CHECK(permissions(path) == 0600U);
        const auto key = store::read_key(path);
        CHECK(store::is_hex_key(key));
        CHECK_FALSE(store::create_key(path));
        CHECK(store::read_key(path) == key);
        CHECK(fs::file_size(path) == 65U);
    }

    SUBCASE("two keys differ")
    {
        store::create_key(path);
        store::create_key(dir / "other.key");
        CHECK(store::read_key(path) != store::read_key(dir / "other.key"));
    }

    SUBCASE("missing or malformed: exit 78 naming the file")
    {
        for (const std::string& content :
             {std::string(), std::string("not a key\n"), std::string(64, 'A'), std::string(63, 'a')}) {
            if (!content.empty()) {
                std::ofstream(path) << content;
            }
            try {
                store::read_key(path);
                FAIL("no error");
            } catch (const Error& error) {
                CHECK(error.code() == Exit::config);
                CHECK(error.context() == path.string());
            }
        }
    }

    SUBCASE("installing a key: the same is fine, another is refused")
    {
        const std::string key(64, 'b');
        store::install_key(path, key);
        CHECK(store::read_key(path) == key);
        store::install_key(path, key);
        try {
            store::install_key(path, std::string(64, 'c'));
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::config);
        }
        CHECK(store::read_key(path) == key);
    }
}
