#pragma once
// What `toro db info | check | audit` report about a store, as plain data.

#include "core/catalogue.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace toro::store {

struct TableCount {
    std::string table;
    std::int64_t rows = 0;
};

struct StoreInfo {
    std::string path;
    std::int64_t size_bytes = 0;
    int schema_version = 0;
    int program_schema_version = 0;
    std::string journal_mode;
    std::vector<TableCount> counts;  // every table, by name
};

StoreInfo info(Store& store);

// One check of `toro db check`.
struct CheckResult {
    std::string check;  // integrity, foreign_keys, schema_version, reference_data, audit_log
    bool ok = true;
    Message detail;
};

// Integrity, foreign keys, schema version, reference data, the audit log's protection and
// hash chain, and that the pseudonym key is not in the store. A check that SQLite cannot
// complete (a damaged page) is reported as failed, not thrown.
std::vector<CheckResult> check(Store& store);

// The last audit row's id and hash (id 0 and the chain's start for an empty log): what a cron
// job keeps elsewhere to show later that the log was not rewritten.
struct AuditHead {
    std::int64_t id = 0;
    std::string hash;
};
AuditHead audit_head(Store& store);

// Verifies the chain and that a row with the kept `hash` is still in it; the problem, or
// nullopt when both hold.
std::optional<Message> verify_head(Store& store, const std::string& hash);

struct AuditFilter {
    std::optional<std::string> entity;
    std::optional<std::string> key;
    std::optional<std::string> since;  // ISO date: rows at or after its start (UTC)
    std::optional<std::int64_t> limit;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string os_login;  // the login of the process that wrote the row ('' before version 7)
    std::string command;
    std::string entity;
    std::string key;
    std::string action;
    std::optional<std::string> before;
    std::optional<std::string> after;
};

// Audit rows matching the filter, oldest first.
std::vector<AuditEntry> audit_entries(Store& store, const AuditFilter& filter);

// For a person's list: an entry whose before and after are both JSON objects keeps of each
// only the fields that changed (an update of one field reads `{"city":"Warszawa"}` →
// `{"city":"Kraków"}`); any other entry is left as it is.
void keep_changes(AuditEntry& entry);

}  // namespace toro::store
