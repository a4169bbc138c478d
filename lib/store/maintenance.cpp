#include "store/maintenance.hpp"

#include "store/audit_chain.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

namespace toro::store {
namespace {

// Reference tables that must never be empty.
constexpr const char* reference_tables[] = {"legal_form", "sphere", "district", "budget_category"};

std::optional<std::string> optional_text(const store::Column& column)
{
    return column.is_null() ? std::nullopt : std::optional<std::string>(column.get_string());
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
    result.journal_mode = store.db().query_text("PRAGMA journal_mode");
    store::Statement tables(store.db(), "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (tables.step()) {
        const std::string name = tables.column(0).get_string();
        // Table names come from the schema itself, quoted as identifiers.
        const auto rows = store.db().query_integer(fmt::format("SELECT count(*) FROM \"{}\"", name));
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

    const bool postgres = db.dialect() == Dialect::postgresql;
    run_check(results, "integrity", [&] {
        if (postgres) {  // the server's pages, checked by the server as it reads them
            return CheckResult{
                "integrity", true,
                Message("check.integrity_server", {{"checksums", db.query_text("SHOW data_checksums")}})};
        }
        store::Statement integrity(db, "PRAGMA integrity_check");
        std::string problems;
        while (integrity.step()) {
            const std::string line = integrity.column(0).get_string();
            if (line != "ok") {
                problems += (problems.empty() ? "" : "; ") + line;
            }
        }
        return CheckResult{"integrity", problems.empty(),
                           problems.empty() ? Message("check.integrity_ok") : Message::verbatim(problems)};
    });
    run_check(results, "foreign_keys", [&] {
        // PostgreSQL checks every reference as it is written; a constraint added NOT VALID, or
        // whose checking was switched off, is what could hide a broken one. A report's venture
        // is checked by triggers instead of a key (schemas/migrations/pg/0012_report_keys.sql):
        // each report naming no venture is a broken reference, and so is a trigger missing or
        // disabled.
        store::Statement foreign_keys(
            db, postgres ? "SELECT conrelid::regclass::text, 0, confrelid::regclass::text FROM pg_constraint "
                           "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace "
                           "AND NOT convalidated "
                           "UNION ALL SELECT 'report', 0, 'venture' FROM report r "
                           "WHERE NOT EXISTS (SELECT FROM venture v WHERE v.code = r.venture) "
                           "UNION ALL SELECT 'report', 0, 'venture' WHERE (SELECT count(*) FROM pg_trigger "
                           "WHERE tgenabled <> 'D' AND tgname IN ('report_venture_insert', 'report_venture_update', "
                           "'venture_report_delete', 'venture_report_rename')) <> 4 ORDER BY 1"
                         : "PRAGMA foreign_key_check");
        int broken = 0;
        Message first;
        while (foreign_keys.step()) {
            if (broken++ == 0) {
                first = Message("check.broken_reference", {{"table", foreign_keys.column(0).get_string()},
                                                           {"row", foreign_keys.column(1).get_int64()},
                                                           {"parent", foreign_keys.column(2).get_string()}});
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
            const auto rows = db.query_integer(fmt::format("SELECT count(*) FROM {}", table));
            if (rows == 0) {
                empty += (empty.empty() ? "" : ", ") + std::string(table);
            }
        }
        return CheckResult{"reference_data", empty.empty(),
                           empty.empty() ? Message("check.reference_ok")
                                         : Message("check.reference_empty", {{"tables", empty}})};
    });
    run_check(results, "audit_log", [&] {
        const auto triggers = db.query_integer(
            postgres ? "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND tgenabled <> 'D' "
                       "AND tgname IN ('audit_append_only_update', 'audit_append_only_delete')"
                     : "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                       "AND name IN ('audit_append_only_update', 'audit_append_only_delete')");
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
        const auto kept = db.query_integer("SELECT count(*) FROM store_setting WHERE name = 'pseudonym_key'");
        return CheckResult{"pseudonym_key", kept == 0,
                           kept == 0 ? Message("check.key_not_in_store") : Message("check.key_in_store")};
    });
    return results;
}

AuditHead audit_head(Store& store)
{
    AuditHead head;
    head.hash = std::string(audit_chain_start);
    store::Statement last(store.db(), "SELECT id, coalesce(hash, '') FROM audit ORDER BY id DESC LIMIT 1");
    if (last.step()) {
        head.id = last.column(0).get_int64();
        head.hash = last.column(1).get_string();
    }
    return head;
}

std::optional<Message> verify_head(Store& store, const std::string& hash)
{
    const auto chain = verify_audit_chain(store.db());
    if (chain.broken) {
        return Message("check.audit_row_mismatch", {{"id", chain.broken->id}, {"reason", chain.broken->reason}});
    }
    store::Statement find(store.db(), "SELECT id FROM audit WHERE hash = ?");
    find.bind(1, hash);
    if (!find.step()) {
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
    std::vector<std::string> values;
    if (filter.entity) {
        sql += " AND entity = ?";
        values.push_back(*filter.entity);
    }
    if (filter.key) {
        // A bulk import is audited by rows that list the keys they wrote (import_audit.hpp).
        sql += store.db().dialect() == Dialect::postgresql
                   ? " AND (key = ? OR (action = 'import' AND "
                     "EXISTS (SELECT 1 FROM json_array_elements_text(after::json -> 'keys') AS k (value) "
                     "WHERE value = ?)))"
                   : " AND (key = ? OR (action = 'import' AND "
                     "EXISTS (SELECT 1 FROM json_each(after, '$.keys') WHERE value = ?)))";
        values.push_back(*filter.key);
        values.push_back(*filter.key);
    }
    if (filter.since) {
        sql += " AND at >= ?";
        values.push_back(*filter.since);
    }
    sql += " ORDER BY id";
    if (filter.limit) {
        sql = fmt::format("SELECT * FROM ({} DESC LIMIT {}) AS latest ORDER BY id", sql, *filter.limit);
    }
    store::Statement query(store.db(), sql);
    for (std::size_t i = 0; i < values.size(); ++i) {
        query.bind(static_cast<int>(i) + 1, values[i]);
    }
    std::vector<AuditEntry> entries;
    while (query.step()) {
        entries.push_back({query.column(0).get_int64(), query.column(1).get_string(), query.column(2).get_string(),
                           query.column(3).get_string(), query.column(4).get_string(), query.column(5).get_string(),
                           query.column(6).get_string(), query.column(7).get_string(), optional_text(query.column(8)),
                           optional_text(query.column(9))});
    }
    return entries;
}

}  // namespace toro::store
