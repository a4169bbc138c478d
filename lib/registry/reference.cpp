#include "registry/reference.hpp"

#include "core/text.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <algorithm>

namespace toro::registry {
namespace {

struct KindInfo {
    ReferenceKind kind;
    const char* name;  // on the command line
    const char* what;  // the catalogue's words for one, in messages ("reference.what.district")
    const char* sql;   // code, Polish name, English name, in order
};

constexpr KindInfo kinds[] = {
    {ReferenceKind::legal_form, "legal-form", "reference.what.legal-form",
     "SELECT code, name_pl, name_en FROM legal_form ORDER BY code"},
    {ReferenceKind::district, "district", "reference.what.district",
     "SELECT code, name, name FROM district ORDER BY sort_key"},
    {ReferenceKind::sphere, "sphere", "reference.what.sphere",
     "SELECT code, name_pl, name_en FROM sphere ORDER BY sort_key"},
    {ReferenceKind::category, "category", "reference.what.category",
     "SELECT code, name_pl, name_en FROM budget_category ORDER BY code"},
    {ReferenceKind::indicator, "indicator", "reference.what.indicator",
     "SELECT code, name, coalesce(name_en, '') FROM indicator ORDER BY code"},
};

const KindInfo& info(ReferenceKind kind)
{
    for (const auto& candidate : kinds) {
        if (candidate.kind == kind) {
            return candidate;
        }
    }
    return kinds[0];
}

}  // namespace

const std::vector<std::string>& reference_kind_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const auto& kind : kinds) {
            all.emplace_back(kind.name);
        }
        return all;
    }();
    return names;
}

std::optional<ReferenceKind> reference_kind(std::string_view name)
{
    for (const auto& kind : kinds) {
        if (name == kind.name) {
            return kind.kind;
        }
    }
    return std::nullopt;
}

ReferenceList ReferenceList::load(store::Database& db, ReferenceKind kind, const config::Config& config)
{
    std::vector<ReferenceEntry> entries;
    store::Statement query(db, info(kind).sql);
    while (query.step()) {
        entries.push_back({query.column(0).get_string(), query.column(1).get_string(), query.column(2).get_string()});
    }
    if (kind == ReferenceKind::category) {
        for (const auto& category : config.budget_categories) {
            if (std::none_of(entries.begin(), entries.end(),
                             [&](const auto& entry) { return entry.code == category; })) {
                entries.push_back({category, category, category});
            }
        }
    }
    if (kind == ReferenceKind::district) {
        for (const auto& district : config.districts) {
            if (std::none_of(entries.begin(), entries.end(),
                             [&](const auto& entry) { return entry.name_pl == district; })) {
                entries.push_back({district, district, district});
            }
        }
    }
    return ReferenceList(kind, std::move(entries));
}

ReferenceList::ReferenceList(ReferenceKind kind, std::vector<ReferenceEntry> entries)
    : m_kind(kind), m_entries(std::move(entries))
{
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        m_by_code.emplace(m_entries[i].code, i);
    }
    // Codes first, so that a name folding to another entry's code does not take its place.
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        m_by_key.emplace(fold_key(m_entries[i].code), i);
    }
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        m_by_key.emplace(fold_key(m_entries[i].name_pl), i);
        if (!m_entries[i].name_en.empty()) {
            m_by_key.emplace(fold_key(m_entries[i].name_en), i);
        }
    }
    for (const auto& entry : m_entries) {
        for (const auto* name : {&entry.name_pl, &entry.name_en}) {
            if (const auto* found = find(*name); found != nullptr && !name->empty()) {
                m_by_name.emplace(*name, static_cast<std::size_t>(found - m_entries.data()));
            }
        }
    }
}

const ReferenceEntry* ReferenceList::find(std::string_view value) const
{
    const std::string text(value);
    if (const auto found = m_by_code.find(text); found != m_by_code.end()) {
        return &m_entries[found->second];
    }
    if (const auto found = m_by_name.find(text); found != m_by_name.end()) {
        return &m_entries[found->second];
    }
    const auto key = fold_key(value);
    if (key.empty()) {
        return nullptr;
    }
    if (const auto found = m_by_key.find(key); found != m_by_key.end()) {
        return &m_entries[found->second];
    }
    return nullptr;
}

Message ReferenceList::unknown(std::string_view value) const
{
    const auto& kind = info(m_kind);
    // The nearest by any of the entry's spellings, folded; then those that begin with the value
    // or hold it (`spoldzielnia` for spółdzielnia socjalna).
    const auto key = fold_key(value);
    std::vector<std::string> spellings;
    std::vector<std::size_t> owner;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        for (const auto* text : {&m_entries[i].code, &m_entries[i].name_pl, &m_entries[i].name_en}) {
            if (!text->empty()) {
                spellings.push_back(fold_key(*text));
                owner.push_back(i);
            }
        }
    }
    std::vector<std::size_t> close;
    const auto add = [&](std::size_t entry) {
        if (close.size() < 3 && std::find(close.begin(), close.end(), entry) == close.end()) {
            close.push_back(entry);
        }
    };
    for (const auto index : nearest(key, spellings, std::max<std::size_t>(2, (key.size() + 2) / 3), spellings.size())) {
        add(owner[index]);
    }
    if (key.size() >= 3) {
        for (std::size_t i = 0; i < spellings.size(); ++i) {
            if (spellings[i].find(key) != std::string::npos) {
                add(owner[i]);
            }
        }
    }
    std::vector<std::string> named;
    for (const auto entry : close) {
        const auto& e = m_entries[entry];
        named.push_back(e.name_en.empty() || e.name_en == e.name_pl
                            ? fmt::format("{} ({})", e.code, e.name_pl)
                            : fmt::format("{} ({} / {})", e.code, e.name_pl, e.name_en));
    }
    Message suggestion = Message::verbatim("");
    if (named.size() == 1) {
        suggestion = Message("reference.did_you_mean.1", {{"a", named[0]}});
    } else if (named.size() == 2) {
        suggestion = Message("reference.did_you_mean.2", {{"a", named[0]}, {"b", named[1]}});
    } else if (named.size() >= 3) {
        suggestion = Message("reference.did_you_mean.3", {{"a", named[0]}, {"b", named[1]}, {"c", named[2]}});
    }
    return Message(
        "reference.unknown",
        {{"what", Message(Key::composed(kind.what))}, {"suggestion", suggestion}, {"kind", std::string(kind.name)}});
}

}  // namespace toro::registry
