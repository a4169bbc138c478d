#pragma once
// The register's entities described as data (PRODUCT.md §5): each field's name (its CSV
// column, JSON key and store column), type, and whether it is required. One generic engine
// parses, checks, stores, audits and exports every entity from these descriptions; what is
// special about an entity lives in its checks.

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace toro::registry {

enum class FieldType {
    text,
    code,  // a natural key: no spaces, at most 64 characters
    integer,
    number,  // a decimal number (targets, scores, hours)
    money,   // stored as integer grosze
    date,    // ISO text
    period,  // YYYY-MM text
    boolean,
    list,    // `a|b` in CSV, an array in JSON; stored as a JSON array
    choice,  // one of `choices`
    nip,
    regon,
    krs,
    postal_code,
    email,
    rate,       // an annual percentage, kept exactly as a decimal text ("1.5")
    pseudonym,  // an id stored only as a keyed hash
};

struct FieldSpec {
    std::string name;
    FieldType type = FieldType::text;
    bool required = false;
    std::vector<std::string> choices;     // for FieldType::choice
    std::optional<std::string> fallback;  // stored when the field is empty (as input text)
};

// A stored value: SQL NULL, an integer (also money in grosze and booleans), a real, or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One entity's values in field order.
using Record = std::vector<Value>;

class RowCheck;  // registry/checks.hpp

struct EntitySpec {
    std::string name;  // org, program, venture, …
    std::string table;
    std::vector<FieldSpec> fields;
    std::vector<std::string> key;  // the natural key's fields
    std::string label;             // "organization", for messages
    // The entity's checks against the store and the reference lists, after each field has been
    // parsed by its type (registry/checks.hpp); none when null.
    void (*check)(RowCheck& row) = nullptr;
    // What `register ENTITY list` selects by: each option (`--sphere`) with the stored field it
    // compares (`spheres`).
    std::vector<std::pair<std::string, std::string>> list_filters{};

    std::size_t index(std::string_view field) const;  // throws std::out_of_range
    bool has(std::string_view field) const;
};

// The column that carries a pseudonym field's stored pseudonym in exports and imports
// (`participant_pseudonym`); the field's own column carries a raw id, always hashed.
std::string pseudonym_column(const FieldSpec& field);

// The catalogue's words for "no … has" of an entity named `name` (entity.NAME.genitive:
// "organizacji" in Polish).
Message entity_genitive(std::string_view name);

// Every entity of the register, in dependency order.
const std::vector<EntitySpec>& entities();
// The rows written only with their parent (an offer's budget lines and targets): no commands of
// their own.
const std::vector<EntitySpec>& child_entities();
// The entity named `name` (of either list), or nullptr.
const EntitySpec* find_entity(std::string_view name);

// The arrays nested in a parent's JSON row: `key` holds rows of `child`, whose field `parent_field`
// names the parent.
struct NestedChildren {
    std::string parent;
    std::string key;  // targets, budget
    std::string child;
    std::string parent_field;
};
const std::vector<NestedChildren>& nested_children();

// Parses one input value (a CSV string or a JSON value) of a field into its stored form.
// Empty text, null and an empty array are "no value" (std::monostate). Throws InvalidValue.
Value parse_value(const FieldSpec& field, const nlohmann::ordered_json& input);

// parse_value(field, null) of a field of entities(), worked out once: what an absent or null
// input stores (its fallback parsed, or no value). nullptr for another field, or one whose
// absence is an error.
const Value* value_when_absent(const FieldSpec& field);

// A stored value as JSON: money as złoty, lists as arrays, booleans as true/false.
nlohmann::ordered_json to_json(const FieldSpec& field, const Value& value);

// A record as a JSON object in field order, written directly (for the audit log).
std::string json_text(const EntitySpec& entity, const Record& record);

// A stored value as the text an import accepts back (CSV export).
std::string to_text(const FieldSpec& field, const Value& value);

// The natural key of a record as text ("V-1" or "V-1/participants").
std::string key_text(const EntitySpec& entity, const Record& record);

}  // namespace toro::registry
