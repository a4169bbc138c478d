#pragma once
// The names people know records by, for the codes a document shows (docs/architecture.md, "The
// catalogue"): an organization and a venture by code and name ("ORG-006 Fundacja…"), an
// indicator and a budget category by the register's name (the English one in English where
// the register has one) and an indicator with its unit. Machine formats keep the codes.

#include "core/catalogue.hpp"
#include "render/model.hpp"
#include "store/store.hpp"

#include <map>
#include <string>
#include <vector>

namespace toro::registry {

class Names {
public:
    Names() = default;
    // The organizations and ventures of the codes given (a code the store does not hold is
    // shown as it is), and with `references` every indicator, budget category, sphere and
    // programme.
    static Names load(store::Store& store, const std::vector<std::string>& orgs,
                      const std::vector<std::string>& ventures, bool references = true);

    Named org(const std::string& code) const;
    Named venture(const std::string& code) const;
    Named indicator(const std::string& code) const;
    Named category(const std::string& code) const;
    // A sphere of public benefit ("1a Pomoc społeczna…") and a programme by code and name.
    Named sphere(const std::string& code) const;
    Named program(const std::string& code) const;
    // The indicator's unit in words ("unit.persons": "osoby"), or as the register has it.
    Message unit(const std::string& indicator) const;

    // Cells: the code for machines, the words for people.
    render::Term org_cell(const std::string& code) const;
    render::Term venture_cell(const std::string& code) const;
    render::Term category_cell(const std::string& code) const;
    render::Term sphere_cell(const std::string& code) const;
    render::Term program_cell(const std::string& code) const;
    // "Uczestnicy objęci wsparciem (osoby)".
    render::Term indicator_cell(const std::string& code) const;
    // A list of organizations: the codes joined by "|" for machines (as a list cell), code and
    // name of each for people.
    render::Term org_list(const std::vector<std::string>& codes) const;

    // The message with its `indicator`, `category` and `org` arguments (codes) given their
    // names: a flag's message as people read it; its machine text keeps the codes.
    Message named(const Message& message) const;

private:
    std::map<std::string, Named, std::less<>> m_orgs;
    std::map<std::string, Named, std::less<>> m_ventures;
    std::map<std::string, Named, std::less<>> m_indicators;
    std::map<std::string, Named, std::less<>> m_categories;
    std::map<std::string, Named, std::less<>> m_spheres;
    std::map<std::string, Named, std::less<>> m_programs;
    std::map<std::string, std::string, std::less<>> m_units;
};

}  // namespace toro::registry
