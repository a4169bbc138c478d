#include "store/audit_chain.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <set>
#include <vector>

namespace toro::store {
namespace {

std::optional<std::string> nullable(const store::Column& column)
{
    return column.is_null() ? std::nullopt : std::optional<std::string>(column.get_string());
}

constexpr const char* select_rows = "SELECT id, at, actor, os_login, command, entity, key, action, before, after, hash "
                                    "FROM audit ORDER BY id";

AuditRow read_row(store::Statement& select)
{
    return {select.column(0).get_int64(),  select.column(1).get_string(), select.column(2).get_string(),
            select.column(3).get_string(), select.column(4).get_string(), select.column(5).get_string(),
            select.column(6).get_string(), select.column(7).get_string(), nullable(select.column(8)),
            nullable(select.column(9))};
}

const std::optional<std::string>& field_of(const AuditRow& row, std::string_view field,
                                           std::optional<std::string>& buffer)
{
    if (field == "command") {
        buffer = row.command;
    } else if (field == "key") {
        buffer = row.key;
    } else if (field == "before") {
        return row.before;
    } else {
        return row.after;
    }
    return buffer;
}

struct Redaction {
    std::string field;
    std::string digest;
    std::string redacted_digest;
    std::int64_t forget_id = 0;
};

}  // namespace

std::string sha256_hex(std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw Error(Exit::internal, Message("audit.no_digest"));
    }
    return hex(digest.data(), length);
}

std::string field_digest(const std::optional<std::string>& value)
{
    return value ? sha256_hex(*value) : std::string("null");
}

std::string audit_hash(std::string_view previous, const AuditRow& row,
                       const std::map<std::string, std::string, std::less<>>& digests)
{
    // toro-audit-v1, the previous hash, the id, then each plain field as LENGTH:TEXT and each
    // redactable field as its digest, one per line.
    std::string text = fmt::format("toro-audit-v1\n{}\n{}\n", previous, row.id);
    for (const std::string* field : {&row.at, &row.actor, &row.os_login, &row.entity, &row.action}) {
        text += fmt::format("{}:{}\n", field->size(), *field);
    }
    std::optional<std::string> buffer;
    for (const auto field : redactable_fields) {
        const auto kept = digests.find(field);
        text += kept != digests.end() ? kept->second : field_digest(field_of(row, field, buffer));
        text += '\n';
    }
    return sha256_hex(text);
}

ChainState verify_audit_chain(store::Database& db)
{
    std::map<std::int64_t, std::vector<Redaction>> redactions;
    {
        store::Statement select(db, "SELECT audit_id, field, digest, redacted_digest, forget_id FROM audit_redaction "
                                    "ORDER BY audit_id, field, forget_id");
        while (select.step()) {
            redactions[select.column(0).get_int64()].push_back(
                {select.column(1).get_string(), select.column(2).get_string(), select.column(3).get_string(),
                 select.column(4).get_int64()});
        }
    }
    // The rows each audited forget says it redacted (its own row is in the chain).
    std::map<std::int64_t, std::set<std::int64_t>> authorised;
    ChainState state;
    state.last_hash = std::string(audit_chain_start);
    store::Statement select(db, select_rows);
    while (select.step()) {
        const auto row = read_row(select);
        const auto stored = nullable(select.column(10));
        ++state.rows;
        std::map<std::string, std::string, std::less<>> digests;
        std::optional<Message> problem;
        if (const auto found = redactions.find(row.id); found != redactions.end()) {
            // Redactions of a field in the order they were made: the first keeps the digest of
            // the field as written, each later one starts from what the one before left.
            for (const auto field : redactable_fields) {
                const Redaction* last = nullptr;
                for (const auto& redaction : found->second) {
                    if (redaction.field != field) {
                        continue;
                    }
                    if (last == nullptr) {
                        digests[std::string(field)] = redaction.digest;
                    } else if (redaction.digest != last->redacted_digest) {
                        problem = Message("audit.redactions_out_of_order", {{"field", std::string(field)}});
                    }
                    last = &redaction;
                }
                std::optional<std::string> buffer;
                if (last != nullptr && field_digest(field_of(row, field, buffer)) != last->redacted_digest) {
                    problem = Message("audit.redacted_changed", {{"field", std::string(field)}});
                }
            }
        }
        if (row.action == "forget" && row.after) {
            const auto after = nlohmann::json::parse(*row.after, nullptr, false);
            auto& ids = authorised[row.id];
            if (after.is_object() && after.contains("redacted") && after["redacted"].is_array()) {
                for (const auto& id : after["redacted"]) {
                    if (id.is_number_integer()) {
                        ids.insert(id.get<std::int64_t>());
                    }
                }
            }
        }
        if (!problem) {
            if (!stored) {
                problem = Message("audit.no_hash");
            } else if (audit_hash(state.last_hash, row, digests) != *stored) {
                problem = Message("audit.hash_mismatch");
            }
        }
        if (problem && !state.broken) {
            state.broken = ChainBreak{row.id, *problem};
        }
        state.last_id = row.id;
        state.last_hash = stored.value_or("");
    }
    // Every redaction must be one that an audited forget lists.
    for (const auto& [id, list] : redactions) {
        for (const auto& redaction : list) {
            const auto allowed = authorised.find(redaction.forget_id);
            if ((allowed == authorised.end() || allowed->second.count(id) == 0) &&
                (!state.broken || state.broken->id > id)) {
                state.broken = ChainBreak{id, Message("audit.redaction_unauthorised", {{"field", redaction.field}})};
            }
        }
    }
    return state;
}

