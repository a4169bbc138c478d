#pragma once
// The register (PRODUCT.md §5): add, update, show, list, remove, import and export of every
// entity, with the checks of §5, upserts on natural keys and an audit row for every change.
// Works inside the caller's transaction.

#include "config/config.hpp"
#include "core/date.hpp"
#include "io/import.hpp"
#include "registry/checks.hpp"
#include "registry/entity.hpp"
#include "registry/reference.hpp"
#include "store/pseudonym.hpp"
#include "store/store.hpp"

#include "store/database.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace toro::registry {

// Conditions of `list`: field name to value; list fields match when they contain the value.
// `active_in` (ventures) keeps those with starts ≤ P ≤ ends.
struct ListFilter {
    std::map<std::string, std::string> equals;
    std::optional<Period> active_in;
    // Loans only: those in this state (current, overdue, repaid) as of `as_of`.
    std::optional<std::string> loan_state{};
    Date as_of = Date::from_ymd(2000, 1, 1);
};

// A row's fields parsed by their types (Register::parse_fields), before the checks against the
// store.
struct ParsedFields {
    Record record;
    std::vector<bool> pseudonymous;  // given as a stored pseudonym
    std::vector<Problem> problems;
};

class Register {
public:
    Register(store::Store& store, const config::Config& config);
    ~Register();
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    // Parses and checks one row of `entity` given as JSON (CSV fields are strings). Problems
    // name the field and value; `line` is put on each. Returns nullopt when anything is wrong.
    std::optional<Record> parse(const EntitySpec& entity, const nlohmann::ordered_json& fields, std::size_t line,
                                std::vector<Problem>& problems);
    // The first part of parse(): each field by its type, with no store, into `parsed` (whose
    // room is reused); safe on any thread.
    static void parse_fields(const EntitySpec& entity, const nlohmann::ordered_json& fields, std::size_t line,
                             ParsedFields& parsed);
    // The rest of parse(): the problems of `parsed` (moved to `problems`) and the entity's checks,
    // the ids hashed, all in parsed.record. False when anything is wrong.
    bool checked(const EntitySpec& entity, ParsedFields& parsed, const nlohmann::ordered_json& fields, std::size_t line,
                 std::vector<Problem>& problems);

    // How an insert is audited: by a row of its own, or by the caller (a bulk import lists its
    // inserted keys in a few rows: store/import_audit.hpp). An update always has its own row.
    enum class InsertAudit { own_row, by_caller };

    // Inserts or updates by natural key; identical rows are left alone. Writes the audit row
    // and whatever follows from the change (a loan's schedule).
    io::Outcome upsert(const EntitySpec& entity, const Record& record, InsertAudit audit = InsertAudit::own_row);

    // `add` (refused when the key exists) and `update` (the given fields over the stored ones).
    void add(const EntitySpec& entity, const nlohmann::ordered_json& fields);
    io::Outcome update(const EntitySpec& entity, const std::string& key, const nlohmann::ordered_json& fields);

    // One record by its key text ("ORG-1"; "V-1/participants" for composite keys; an
    // organization also by KRS or NIP). Throws Error(Exit::data) when there is none.
    Record show(const EntitySpec& entity, const std::string& key);
    std::vector<Record> list(const EntitySpec& entity, const ListFilter& filter);

    // Removes one record; refused (Exit::data) with the reason while others refer to it.
    void remove(const EntitySpec& entity, const std::string& key);

    // A sink for the import engine: one savepoint per row, duplicate keys in one input caught.
    std::unique_ptr<io::ImportSink> import_sink(const EntitySpec& entity);

    // Where a call's criteria file is looked for: `folder` (the imported file's; the current
    // one by default), or the files built into the program under `folder` (the demo).
    void read_criteria_from(std::filesystem::path folder, bool embedded = false);

    // The organization code that `reference` (a code, KRS or NIP) names, if any.
    std::optional<std::string> resolve_org(const std::string& reference);

