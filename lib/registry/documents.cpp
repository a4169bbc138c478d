#include "registry/documents.hpp"

#include "core/money.hpp"

#include <algorithm>

namespace toro::registry {

std::string field_label(const EntitySpec& entity, const std::string& field, Lang lang)
{
    for (const std::string& key : {"field." + entity.name + "." + field, "field." + field}) {
        if (const auto text = find_text(lang, key)) {
            return std::string(*text);
        }
    }
    return field;
}

namespace {

// A field that refers to another record, in words for people: an organization or a venture by
// code and name, an indicator and a budget category by name.
std::optional<render::Cell> reference_cell(const FieldSpec& field, const Value& value, const Names& names)
{
    if (field.name == "orgs" && field.type == FieldType::list) {
        return names.org_list(to_json(field, value).get<std::vector<std::string>>());
    }
    const auto* code = std::get_if<std::string>(&value);
    if (code == nullptr) {
        return std::nullopt;
    }
    if (field.name == "org") {
        return names.org_cell(*code);
    }
    if (field.name == "venture") {
        return names.venture_cell(*code);
    }
    if (field.name == "indicator") {
        return render::named_term(names.indicator(*code));
    }
    if (field.name == "category") {
        return names.category_cell(*code);
    }
    return std::nullopt;
}

}  // namespace

Names names_for(store::Store& store, const EntitySpec& entity, const std::vector<Record>& records)
{
    std::vector<std::string> orgs;
    std::vector<std::string> ventures;
    for (const auto& record : records) {
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            const auto& name = entity.fields[i].name;
            if (const auto* code = std::get_if<std::string>(&record[i]); code != nullptr && name == "org") {
                orgs.push_back(*code);
            } else if (code != nullptr && name == "venture") {
                ventures.push_back(*code);
            } else if (name == "orgs" && code != nullptr) {
                for (const auto& item : to_json(entity.fields[i], record[i])) {
                    orgs.push_back(item.get<std::string>());
                }
            }
        }
    }
    return Names::load(store, orgs, ventures);
}

render::Cell cell(const EntitySpec& entity, const FieldSpec& field, const Value& value, Lang lang, const Names* names)
{
    if (std::holds_alternative<std::monostate>(value)) {
        return field.type == FieldType::list ? render::Cell(std::vector<std::string>{}) : render::Cell();
    }
    if (names != nullptr) {
        if (auto named = reference_cell(field, value, *names)) {
            return *named;
        }
    }
    switch (field.type) {
    case FieldType::money:
        return Money::from_grosze(std::get<std::int64_t>(value));
    case FieldType::boolean:
        return std::get<std::int64_t>(value) != 0;
    case FieldType::list:
        return to_json(field, value).get<std::vector<std::string>>();
    case FieldType::choice:
        if (const auto* text = std::get_if<std::string>(&value)) {
            return render::term(entity.name + "." + field.name + ".", *text);
        }
        break;
    case FieldType::rate:
        if (const auto* text = std::get_if<std::string>(&value)) {
            // Kept exactly as written ("1.5"); people read it with their decimal mark and a sign.
            std::string shown = *text;
            std::replace(shown.begin(), shown.end(), '.', formatter(lang).decimal_mark);
            return render::Term{*text, Message("value.rate", {{"rate", shown}})};
        }
        break;
    default:
        break;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        if (field.name == "unit") {
            return render::term("unit.", *text);
        }
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return *whole;
    }
    return std::get<double>(value);
}

render::Document records_document(const EntitySpec& entity, const std::vector<Record>& records, Lang lang, bool single,
                                  const Names* names)
{
    render::Table table;
    table.name = entity.name;
    table.record = single;
    for (const auto& field : entity.fields) {
        // A person is shown only by pseudonym, under a name that says so; an import takes the
        // column back as it is (registry/register.cpp).
        const auto name = field.type == FieldType::pseudonym ? pseudonym_column(field) : field.name;
        table.columns.push_back({name, field_label(entity, name, lang), field.type == FieldType::rate});
    }
    for (const auto& record : records) {
        std::vector<render::Cell> row;
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            row.push_back(cell(entity, entity.fields[i], record[i], lang, names));
        }
        table.rows.push_back(std::move(row));
    }
    render::Document document;
    document.shape = single ? render::Shape::record : render::Shape::list;
    document.tables.push_back(std::move(table));
    return document;
}

render::Document schedule_document(const std::string& code, const std::vector<Instalment>& instalments, Lang lang)
{
    render::Table table;
    table.name = "schedule";
    for (const char* key : {"no", "due_on", "principal", "interest", "payment", "balance"}) {
        table.columns.push_back({key, say(lang, Key::composed(std::string("register.schedule.column.") + key))});
    }
    for (const auto& instalment : instalments) {
        table.rows.push_back({std::int64_t{instalment.no}, instalment.due_on.to_string(), instalment.principal,
                              instalment.interest, instalment.payment, instalment.balance});
    }
    render::Document document;
    document.title = say(lang, "register.schedule.title", {{"code", code}});
    document.tables.push_back(std::move(table));
    return document;
}

render::Document reference_document(const std::string& kind_name, const ReferenceList& list, Lang lang)
{
    render::Table table;
    table.name = "reference";
    table.columns = {{"code", say(lang, "column.code")},
                     {"name_pl", say(lang, "register.reference.column.name_pl")},
                     {"name_en", say(lang, "register.reference.column.name_en")}};
    for (const auto& entry : list.entries()) {
        table.rows.push_back({entry.code, entry.name_pl, entry.name_en});
    }
    render::Document document;
    document.title = say(lang, Key::composed("reference.kind." + kind_name));
    document.tables.push_back(std::move(table));
    return document;
}

}  // namespace toro::registry
