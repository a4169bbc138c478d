#include "store/maintenance.hpp"

#include "store/audit_chain.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

namespace toro::store {
namespace {

// Reference tables that must never be empty.
constexpr const char* reference_tables[] = {"legal_form", "sphere", "district", "budget_category"};

std::optional<std::string> optional_text(const SQLite::Column& column)
{
    return column.isNull() ? std::nullopt : std::optional<std::string>(column.getString());
}

}  // namespace

StoreInfo info(Store& store)
{
    StoreInfo result;
    result.path = store.path().string();
    std::error_code ignored;
    const auto size = std::filesystem::file_size(store.path(), ignored);
    result.size_bytes = ignored ? 0 : static_cast<std::int64_t>(size);
    result.schema_version = store.version();
    result.program_schema_version = latest_version();
    result.journal_mode = store.db().execAndGet("PRAGMA journal_mode").getString();
    SQLite::Statement tables(store.db(), "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (tables.executeStep()) {
        const std::string name = tables.getColumn(0).getString();
        // Table names come from the schema itself, quoted as identifiers.
        const auto rows = store.db().execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", name)).getInt64();
        result.counts.push_back({name, rows});
    }
    return result;
}

namespace {

// Runs one check; a SQLite failure while checking (a damaged page) is that check's finding.
void run_check(std::vector<CheckResult>& results, const char* name, const std::function<CheckResult()>& body)
{
    try {
        results.push_back(body());
    } catch (const SQLite::Exception& error) {
        results.push_back({name, false, Message("check.cannot_check", {{"detail", std::string(error.what())}})});
    }
}

}  // namespace

std::vector<CheckResult> check(Store& store)
{
    std::vector<CheckResult> results;
    auto& db = store.db();

    run_check(results, "integrity", [&] {
        SQLite::Statement integrity(db, "PRAGMA integrity_check");
        std::string problems;
        while (integrity.executeStep()) {
            const std::string line = integrity.getColumn(0).getString();
            if (line != "ok") {
                problems += (problems.empty() ? "" : "; ") + line;
            }
        }
        return CheckResult{"integrity", problems.empty(),
                           problems.empty() ? Message("check.integrity_ok") : Message::verbatim(problems)};
    });
    run_check(results, "foreign_keys", [&] {
        SQLite::Statement foreign_keys(db, "PRAGMA foreign_key_check");
        int broken = 0;
        Message first;
        while (foreign_keys.executeStep()) {
            if (broken++ == 0) {
                first = Message("check.broken_reference", {{"table", foreign_keys.getColumn(0).getString()},
                                                           {"row", foreign_keys.getColumn(1).getInt64()},
                                                           {"parent", foreign_keys.getColumn(2).getString()}});
            }
        }
        return CheckResult{"foreign_keys", broken == 0,
                           broken == 0 ? Message("check.references_ok")
                                       : Message("check.broken_references", {{"count", broken}, {"first", first}})};
    });
    run_check(results, "schema_version", [&] {
        const int version = store.version();
        return CheckResult{"schema_version", version == latest_version(),
                           Message("check.schema_version", {{"version", version}, {"latest", latest_version()}})};
    });
    run_check(results, "reference_data", [&] {
        std::string empty;
        for (const char* table : reference_tables) {
            const auto rows = db.execAndGet(fmt::format("SELECT count(*) FROM {}", table)).getInt64();
            if (rows == 0) {
                empty += (empty.empty() ? "" : ", ") + std::string(table);
            }
        }
        return CheckResult{"reference_data", empty.empty(),
                           empty.empty() ? Message("check.reference_ok")
                                         : Message("check.reference_empty", {{"tables", empty}})};
    });
    run_check(results, "audit_log", [&] {
        const auto triggers = db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                            "AND name IN ('audit_append_only_update', 'audit_append_only_delete')")
                                  .getInt();
        return CheckResult{"audit_log", triggers == 2,
                           triggers == 2 ? Message("check.audit_append_only")
                                         : Message("check.audit_triggers_missing")};
    });
    run_check(results, "audit_chain", [&] {
        const auto chain = verify_audit_chain(db);
        if (chain.broken) {
            return CheckResult{
                "audit_chain", false,
                Message("check.audit_row_mismatch", {{"id", chain.broken->id}, {"reason", chain.broken->reason}})};
        }
        return CheckResult{
            "audit_chain", true,
            Message("check.audit_chained", {{"rows", chain.rows}, {"id", chain.last_id}, {"hash", chain.last_hash}})};
    });
    run_check(results, "pseudonym_key", [&] {
        const auto kept = db.execAndGet("SELECT count(*) FROM store_setting WHERE name = 'pseudonym_key'").getInt();
        return CheckResult{"pseudonym_key", kept == 0,
                           kept == 0 ? Message("check.key_not_in_store") : Message("check.key_in_store")};
    });
    return results;
}

