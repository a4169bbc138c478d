#pragma once
// The checks of each entity against the store and the reference lists (PRODUCT.md §5), run
// after every field of a row has been parsed by its type. Each entity declares its check with
// its fields (entity.cpp); a check is a function of one RowCheck, which holds the row, says
// its problems and offers the checks entities share (a reference resolved to its code, an
// amount not negative, a code that must exist). Internal to the register.

#include "config/config.hpp"
#include "core/catalogue.hpp"
#include "core/error.hpp"
#include "registry/entity.hpp"
#include "registry/reference.hpp"

#include "store/database.hpp"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::registry {

class Register;

// What a venture's checks need of its programme: its mode and budget (grosze, when it has one).
struct ProgramRules {
    std::string mode;
    std::optional<std::int64_t> budget;
};

// One row being checked: its record (the checks may normalise values in place: a reference
// given by name becomes its code) and the problems found, each with the row's line.
class RowCheck {
public:
    RowCheck(Register& owner, const EntitySpec& entity, Record& record, const nlohmann::ordered_json& input,
             std::size_t line, std::vector<Problem>& problems);

    const EntitySpec& entity() const { return m_entity; }
    Value& at(std::string_view name) { return m_record[m_entity.index(name)]; }
    bool empty(std::string_view name) { return std::holds_alternative<std::monostate>(at(name)); }
    // The field's text, integer or number; the field must hold one (a field that did not
    // parse is empty: std::bad_variant_access, which the register expects).
    const std::string& text(std::string_view name) { return std::get<std::string>(at(name)); }
    std::int64_t integer(std::string_view name) { return std::get<std::int64_t>(at(name)); }
    const config::Config& config() const;

    // A problem of the field, quoting its value as it was written (not as stored: grosze, a
    // padded KRS); of one item of a list field, quoting the item.
    void problem(std::string_view name, Message message);
    void item_problem(std::string_view name, std::string item, Message message);

    // A statement of the register, prepared once (by the address of a literal, or by its text).
    store::Statement& statement(const char* literal);
    store::Statement& statement(const std::string& sql);

    // Shared checks, each of a field, each quiet when the field is empty.
    void not_negative(std::string_view name);
    void positive(std::string_view name);
    void number_between(std::string_view name, double low, double high);
    void integer_between(std::string_view name, std::int64_t low, std::int64_t high);
    // An organization named by code, KRS or NIP becomes its code.
    void org_reference(std::string_view name);
    // A reference value (legal form, sphere, indicator, budget category) given by code or name
    // becomes its code.
    void resolve(std::string_view name, ReferenceKind kind);
    // A code that must name a row of `table` (an entity's name).
    void must_exist(std::string_view name, const char* table);
    // Districts are stored by their names: one, or a list.
    void district(std::string_view name);
    void districts(std::string_view name);
    // A list of spheres given by code or name becomes their codes.
    void spheres(std::string_view name);
    // The organization code that `reference` (a code, KRS or NIP) names, if any.
    std::optional<std::string> resolve_org(const std::string& reference);
    std::optional<ProgramRules> program_rules(const std::string& code);
    // A call's criteria as stored, from the TOML file `written` names (or the stored JSON).
    std::string read_criteria(const std::string& written);
    // Whether a stored row of the entity may hold `value` in `field` (Register::may_hold).
    bool may_hold(std::string_view field, std::string_view value);

private:
    void districts_in(std::string_view name, bool list);

    Register& m_register;
    const EntitySpec& m_entity;
    Record& m_record;
    const nlohmann::ordered_json& m_input;
    std::size_t m_line;
    std::vector<Problem>& m_problems;
};

// The items of a list field as stored: a JSON array of strings.
std::vector<std::string> list_items(const Value& value);

// The checks of each entity (PRODUCT.md §5).
void check_org(RowCheck& row);
void check_program(RowCheck& row);
void check_venture(RowCheck& row);
void check_target(RowCheck& row);
void check_budget(RowCheck& row);
void check_loan(RowCheck& row);
void check_repayment(RowCheck& row);
void check_grant_money(RowCheck& row);  // payment, grant_return
void check_consultation(RowCheck& row);
void check_training(RowCheck& row);
void check_attendance(RowCheck& row);
void check_call(RowCheck& row);
void check_offer(RowCheck& row);
void check_offer_budget(RowCheck& row);
void check_offer_target(RowCheck& row);
void check_reviewer(RowCheck& row);
void check_score(RowCheck& row);

}  // namespace toro::registry