namespace {

// `text` with every occurrence of `word` replaced; with `whole`, only where it stands as a
// word of a command line (between the start or end, spaces, quotes and `=`).
std::string replace_all(const std::string& text, const std::string& word, std::string_view replacement, bool whole)
{
    const auto boundary = [](char c) { return c == ' ' || c == '\'' || c == '"' || c == '='; };
    std::string result;
    std::size_t from = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const auto end = at + word.size();
        if (at < from ||
            (whole && ((at > 0 && !boundary(text[at - 1])) || (end < text.size() && !boundary(text[end]))))) {
            continue;
        }
        result.append(text, from, at - from);
        result += replacement;
        from = end;
    }
    result.append(text, from);
    return result;
}

}  // namespace

std::vector<std::int64_t> redact_audit(store::Database& db, const std::string& pseudonym, const std::string& id,
                                       std::int64_t forget_id)
{
    static constexpr std::string_view replacement = "[forgotten]";
    std::vector<std::pair<std::int64_t, std::array<std::optional<std::string>, 4>>> rows;
    {
        // instr() on SQLite, strpos() on PostgreSQL: the position of the text, 0 when absent.
        const char* find = db.dialect() == Dialect::postgresql ? "strpos" : "instr";
        store::Statement select(
            db, fmt::format("SELECT id, command, key, before, after FROM audit WHERE {0}(command, ?1) > 0 OR "
                            "{0}(key, ?1) > 0 OR {0}(coalesce(before, ''), ?1) > 0 OR {0}(coalesce(after, ''), ?1) > 0 "
                            "OR (?2 <> '' AND {0}(command, ?2) > 0) ORDER BY id",
                            find));
        select.bind(1, pseudonym);
        select.bind(2, id);
        while (select.step()) {
            rows.push_back({select.column(0).get_int64(),
                            {nullable(select.column(1)), nullable(select.column(2)), nullable(select.column(3)),
                             nullable(select.column(4))}});
        }
    }
    store::Statement authorise(db, "INSERT INTO audit_redaction (audit_id, field, digest, redacted_digest, forget_id) "
                                   "VALUES (?, ?, ?, ?, ?)");
    std::vector<std::int64_t> redacted;
    for (const auto& [audit_id, fields] : rows) {
        std::vector<std::pair<std::string_view, std::string>> changes;
        for (std::size_t i = 0; i < redactable_fields.size(); ++i) {
            if (!fields[i]) {
                continue;
            }
            auto value = replace_all(*fields[i], pseudonym, replacement, false);
            if (i == 0 && !id.empty()) {  // a raw id can only have been typed on the command line
                value = replace_all(value, id, replacement, true);
            }
            if (value == *fields[i]) {
                continue;
            }
            authorise.reset();
            authorise.bind(1, audit_id);
            authorise.bind(2, std::string(redactable_fields[i]));
            authorise.bind(3, field_digest(fields[i]));
            authorise.bind(4, field_digest(value));
            authorise.bind(5, forget_id);
            authorise.exec();
            changes.emplace_back(redactable_fields[i], std::move(value));
        }
        if (changes.empty()) {
            continue;
        }
        for (const auto& [field, value] : changes) {
            // The field name is one of redactable_fields, never input.
            store::Statement update(db, fmt::format("UPDATE audit SET \"{}\" = ? WHERE id = ?", field));
            update.bind(1, value);
            update.bind(2, audit_id);
            update.exec();
        }
        redacted.push_back(audit_id);
    }
    return redacted;
}

void chain_unhashed_rows(store::Database& db)
{
    std::string previous(audit_chain_start);
    std::vector<std::pair<std::int64_t, std::string>> updates;
    {
        store::Statement select(db, select_rows);
        while (select.step()) {
            const auto row = read_row(select);
            const auto stored = nullable(select.column(10));
            previous = stored ? *stored : audit_hash(previous, row);
            if (!stored) {
                updates.emplace_back(row.id, previous);
            }
        }
    }
    store::Statement update(db, "UPDATE audit SET hash = ? WHERE id = ?");
    for (const auto& [id, hash] : updates) {
        update.reset();
        update.bind(1, hash);
        update.bind(2, id);
        update.exec();
    }
}

}  // namespace toro::store
