#pragma once
// Reference values as people write them: legal forms, districts, spheres of public benefit,
// budget categories and indicators, matched by code or by their Polish or English name without
// regard to case, diacritics, spaces, hyphens and underscores; a value that matches nothing is
// answered with the nearest ones.

#include "config/config.hpp"
#include "core/catalogue.hpp"

#include "store/database.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace toro::registry {

enum class ReferenceKind { legal_form, district, sphere, category, indicator };

// The kinds by their names on the command line: legal-form, district, sphere, category,
// indicator.
const std::vector<std::string>& reference_kind_names();
std::optional<ReferenceKind> reference_kind(std::string_view name);

struct ReferenceEntry {
    std::string code;
    std::string name_pl;
    std::string name_en;  // districts are proper names: the Polish name
};

class ReferenceList {
public:
    // The entries of a kind in the store, in their order (districts and spheres by sort key,
    // the others by code); budget categories include those of [reporting] budget_categories.
    static ReferenceList load(store::Database& db, ReferenceKind kind, const config::Config& config);

    ReferenceList(ReferenceKind kind, std::vector<ReferenceEntry> entries);

    // The entry `value` names: its code as written, else its code, Polish or English name
    // folded (fold_key); nullptr when none.
    const ReferenceEntry* find(std::string_view value) const;

    // "not a legal form (did you mean SPOLDZ_SOC, spółdzielnia socjalna / social cooperative?
    // `toro register reference legal-form` lists them)": the message for a value found nowhere.
    Message unknown(std::string_view value) const;

    const std::vector<ReferenceEntry>& entries() const noexcept { return m_entries; }
    ReferenceKind kind() const noexcept { return m_kind; }

private:
    ReferenceKind m_kind;
    std::vector<ReferenceEntry> m_entries;
    std::unordered_map<std::string, std::size_t> m_by_code;
    std::unordered_map<std::string, std::size_t> m_by_key;  // folded code and names
    // The names as written, each with the entry find() gives for it, so that the usual value
    // (a district by its name) is found without folding it.
    std::unordered_map<std::string, std::size_t> m_by_name;
};

}  // namespace toro::registry
