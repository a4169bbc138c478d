#pragma once
// The audit log's hash chain (docs/operations.md "The audit log"): every row carries the
// SHA-256 of its fields and of the previous row's hash, so that a row changed, removed or
// inserted out of turn with the triggers dropped shows as the first row whose hash does not
// match. The redactable fields (command, key, before, after) enter the hash by their own
// SHA-256, so that `db forget` can redact them and keep the chain: the digest of the field as
// it was is kept in audit_redaction and used in its place.

#include "core/catalogue.hpp"
#include "store/database.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::store {

// The SHA-256 of `data` as 64 lower-case hex digits (loads libcrypto on first use).
std::string sha256_hex(std::string_view data);

// The hash the first row is chained to.
inline constexpr std::string_view audit_chain_start =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One audit row as it is hashed.
struct AuditRow {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string os_login;
    std::string command;
    std::string entity;
    std::string key;
    std::string action;
    std::optional<std::string> before;
    std::optional<std::string> after;
};

// The redactable fields, by name, in hash order.
inline constexpr std::array<std::string_view, 4> redactable_fields = {"command", "key", "before", "after"};

// The digest a redactable field enters the hash with: its SHA-256, or "null" for NULL.
std::string field_digest(const std::optional<std::string>& value);

// The row's hash chained to `previous`. `digests` replaces the digest of a redacted field
// (by field name) with the one kept for the field as it was.
std::string audit_hash(std::string_view previous, const AuditRow& row,
                       const std::map<std::string, std::string, std::less<>>& digests = {});

// The first row (by id) whose hash does not match, with the reason; nullopt when the whole
// chain verifies. Rows are read from `db`'s audit and audit_redaction tables.
struct ChainBreak {
    std::int64_t id = 0;
    Message reason;
};
struct ChainState {
    std::optional<ChainBreak> broken;
    std::int64_t rows = 0;
    std::int64_t last_id = 0;  // 0: empty log
    std::string last_hash;     // audit_chain_start when empty
};
ChainState verify_audit_chain(store::Database& db);

// Redacts a person from the audit log: `pseudonym` from every redactable field and `id` (as
// typed) from command lines, each replaced by "[forgotten]", each change authorised by an
// audit_redaction row naming `forget_id`, the id the audit row of the forget will have (its
// `after` must list the returned ids). Returns the ids of the rows redacted. Call inside the
// forget's write transaction.
std::vector<std::int64_t> redact_audit(store::Database& db, const std::string& pseudonym, const std::string& id,
                                       std::int64_t forget_id);

// Gives every row without a hash its hash, in id order (the migration to version 7).
void chain_unhashed_rows(store::Database& db);

}  // namespace toro::store