AuditHead audit_head(Store& store)
{
    AuditHead head;
    head.hash = std::string(audit_chain_start);
    SQLite::Statement last(store.db(), "SELECT id, ifnull(hash, '') FROM audit ORDER BY id DESC LIMIT 1");
    if (last.executeStep()) {
        head.id = last.getColumn(0).getInt64();
        head.hash = last.getColumn(1).getString();
    }
    return head;
}

std::optional<Message> verify_head(Store& store, const std::string& hash)
{
    const auto chain = verify_audit_chain(store.db());
    if (chain.broken) {
        return Message("check.audit_row_mismatch", {{"id", chain.broken->id}, {"reason", chain.broken->reason}});
    }
    SQLite::Statement find(store.db(), "SELECT id FROM audit WHERE hash = ?");
    find.bind(1, hash);
    if (!find.executeStep()) {
        return Message("check.head_missing", {{"hash", hash}});
    }
    return std::nullopt;
}

void keep_changes(AuditEntry& entry)
{
    if (!entry.before || !entry.after) {
        return;
    }
    auto before = nlohmann::ordered_json::parse(*entry.before, nullptr, false);
    auto after = nlohmann::ordered_json::parse(*entry.after, nullptr, false);
    if (!before.is_object() || !after.is_object()) {
        return;
    }
    auto changed_before = nlohmann::ordered_json::object();
    auto changed_after = nlohmann::ordered_json::object();
    for (const auto& [key, value] : before.items()) {
        const auto found = after.find(key);
        if (found == after.end() || *found != value) {
            changed_before[key] = value;
        }
    }
    for (const auto& [key, value] : after.items()) {
        const auto found = before.find(key);
        if (found == before.end() || *found != value) {
            changed_after[key] = value;
        }
    }
    entry.before = changed_before.dump();
    entry.after = changed_after.dump();
}

std::vector<AuditEntry> audit_entries(Store& store, const AuditFilter& filter)
{
    std::string sql =
        "SELECT id, at, actor, os_login, command, entity, key, action, before, after FROM audit WHERE 1 = 1";
    if (filter.entity) {
        sql += " AND entity = :entity";
    }
    if (filter.key) {
        // A bulk import is audited by rows that list the keys they wrote (import_audit.hpp).
        sql += " AND (key = :key OR (action = 'import' AND "
               "EXISTS (SELECT 1 FROM json_each(after, '$.keys') WHERE value = :key)))";
    }
    if (filter.since) {
        sql += " AND at >= :since";
    }
    sql += " ORDER BY id";
    if (filter.limit) {
        sql = fmt::format("SELECT * FROM ({} DESC LIMIT :limit) ORDER BY id", sql);
    }
    SQLite::Statement query(store.db(), sql);
    if (filter.entity) {
        query.bind(":entity", *filter.entity);
    }
    if (filter.key) {
        query.bind(":key", *filter.key);
    }
    if (filter.since) {
        query.bind(":since", *filter.since);
    }
    if (filter.limit) {
        query.bind(":limit", *filter.limit);
    }
    std::vector<AuditEntry> entries;
    while (query.executeStep()) {
        entries.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                           query.getColumn(2).getString(), query.getColumn(3).getString(),
                           query.getColumn(4).getString(), query.getColumn(5).getString(),
                           query.getColumn(6).getString(), query.getColumn(7).getString(),
                           optional_text(query.getColumn(8)), optional_text(query.getColumn(9))});
    }
    return entries;
}

}  // namespace toro::store