    // From now on, remember which values the store holds in the columns looked up on every
    // row (keys, KRS and NIP), so that a new record costs no query for them (a bulk import).
    void remember_values();

private:
    friend class RowCheck;  // the entities' checks ask the store and the reference lists
    struct Statements;
    std::optional<Record> find(const EntitySpec& entity, const Record& key_values);
    // Whether a stored `entity` may hold `value` in its field `field` (text): false only when
    // none does. Always true unless remember_values() was called; then from hashes of the stored
    // values, read once and kept up to date by this register's writes.
    bool may_hold(const EntitySpec& entity, std::size_t field, std::string_view value);
    // The same for a key of several text fields (a venture's target: venture and indicator),
    // the fields taken together.
    bool may_hold_key(const EntitySpec& entity, const Record& record);
    void note_written(const EntitySpec& entity, const Record& record);
    struct RememberedValues {
        const EntitySpec* entity;
        std::size_t field;  // key_fields: the key's fields together (may_hold_key)
        // The values' hashes in an open-addressing table, 0 marking a free slot (a hash of 0
        // is kept as 1): a value whose hash is not here is held by no row.
        std::vector<std::size_t> slots;
        std::size_t count;
    };
    static constexpr std::size_t key_fields = SIZE_MAX;
    // The remembered values of `field` (or key_fields), read from the store on first use: the
    // text of `columns`, joined by U+001F when there are several.
    RememberedValues& remembered(const EntitySpec& entity, std::size_t field, std::span<const std::string> columns);
    static bool holds(const RememberedValues& values, std::string_view value);
    static void remember(RememberedValues& values, std::string_view value);
    Record key_record(const EntitySpec& entity, const std::string& key);
    void check(const EntitySpec& entity, Record& record, const nlohmann::ordered_json& input, std::size_t line,
               std::vector<Problem>& problems);
    void after_write(const EntitySpec& entity, const Record& record);
    // A call's criteria as stored, from the TOML file `written` names (or the stored JSON).
    std::string read_criteria(const std::string& written);
    std::filesystem::path m_input_folder;
    bool m_input_embedded = false;
    // A statement prepared once, reset and without bindings: by its text, or by the address of
    // a string literal (no text hashed on every call).
    store::Statement& statement(const std::string& sql);
    store::Statement& statement(const char* literal);
    // The SELECT by key, INSERT and UPDATE of an entity, prepared once.
    struct EntityStatements {
        std::unique_ptr<store::Statement> select;
        std::unique_ptr<store::Statement> insert;
        std::unique_ptr<store::Statement> update;
    };
    EntityStatements& statements_of(const EntitySpec& entity);

public:
    // Whether a row of `table` has the code `code`; the last code found is remembered, as a
    // venture's targets and budget lines all name the venture just written. Whoever removes a
    // row or rolls back to a savepoint calls forget_found_code(), which forgets the programmes'
    // rules read too (program_rules).
    bool code_exists(const char* table, const std::string& code);
    void forget_found_code()
    {
        m_found_code.reset();
        m_program_rules.clear();
    }
    // A programme's rules (checks.hpp); none when there is no such programme. Read once per code.
    std::optional<ProgramRules> program_rules(const std::string& code);

private:
    std::unordered_map<const EntitySpec*, EntityStatements> m_entity_statements;

    // Reference data, read once per kind: legal forms, districts, spheres, budget categories,
    // indicators, matched by code or name (reference.hpp).
    const ReferenceList& reference(ReferenceKind kind);
    std::map<ReferenceKind, ReferenceList> m_reference;

    store::Store& m_store;
    const config::Config& m_config;
    // Read on first need: the key file, and the forgotten people.
    std::string pseudonymise(std::string_view id);
    std::optional<store::Pseudonymiser> m_pseudonymiser;
    std::optional<store::ForgottenPeople> m_forgotten;
    std::unordered_map<std::string, std::unique_ptr<store::Statement>> m_statements;  // by SQL text
    std::unordered_map<const char*, std::unique_ptr<store::Statement>> m_literals;    // by address
    std::optional<std::pair<const char*, std::string>> m_found_code;                  // table, code
    std::map<std::string, std::optional<ProgramRules>> m_program_rules;               // by code
    bool m_remember_values = false;
    std::vector<RememberedValues> m_values;
};

// A stored record as JSON (the §12 object of `show --format json`).
nlohmann::ordered_json record_json(const EntitySpec& entity, const Record& record);

}  // namespace toro::registry
