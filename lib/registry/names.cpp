#include "registry/names.hpp"

#include "store/database.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace toro::registry {
namespace {

// The rows of `sql` (code, name[, name_en]) for the codes given as ?1, a JSON array.
void read_names(store::Store& store, const std::string& sql, const std::vector<std::string>& codes, bool with_code,
                std::map<std::string, Named, std::less<>>& names)
{
    if (codes.empty()) {
        return;
    }
    store::Statement query(store.db(), sql);
    query.bind(1, nlohmann::json(codes).dump());
    while (query.step()) {
        Named named{query.column(0).get_string(), query.column(1).get_string(), {}, with_code};
        names.emplace(named.code, std::move(named));
    }
}

Named find(const std::map<std::string, Named, std::less<>>& names, const std::string& code, bool with_code)
{
    const auto found = names.find(code);
    return found != names.end() ? found->second : Named{code, "", "", with_code};
}

}  // namespace

Names Names::load(store::Store& store, const std::vector<std::string>& orgs, const std::vector<std::string>& ventures,
                  bool references)
{
    Names names;
    const auto codes = store::json_elements(store.db().dialect(), "?1", "c");
    read_names(store, fmt::format("SELECT code, name FROM org WHERE code IN (SELECT value FROM {})", codes), orgs, true,
               names.m_orgs);
    read_names(store, fmt::format("SELECT code, title FROM venture WHERE code IN (SELECT value FROM {})", codes),
               ventures, true, names.m_ventures);
    if (!references) {
        return names;
    }
    store::Statement indicators(store.db(), "SELECT code, name, coalesce(name_en, ''), unit FROM indicator");
    while (indicators.step()) {
        const std::string code = indicators.column(0).get_string();
        names.m_indicators.emplace(
            code, Named{code, indicators.column(1).get_string(), indicators.column(2).get_string(), false});
        names.m_units.emplace(code, indicators.column(3).get_string());
    }
    store::Statement categories(store.db(), "SELECT code, name_pl, name_en FROM budget_category");
    while (categories.step()) {
        const std::string code = categories.column(0).get_string();
        names.m_categories.emplace(
            code, Named{code, categories.column(1).get_string(), categories.column(2).get_string(), false});
    }
    store::Statement spheres(store.db(), "SELECT code, name_pl, name_en FROM sphere");
    while (spheres.step()) {
        const std::string code = spheres.column(0).get_string();
        names.m_spheres.emplace(code,
                                Named{code, spheres.column(1).get_string(), spheres.column(2).get_string(), true});
    }
    store::Statement programs(store.db(), "SELECT code, name FROM program");
    while (programs.step()) {
        const std::string code = programs.column(0).get_string();
        names.m_programs.emplace(code, Named{code, programs.column(1).get_string(), {}, true});
    }
    return names;
}

Named Names::org(const std::string& code) const
{
    return find(m_orgs, code, true);
}

Named Names::venture(const std::string& code) const
{
    return find(m_ventures, code, true);
}

Named Names::indicator(const std::string& code) const
{
    return find(m_indicators, code, false);
}

Named Names::category(const std::string& code) const
{
    return find(m_categories, code, false);
}

Named Names::sphere(const std::string& code) const
{
    return find(m_spheres, code, true);
}

Named Names::program(const std::string& code) const
{
    return find(m_programs, code, true);
}

Message Names::unit(const std::string& indicator) const
{
    const auto found = m_units.find(indicator);
    return found == m_units.end() ? Message::verbatim("") : render::term("unit.", found->second).words;
}

render::Term Names::org_cell(const std::string& code) const
{
    return render::named_term(org(code));
}

render::Term Names::venture_cell(const std::string& code) const
{
    return render::named_term(venture(code));
}

render::Term Names::category_cell(const std::string& code) const
{
    return render::named_term(category(code));
}

render::Term Names::sphere_cell(const std::string& code) const
{
    return render::named_term(sphere(code));
}

render::Term Names::program_cell(const std::string& code) const
{
    return render::named_term(program(code));
}

render::Term Names::indicator_cell(const std::string& code) const
{
    if (m_units.find(code) == m_units.end()) {
        return {code, Message::verbatim(code)};
    }
    return {code, Message("value.name_unit", {{"name", indicator(code)}, {"unit", unit(code)}})};
}

render::Term Names::org_list(const std::vector<std::string>& codes) const
{
    std::string joined;
    Message words = Message::verbatim("");
    for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
        const Message word("value.named", {{"named", org(*it)}});
        joined = it == codes.rbegin() ? *it : *it + "|" + joined;
        words = it == codes.rbegin() ? word : Message("value.list", {{"first", word}, {"rest", words}});
    }
    return {joined, words, codes};
}

Message Names::named(const Message& message) const
{
    if (message.key().empty()) {
        return message;
    }
    std::vector<Arg> args;
    for (const auto& arg : message.args()) {
        const auto* code = std::get_if<std::string>(&arg.value);
        if (code != nullptr && arg.name == "indicator") {
            args.emplace_back(arg.name, indicator(*code));
        } else if (code != nullptr && arg.name == "category") {
            args.emplace_back(arg.name, category(*code));
        } else if (code != nullptr && arg.name == "org") {
            args.emplace_back(arg.name, org(*code));
        } else if (code != nullptr && arg.name == "indicators") {  // codes joined by ", "
            Message list = Message::verbatim("");
            std::vector<std::string> codes;
            for (std::size_t start = 0; start <= code->size();) {
                const auto end = std::min(code->find(", ", start), code->size());
                codes.push_back(code->substr(start, end - start));
                start = end + 2;
            }
            for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
                const Message word("value.named", {{"named", indicator(*it)}});
                list = it == codes.rbegin() ? word : Message("value.list", {{"first", word}, {"rest", list}});
            }
            args.emplace_back(arg.name, list);
        } else {
            args.push_back(arg);
        }
    }
    return Message(Key::composed(message.key()), std::move(args));
}

}  // namespace toro::registry
